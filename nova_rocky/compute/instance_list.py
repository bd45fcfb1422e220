"""Listing servers across the API database and every cell.

A server list is, as upstream:

1. the servers still scheduling (build requests in the API database),
   listed first whatever the sort order;
2. then the servers of every cell, each cell sorted by its database and
   the cells merged into one sorted page.

Paging: ``marker`` is a server uuid. Found among the build requests, the
page continues after it there and then starts the cells from their
beginning; otherwise the marker lives in one cell. That cell pages after
it with its database; the other cells are read in sorted batches and only
records sorting after the marker's sort values are kept. Sorting always
ends with ``uuid`` so that every record has one place in the merged order.
"""

import functools
import heapq

from oslo_log import log as logging

from nova_rocky import context as nova_context
from nova_rocky import exception
from nova_rocky import objects

LOG = logging.getLogger(__name__)

DEFAULT_SORT_KEY = 'created_at'
DEFAULT_SORT_DIR = 'desc'
# Rows read per round from a cell that does not hold the marker.
SCAN_BATCH = 1000


def normalize_sort(sort_keys, sort_dirs):
    """Sort keys and directions of equal length, ending with uuid."""
    keys = list(sort_keys or [DEFAULT_SORT_KEY])
    dirs = list(sort_dirs or [])
    default_dir = dirs[0] if dirs else DEFAULT_SORT_DIR
    dirs += [default_dir] * (len(keys) - len(dirs))
    dirs = dirs[:len(keys)]
    if 'uuid' not in keys:
        keys.append('uuid')
        dirs.append(default_dir)
    return keys, dirs


@functools.total_ordering
class _Descending(object):
    """Inverts the order of a value (for desc keys in one key tuple)."""

    __slots__ = ('value',)

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        return self.value == other.value

    def __lt__(self, other):
        return other.value < self.value


def _null_safe(value):
    # NULL sorts before any value, as SQLite and MySQL order it ascending.
    return (0, '') if value is None else (1, value)


def sort_key_func(keys, dirs):
    """A key function giving instances their merged-list order."""
    def key(instance):
        parts = []
        for name, direction in zip(keys, dirs):
            value = _null_safe(getattr(instance, name, None)
                               if instance.obj_attr_is_set(name) else None)
            parts.append(_Descending(value) if direction == 'desc'
                         else value)
        return tuple(parts)
    return key


class InstanceLister(object):
    """One listing request: filters, sort and paging across cells."""

    def __init__(self, context, filters, limit, marker, sort_keys,
                 sort_dirs, expected_attrs):
        self.context = context
        self.filters = dict(filters or {})
        self.limit = limit
        self.marker = marker
        self.keys, self.dirs = normalize_sort(sort_keys, sort_dirs)
        self.expected_attrs = list(expected_attrs or [])
        self.key = sort_key_func(self.keys, self.dirs)

    def run(self):
        """The page: build request instances, then cell instances."""
        building = self._build_requests()
        limit = self.limit
        if limit is not None:
            limit -= len(building)
        if limit == 0:
            return building
        seen = {inst.uuid for inst in building}
        cell_instances = [inst for inst in self._from_cells(limit)
                          if inst.uuid not in seen]
        return building + cell_instances

    def _build_requests(self):
        try:
            found = objects.BuildRequestList.get_by_filters(
                self.context, self.filters, limit=self.limit,
                marker=self.marker, sort_keys=self.keys,
                sort_dirs=self.dirs)
        except exception.MarkerNotFound:
            return []
        # The marker was a build request: the cells start from the top.
        self.marker = None
        return [br.instance for br in found]

    def _marker_cell(self, cells):
        if self.marker is None:
            return None
        try:
            mapping = objects.InstanceMapping.get_by_instance_uuid(
                self.context, self.marker)
        except exception.InstanceMappingNotFound:
            raise exception.MarkerNotFound(marker=self.marker)
        cell = mapping.cell_mapping
        if cell is None or cell.uuid not in {c.uuid for c in cells}:
            raise exception.MarkerNotFound(marker=self.marker)
        return cell

    def _from_cells(self, limit):
        cells = list(objects.CellMappingList.get_all(self.context))
        marker_cell = self._marker_cell(cells)
        marker_key = None
        if marker_cell is not None:
            marker_key = self.key(self._marker_instance(marker_cell))

        def one_cell(cctxt):
            if marker_cell is None:
                return self._query(cctxt, limit, None)
            if cctxt.cell_uuid == marker_cell.uuid:
                return self._query(cctxt, limit, self.marker)
            return self._scan_after(cctxt, limit, marker_key)

        results = nova_context.scatter_gather_cells(
            self.context, cells, nova_context.CELL_TIMEOUT, one_cell)
        per_cell = []
        for cell_uuid, result in results.items():
            if isinstance(result, exception.Invalid):
                raise result
            if nova_context.is_cell_failure_sentinel(result):
                LOG.warning('Cell %s is skipped in the server list: %s',
                            cell_uuid, 'no answer' if result is
                            nova_context.did_not_respond_sentinel
                            else result)
                continue
            per_cell.append(result)
        if len(per_cell) == 1:
            merged = per_cell[0]
        else:
            merged = list(heapq.merge(*per_cell, key=self.key))
        return merged if limit is None else merged[:limit]

    def _marker_instance(self, cell):
        # The marker need not match the filters (it may even be deleted
        # since the previous page was read).
        ctxt = self.context.elevated(read_deleted='yes')
        with nova_context.target_cell(ctxt, cell) as cctxt:
            try:
                return objects.Instance.get_by_uuid(cctxt, self.marker)
            except exception.InstanceNotFound:
                raise exception.MarkerNotFound(marker=self.marker)

    def _query(self, cctxt, limit, marker):
        return list(objects.InstanceList.get_by_filters(
            cctxt, self.filters, sort_keys=self.keys, sort_dirs=self.dirs,
            limit=limit, marker=marker,
            expected_attrs=self.expected_attrs))

    def _scan_after(self, cctxt, limit, marker_key):
        """Records of a cell that sort after ``marker_key`` (sorted)."""
        kept = []
        cell_marker = None
        while True:
            batch = self._query(cctxt, SCAN_BATCH, cell_marker)
            kept.extend(inst for inst in batch
                        if self.key(inst) > marker_key)
            if len(batch) < SCAN_BATCH or (
                    limit is not None and len(kept) >= limit):
                break
            cell_marker = batch[-1].uuid
        return kept if limit is None else kept[:limit]


def get_instance_objects_sorted(context, filters, limit, marker,
                                expected_attrs, sort_keys, sort_dirs):
    """The servers matching ``filters``: build requests, then cells."""
    return InstanceLister(context, filters, limit, marker, sort_keys,
                          sort_dirs, expected_attrs).run()

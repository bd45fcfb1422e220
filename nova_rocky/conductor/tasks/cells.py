"""Which cell a selected host belongs to, cached for the process."""

import threading

from nova_rocky import objects


class CellCache(object):
    """Cell mappings by uuid and by compute host.

    A boot needs the cell of each chosen host; without a cache that is an
    API database read per instance. Cells and host mappings change only
    when an operator adds cells or discovers hosts, and a host never moves
    to another cell while it runs, so entries are kept until ``clear``.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._by_uuid = {}
        self._uuid_by_host = {}

    def clear(self):
        with self._lock:
            self._by_uuid.clear()
            self._uuid_by_host.clear()

    def by_uuid(self, context, cell_uuid):
        cell = self._by_uuid.get(cell_uuid)
        if cell is None:
            cell = objects.CellMapping.get_by_uuid(context, cell_uuid)
            with self._lock:
                self._by_uuid[cell_uuid] = cell
        return cell

    def by_host(self, context, host):
        cell_uuid = self._uuid_by_host.get(host)
        if cell_uuid is not None:
            return self.by_uuid(context, cell_uuid)
        cell = objects.HostMapping.get_by_host(context, host).cell_mapping
        with self._lock:
            self._by_uuid.setdefault(cell.uuid, cell)
            self._uuid_by_host[host] = cell.uuid
        return self._by_uuid[cell.uuid]

    def for_selection(self, context, selection):
        """The cell of a scheduler Selection (its cell_uuid, else its host's
        mapping)."""
        cell_uuid = (selection.cell_uuid
                     if selection.obj_attr_is_set('cell_uuid') else None)
        if cell_uuid:
            return self.by_uuid(context, cell_uuid)
        return self.by_host(context, selection.service_host)

"""Change tracking for dict and list fields edited in place.

oslo.versionedobjects only notices assignments (``obj.metadata = {...}``),
not ``obj.metadata['k'] = 'v'``. Objects that list such fields in
``_TRACKED_FIELDS`` keep a copy of each as last saved and report the field
as changed when it differs.
"""

import copy

_SCALARS = (str, int, float, bool, type(None))


def _snapshot(value):
    # Flat dicts and lists of scalars (metadata, extra specs, project
    # lists: nearly every case) copy cheaply; only nested values need the
    # expensive deepcopy, which showed in listing 100 servers.
    if isinstance(value, dict) and all(
            isinstance(v, _SCALARS) for v in value.values()):
        return dict(value)
    if isinstance(value, list) and all(isinstance(v, _SCALARS)
                                       for v in value):
        return list(value)
    return copy.deepcopy(value)


class InPlaceChangesMixin(object):
    """Mixin for NovaObject subclasses; see the module docstring."""

    _TRACKED_FIELDS = ()

    def _tracked_originals(self):
        if '_orig_values' not in self.__dict__:
            self._orig_values = {}
        return self._orig_values

    def _remember(self, names):
        originals = self._tracked_originals()
        for name in names:
            if self.obj_attr_is_set(name):
                originals[name] = _snapshot(getattr(self, name))
            else:
                originals.pop(name, None)

    def original_value(self, name, default=None):
        """The value of tracked field ``name`` when last saved/loaded."""
        return self._tracked_originals().get(name, default)

    def obj_reset_changes(self, fields=None, recursive=False):
        super().obj_reset_changes(fields, recursive=recursive)
        names = self._TRACKED_FIELDS if fields is None else [
            f for f in fields if f in self._TRACKED_FIELDS]
        self._remember(names)

    def obj_what_changed(self):
        changes = super().obj_what_changed()
        originals = self._tracked_originals()
        for name in self._TRACKED_FIELDS:
            if (self.obj_attr_is_set(name) and
                    getattr(self, name) != originals.get(name)):
                changes.add(name)
        return changes

    @classmethod
    def _obj_from_primitive(cls, context, objver, primitive):
        obj = super()._obj_from_primitive(context, objver, primitive)
        # Fields the sender had not changed count as saved values here.
        obj._remember([n for n in cls._TRACKED_FIELDS
                       if n not in obj._changed_fields])
        return obj

"""ImageMeta and ImageMetaProps: a Glance image as the scheduler and the
virt drivers see it.

``ImageMeta.from_dict`` accepts the Glance v2 shape (custom properties as
top-level keys) as well as the legacy shape (a ``properties`` dict).
Property values that an enum field rejects raise
``exception.ImageMetaPropsInvalid`` (HTTP 400).
"""

import copy

from nova_rocky import exception
from nova_rocky.objects import base
from nova_rocky.objects import fields

# Old property names still found on images, and their current names.
LEGACY_PROPERTY_MAP = {
    'architecture': 'hw_architecture',
    'hypervisor_type': 'img_hv_type',
    'hypervisor_version_requires': 'img_hv_requested_version',
    'vm_mode': 'hw_vm_mode',
}
_TRAIT_PREFIX = 'trait:'
# Image keys that are not custom properties in Glance v2 answers.
_NOT_PROPERTIES = frozenset([
    'file', 'schema', 'self', 'locations', 'location', 'stores',
    'os_hash_algo', 'os_hash_value', 'os_hidden', 'deleted', 'deleted_at',
    'is_public', 'properties'])
# Image attributes (not properties) kept in system metadata.
_SYSMETA_BASE_KEYS = ('min_ram', 'min_disk', 'disk_format',
                      'container_format')


@base.NovaObjectRegistry.register
class ImageMetaProps(base.NovaObject):
    """The image properties nova_rocky understands; others are ignored.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'hw_architecture': fields.ArchitectureField(),
        'img_hv_type': fields.HVTypeField(),
        'img_hv_requested_version': fields.VersionPredicateField(),
        'hw_vm_mode': fields.VMModeField(),
        'hw_machine_type': fields.StringField(),
        'hw_firmware_type': fields.FirmwareTypeField(),
        'os_secure_boot': fields.SecureBootField(),
        'hw_disk_bus': fields.StringField(),
        'hw_cdrom_bus': fields.StringField(),
        'hw_scsi_model': fields.StringField(),
        'hw_vif_model': fields.StringField(),
        'hw_vif_multiqueue_enabled': fields.FlexibleBooleanField(),
        'hw_video_model': fields.StringField(),
        'hw_video_ram': fields.IntegerField(),
        'hw_pointer_model': fields.StringField(),
        'hw_rng_model': fields.StringField(),
        'hw_qemu_guest_agent': fields.FlexibleBooleanField(),
        'hw_boot_menu': fields.FlexibleBooleanField(),
        'hw_watchdog_action': fields.StringField(),
        'img_config_drive': fields.StringField(),
        'os_command_line': fields.StringField(),
        'os_require_quiesce': fields.FlexibleBooleanField(),
        'os_type': fields.StringField(),
        'os_distro': fields.StringField(),
        'traits_required': fields.ListOfStringsField(),
    }

    @classmethod
    def from_dict(cls, image_props):
        """Build from a dict of property name -> value (strings usually).

        Unknown properties are ignored; legacy names are translated;
        ``trait:<NAME>=required`` properties become ``traits_required``.
        """
        props = cls()
        traits = []
        for key, value in (image_props or {}).items():
            if key.startswith(_TRAIT_PREFIX):
                if value == 'required':
                    traits.append(key[len(_TRAIT_PREFIX):])
                continue
            name = LEGACY_PROPERTY_MAP.get(key, key)
            if name in cls.fields and value is not None:
                if name != key and props.obj_attr_is_set(name):
                    continue  # the current name wins over the legacy one
                props._set_checked(name, value)
        if traits:
            props.traits_required = sorted(traits)
        return props

    def _set_checked(self, name, value):
        try:
            setattr(self, name, value)
        except ValueError as e:
            raise exception.ImageMetaPropsInvalid(name=name, value=value,
                                                  reason=str(e))

    def get(self, name, defvalue=None):
        """The property ``name`` if set, else ``defvalue``."""
        if name not in self.fields:
            raise AttributeError(name)
        return getattr(self, name) if self.obj_attr_is_set(name) \
            else defvalue

    def to_dict(self):
        """The set properties as a dict (traits as ``trait:X`` keys)."""
        result = {}
        for name in self.fields:
            if not self.obj_attr_is_set(name):
                continue
            if name == 'traits_required':
                for trait in self.traits_required:
                    result[_TRAIT_PREFIX + trait] = 'required'
            else:
                result[name] = self.fields[name].to_primitive(
                    self, name, getattr(self, name))
        return result


@base.NovaObjectRegistry.register
class ImageMeta(base.NovaObject):
    """A Glance image: its attributes and its properties.

    Version 1.0: Initial version
    """
    VERSION = '1.0'

    fields = {
        'id': fields.UUIDField(),
        'name': fields.StringField(nullable=True),
        'status': fields.StringField(nullable=True),
        'visibility': fields.StringField(nullable=True),
        'protected': fields.FlexibleBooleanField(),
        'checksum': fields.StringField(nullable=True),
        'owner': fields.StringField(nullable=True),
        'size': fields.IntegerField(nullable=True),
        'virtual_size': fields.IntegerField(nullable=True),
        'container_format': fields.StringField(nullable=True),
        'disk_format': fields.StringField(nullable=True),
        'created_at': fields.DateTimeField(nullable=True),
        'updated_at': fields.DateTimeField(nullable=True),
        'tags': fields.ListOfStringsField(),
        'direct_url': fields.StringField(nullable=True),
        'min_ram': fields.IntegerField(),
        'min_disk': fields.IntegerField(),
        'properties': fields.ObjectField('ImageMetaProps'),
    }

    @classmethod
    def from_dict(cls, image_meta):
        """Build from a Glance v2 (or legacy v1-style) image dict."""
        image_meta = copy.deepcopy(dict(image_meta or {}))
        props = dict(image_meta.pop('properties', None) or {})
        values = {}
        for key, value in image_meta.items():
            if key in cls.fields:
                values[key] = value
            elif key not in _NOT_PROPERTIES:
                props.setdefault(key, value)
        for key in ('min_ram', 'min_disk'):
            if values.get(key) is None:
                values[key] = 0
        if values.get('tags') is None:
            values.pop('tags', None)
        if values.get('protected') is None:
            values.pop('protected', None)
        values['properties'] = ImageMetaProps.from_dict(props)
        return cls(**values)

    @classmethod
    def from_image_ref(cls, context, image_api, image_ref):
        """Fetch ``image_ref`` with ``image_api.get(context, id)``."""
        return cls.from_dict(image_api.get(context, image_ref))

    @classmethod
    def from_instance(cls, instance):
        """Rebuild from the ``image_*`` system metadata of an instance."""
        base_values = {}
        props = {}
        for key, value in instance.system_metadata.items():
            if not key.startswith('image_') or value is None:
                continue
            name = key[len('image_'):]
            if name in _SYSMETA_BASE_KEYS:
                base_values[name] = value
            else:
                props[name] = value
        if instance.image_ref:
            base_values['id'] = instance.image_ref
        base_values['properties'] = props
        return cls.from_dict(base_values)


def is_q35_machine(machine_type):
    """True for 'q35' and its versioned names ('pc-q35-2.11', ...)."""
    return machine_type == 'q35' or 'q35' in machine_type.split('-')


def check_firmware_request(props):
    """Refuse firmware property combinations that no host can boot.

    Secure boot needs UEFI firmware and, for the SMM it relies on, the
    q35 machine type: ``os_secure_boot=required`` with
    ``hw_firmware_type=bios`` or a non-q35 ``hw_machine_type`` raises
    ImageFirmwareRequestInvalid (HTTP 400). 'optional' asks only for what
    a host can give, so it is never refused here.
    """
    if props.get('os_secure_boot') != 'required':
        return
    if props.get('hw_firmware_type') == 'bios':
        raise exception.ImageFirmwareRequestInvalid(
            reason='os_secure_boot=required needs UEFI firmware, but the '
                   'image sets hw_firmware_type=bios')
    machine = props.get('hw_machine_type')
    if machine and not is_q35_machine(machine):
        raise exception.ImageFirmwareRequestInvalid(
            reason='os_secure_boot=required needs the q35 machine type, but '
                   'the image sets hw_machine_type=%s' % machine)

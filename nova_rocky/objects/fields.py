"""Field types of nova_rocky objects (oslo.versionedobjects plus enums)."""

from oslo_versionedobjects import fields as ovo_fields

# Re-exported field types.
Field = ovo_fields.Field
BaseEnumField = ovo_fields.BaseEnumField
Enum = ovo_fields.Enum
StringField = ovo_fields.StringField
UUIDField = ovo_fields.UUIDField
IntegerField = ovo_fields.IntegerField
NonNegativeIntegerField = ovo_fields.NonNegativeIntegerField
FloatField = ovo_fields.FloatField
NonNegativeFloatField = ovo_fields.NonNegativeFloatField
BooleanField = ovo_fields.BooleanField
FlexibleBooleanField = ovo_fields.FlexibleBooleanField
DateTimeField = ovo_fields.DateTimeField
DictOfStringsField = ovo_fields.DictOfStringsField
DictOfNullableStringsField = ovo_fields.DictOfNullableStringsField
DictOfIntegersField = ovo_fields.DictOfIntegersField
ListOfStringsField = ovo_fields.ListOfStringsField
ListOfIntegersField = ovo_fields.ListOfIntegersField
ListOfListsOfStringsField = ovo_fields.ListOfListsOfStringsField
ListOfDictOfNullableStringsField = \
    ovo_fields.ListOfDictOfNullableStringsField
SetOfIntegersField = ovo_fields.SetOfIntegersField
ObjectField = ovo_fields.ObjectField
ListOfObjectsField = ovo_fields.ListOfObjectsField
DictProxyField = ovo_fields.DictProxyField
IPAddressField = ovo_fields.IPAddressField
IPV4AddressField = ovo_fields.IPV4AddressField
IPV6AddressField = ovo_fields.IPV6AddressField
SensitiveStringField = ovo_fields.SensitiveStringField
VersionPredicateField = ovo_fields.VersionPredicateField


class Architecture(Enum):
    """CPU architectures, as upstream names them."""
    AARCH64 = 'aarch64'
    I686 = 'i686'
    PPC64 = 'ppc64'
    PPC64LE = 'ppc64le'
    S390X = 's390x'
    X86_64 = 'x86_64'
    ARMV7 = 'armv7l'
    ALL = (AARCH64, I686, PPC64, PPC64LE, S390X, X86_64, ARMV7)

    def __init__(self):
        super().__init__(valid_values=Architecture.ALL)

    def coerce(self, obj, attr, value):
        canonical = {'amd64': self.X86_64, 'x64': self.X86_64,
                     'i386': self.I686, 'x86': self.I686,
                     'arm64': self.AARCH64, 'armv7': self.ARMV7}
        value = canonical.get(str(value).lower(), str(value).lower())
        return super().coerce(obj, attr, value)


class HVType(Enum):
    """Hypervisor types."""
    FAKE = 'fake'
    KVM = 'kvm'
    QEMU = 'qemu'
    LXC = 'lxc'
    XEN = 'xen'
    IRONIC = 'ironic'
    HYPERV = 'hyperv'
    VMWARE = 'vmware'
    ALL = (FAKE, KVM, QEMU, LXC, XEN, IRONIC, HYPERV, VMWARE)

    def __init__(self):
        super().__init__(valid_values=HVType.ALL)


class VMMode(Enum):
    """Guest ABI modes."""
    HVM = 'hvm'
    XEN = 'xen'
    UML = 'uml'
    EXE = 'exe'
    ALL = (HVM, XEN, UML, EXE)

    def __init__(self):
        super().__init__(valid_values=VMMode.ALL)


class ArchitectureField(BaseEnumField):
    AUTO_TYPE = Architecture()


class HVTypeField(BaseEnumField):
    AUTO_TYPE = HVType()


class VMModeField(BaseEnumField):
    AUTO_TYPE = VMMode()


class FirmwareType(Enum):
    BIOS = 'bios'
    UEFI = 'uefi'
    ALL = (BIOS, UEFI)

    def __init__(self):
        super().__init__(valid_values=FirmwareType.ALL)


class FirmwareTypeField(BaseEnumField):
    AUTO_TYPE = FirmwareType()


class SecureBoot(Enum):
    REQUIRED = 'required'
    DISABLED = 'disabled'
    OPTIONAL = 'optional'
    ALL = (REQUIRED, DISABLED, OPTIONAL)

    def __init__(self):
        super().__init__(valid_values=SecureBoot.ALL)


class SecureBootField(BaseEnumField):
    AUTO_TYPE = SecureBoot()

"""Shared pieces of the libvirt driver tests."""

import os
import shutil
import subprocess
import tempfile
import types

from oslo_utils import uuidutils

from nova_rocky.virt.libvirt.config import capabilities as caps_config

HERE = os.path.dirname(__file__)
GOLDEN = os.path.join(HERE, 'golden')
SYSTEM_FIRMWARE_DIR = '/usr/share/qemu/firmware'
SECURE_FIRMWARE_CODE = '/usr/share/OVMF/OVMF_CODE_4M.ms.fd'
HAVE_OVMF = os.path.exists(SECURE_FIRMWARE_CODE)

# Host capabilities of an x86_64 QEMU/KVM host, trimmed from libvirt 9.0.
QEMU_CAPABILITIES = """<capabilities>
  <host>
    <uuid>2d0c9a0f-0a6b-4a5c-9d63-5d9b8f1e7a01</uuid>
    <cpu>
      <arch>x86_64</arch>
      <model>Skylake-Client-IBRS</model>
      <vendor>Intel</vendor>
      <topology sockets='1' dies='1' cores='4' threads='2'/>
      <feature name='vmx'/>
      <feature name='pdpe1gb'/>
    </cpu>
  </host>
  <guest>
    <os_type>hvm</os_type>
    <arch name='x86_64'>
      <wordsize>64</wordsize>
      <emulator>/usr/bin/qemu-system-x86_64</emulator>
      <machine maxCpus='255'>pc-i440fx-7.2</machine>
      <machine canonical='pc-i440fx-7.2' maxCpus='255'>pc</machine>
      <machine maxCpus='288'>pc-q35-7.2</machine>
      <machine canonical='pc-q35-7.2' maxCpus='288'>q35</machine>
      <domain type='qemu'/>
      <domain type='kvm'/>
    </arch>
  </guest>
</capabilities>
"""


class QemuHost(object):
    """Stands in for the libvirt daemon of a QEMU host of given versions.

    Used where a test needs what this machine has no daemon for (a QEMU
    host of a given version); the XML built for it is then checked with
    libvirt's own schemas.
    """

    def __init__(self, libvirt_version=(9, 0, 0), qemu_version=(7, 2, 0)):
        self.libvirt_version = libvirt_version
        self.qemu_version = qemu_version
        self._caps = caps_config.LibvirtConfigCaps().parse_str(
            QEMU_CAPABILITIES)

    def hypervisor_type(self):
        return 'QEMU'

    def has_min_version(self, lv_ver=None, hv_ver=None, hv_type=None):
        if lv_ver is not None and self.libvirt_version < tuple(lv_ver):
            return False
        if hv_type not in (None, 'QEMU'):
            return False
        return hv_ver is None or self.qemu_version >= tuple(hv_ver)

    def get_capabilities(self):
        return self._caps


def make_instance(vcpus=2, memory_mb=512, uuid=None, name=None):
    """An object shaped like the Instance versioned object."""
    flavor = types.SimpleNamespace(vcpus=vcpus, memory_mb=memory_mb,
                                   root_gb=1, ephemeral_gb=0, swap=0)
    uuid = uuid or uuidutils.generate_uuid()
    return types.SimpleNamespace(uuid=uuid, name=name or 'instance-' + uuid,
                                 display_name='vm', flavor=flavor)


def validate_domain_xml(testcase, xml):
    """Fail ``testcase`` unless libvirt's domain schema accepts ``xml``."""
    tmp = tempfile.mkdtemp(prefix='libvirt-xml-')
    testcase.addCleanup(shutil.rmtree, tmp, ignore_errors=True)
    path = os.path.join(tmp, 'domain.xml')
    with open(path, 'w') as handle:
        handle.write(xml)
    result = subprocess.run(['virt-xml-validate', path, 'domain'],
                            capture_output=True, text=True)
    testcase.assertEqual(0, result.returncode,
                         'virt-xml-validate rejected the XML:\n%s%s\n%s' % (
                             result.stdout, result.stderr, xml))


def write_descriptor(directory, name, arch, code_path, vars_path,
                     secure=False, machines=('pc-q35-*',)):
    """Write a QEMU firmware descriptor file into ``directory``."""
    import json
    features = ['acpi-s3']
    if secure:
        features += ['requires-smm', 'secure-boot', 'enrolled-keys']
    data = {'description': 'test firmware %s' % name,
            'interface-types': ['uefi'],
            'mapping': {'device': 'flash',
                        'executable': {'filename': code_path,
                                       'format': 'raw'},
                        'nvram-template': {'filename': vars_path,
                                           'format': 'raw'}},
            'targets': [{'architecture': arch, 'machines': list(machines)}],
            'features': features, 'tags': []}
    with open(os.path.join(directory, name), 'w') as handle:
        json.dump(data, handle)


def firmware_dir(testcase, arch='i686', secure=True):
    """A descriptor directory with firmware files for ``arch`` guests."""
    directory = tempfile.mkdtemp(prefix='firmware-')
    testcase.addCleanup(shutil.rmtree, directory, ignore_errors=True)
    for name in ('CODE.fd', 'CODE.secboot.fd', 'VARS.fd'):
        with open(os.path.join(directory, name), 'wb') as handle:
            handle.write(b'\0' * 16)
    write_descriptor(directory, '60-plain.json', arch,
                     os.path.join(directory, 'CODE.fd'),
                     os.path.join(directory, 'VARS.fd'),
                     machines=('pc-i440fx-*', 'pc-q35-*'))
    if secure:
        write_descriptor(directory, '50-secure.json', arch,
                         os.path.join(directory, 'CODE.secboot.fd'),
                         os.path.join(directory, 'VARS.fd'), secure=True)
    return directory

"""UEFI firmware selection from QEMU firmware descriptor files.

QEMU ships JSON descriptors (docs/interop/firmware.json) that say, per
firmware build, its code and variable-store template files, the
architectures and machine types it runs on, and its features
('secure-boot', 'requires-smm', 'enrolled-keys', ...). The driver reads
them from [libvirt]firmware_descriptor_paths to pick the loader of a UEFI
guest and to decide whether the host can offer secure boot at all.
"""

import fnmatch
import json
import logging
import os

LOG = logging.getLogger(__name__)

SECURE_BOOT = 'secure-boot'
REQUIRES_SMM = 'requires-smm'
ENROLLED_KEYS = 'enrolled-keys'

# Machine type aliases and the versioned names descriptors match against.
_MACHINE_ALIASES = {'q35': 'pc-q35-', 'pc': 'pc-i440fx-',
                    'virt': 'virt-'}


class FirmwareDescriptor(object):
    """One UEFI flash firmware build a descriptor file describes."""

    def __init__(self, path, data):
        self.path = path
        self.description = data.get('description', '')
        self.interface_types = data.get('interface-types', [])
        mapping = data.get('mapping', {})
        self.device = mapping.get('device')
        self.executable = (mapping.get('executable') or {}).get('filename')
        self.nvram_template = (mapping.get('nvram-template') or
                               {}).get('filename')
        self.targets = [(t.get('architecture'), t.get('machines', []))
                        for t in data.get('targets', [])]
        self.features = set(data.get('features', []))

    @property
    def secure_boot(self):
        """True for a build that enforces secure boot (with SMM)."""
        return SECURE_BOOT in self.features and REQUIRES_SMM in self.features

    def usable(self):
        """A UEFI pflash build whose files exist on this host."""
        return ('uefi' in self.interface_types and self.device == 'flash'
                and bool(self.executable) and os.path.exists(self.executable)
                and (not self.nvram_template or
                     os.path.exists(self.nvram_template)))

    def runs(self, arch, machine=None):
        """True if the build runs ``arch`` guests of ``machine`` type."""
        for target_arch, patterns in self.targets:
            if target_arch != arch:
                continue
            if machine is None:
                return True
            name = _MACHINE_ALIASES.get(machine, machine)
            if name.endswith('-'):
                name += '0'  # any version of the alias
            if any(fnmatch.fnmatch(name, p) for p in patterns):
                return True
        return False

    def __repr__(self):
        return '<FirmwareDescriptor %s>' % self.path


def load_descriptors(paths):
    """Read the descriptor files of ``paths``, in QEMU's priority order.

    Files sort by name across all directories; a name found in an earlier
    directory shadows the same name in a later one. Unreadable or invalid
    files are skipped with a warning.
    """
    chosen = {}
    for directory in paths:
        try:
            names = os.listdir(directory)
        except OSError:
            continue
        for name in names:
            if name.endswith('.json') and name not in chosen:
                chosen[name] = os.path.join(directory, name)
    descriptors = []
    for name in sorted(chosen):
        path = chosen[name]
        try:
            with open(path) as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            LOG.warning('Ignoring firmware descriptor %s: %s', path, exc)
            continue
        if isinstance(data, dict):
            descriptors.append(FirmwareDescriptor(path, data))
    return descriptors


def find_loader(descriptors, arch, machine, secure_boot):
    """Return the first usable UEFI build for the guest, or None.

    ``secure_boot`` True wants a secure-boot build, preferring one with
    keys enrolled (a signed OS boots without enrolling them); False wants
    a build without secure boot, so a guest that did not ask for it is
    not held to it.
    """
    candidates = [d for d in descriptors
                  if d.usable() and d.runs(arch, machine) and
                  d.secure_boot == bool(secure_boot)]
    if secure_boot:
        candidates.sort(key=lambda d: ENROLLED_KEYS not in d.features)
    return candidates[0] if candidates else None


def supports_uefi(descriptors, arch):
    """True if any usable UEFI build runs ``arch`` guests."""
    return any(d.usable() and d.runs(arch) for d in descriptors)


def supports_secure_boot(descriptors, arch):
    """True if a usable secure-boot build runs ``arch`` q35 guests."""
    return any(d.usable() and d.secure_boot and d.runs(arch, 'q35')
               for d in descriptors)

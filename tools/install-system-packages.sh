#!/usr/bin/env bash
# Install the Debian packages nova_rocky needs beside its Python ones.
#
# Called by tools/all-in-one.sh and tools/run-tests.sh (and so by .ci/run)
# before pip runs; does nothing when every package is there already or the
# machine has no apt-get. The packages:
#   pkg-config, libvirt-dev   build libvirt-python against the system libvirt
#   libvirt-clients           virt-xml-validate (the schemas come with libvirt0)
#   libxml2-utils             xmllint, which virt-xml-validate runs
#   ovmf                      UEFI firmware and its QEMU descriptors
#   systemd                   systemd-analyze, which checks etc/systemd/ units
set -euo pipefail

PACKAGES=(pkg-config libvirt-dev libvirt-clients libxml2-utils ovmf systemd)

command -v apt-get >/dev/null 2>&1 || exit 0
missing=()
for pkg in "${PACKAGES[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing system packages: ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq || true
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
    "${missing[@]}"

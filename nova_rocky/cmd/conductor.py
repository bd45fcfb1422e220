"""nova-conductor: object indirection for computes and the build,
rebuild and move workflows. Holds API and cell database credentials."""

import sys

from nova_rocky.cmd import common

BINARY = 'nova-conductor'


def main(argv=None):
    return common.service_main(BINARY, argv, database=True)


if __name__ == '__main__':
    sys.exit(main())

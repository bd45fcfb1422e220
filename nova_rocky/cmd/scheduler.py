"""nova-scheduler: picks hosts for the conductor (placement allocation
candidates, filters, weighers). Reads the API and cell databases."""

import sys

from nova_rocky.cmd import common

BINARY = 'nova-scheduler'


def main(argv=None):
    return common.service_main(BINARY, argv, database=True)


if __name__ == '__main__':
    sys.exit(main())

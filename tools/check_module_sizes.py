#!/usr/bin/env python3
"""Fail when a module passes the project's hard size limits (style.md)."""

import pathlib
import sys

HARD_LIMITS = {'module': 900, 'test module': 2500}


def main():
    root = pathlib.Path(__file__).resolve().parent.parent / 'nova_rocky'
    failures = []
    for path in root.rglob('*.py'):
        if '/migrations/' in str(path):
            continue
        lines = sum(1 for _ in path.open(encoding='utf-8'))
        kind = 'test module' if '/tests/' in str(path) else 'module'
        if lines > HARD_LIMITS[kind]:
            failures.append('%s: %d lines (hard limit for a %s is %d)' % (
                path.relative_to(root.parent), lines, kind,
                HARD_LIMITS[kind]))
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())

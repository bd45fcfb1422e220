#!/usr/bin/env python3
"""Write doc/notification_samples/<event_type>.json for every notification.

Each sample is what the code emits for a representative instance (fixed
ids and times so the files are stable). Run it after changing a payload;
``nova_rocky/tests/unit/notifications/test_samples.py`` fails until the
samples match the code again.

    tools/generate_notification_samples.py [--output-dir DIR]
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


def main():
    from nova_rocky.notifications import samples
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--output-dir', default=os.path.join(
        os.path.dirname(HERE), 'doc', 'notification_samples'))
    args = parser.parse_args()
    os.makedirs(args.output_dir, exist_ok=True)
    for event_type, sample in samples.all_samples().items():
        path = os.path.join(args.output_dir, event_type + '.json')
        with open(path, 'w') as out:
            json.dump(sample, out, indent=4, sort_keys=True)
            out.write('\n')
        print(path)


if __name__ == '__main__':
    main()

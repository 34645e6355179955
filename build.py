#!/usr/bin/env python3
"""Build every book in content/: ``python build.py --help`` lists the options."""

import sys

from cuebook.cli import main

if __name__ == "__main__":
    sys.exit(main())

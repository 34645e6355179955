import sys

from cuebook.cli import main

sys.exit(main())

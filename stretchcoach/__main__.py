import sys

from stretchcoach.cli import main

sys.exit(main())

import sys

from stretchcoach.entry import main

sys.exit(main())

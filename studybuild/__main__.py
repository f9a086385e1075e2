import sys

from studybuild.cli import main

sys.exit(main())

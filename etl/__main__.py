"""``python -m etl build [--db PATH] [--data DIR]``: build the warehouse."""

import sys

from etl.build import main

sys.exit(main())

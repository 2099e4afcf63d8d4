"""``python -m pystats_tui``: the same as the ``pystats-tui`` command."""

import sys

from pystats_tui.cli import main

sys.exit(main())

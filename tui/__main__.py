"""``python -m tui`` runs the ``celonis-connect`` command."""

import sys

from tui.cli import main

sys.exit(main())

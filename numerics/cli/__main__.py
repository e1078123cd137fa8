"""``python -m numerics.cli``: the ``quadwick`` command."""

import sys

from .main import main

sys.exit(main())

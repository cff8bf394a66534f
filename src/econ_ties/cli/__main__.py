"""`python -m econ_ties.cli`: the same as the `econ-ties` command."""

import sys

from econ_ties.cli.main import main

sys.exit(main())

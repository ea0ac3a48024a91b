"""``spark-submit .../parallax/spark/__main__.py --input URI --output URI [options]``:
``parallax spark`` on the master spark-submit was given (same options, ``--json`` too)."""

import sys

from parallax.cli import app

app(["spark", *sys.argv[1:]], prog_name="parallax spark")

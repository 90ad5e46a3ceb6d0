"""``python -m byregion``: the ``byregion`` command, for an environment whose scripts are not on the PATH."""

from byregion.cli import main

raise SystemExit(main())

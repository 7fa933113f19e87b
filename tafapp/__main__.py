"""`python -m tafapp …` is the same as the `tafapp` command."""

from tafapp.cli import main

raise SystemExit(main())

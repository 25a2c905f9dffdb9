"""``python -m slaselect`` runs the command line, exactly like the ``slaselect`` script."""

from slaselect.cli import main

raise SystemExit(main())

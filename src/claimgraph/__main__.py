"""``python -m claimgraph``: the same as the ``claimgraph`` command."""

from __future__ import annotations

from claimgraph.cli.main import main

if __name__ == "__main__":
    main(prog_name="claimgraph")

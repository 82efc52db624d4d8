"""Tests of claimgraph.graph (a package, because its test module names repeat
those of tests/extract)."""

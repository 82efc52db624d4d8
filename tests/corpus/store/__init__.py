"""Tests of claimgraph.corpus.store (a package: its module names must not clash)."""

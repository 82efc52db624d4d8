"""Tests of claimgraph.store (a package: its module names must not clash)."""

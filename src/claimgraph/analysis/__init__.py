"""Claim analysis on any text: how a text stands towards a claim (stance) and
how certainly it states what it says (certainty).

Each analysis is a pure core over spaCy docs and sentence vectors plus one
entry function that loads the models once per process.
"""

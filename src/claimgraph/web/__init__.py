"""The web app: a JSON API and server-rendered pages over the pipeline and the store.

Needs the ``web`` extra (``pip install 'claimgraph[web]'``). Nothing here
analyses text: :mod:`claimgraph.web.app` calls :mod:`claimgraph.nlp.pipeline`
and the corpus store, and :mod:`claimgraph.web.render` turns their output
(the JSON output contract) into escaped HTML.
"""

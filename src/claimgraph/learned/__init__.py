"""The learned attribution tagger: a CRF over parse, lexicon and rule features."""

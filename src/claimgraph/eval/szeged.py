"""Load the Szeged Uncertainty Corpus (Wikipedia part) as gold sentences.

The file (``wiki.xml``, see ``Uncertainty.dtd`` next to it) is a list of
``Document`` elements, each with a title and a text ``DocumentPart`` of
``Sentence`` elements. Uncertainty cues are inline
``<ccue type="...">word</ccue>`` elements inside a sentence; a sentence with
at least one cue is *uncertain*. The cue types in this copy are
``speculation_modal_probable_``, ``speculation_hypo_doxastic _``,
``speculation_hypo_condition _`` and ``speculation_hypo_investigation _``
(stored here without the ``speculation_`` prefix and the trailing
space/underscore: ``modal_probable``, ``hypo_doxastic``...). This copy has no
weasel cues, although the documents are typed ``Wikipedia_text_weasel``.

The deterministic split used for development: the first half of the
documents (in file order) is ``dev`` (the lexicon was tuned on it), the second
half is ``test`` (held out). ``all`` is both.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import CorpusError
from claimgraph.eval.shared import shared_path

SPLITS = ("dev", "test", "all")


@dataclass(frozen=True, slots=True)
class GoldCue:
    """One annotated uncertainty cue: offsets into the sentence text (end exclusive)."""

    start: int
    end: int
    text: str
    type: str


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """A sentence of the corpus with its cues."""

    document: str
    id: str
    text: str
    cues: tuple[GoldCue, ...]

    @property
    def uncertain(self) -> bool:
        return bool(self.cues)


def default_path() -> Path:
    """Where the corpus is expected: ``../shared/corpora/hedging/wiki.xml``
    next to the checkout (the working directory's parent first, then the
    parents of this package file)."""
    return shared_path("corpora", "hedging", "wiki.xml")


def _cue_type(raw: str) -> str:
    return raw.strip().strip("_").strip().removeprefix("speculation_").strip("_ ")


def _sentence(document: str, element: ET.Element) -> GoldSentence:
    parts = [element.text or ""]
    cues: list[GoldCue] = []
    offset = len(parts[0])
    for child in element:
        text = "".join(child.itertext())
        if child.tag == "ccue":
            cues.append(GoldCue(offset, offset + len(text), text, _cue_type(child.get("type", ""))))
        parts.append(text)
        offset += len(text)
        parts.append(child.tail or "")
        offset += len(child.tail or "")
    return GoldSentence(document, element.get("id", ""), "".join(parts), tuple(cues))


def load_sentences(path: Path, split: str = "all") -> list[GoldSentence]:
    """The sentences of ``split`` (``dev``: first half of the documents,
    ``test``: second half, ``all``), in file order."""
    if split not in SPLITS:
        raise CorpusError(f"unknown split {split!r}; use one of {', '.join(SPLITS)}")
    hint = "pass the file with --data, e.g. --data ../shared/corpora/hedging/wiki.xml"
    if not Path(path).is_file():
        raise CorpusError(f"Szeged uncertainty corpus not found at {path}: {hint}")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise CorpusError(f"{path} is not well-formed XML ({exc}): {hint}") from exc
    documents = list(root.iter("Document"))
    if not documents:
        raise CorpusError(f"{path} has no <Document> elements: {hint}")
    half = len(documents) // 2
    chosen = {"dev": documents[:half], "test": documents[half:], "all": documents}[split]
    sentences: list[GoldSentence] = []
    for number, document in enumerate(chosen):
        name = (document.findtext("DocID") or f"document-{number}").strip()
        sentences.extend(_sentence(name, s) for s in document.iter("Sentence"))
    return sentences

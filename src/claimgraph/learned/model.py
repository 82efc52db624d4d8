"""The learned attribution tagger: training and prediction.

A linear-chain CRF (CRFsuite, through ``python-crfsuite``) tags each token of
a paragraph as source, cue or content (BIO), from the features in
:mod:`claimgraph.learned.features`; :mod:`claimgraph.learned.decode` links the
tagged spans into attributions. The model directory holds ``crf.model``,
``calibration.json`` (see :mod:`claimgraph.learned.calibration`) and
``meta.json`` (format, parameters, training articles).

Modes (``claimgraph analyze --model``):

- ``rules``: the rule-based extractor alone.
- ``learned``: the CRF's attributions alone (it reads the rules' output as
  features, so it is stacked on them).
- ``hybrid``: the rules' structural attributions, the CRF's where those
  leave the cue free, and the rules' nested attributions (see :func:`combine`).
- ``encoder``: the hybrid with the fine-tuned MiniLM tagger of
  :mod:`claimgraph.learned.encoder` in place of the CRF (on ONNX Runtime;
  the most accurate, and slower).

``auto`` (the default of :class:`claimgraph.settings.Settings`) is
``encoder`` where ONNX Runtime is installed (a dependency), else ``hybrid``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any, Literal, Protocol

from spacy.tokens import Doc

from claimgraph.errors import ModelError
from claimgraph.extract.intervals import Intervals, innermost
from claimgraph.extract.lexicon import Lexicon
from claimgraph.extract.quotes import quote_index
from claimgraph.extract.quoting import attribution_kind
from claimgraph.extract.spans import doc_text, is_removed
from claimgraph.extract.univocal import HasRoles, project_univocal, role_chars
from claimgraph.learned.calibration import Calibration
from claimgraph.learned.decode import link, spans_from_tags
from claimgraph.learned.features import doc_features, paragraphs, role_tags, sequence_features
from claimgraph.records import Attribution, Removed, Segment

Mode = Literal["rules", "learned", "hybrid", "encoder"]
MODES: tuple[Mode, ...] = ("rules", "learned", "hybrid", "encoder")
#: The modes that use the CRF (``claimgraph train`` scores these).
CRF_MODES: tuple[Mode, ...] = ("rules", "learned", "hybrid")
MODEL_FILE = "crf.model"
#: Rules whose structure the hybrid prefers to the tagger's.
STRUCTURAL_RULES = frozenset(
    {"relay", "relay-citing", "quoted-as-saying", "speech-noun", "according-to"}
)
META_FILE = "meta.json"


def _crfsuite() -> Any:
    try:
        import pycrfsuite
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise ModelError(
            "the learned model needs python-crfsuite: pip install python-crfsuite"
        ) from exc
    return pycrfsuite


def packaged_model_dir() -> Path:
    """The model shipped inside the package (``claimgraph/data/model``)."""
    return Path(str(resources.files("claimgraph.data").joinpath("model")))


@dataclass(frozen=True, slots=True)
class TrainingParams:
    """CRFsuite L-BFGS parameters (training is deterministic for fixed data)."""

    iterations: int = 100
    c1: float = 3.0
    c2: float = 0.01


class Tagger(Protocol):
    """What the claimgraph component needs of a learned tagger."""

    lexicon: Lexicon

    def predict(
        self,
        doc: Doc,
        rules: Sequence[Attribution],
        *,
        calibrated: bool = True,
        removed: Sequence[Removed] = (),
    ) -> list[Attribution]: ...


class AttributionTagger:
    """A trained tagger, loaded once and applied to many documents."""

    def __init__(self, model_dir: Path, lexicon: Lexicon) -> None:
        path = model_dir / MODEL_FILE
        if not path.is_file():
            raise ModelError(
                f"no learned model at {path}; train one with "
                "'claimgraph train --out DIR' or use --model rules"
            )
        self._tagger = _crfsuite().Tagger()
        self._tagger.open(str(path))
        self.lexicon = lexicon
        self.calibration = Calibration.load(model_dir)

    def predict(
        self,
        doc: Doc,
        rules: Sequence[Attribution],
        *,
        calibrated: bool = True,
        removed: Sequence[Removed] = (),
    ) -> list[Attribution]:
        """The learned attributions of ``doc`` given the rules' attributions.

        ``confidence`` is calibrated when the model directory has a
        calibration and ``calibrated`` is true; otherwise it is the raw score.
        Tokens in ``removed`` text (not the story) take no role.
        """
        rule_tags = role_tags(doc, project_univocal(rules))
        base = doc_features(doc, rule_tags, self.lexicon)
        labelled = []
        for indices in paragraphs(doc):
            labels = self._tagger.tag(sequence_features(doc, indices, rule_tags, base))
            probs = [self._tagger.marginal(tag, pos) for pos, tag in enumerate(labels)]
            labelled.append((indices, labels, probs))
        calibration = self.calibration if calibrated else None
        return attributions_from_tags(doc, labelled, self.lexicon, calibration, removed=removed)


#: Per paragraph: its token indices, their tags and each tag's probability.
Labelled = Sequence[tuple[Sequence[int], Sequence[str], Sequence[float]]]


def attributions_from_tags(
    doc: Doc,
    labelled: Labelled,
    lexicon: Lexicon,
    calibration: Calibration | None,
    rule: str = "learned",
    removed: Sequence[Removed] = (),
) -> list[Attribution]:
    """Link a tagger's BIO tags, given per paragraph (in text order), into
    attributions with a confidence each, named ``rule`` (which tagger found
    them). Tokens in no paragraph (whitespace) are ``O``.

    Tokens in ``removed`` text ("Read more: …", a donation appeal) are
    untagged first, so that nothing there joins a cue of the story.

    The raw score is the mean probability of the cue's and the content's
    tags (:func:`_raw_score`); ``calibration`` maps it to a probability, or
    the raw score is kept when it is ``None``.
    """
    tags = ["O"] * len(doc)
    marginal = [1.0] * len(doc)
    paragraph_of = [0] * len(doc)
    for k, (indices, labels, probs) in enumerate(labelled):
        for i, tag, p in zip(indices, labels, probs, strict=True):
            tags[i] = tag
            marginal[i] = p
            paragraph_of[i] = k
    if removed:
        tags = [
            "O" if is_removed(removed, t.idx, t.idx + len(t), partial=True) else tag
            for t, tag in zip(doc, tags, strict=True)
        ]
    quotes = quote_index(doc_text(doc))
    out = []
    for a in link(doc, spans_from_tags(doc, tags, paragraph_of)):
        cue = doc.char_span(a.cue[0].start, a.cue[0].end, alignment_mode="expand")
        lemma = cue.root.lemma_ if cue is not None else ""
        raw = _raw_score(doc, a, marginal)
        confidence = calibration.learned(raw) if calibration is not None else raw
        out.append(
            replace(
                a,
                kind=attribution_kind(a.content, lemma, quotes, lexicon),
                confidence=round(confidence, 4),
                rule=rule,
            )
        )
    return out


def _raw_score(doc: Doc, a: Attribution, marginal: Sequence[float]) -> float:
    """Mean marginal probability of the cue's tokens and of the content's tokens."""
    means = []
    for segments in (a.cue, a.content):
        probs = [
            marginal[t.i]
            for seg in segments
            for t in (doc.char_span(seg.start, seg.end, alignment_mode="expand") or [])
        ]
        means.append(sum(probs) / len(probs) if probs else 0.0)
    return sum(means) / len(means)


def combine(mode: Mode, rules: list[Attribution], learned: list[Attribution]) -> list[Attribution]:
    """The attributions a mode reports, renumbered ``a1``… in text order.

    ``hybrid`` keeps the rules where they carry structure the tagger cannot
    learn from a univocal corpus (relays, "quoted as saying", speech nouns,
    "according to"), the tagger's attributions whose cues those leave free,
    and every other rule attribution whose cue is still free and whose
    content is new or that is nested inside a chosen content (PolNeAR never
    annotates nested attributions, so only the rules find them).
    """
    if mode == "rules":
        return rules
    if mode == "learned":
        chosen = [("learned", a) for a in learned]
    else:
        chosen = [("rules", r) for r in rules if r.rule in STRUCTURAL_RULES]
        cues = _chars(a.cue for _, a in chosen)
        chosen += [("learned", a) for a in learned if not role_chars(a.cue) & cues]
        cues = _chars(a.cue for _, a in chosen)
        contents = _chars(a.content for _, a in chosen)
        for r in rules:
            cue = role_chars(r.cue)
            if r.rule in STRUCTURAL_RULES or cue & cues:
                continue
            if cue <= contents:
                chosen.append(("rules", r))
    ordered = sorted((a for _, a in chosen), key=lambda a: (a.cue or a.content)[0].start)
    renumbered = [replace(a, id=f"a{k + 1}") for k, a in enumerate(ordered)]
    parents = _Contents(renumbered)
    return [replace(a, parent=parents.parent(a)) for a in renumbered]


class _Contents:
    """The content segments of a text's attributions indexed by position, so
    that the segments holding a cue are looked for near it, not among all."""

    def __init__(self, among: Sequence[Attribution]) -> None:
        #: whose each segment is, in text order of attributions and segments
        self.owners = [other.id for other in among for _ in other.content]
        segments = [seg for other in among for seg in other.content]
        self.segments = Intervals((seg.start, seg.end, k) for k, seg in enumerate(segments))

    def parent(self, a: Attribution) -> str | None:
        """The id of the innermost other attribution whose content holds
        ``a``'s cue (of equally small ones, the first in text order)."""
        if not a.cue:
            return None
        cue = a.cue[0]
        k = innermost(self.segments, cue.start, cue.end, lambda k: self.owners[k] == a.id)
        return None if k is None else self.owners[k]


def _chars(roles: Iterable[tuple[Segment, ...]]) -> frozenset[int]:
    out: set[int] = set()
    for segments in roles:
        out |= role_chars(segments)
    return frozenset(out)


def train_tagger(
    examples: Iterable[tuple[Doc, Sequence[Attribution], Sequence[HasRoles]]],
    out_dir: Path,
    lexicon: Lexicon,
    params: TrainingParams | None = None,
    meta: dict[str, Any] | None = None,
) -> Path:
    """Train on ``(doc, rule attributions, gold attributions)`` and write ``out_dir``."""
    params = params or TrainingParams()
    trainer = _crfsuite().Trainer(verbose=False)
    n_docs = 0
    for doc, rules, gold in examples:
        n_docs += 1
        gold_tags = role_tags(doc, gold)
        rule_tags = role_tags(doc, project_univocal(rules))
        base = doc_features(doc, rule_tags, lexicon)
        for indices in paragraphs(doc):
            feats = sequence_features(doc, indices, rule_tags, base)
            trainer.append(feats, [gold_tags[i] for i in indices])
    if n_docs == 0:
        raise ModelError("no training documents")
    trainer.set_params(
        {
            "c1": params.c1,
            "c2": params.c2,
            "max_iterations": params.iterations,
            "feature.possible_transitions": True,
        }
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out_dir / MODEL_FILE))
    info = {
        "format": "claimgraph-crf/1",
        "documents": n_docs,
        "params": {"iterations": params.iterations, "c1": params.c1, "c2": params.c2},
        **(meta or {}),
    }
    (out_dir / META_FILE).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return out_dir

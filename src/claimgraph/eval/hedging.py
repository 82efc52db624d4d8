"""Score the hedge detector against sentences with annotated uncertainty cues.

Definitions (``docs/analysis.md`` has them with the results):

- Only *uncertainty* cues count as predictions: cues of level ``possible``
  or ``probable``. Boosters and denials (level ``certain``) are never
  uncertainty cues.
- *Sentence* scores: a sentence is uncertain when it has at least one cue;
  precision, recall and F1 of the class "uncertain", plus accuracy.
- *Cue* scores: per sentence, gold and predicted cues are matched one to one
  in text order. ``exact``: same start and end. ``overlap``: they share a
  character (the detector marks "is thought to" where the corpus marks
  "thought"). Counts are summed over sentences (micro-average).
- ``exclude_kinds`` drops predicted cues of those kinds first (e.g.
  ``weasel``, which the Wikipedia copy of the corpus does not annotate).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from claimgraph.analysis.certainty import HedgeCue, find_hedges
from claimgraph.eval.scoring import PRF
from claimgraph.eval.szeged import GoldCue, GoldSentence
from claimgraph.extract.spans import doc_text

if TYPE_CHECKING:
    from spacy.language import Language

UNCERTAIN_LEVELS = frozenset({"possible", "probable"})


@dataclass(frozen=True)
class HedgingReport:
    """Scores of one run: sentence level, cue level (exact and overlap), and
    per-type recall (gold types) / per-kind precision (predicted kinds), by overlap."""

    n_sentences: int
    n_uncertain: int
    accuracy: float
    sentence: PRF
    cue_exact: PRF
    cue_overlap: PRF
    recall_by_type: dict[str, PRF] = field(default_factory=dict)
    precision_by_kind: dict[str, PRF] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_sentences": self.n_sentences,
            "n_uncertain": self.n_uncertain,
            "sentence_accuracy": round(self.accuracy, 4),
            "sentence": self.sentence.to_dict(),
            "cue_exact": self.cue_exact.to_dict(),
            "cue_overlap": self.cue_overlap.to_dict(),
            "recall_by_type": {k: v.to_dict() for k, v in self.recall_by_type.items()},
            "precision_by_kind": {k: v.to_dict() for k, v in self.precision_by_kind.items()},
        }

    def format_table(self) -> str:
        rows = [
            f"sentences: {self.n_sentences} ({self.n_uncertain} uncertain), "
            f"accuracy {self.accuracy:.3f}",
            f"{'':18} {'P':>6} {'R':>6} {'F1':>6} {'tp':>6} {'pred':>6} {'gold':>6}",
        ]
        for name, prf in (
            ("sentence", self.sentence),
            ("cue exact", self.cue_exact),
            ("cue overlap", self.cue_overlap),
        ):
            rows.append(_row(name, prf))
        rows.append("recall by gold type (overlap):")
        rows.extend(_row(f"  {k}", v) for k, v in sorted(self.recall_by_type.items()))
        rows.append("precision by predicted kind (overlap):")
        rows.extend(_row(f"  {k}", v) for k, v in sorted(self.precision_by_kind.items()))
        return "\n".join(rows)


def _row(name: str, prf: PRF) -> str:
    return (
        f"{name:18} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f} "
        f"{prf.tp:6d} {prf.n_pred:6d} {prf.n_gold:6d}"
    )


def predict(
    nlp: Language, sentences: Sequence[GoldSentence], batch_size: int = 256
) -> list[tuple[HedgeCue, ...]]:
    """The detector's cues for each sentence (all kinds and levels)."""
    docs = nlp.pipe((s.text for s in sentences), batch_size=batch_size)
    return [find_hedges(doc, 0, len(doc_text(doc))) for doc in docs]


def _overlaps(a: HedgeCue, b: GoldCue) -> bool:
    return a.start < b.end and b.start < a.end


def _match(
    gold: Sequence[GoldCue], pred: Sequence[HedgeCue], exact: bool
) -> list[tuple[GoldCue, HedgeCue]]:
    pairs: list[tuple[GoldCue, HedgeCue]] = []
    used: set[int] = set()
    for g in gold:
        for k, p in enumerate(pred):
            if k in used:
                continue
            if (p.start == g.start and p.end == g.end) if exact else _overlaps(p, g):
                pairs.append((g, p))
                used.add(k)
                break
    return pairs


def score_hedging(
    gold: Sequence[GoldSentence],
    predictions: Sequence[Iterable[HedgeCue]],
    exclude_kinds: frozenset[str] = frozenset(),
) -> HedgingReport:
    """Score ``predictions`` (one cue sequence per gold sentence) against ``gold``."""
    if len(gold) != len(predictions):
        raise ValueError(f"{len(gold)} gold sentences but {len(predictions)} predictions")
    sentence = cue_exact = cue_overlap = PRF(0, 0, 0)
    correct = 0
    type_gold: Counter[str] = Counter()
    type_hit: Counter[str] = Counter()
    kind_pred: Counter[str] = Counter()
    kind_hit: Counter[str] = Counter()
    for g, cues in zip(gold, predictions, strict=True):
        pred = [c for c in cues if c.level in UNCERTAIN_LEVELS and c.kind not in exclude_kinds]
        predicted_uncertain = bool(pred)
        correct += predicted_uncertain == g.uncertain
        sentence += PRF(
            int(predicted_uncertain and g.uncertain), int(predicted_uncertain), int(g.uncertain)
        )
        exact_pairs = _match(g.cues, pred, exact=True)
        overlap_pairs = _match(g.cues, pred, exact=False)
        cue_exact += PRF(len(exact_pairs), len(pred), len(g.cues))
        cue_overlap += PRF(len(overlap_pairs), len(pred), len(g.cues))
        type_gold.update(c.type for c in g.cues)
        type_hit.update(gc.type for gc, _ in overlap_pairs)
        kind_pred.update(c.kind for c in pred)
        kind_hit.update(pc.kind for _, pc in overlap_pairs)
    return HedgingReport(
        n_sentences=len(gold),
        n_uncertain=sum(g.uncertain for g in gold),
        accuracy=correct / len(gold) if gold else 0.0,
        sentence=sentence,
        cue_exact=cue_exact,
        cue_overlap=cue_overlap,
        recall_by_type={t: PRF(type_hit[t], type_hit[t], n) for t, n in type_gold.items()},
        precision_by_kind={k: PRF(kind_hit[k], n, kind_hit[k]) for k, n in kind_pred.items()},
    )

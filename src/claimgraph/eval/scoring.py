"""Score predicted attributions against PolNeAR gold (pure functions, no I/O).

Definitions (``docs/evaluation.md`` has the long form):

- A *role span* (source, cue or content of one attribution) is the set of
  non-whitespace character offsets covered by its segments. Whitespace at the
  ends of segments therefore never matters, nor does a gap between two
  segments that contains only whitespace.
- *Role scores*: per document, the distinct non-empty role spans of the gold
  attributions are matched one-to-one (maximum bipartite matching) to those of
  the predictions. ``exact``: the two character sets are identical.
  ``overlap``: they share at least one character. Counts are summed over the
  split (micro-averaged).
- *Linked scores*: gold and predicted attributions are matched one-to-one
  (maximum bipartite matching) per document. ``content``: contents overlap.
  ``content+source``: contents overlap and sources overlap, where two absent
  sources also agree (an absent source never matches a present one).
  ``content+source+cue``: additionally cues overlap (two absent cues agree).
- Predictions are first made univocal with :func:`project_univocal` (unless
  ``project=False``), because PolNeAR annotates each token for at most one
  attribution.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from claimgraph.eval.polnear import GoldDocument
from claimgraph.extract.univocal import ROLES, HasRoles, project_univocal, role_chars
from claimgraph.nlp.pipeline import analyze_articles, load_nlp
from claimgraph.records import ArticleInput, Attribution
from claimgraph.settings import Settings

MATCHES: tuple[str, ...] = ("exact", "overlap")
LINKED: tuple[str, ...] = ("content", "content+source", "content+source+cue")

_Chars = frozenset[int]
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class PRF:
    """Counts of one score: true positives, predictions, gold items."""

    tp: int
    n_pred: int
    n_gold: int

    @property
    def precision(self) -> float:
        return self.tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.n_pred + other.n_pred, self.n_gold + other.n_gold)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "n_pred": self.n_pred,
            "n_gold": self.n_gold,
        }


@dataclass(frozen=True)
class EvalReport:
    """All scores of one evaluation run.

    ``roles[role][match]`` for role in :data:`ROLES` and match in
    :data:`MATCHES`; ``linked[criterion]`` for criterion in :data:`LINKED`.
    """

    n_documents: int
    roles: dict[str, dict[str, PRF]]
    linked: dict[str, PRF]
    ece: float | None = None
    n_confident: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "n_documents": self.n_documents,
            "roles": {
                role: {match: prf.to_dict() for match, prf in by_match.items()}
                for role, by_match in self.roles.items()
            },
            "linked": {name: prf.to_dict() for name, prf in self.linked.items()},
            "ece": None if self.ece is None else round(self.ece, 4),
            "n_confident": self.n_confident,
        }

    def format_table(self) -> str:
        header = f"{'score':<32}{'P':>8}{'R':>8}{'F1':>8}{'tp':>8}{'pred':>8}{'gold':>8}"
        lines = [f"Attribution scores over {self.n_documents} documents", "", header]
        lines.append("-" * len(header))
        for role, by_match in self.roles.items():
            for match, prf in by_match.items():
                lines.append(_row(f"{role} ({match})", prf))
        lines.append("-" * len(header))
        for name, prf in self.linked.items():
            lines.append(_row(f"attribution ({name})", prf))
        if self.ece is not None:
            lines.append("-" * len(header))
            lines.append(f"expected calibration error (ECE) {self.ece:.4f} over {self.n_confident}")
        return "\n".join(lines)


def evaluate(
    gold: Sequence[GoldDocument],
    predictions: Sequence[Sequence[Attribution]],
    project: bool = True,
) -> EvalReport:
    """Score ``predictions[i]`` against ``gold[i]`` for every document and sum the counts."""
    if len(gold) != len(predictions):
        raise ValueError(f"got {len(gold)} gold documents but {len(predictions)} prediction lists")
    roles = {role: {match: PRF(0, 0, 0) for match in MATCHES} for role in ROLES}
    linked = {name: PRF(0, 0, 0) for name in LINKED}
    confidences: list[float] = []
    rights: list[bool] = []
    for doc, predicted in zip(gold, predictions, strict=True):
        pred = project_univocal(predicted) if project else list(predicted)
        for a in pred:
            if a.confidence is not None:
                confidences.append(a.confidence)
                rights.append(is_right(a, doc.attributions))
        for role in ROLES:
            gold_spans = _distinct_spans(doc.attributions, role)
            pred_spans = _distinct_spans(pred, role)
            for match in MATCHES:
                roles[role][match] += PRF(
                    _matched(gold_spans, pred_spans, _SPAN_MATCH[match]),
                    len(pred_spans),
                    len(gold_spans),
                )
        gold_roles = [_role_chars(a) for a in doc.attributions]
        pred_roles = [_role_chars(a) for a in pred]
        for name in LINKED:
            linked[name] += PRF(
                _matched(gold_roles, pred_roles, _LINK_MATCH[name]),
                len(pred_roles),
                len(gold_roles),
            )
    return EvalReport(
        n_documents=len(gold),
        roles=roles,
        linked=linked,
        ece=expected_calibration_error(confidences, rights) if confidences else None,
        n_confident=len(confidences),
    )


# -- scoring internals ------------------------------------------------------


def _distinct_spans(attributions: Iterable[HasRoles], role: str) -> list[_Chars]:
    spans: dict[_Chars, None] = {}
    for a in attributions:
        chars = role_chars(getattr(a, role))
        if chars:
            spans.setdefault(chars, None)
    return list(spans)


def _role_chars(a: HasRoles) -> dict[str, _Chars]:
    return {role: role_chars(getattr(a, role)) for role in ROLES}


def _exact(g: _Chars, p: _Chars) -> bool:
    return g == p


def _overlap(g: _Chars, p: _Chars) -> bool:
    return not g.isdisjoint(p)


def _agree(g: _Chars, p: _Chars) -> bool:
    """Overlap, or both absent."""
    return (not g and not p) or not g.isdisjoint(p)


def _link_content(g: dict[str, _Chars], p: dict[str, _Chars]) -> bool:
    return _overlap(g["content"], p["content"])


def _link_source(g: dict[str, _Chars], p: dict[str, _Chars]) -> bool:
    return _link_content(g, p) and _agree(g["source"], p["source"])


def _link_cue(g: dict[str, _Chars], p: dict[str, _Chars]) -> bool:
    return _link_source(g, p) and _agree(g["cue"], p["cue"])


_SPAN_MATCH: dict[str, Callable[[_Chars, _Chars], bool]] = {
    "exact": _exact,
    "overlap": _overlap,
}
_LINK_MATCH: dict[str, Callable[[dict[str, _Chars], dict[str, _Chars]], bool]] = {
    "content": _link_content,
    "content+source": _link_source,
    "content+source+cue": _link_cue,
}


def _matched(gold: Sequence[_T], pred: Sequence[_T], match: Callable[[_T, _T], bool]) -> int:
    """Size of a maximum one-to-one matching between ``gold`` and ``pred``."""
    adjacency = [[j for j, p in enumerate(pred) if match(g, p)] for g in gold]
    return max_matching(adjacency, len(pred))


def max_matching(adjacency: Sequence[Sequence[int]], n_right: int) -> int:
    """Maximum bipartite matching size (augmenting paths found by BFS).

    ``adjacency[u]`` lists the right-hand nodes that left node ``u`` may match.
    """
    match_left = [-1] * len(adjacency)
    match_right = [-1] * n_right
    for root in range(len(adjacency)):
        came_from: dict[int, int] = {}
        seen = {root}
        queue = deque([root])
        free = -1
        while queue and free < 0:
            u = queue.popleft()
            for v in adjacency[u]:
                if v in came_from:
                    continue
                came_from[v] = u
                if match_right[v] < 0:
                    free = v
                    break
                w = match_right[v]
                if w not in seen:
                    seen.add(w)
                    queue.append(w)
        v = free
        while v >= 0:
            u = came_from[v]
            previous = match_left[u]
            match_left[u] = v
            match_right[v] = u
            v = previous
    return sum(1 for v in match_left if v >= 0)


def _row(label: str, prf: PRF) -> str:
    return (
        f"{label:<32}{prf.precision:>8.4f}{prf.recall:>8.4f}{prf.f1:>8.4f}"
        f"{prf.tp:>8}{prf.n_pred:>8}{prf.n_gold:>8}"
    )


def is_right(predicted: HasRoles, gold: Sequence[HasRoles]) -> bool:
    """The linked content+source criterion against any gold attribution (no
    one-to-one constraint): contents overlap and sources overlap or are both absent."""
    p = _role_chars(predicted)
    return any(_link_source(_role_chars(g), p) for g in gold)


def expected_calibration_error(
    confidences: Sequence[float], labels: Sequence[bool], bins: int = 10
) -> float:
    """ECE: the bin-size-weighted mean |accuracy - mean confidence| over equal-width bins."""
    if not confidences:
        return 0.0
    total = len(confidences)
    ece = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        members = [
            (c, y)
            for c, y in zip(confidences, labels, strict=True)
            if lo <= c < hi or (k == bins - 1 and c == 1.0)
        ]
        if members:
            accuracy = sum(y for _, y in members) / len(members)
            mean_conf = sum(c for c, _ in members) / len(members)
            ece += len(members) / total * abs(accuracy - mean_conf)
    return ece


def score(gold: Sequence[GoldDocument], settings: Settings, *, project: bool = True) -> EvalReport:
    """Run the pipeline configured by ``settings`` on annotated articles and score
    it (``project``: onto PolNeAR's univocal convention, see ``evaluate``)."""
    nlp = load_nlp(settings)
    inputs = [ArticleInput(id=g.name, text=g.text, origin=g.name) for g in gold]
    predictions = [r.attributions for r in analyze_articles(nlp, inputs, settings.batch_size)]
    return evaluate(gold, predictions, project=project)

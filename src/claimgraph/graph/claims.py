"""Claims across articles: the same-claim score, centroids and clustering.

Two texts state the same claim when a calibrated logistic model says so
(:func:`same_claim_score`). Its inputs are the cosine of the texts' MiniLM
embeddings (:func:`claimgraph.learned.embeddings.embed`) and the lexical features of
:mod:`claimgraph.analysis.lexical` (content-word and entity overlap with
Beijing/China/Chinese folded together, number agreement). The weights are the
packaged data file ``claim_score.json``, fitted by ``scripts/fit_claim_score.py``
on news headline and paraphrase pairs (``docs/claims.md`` has the numbers).

Decisions (``docs/claims.md`` explains them):

- **Negation does not split a claim.** "China is sending arms" and "China is
  not sending arms" are one claim with opposite stance: negation words are
  not features, and the attribution's ``stance`` (or :func:`negated`) tells
  supporters from disputers.
- **Swapped roles do split.** "China sends aid to Russia" and "Russia sends
  aid to China" are different claims: when two shared countries occur in
  opposite order (and are not coordinated, "China and Russia"), the
  probability is multiplied by the model's ``role_swap_factor`` (set by hand,
  not fitted: headline pairs almost never swap roles).
- **Different numbers split.** "5 killed" and "50 killed" are different
  claims (a fitted feature, ``number_conflict``).

Pure functions: vectors are arguments, so a store can cache them; only
:func:`cluster` embeds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

from claimgraph.analysis.lexical import (
    LEXICAL_FEATURES,
    ClaimTerms,
    pair_features,
    roles_swapped,
)
from claimgraph.analysis.lexical import claim_terms as _claim_terms
from claimgraph.data import data_lines, read_data
from claimgraph.errors import ModelError
from claimgraph.learned.embeddings import DIMENSIONS, Vectors
from claimgraph.records import Attribution

Vector = npt.NDArray[np.float32]

#: All features of the score model, in order.
FEATURES = ("cosine", *LEXICAL_FEATURES)

#: Above this many texts :func:`cluster` switches from average-linkage
#: agglomeration (O(n²) memory and time per merge) to incremental assignment
#: with one refinement pass (O(n·k)).
MAX_AGGLOMERATIVE = 2000
#: In incremental clustering, each text is compared in full (lexical
#: features) with at most this many claims, the closest by cosine.
INCREMENTAL_CANDIDATES = 20


@dataclass(frozen=True)
class ClaimCentroid:
    """A claim cluster as the store keeps it.

    ``vector`` is the renormalised mean of the members' embeddings,
    ``canonical`` the wording shown for the claim, ``size`` the number of
    members. ``canonical_vector`` (optional) is the embedding of
    ``canonical``; :func:`updated_centroid` uses it to choose the canonical
    wording and falls back to ``vector`` when it is ``None``.
    """

    id: int
    vector: Vector = field(compare=False, repr=False)
    canonical: str
    size: int
    canonical_vector: Vector | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ScoreModel:
    """The logistic same-claim model (``claim_score.json``)."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float
    role_swap_factor: float

    def probability(self, features: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """P(same claim) for rows of features in :data:`FEATURES` order."""
        z = features @ np.asarray(self.weights, dtype=np.float64) + self.bias
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def model_from_dict(data: Mapping[str, Any]) -> ScoreModel:
    """A :class:`ScoreModel` from its JSON form (checks the feature names)."""
    features = tuple(str(f) for f in data["features"])
    if features != FEATURES:
        raise ModelError(
            f"claim_score.json has features {features}, this code computes {FEATURES}; "
            "refit it with: python scripts/fit_claim_score.py"
        )
    return ScoreModel(
        features=features,
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        role_swap_factor=float(data["role_swap_factor"]),
    )


@lru_cache(maxsize=1)
def load_model() -> ScoreModel:
    """The packaged same-claim model (cached)."""
    return model_from_dict(json.loads(read_data("claim_score.json")))


@lru_cache(maxsize=8192)
def claim_terms(text: str) -> ClaimTerms:
    """:func:`claimgraph.analysis.lexical.claim_terms`, cached per text."""
    return _claim_terms(text)


def feature_vector(terms_a: ClaimTerms, terms_b: ClaimTerms, cosine: float) -> tuple[float, ...]:
    """The model's features for one pair, in :data:`FEATURES` order."""
    return (cosine, *pair_features(terms_a, terms_b))


def _cosine(vec_a: Vector, vec_b: Vector) -> float:
    return float(np.clip(np.dot(np.asarray(vec_a), np.asarray(vec_b)), -1.0, 1.0))


def same_claim_score(
    text_a: str,
    text_b: str,
    vec_a: Vector,
    vec_b: Vector,
    *,
    model: ScoreModel | None = None,
) -> float:
    """The calibrated probability, in [0, 1], that the texts state the same claim.

    ``vec_a`` and ``vec_b`` are the texts' unit embeddings. An empty text (a
    "declined to comment" attribution has no content) states no claim: 0.
    """
    if not text_a.strip() or not text_b.strip():
        return 0.0
    model = model or load_model()
    a, b = claim_terms(text_a), claim_terms(text_b)
    row = np.asarray([feature_vector(a, b, _cosine(vec_a, vec_b))], dtype=np.float64)
    p = float(model.probability(row)[0])
    if roles_swapped(a, b):
        p *= model.role_swap_factor
    return p


def _best_possible(model: ScoreModel, cosine: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """An upper bound of the score at each cosine: every lexical feature lies
    in [0, 1], so the best case takes each positive weight in full."""
    weights = np.asarray(model.weights, dtype=np.float64)
    bonus = float(np.clip(weights[1:], 0.0, None).sum())
    z = cosine * weights[0] + model.bias + bonus
    return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)


def assign_claim(
    text: str,
    vec: Vector,
    candidates: Sequence[ClaimCentroid],
    *,
    threshold: float | None = None,
    max_candidates: int | None = None,
    matrix: npt.NDArray[np.float64] | None = None,
) -> tuple[int | None, float]:
    """The candidate claim ``text`` belongs to, and the score.

    Each candidate is scored with :func:`same_claim_score` against its
    canonical wording and centroid vector. Returns ``(id, score)`` of the best
    candidate when its score reaches ``threshold`` (default: the model's
    decision threshold), else ``(None, best)`` where ``best`` (below the
    threshold) is the best score of the candidates that were scored —
    candidates whose cosine alone rules them out (the score's upper bound is
    below the threshold) are skipped, which makes this O(k) numpy work plus
    lexical comparisons for the few close candidates. ``(None, 0.0)`` when
    there are no candidates. Ties go to the earlier candidate.
    ``max_candidates`` (default: no limit) scores only that many of the
    candidates closest by cosine (:func:`incremental_clusters` uses it: at a
    low threshold the bound rules out almost nothing). ``matrix``, when
    given, holds the candidates' vectors as its first rows (a caller that
    keeps it up to date saves stacking them on every call).
    """
    if not candidates or not text.strip():
        return None, 0.0
    model = load_model()
    limit = model.threshold if threshold is None else threshold
    if matrix is None:
        matrix = np.stack([np.asarray(c.vector, dtype=np.float64) for c in candidates])
    cosines = np.clip(matrix[: len(candidates)] @ np.asarray(vec, dtype=np.float64), -1.0, 1.0)
    possible = _best_possible(model, cosines) >= limit
    if max_candidates is not None and int(possible.sum()) > max_candidates:
        # only the closest candidates by cosine get the lexical comparison
        closest = np.argpartition(-cosines, max_candidates - 1)[:max_candidates]
        keep = np.zeros_like(possible)
        keep[closest] = True
        possible &= keep
    best_id: int | None = None
    best = 0.0
    for index in np.flatnonzero(possible).tolist():
        candidate = candidates[index]
        score = same_claim_score(text, candidate.canonical, vec, candidate.vector, model=model)
        if score > best:
            best_id, best = candidate.id, score
    return (best_id, best) if best_id is not None and best >= limit else (None, best)


def _unit(vector: npt.NDArray[Any]) -> Vector:
    norm = float(np.linalg.norm(vector))
    out = vector / norm if norm > 0 else vector
    return np.asarray(out, dtype=np.float32)


_WORD = re.compile(r"[^\W\d_]+")


def is_complete(text: str) -> bool:
    """Whether ``text`` reads as a full declarative statement: at least four
    words, not a question, not cut off by an ellipsis."""
    stripped = text.strip()
    return (
        len(_WORD.findall(stripped)) >= 4
        and not stripped.endswith(("?", "…", "...", ","))
        and not stripped.startswith(("…", "..."))
    )


def updated_centroid(c: ClaimCentroid, text: str, vec: Vector) -> ClaimCentroid:
    """``c`` with ``text`` (embedding ``vec``) added as a member.

    The vector becomes the running mean ``(size·vector + vec) / (size + 1)``,
    renormalised to unit length. The canonical wording stays or becomes
    ``text``: a complete declarative wording (:func:`is_complete`) beats an
    incomplete one; between two of the same kind, the one closer to the new
    centroid wins (the old canonical's closeness is measured with
    ``canonical_vector``, or the old centroid when that is unknown); ties
    keep the old wording. So the canonical wording is always the member
    seen so far that is closest to the centroid among the complete ones, as
    far as one comparison per update can tell.
    """
    size = max(c.size, 0)
    mean = np.asarray(c.vector, dtype=np.float64) * size + np.asarray(vec, dtype=np.float64)
    vector = _unit(mean)
    old_vec = c.canonical_vector if c.canonical_vector is not None else c.vector
    keep = (is_complete(c.canonical), _cosine(old_vec, vector))
    new = (is_complete(text), _cosine(vec, vector))
    canonical_vector: Vector | None
    if not c.canonical.strip() or (text.strip() and new > keep):
        canonical, canonical_vector = text, np.asarray(vec, dtype=np.float32)
    else:
        canonical, canonical_vector = c.canonical, c.canonical_vector
    return ClaimCentroid(
        id=c.id,
        vector=vector,
        canonical=canonical,
        size=size + 1,
        canonical_vector=canonical_vector,
    )


def new_centroid(claim_id: int, text: str, vec: Vector) -> ClaimCentroid:
    """A one-member claim."""
    vector = _unit(np.asarray(vec, dtype=np.float64))
    return ClaimCentroid(
        id=claim_id, vector=vector, canonical=text, size=1, canonical_vector=vector
    )


# --- the score matrix and clustering -------------------------------------------


def _incidence(sets: Sequence[frozenset[str]]) -> npt.NDArray[np.float32]:
    """A 0/1 matrix, one row per set, one column per element in two or more sets."""
    counts: dict[str, int] = {}
    for s in sets:
        for x in s:
            counts[x] = counts.get(x, 0) + 1
    columns = {x: i for i, x in enumerate(sorted(x for x, n in counts.items() if n > 1))}
    matrix = np.zeros((len(sets), len(columns)), dtype=np.float32)
    for row, s in enumerate(sets):
        for x in s:
            col = columns.get(x)
            if col is not None:
                matrix[row, col] = 1.0
    return matrix


def _dice_matrix(sets: Sequence[frozenset[str]]) -> npt.NDArray[np.float64]:
    inc = _incidence(sets)
    shared = np.asarray(inc @ inc.T, dtype=np.float64)
    sizes = np.asarray([len(s) for s in sets], dtype=np.float64)
    total = sizes[:, None] + sizes[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(total > 0, 2 * shared / np.where(total > 0, total, 1), 0.0)


def score_matrix(
    texts: Sequence[str], vectors: Vectors, *, model: ScoreModel | None = None
) -> npt.NDArray[np.float64]:
    """All pairwise :func:`same_claim_score` values, as an ``(n, n)`` matrix.

    Vectorised (the same numbers as :func:`same_claim_score`, pair by pair);
    the diagonal is 1 for non-empty texts. O(n²) time and memory.
    """
    model = model or load_model()
    n = len(texts)
    terms = [claim_terms(t) for t in texts]
    cosine = np.clip(np.asarray(vectors, dtype=np.float64) @ np.asarray(vectors).T, -1, 1)
    word_dice = _dice_matrix([t.words for t in terms])
    has_entities = np.asarray([bool(t.entities) for t in terms])
    entity_missing = ~(has_entities[:, None] & has_entities[None, :])
    entity_dice = np.where(entity_missing, 0.0, _dice_matrix([t.entities for t in terms]))
    has_numbers = np.asarray([bool(t.numbers) for t in terms])
    both_numbers = has_numbers[:, None] & has_numbers[None, :]
    number_inc = _incidence([t.numbers for t in terms])
    shared_number = (number_inc @ number_inc.T) > 0
    columns = {
        "cosine": cosine,
        "word_dice": word_dice,
        "entity_dice": entity_dice,
        "entity_missing": entity_missing.astype(np.float64),
        "number_match": (both_numbers & shared_number).astype(np.float64),
        "number_conflict": (both_numbers & ~shared_number).astype(np.float64),
    }
    stacked = np.stack([columns[f] for f in FEATURES], axis=-1).reshape(n * n, len(FEATURES))
    p = model.probability(stacked).reshape(n, n)
    # Swapped roles need two shared entities: check only those pairs.
    entity_inc = _incidence([t.entities for t in terms])
    rows, cols = np.nonzero(np.triu((entity_inc @ entity_inc.T) >= 2, k=1))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if roles_swapped(terms[i], terms[j]):
            p[i, j] *= model.role_swap_factor
        if roles_swapped(terms[j], terms[i]):
            p[j, i] *= model.role_swap_factor
    empty = np.asarray([not t.strip() for t in texts])
    p[empty, :] = 0.0
    p[:, empty] = 0.0
    np.fill_diagonal(p, np.where(empty, 0.0, 1.0))
    return np.asarray(p, dtype=np.float64)


def _first_appearance(labels: Sequence[int]) -> list[int]:
    """Relabel clusters 0..k-1 in order of first appearance."""
    order: dict[int, int] = {}
    return [order.setdefault(label, len(order)) for label in labels]


def average_linkage(scores: npt.NDArray[np.float64], threshold: float) -> list[int]:
    """Average-linkage agglomerative clustering of a similarity matrix.

    Repeatedly merges the two clusters with the highest average pairwise
    score (symmetrised: the mean of ``scores`` and its transpose) while that
    average is at least ``threshold``. Deterministic: ties go to the pair
    that comes first in row-major order. O(n²) memory, O(n²) per merge.
    Labels are numbered in order of first appearance.
    """
    n = scores.shape[0]
    sim = (scores + scores.T) / 2.0
    np.fill_diagonal(sim, -np.inf)
    sizes = np.ones(n)
    labels = list(range(n))
    while n > 1:
        flat = int(np.argmax(sim))
        i, j = divmod(flat, n)
        if not sim[i, j] >= threshold:
            break
        i, j = min(i, j), max(i, j)
        merged = (sizes[i] * sim[i] + sizes[j] * sim[j]) / (sizes[i] + sizes[j])
        sim[i, :] = merged
        sim[:, i] = merged
        sim[i, i] = -np.inf
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        sizes[i] += sizes[j]
        labels = [i if label == j else label for label in labels]
    return _first_appearance(labels)


def incremental_clusters(
    texts: Sequence[str], vectors: Vectors, *, threshold: float | None = None
) -> list[int]:
    """Incremental clustering: each text joins the best existing claim
    (:func:`assign_claim`) or starts a new one, in input order; then one
    refinement pass moves every text to the best final claim it reaches the
    threshold with (texts that reach none keep their claim). O(n·k) cosines
    for k claims, lexical comparisons only for close candidates. Labels are
    numbered in order of first appearance."""
    centroids: list[ClaimCentroid] = []
    first: list[int] = []
    limit = INCREMENTAL_CANDIDATES
    matrix = np.zeros((len(texts), DIMENSIONS), dtype=np.float64)
    options: dict[str, Any] = {"threshold": threshold, "max_candidates": limit, "matrix": matrix}
    for text, vec in zip(texts, vectors, strict=True):
        found, _ = assign_claim(text, vec, centroids, **options)
        if found is None:
            found = len(centroids)
            centroids.append(new_centroid(found, text, vec))
        else:
            centroids[found] = updated_centroid(centroids[found], text, vec)
        matrix[found] = centroids[found].vector
        first.append(found)
    labels: list[int] = []
    for text, vec, label in zip(texts, vectors, first, strict=True):
        found, _ = assign_claim(text, vec, centroids, **options)
        labels.append(label if found is None else found)
    return _first_appearance(labels)


#: The packaged clustering threshold (``claim_cluster.json``).
CLUSTER_FILE = "claim_cluster.json"


@lru_cache(maxsize=1)
def cluster_threshold() -> float:
    """The default threshold of :func:`cluster`: the least average same-claim
    score for two groups to merge, chosen by cross-validation over whole
    claims on Emergent headlines (``scripts/tune_cluster_threshold.py``;
    docs/claims.md). Lower than the pair model's 0.5: headlines that report,
    hedge or deny one proposition in different words score well below a
    paraphrase, yet state the same claim."""
    try:
        return float(json.loads(read_data(CLUSTER_FILE))["threshold"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(
            f"{CLUSTER_FILE} is malformed ({exc}); rerun scripts/tune_cluster_threshold.py"
        ) from exc


def cluster_vectors(
    texts: Sequence[str], vectors: Vectors, *, threshold: float | None = None
) -> list[int]:
    """:func:`cluster` for texts whose embeddings are already known."""
    if len(texts) != len(vectors):
        raise ValueError(f"{len(texts)} texts but {len(vectors)} vectors")
    if not texts:
        return []
    limit = cluster_threshold() if threshold is None else threshold
    if len(texts) > MAX_AGGLOMERATIVE:
        return incremental_clusters(texts, vectors, threshold=limit)
    return average_linkage(score_matrix(texts, vectors), limit)


def cluster(texts: Sequence[str], *, threshold: float | None = None) -> list[int]:
    """Cluster ids for ``texts`` (claims, headlines): texts stating the same
    claim share an id. Ids are 0..k-1 in order of first appearance.

    Up to :data:`MAX_AGGLOMERATIVE` texts: average-linkage agglomeration on
    the :func:`same_claim_score` matrix, stopping when the best average score
    falls below ``threshold`` (default: :func:`cluster_threshold`)
    — deterministic and independent of input order up to exact ties; O(n²)
    memory and about O(n³) worst-case time (numpy-vectorised). Above that,
    incremental assignment with one refinement pass, O(n·k). Embeds the
    texts with MiniLM (on ONNX Runtime).
    """
    from claimgraph.learned.embeddings import embed

    return cluster_vectors(texts, embed(list(texts)), threshold=threshold)


# --- claim text from an attribution --------------------------------------------

_QUOTES = '"“”„‟«»「」『』'
_SINGLE_QUOTE = re.compile(r"(?<![^\W_])['‘’‚‛]|['‘’‚‛](?![^\W_])")
_LEADING = re.compile(r"^(?:that|whether|if)\s+", re.IGNORECASE)
_EDGE_PUNCT = " \t\n,;:—–-…"


@lru_cache(maxsize=1)
def _reference() -> re.Pattern[str]:
    """A content that only points back at a statement made elsewhere states
    no claim of its own: a statement noun (``data/claim_nouns.txt``) with a
    determiner or a possessor ("the assertion", "Shapps’ claims", "the U.S.
    official's report"), or a lone pronoun ("it", "that", "which")."""
    nouns = "|".join(sorted(data_lines("claim_nouns.txt")))
    return re.compile(
        r"^(?:(?:the|this|that|these|those|his|her|their|its|such)\s+"
        r"|(?:[\w.’'-]+\s+){0,3}[\w.’'-]+(?:’s|'s|’|')\s+)?(?:own\s+|latest\s+|earlier\s+)?"
        rf"(?:{nouns})s?$"
        r"|^(?:it|that|this|these|those|which|what|so|them)$",
        re.IGNORECASE,
    )


def claim_text(attribution: Attribution, article_text: str) -> str:
    """The claim an attribution's content states, as one string to embed.

    The content segments (discontinuous spans of a broken quote) are joined
    with a space; quotation marks are removed (double quotes everywhere,
    single quotes only at word edges, so "Russia's" keeps its apostrophe); a
    leading complementiser ("that", "whether", "if") and edge punctuation
    are dropped; whitespace is collapsed. First-person words ("we", "I")
    are kept as said: the speaker is recorded with the attribution, and
    rewriting pronouns would guess. Segment text is the segment's
    (``article_text`` is kept for callers that pass it; segments always
    carry their text).
    Content that is empty ("declined to comment") gives "", and so does a
    content that only points back at a statement made elsewhere ("without
    providing evidence of the assertion", "questioned Shapps’ claims",
    "which"): it states no claim of its own.
    """
    parts: list[str] = []
    for segment in attribution.content:
        part = " ".join(segment.text.translate({ord(q): " " for q in _QUOTES}).split())
        if part.strip(_EDGE_PUNCT):
            parts.append(part)
    # the possessive of "Shapps’ assertion" is still there
    if _reference().match(_LEADING.sub("", " ".join(parts).strip(_EDGE_PUNCT + ".!?"))):
        return ""
    # A quote's closing comma belongs to the sentence around it ("X," she
    # said), so each segment loses its edge punctuation before joining.
    parts = [" ".join(_SINGLE_QUOTE.sub(" ", p).split()).strip(_EDGE_PUNCT) for p in parts]
    return _LEADING.sub("", " ".join(p for p in parts if p)).strip()


def empty_vector() -> Vector:
    """A zero vector of the embedding size (for claims with no text)."""
    return np.zeros(DIMENSIONS, dtype=np.float32)

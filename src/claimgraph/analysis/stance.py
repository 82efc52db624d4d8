"""Stance: does a text support, refute, merely report, or ignore a claim?

``stance(claim, text)`` works on a headline, a sentence or a whole article:

- **supports** — the text itself (its author, or the text as a whole)
  asserts the claim or something that entails it;
- **refutes** — the text says the claim is false (negation, denial,
  contradiction), or reports a denial of it ("X denied that …");
- **observes** — the text reports the claim as someone else's ("Shapps said
  …", "according to Reuters …", "officials believe …"), or raises it as a
  question, without taking a position itself;
- **unrelated** — the text is not about the claim.

Each sentence of the story (text marked as boilerplate is skipped) gets a
relatedness probability ``r`` (:mod:`claimgraph.analysis.relatedness`; an
anaphoric sentence such as "We have not seen that" inherits it from the
sentences just before), a probability ``n`` that it denies the claim, and a
probability ``a`` that it reports the claim rather than asserting it
(:mod:`claimgraph.analysis.stance_signals`). Its scores are
``unrelated = 1 - r``, ``refutes = r·n``, ``observes = r·(1-n)·a`` and
``supports = r·(1-n)·(1-a)``. How the sentences decide the text's label is
:func:`aggregate`; docs/analysis.md has the rule and its measurements.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import numpy.typing as npt

from claimgraph.analysis.relatedness import RelatednessModel, features, load_relatedness_model
from claimgraph.analysis.stance_features import PairFeatures, claim_side, pair_features
from claimgraph.analysis.stance_model import MODEL_LABELS, StanceModel, load_stance_model
from claimgraph.analysis.stance_signals import (
    AUTHOR_P,
    StanceLexicon,
    anaphors,
    anchors,
    claim_keys,
    coverage,
    load_stance_lexicon,
    polarity,
    voice,
)
from claimgraph.errors import InputError
from claimgraph.extract.spans import doc_text, is_removed
from claimgraph.records import Attribution, Removed, Segment

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

Label = Literal["supports", "refutes", "observes", "unrelated"]
LABELS: tuple[Label, ...] = get_args(Label)
RELATED: tuple[Label, ...] = ("supports", "refutes", "observes")

#: A sentence with relatedness at least this is about the claim.
RELATED_THRESHOLD = 0.5
#: At most this many of the most related sentences decide an article.
MAX_EVIDENCE = 5
#: An anaphoric sentence inherits this share of the relatedness of the (up
#: to ANAPHORA_WINDOW) sentences before it.
ANAPHORA_DECAY = 0.9
ANAPHORA_WINDOW = 2
#: Cues that mark a one-sentence text as reported (attributed, hedged, asked)
#: rather than asserted: when the learned model says supports, the text
#: observes instead (the issue's definition; by-claim CV on Emergent dev
#: measured 0.608 without this rule, 0.620 with it; docs/analysis.md).
REPORTING_FEATURES = ("reporting_verb", "reported", "question", "hedge_possible")
#: A one-line text up to this long is a headline: decided as a whole.
HEADLINE_CHARS = 300
#: Longest claim accepted, in characters.
MAX_CLAIM_CHARS = 1000


@dataclass(frozen=True, slots=True)
class Stance:
    """How a text stands towards a claim.

    ``score`` is the probability of ``label`` (from ``scores``, which gives
    one for every label and sums to 1); ``evidence`` are the sentences of the
    text that decided it, as offsets into the text; ``reasons`` says for
    each evidence sentence what was found in it ("attributed; denied by
    'not'").
    """

    label: Label
    score: float
    scores: tuple[tuple[Label, float], ...]
    evidence: tuple[Segment, ...] = ()
    reasons: tuple[str, ...] = ()

    def probability(self, label: Label) -> float:
        return dict(self.scores)[label]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "score": round(self.score, 4),
            "scores": {k: round(v, 4) for k, v in self.scores},
            "evidence": [
                {**s.to_dict(), "reason": r}
                for s, r in zip(self.evidence, self.reasons, strict=True)
            ],
        }


@dataclass(frozen=True, slots=True)
class SentenceStance:
    """One sentence's stance towards the claim."""

    segment: Segment
    relatedness: float
    scores: tuple[tuple[Label, float], ...]
    reported: bool
    reason: str

    @property
    def label(self) -> Label:
        related = [(lab, p) for lab, p in self.scores if lab in RELATED]
        if self.relatedness < RELATED_THRESHOLD:
            return "unrelated"
        return max(related, key=lambda pair: pair[1])[0]

    @property
    def in_own_voice(self) -> bool:
        """The text itself asserts or denies the claim here (not reported)."""
        return self.label == "supports" or (self.label == "refutes" and not self.reported)

    def probability(self, label: Label) -> float:
        return dict(self.scores)[label]


def story_sentences(doc: Doc, removed: Sequence[Removed] = ()) -> list[Span]:
    """The sentences of ``doc`` that are story text (not blank, not removed)."""
    return [
        s
        for s in doc.sents
        if s.text.strip() and not is_removed(removed, s.start_char, s.end_char, partial=True)
    ]


def sentence_stances(
    claim: Span,
    sentences: Sequence[Span],
    cosines: npt.NDArray[np.float32],
    attributions: Sequence[Attribution],
    model: RelatednessModel,
    lex: StanceLexicon,
) -> list[SentenceStance]:
    """Classify each sentence (in text order) against the claim."""
    keys = claim_keys(claim, lex)
    results: list[SentenceStance] = []
    for i, sentence in enumerate(sentences):
        own = model.probability(features(float(cosines[i]), coverage(keys, sentence, lex)))
        before = [r.relatedness for r in results[max(0, i - ANAPHORA_WINDOW) : i]]
        inherited = ANAPHORA_DECAY * max(before, default=0.0)
        found = anaphors(sentence, lex)
        extra = found if found and inherited > own else []
        r = max(own, inherited) if extra else own
        tokens = anchors(keys, sentence, lex, extra)
        pol = polarity(keys, sentence, tokens, lex)
        said = voice(sentence, tokens, attributions, lex)
        n, a = pol.probability, said.probability
        if said.reason == "mentions" and pol.flipped:
            a = AUTHOR_P  # "The claim is false": the text denies what it mentions
        scores: tuple[tuple[Label, float], ...] = (
            ("supports", r * (1 - n) * (1 - a)),
            ("refutes", r * n),
            ("observes", r * (1 - n) * a),
            ("unrelated", 1 - r),
        )
        reason = [said.reason]
        if extra:
            reason.append("refers back to " + ", ".join(repr(t.text) for t in extra))
        if pol.cues:
            reason.append("denied by " + ", ".join(repr(c) for c in pol.cues))
        if keys.negated:
            reason.append("claim is negated")
        results.append(
            SentenceStance(
                segment=_segment(sentence),
                relatedness=r,
                scores=scores,
                reported=a >= 0.5,
                reason="; ".join(reason),
            )
        )
    return results


def aggregate(sentences: Sequence[SentenceStance]) -> Stance:
    """The text's stance from its sentences' stances.

    1. The candidates are the related sentences (relatedness ≥ 0.5), at most
       :data:`MAX_EVIDENCE` of the most related. None: **unrelated**, with the
       most related sentence as evidence.
    2. If any candidate asserts or denies the claim in the text's own voice
       (label supports, or refutes not reported), the text's stance is the
       author's: supports or refutes, whichever has the larger summed
       probability over those sentences.
    3. Otherwise every candidate is reported: all reported denials give
       **refutes**; all reports of the claim give **observes**; both (the
       text reports both sides) give **observes**, and the reported denials'
       refutes probability is counted as observes.

    ``scores`` are the relatedness-weighted mean of the deciding sentences' scores.
    """
    if not sentences:
        return Stance("unrelated", 1.0, tuple((lab, float(lab == "unrelated")) for lab in LABELS))
    ranked = sorted(sentences, key=lambda s: -s.relatedness)
    candidates = [s for s in ranked if s.label != "unrelated"][:MAX_EVIDENCE]
    if not candidates:
        return _stance("unrelated", ranked[:1])
    own = [s for s in candidates if s.in_own_voice]
    if own:
        weight = {lab: sum(s.probability(lab) for s in own) for lab in ("supports", "refutes")}
        label: Label = max(weight, key=lambda lab: weight[lab])  # type: ignore[arg-type]
        return _stance(label, [s for s in own if s.label == label])
    labels = {s.label for s in candidates}
    if labels == {"refutes"}:
        return _stance("refutes", candidates)
    return _stance("observes", candidates, fold_refutes=labels != {"observes"})


def _stance(label: Label, deciding: Sequence[SentenceStance], fold_refutes: bool = False) -> Stance:
    deciding = sorted(deciding, key=lambda s: s.segment.start)
    total = sum(s.relatedness for s in deciding) or 1.0
    mean = {
        lab: sum(s.relatedness * s.probability(lab) for s in deciding) / total for lab in LABELS
    }
    if label == "unrelated":
        mean = {lab: sum(s.probability(lab) for s in deciding) / len(deciding) for lab in LABELS}
    if fold_refutes:
        mean["observes"] += mean["refutes"]
        mean["refutes"] = 0.0
    scores = tuple((lab, mean[lab]) for lab in LABELS)
    return Stance(
        label=label,
        score=mean[label],
        scores=scores,
        evidence=tuple(s.segment for s in deciding),
        reasons=tuple(s.reason for s in deciding),
    )


def _segment(span: Span) -> Segment:
    text = span.text
    stripped = text.rstrip()
    start = span.start_char + (len(stripped) - len(stripped.lstrip()))
    end = span.start_char + len(stripped)
    return Segment(start, end, doc_text(span.doc)[start:end])


def decide(
    claim_doc: Doc,
    doc: Doc,
    vectors: npt.NDArray[np.float32],
    model: RelatednessModel,
    lex: StanceLexicon,
) -> Stance:
    """The stance of ``doc`` towards ``claim_doc`` (both parsed by the claimgraph
    pipeline); ``vectors`` are the embeddings of the claim and then of each of
    ``story_sentences(doc, doc._.removed)``."""
    sentences = story_sentences(doc, doc._.removed or ())
    cosines = vectors[1:] @ vectors[0]
    results = sentence_stances(
        claim_doc[:], sentences, cosines, doc._.attributions or (), model, lex
    )
    return aggregate(results)


@lru_cache(maxsize=1)
def _nlp() -> Language:
    """The light pipeline (parse, no entities) the learned features need."""
    from claimgraph.analysis.text_api import light_nlp

    return light_nlp()


#: Gives the claimgraph pipeline with the rules extractor, for texts of
#: several sentences. The caller passes it (``claimgraph.stance`` passes
#: :func:`claimgraph.nlp.pipeline.rules_nlp`): analysis loads no pipeline.
RulesNlp = Callable[[], "Language"]


def stance(claim: str, text: str, *, rules_nlp: RulesNlp) -> Stance:
    """How ``text`` (a headline, a sentence or a whole article) stands towards
    ``claim``: supports, refutes, observes or unrelated, with a score and the
    deciding sentences as evidence.

    The spaCy pipeline and the sentence encoder are loaded on the first call
    and reused. Raises :class:`~claimgraph.errors.InputError` for an empty or
    overlong claim or an empty or overlong text, and
    :class:`~claimgraph.errors.MissingExtraError` where ONNX Runtime or
    ``tokenizers`` (dependencies of claimgraph) is missing.
    """
    return stance_many([(claim, text)], rules_nlp=rules_nlp)[0]


def stance_many(
    pairs: Sequence[tuple[str, str]], *, rules_nlp: RulesNlp, batch_size: int = 64
) -> list[Stance]:
    """:func:`stance` for many ``(claim, text)`` pairs, parsed and embedded in
    batches (each distinct claim and text once): much faster than one call
    per pair.

    A text of one sentence, or a one-line headline of a few sentences whose
    later sentences do not point back, is decided by the learned
    model (:mod:`claimgraph.analysis.stance_model`) over the features of
    :mod:`claimgraph.analysis.stance_features`, the whole text as evidence.
    A text of several sentences (a paragraph, an article) is decided sentence
    by sentence with the extractor's attributions, anaphora and boilerplate
    removal, and :func:`aggregate` (:func:`sentence_stances`).
    """
    from claimgraph.settings import Settings

    limit = Settings.from_env().max_bytes
    checked = [(_check_claim(claim), _check_text(text, limit)) for claim, text in pairs]
    units = pair_units(checked, batch_size=batch_size)
    model = load_stance_model()
    short = [i for i, u in enumerate(units) if u.sentences <= 1]
    rows = np.asarray([units[i].features.values for i in short], dtype=np.float64)
    probs = model.probabilities(rows) if short else np.zeros((0, len(MODEL_LABELS)))
    results: dict[int, Stance] = {}
    for k, i in enumerate(short):
        unit = units[i]
        results[i] = aggregate([_learned_sentence(unit, probs[k], rows[k], model)])
    long = [i for i in range(len(units)) if i not in results]
    decided = _rule_stances([checked[i] for i in long], batch_size, rules_nlp)
    for i, result in zip(long, decided, strict=True):
        results[i] = result
    return [results[i] for i in range(len(units))]


def _rule_stances(
    pairs: Sequence[tuple[str, str]], batch_size: int, rules_nlp: RulesNlp
) -> list[Stance]:
    """Texts of several sentences: each sentence scored by the hand-set rules
    (:func:`sentence_stances`), then :func:`aggregate`."""
    from claimgraph.learned.embeddings import embed

    if not pairs:
        return []
    nlp = rules_nlp()
    claim_docs = list(nlp.pipe((c for c, _ in pairs), batch_size=batch_size))
    docs = list(nlp.pipe((t for _, t in pairs), batch_size=batch_size))
    sentences = [story_sentences(d, d._.removed or ()) for d in docs]
    flat = [c for c, _ in pairs] + [s.text.strip() for ss in sentences for s in ss]
    vectors = embed(flat, batch_size=batch_size)
    claims, rest = vectors[: len(pairs)], vectors[len(pairs) :]
    results, offset = [], 0
    model, lex = load_relatedness_model(), load_stance_lexicon()
    for i, (claim_doc, doc) in enumerate(zip(claim_docs, docs, strict=True)):
        n = len(sentences[i])
        stacked = np.vstack([claims[i : i + 1], rest[offset : offset + n]])
        results.append(decide(claim_doc, doc, stacked, model, lex))
        offset += n
    return results


@dataclass(frozen=True, slots=True)
class PairUnit:
    """A pair's text as one unit: its segment, its features and how many
    story sentences it has."""

    segment: Segment
    features: PairFeatures
    sentences: int


def pair_units(pairs: Sequence[tuple[str, str]], *, batch_size: int = 64) -> list[PairUnit]:
    """Parse and embed ``(claim, text)`` pairs (each distinct claim and text
    once) and compute the features of each text as a whole."""
    from claimgraph.learned.embeddings import embed

    nlp = _nlp()
    lex = load_stance_lexicon()
    claims = list(dict.fromkeys(c for c, _ in pairs))
    texts = list(dict.fromkeys(t for _, t in pairs))
    claim_docs = nlp.pipe(claims, batch_size=batch_size)
    sides = {c: claim_side(d[:], lex) for c, d in zip(claims, claim_docs, strict=True)}
    text_docs = dict(zip(texts, nlp.pipe(texts, batch_size=batch_size), strict=True))
    vectors = embed(claims + [t.strip() for t in texts], batch_size=batch_size)
    claim_vec = {c: vectors[i] for i, c in enumerate(claims)}
    text_vec = {t: vectors[len(claims) + i] for i, t in enumerate(texts)}
    out: list[PairUnit] = []
    for claim, text in pairs:
        doc = text_docs[text]
        cosine = float(np.dot(claim_vec[claim], text_vec[text]))
        features = pair_features(sides[claim], doc[:], cosine, lex)
        out.append(PairUnit(_segment(doc[:]), features, _units_needed(text, doc, lex)))
    return out


def _units_needed(text: str, doc: Doc, lex: StanceLexicon) -> int:
    """1 when the text can be decided as a whole by the learned model: one
    story sentence, or a one-line headline of at most :data:`HEADLINE_CHARS`
    characters whose later sentences do not point back ("… We have not seen
    that"); else its number of story sentences (the rules decide)."""
    sentences = story_sentences(doc)
    if len(sentences) <= 1:
        return len(sentences)
    headline = len(text) <= HEADLINE_CHARS and "\n" not in text.strip()
    if headline and not any(anaphors(s, lex) for s in sentences[1:]):
        return 1
    return len(sentences)


def _learned_sentence(
    unit: PairUnit,
    probs: npt.NDArray[np.float64],
    row: npt.NDArray[np.float64],
    model: StanceModel,
) -> SentenceStance:
    feats = unit.features
    p = {label: float(probs[MODEL_LABELS.index(label)]) for label in LABELS}
    reported = [k for k in REPORTING_FEATURES if k in feats.cues]
    voice_rule = bool(reported) and max(p, key=lambda lab: p[lab]) == "supports"
    if voice_rule:  # attributed, hedged or asked: the text does not assert it
        p["supports"], p["observes"] = p["observes"], p["supports"]
    scores: tuple[tuple[Label, float], ...] = tuple((label, p[label]) for label in LABELS)
    best = max(scores, key=lambda pair: pair[1])[0]
    reason = [
        f"{name}: " + ", ".join(repr(w) for w in feats.cues[name])
        if name in feats.cues
        else f"{name} {feats.as_dict()[name]:.2f}"
        for name, _ in model.explain(row, "supports" if voice_rule else best, top=6)
        if feats.as_dict()[name] != 0.0  # a cue that fired, or a similarity
    ][:3]
    if voice_rule:
        reason = [f"reported, not asserted ({', '.join(reported)}) over: " + "; ".join(reason)]
    return SentenceStance(
        segment=unit.segment,
        relatedness=1.0 - p["unrelated"],
        scores=scores,
        reported=bool(reported),
        reason="learned: " + ("; ".join(reason) or "no cue"),
    )


def _check_claim(claim: str) -> str:
    claim = claim.strip()
    if not claim:
        raise InputError("the claim is empty: give the statement to check, e.g. 'It rained'")
    if len(claim) > MAX_CLAIM_CHARS:
        raise InputError(
            f"the claim is {len(claim)} characters long; give one statement "
            f"(at most {MAX_CLAIM_CHARS} characters)"
        )
    return claim


def _check_text(text: str, limit: int) -> str:
    if not any(ch.isalnum() for ch in text):
        raise InputError("the text is empty: give the headline, sentence or article to compare")
    if len(text.encode("utf-8", errors="replace")) > limit:
        raise InputError(
            f"the text is larger than {limit} bytes; shorten it or raise CLAIMGRAPH_MAX_BYTES"
        )
    return text

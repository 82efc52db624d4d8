"""Does an attribution state a claim a reader would accept?

A claim in the corpus store is a proposition: something is said to be the
case. Many attributions that extraction rightly finds do not state one:

- a **reporter's evaluation** of what was said: "Shapps said *without
  providing evidence of* the assertion" (a cue that starts with "without");
- a **speaker-less fragment**: "intelligence *showing* the direct supply of
  combat equipment" (no source and no speaker);
- **"we" or "I" resolved to nobody**: "than *we* believed possible", quoted
  from a speaker the article does not name;
- a content that is **not a clause**: the bare object of a verb that is not
  a speech verb ("China *backing* Russia's war effort", "Beijing has not
  *condemned* Russia's invasion", "*positioning* itself as a neutral party"),
  a noun phrase ("Trump's finances", "Immigration"), an infinitive with no
  subject ("to ban all Muslims"), a relative clause cut from its noun
  ("which she was doing when ...") or a clause too short to say anything
  ("he questions").

:func:`source_problem` decides the first three from the attribution as the
output contract gives it; :func:`clause_problem` the last from a spaCy parse
of the claim text (:func:`claimgraph.graph.claims.claim_text`). Each returns
``None`` when the attribution states a claim, else a short reason (one of
:data:`REASONS`). :func:`claim_check` is the automatic check reported on
real corpora: at least four words and a verb.

Pure functions: the caller parses (a store loads the base spaCy model once
and parses each distinct claim text).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from claimgraph.records import Attribution
from spacy.tokens import Doc, Span, Token

#: The reasons an attribution states no claim.
REASONS: Final = (
    "evaluation",
    "negated-cue",
    "no-speaker",
    "unresolved-first-person",
    "not-a-clause",
    "relative-clause",
    "too-short",
    "pronoun-subject",
    "embedded-question",
)

#: Finite verb tags (Penn): a clause with one of these is tensed.
FINITE_TAGS: Final = frozenset({"VBD", "VBZ", "VBP", "MD"})
SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
FIRST_PERSON: Final = frozenset({"i", "we", "us", "me", "our", "my", "ours"})
RELATIVE_STARTS: Final = frozenset({"which", "who", "whom", "whose", "where", "whereby"})
#: Words that open an embedded question ("how black life has been
#: impacted", "what we're changing"): it names a question, not an answer.
WH_STARTS: Final = frozenset({"how", "what", "why", "when"})
#: Subjects that point back at something said before ("it is a significant
#: development"); "it" with a clause of its own ("it is clear that ...") does not.
POINTING_SUBJECTS: Final = frozenset({"it", "this", "that"})
CLAUSAL_DEPS: Final = frozenset({"ccomp", "xcomp", "csubj", "csubjpass"})
#: The copula: only "it is ..."/"that was ..." evaluate what was said before;
#: "it is shipping engines" has "it" for a speaker or a thing named before.
BE_FORMS: Final = frozenset({"be", "is", "was", "are", "were", "'s", "’s", "been", "being"})
#: The fewest words a clause needs to state a claim ("he questions" does not).
MIN_WORDS: Final = 3
#: The automatic check: at least this many words, and a verb.
CHECK_WORDS: Final = 4

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def source_problem(attribution: Attribution) -> str | None:
    """Why this attribution, whatever its content, states no claim; or ``None``.

    - ``evaluation``: its cue starts with "without" ("without providing
      evidence of"): the reporter's remark about a claim, not a claim;
    - ``negated-cue``: the cue is negated and the attribution asserts
      nothing ("did not mention", "has not said";
      :func:`claimgraph.analysis.acts.negated_cue`); a negated belief verb
      that denies ("I don't think ...") is judged by its content;
    - ``no-speaker``: no source text and no speaker name;
    - ``unresolved-first-person``: the source is "we"/"I" (or another
      first-person word) and the speaker has no name.

    A declined comment (no content) is not judged here: it states no claim
    but is still a member of the claim it declines to comment on.
    """
    cue = " ".join(s.text for s in attribution.cue).strip().lower()
    if cue.startswith("without"):
        return "evaluation"
    if attribution.negated and attribution.stance == "asserts":
        return "negated-cue"
    source = " ".join(" ".join(s.text for s in attribution.source).split())
    speaker = attribution.speaker
    name = (speaker.name or "").strip() if speaker else ""
    if not source and not name:
        return "no-speaker"
    if not name or name.lower() in FIRST_PERSON:
        words = {w.lower() for w in _WORD.findall(source)}
        if words and words <= FIRST_PERSON:
            return "unresolved-first-person"
    return None


def _finite(token: Token) -> bool:
    if token.tag_ in FINITE_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in token.children)


def _states(sentence: Span) -> bool:
    """Whether the sentence's root is a tensed clause with a subject (or a
    coordinated tensed clause has one: "Trump lies and Clinton knows it")."""
    root = sentence.root
    heads = [root, *(c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))]
    return any(_finite(h) and any(c.dep_ in SUBJECT_DEPS for c in h.children) for h in heads)


def clause_problem(doc: Doc) -> str | None:
    """Why the parsed claim text ``doc`` states no claim; or ``None``.

    - ``relative-clause``: it starts with a relative word ("which", "who")
      and is not a question: the rest of a relative clause cut from the
      noun it modifies;
    - ``too-short``: fewer than :data:`MIN_WORDS` words;
    - ``embedded-question``: it starts with "how", "what", "why" or "when"
      modifying its main verb and is not a question ("how black life has
      been impacted by racism", "what we're changing"; not "What has
      happened is this" nor "When I was young, we had jobs");
    - ``not-a-clause``: no sentence whose root is a tensed verb with a
      subject (a noun phrase, a gerund or infinitive phrase, "China backing
      Russia's war effort", "to ban all Muslims"). A relative clause inside
      a noun phrase does not count ("the United States for steps, which
      pose a threat");
    - ``pronoun-subject``: the first sentence's root is the copula, its
      subject "it", "this" or "that", and it has no clause of its own ("it
      is a significant development", not "it is clear that ..." nor "it is
      shipping engines"): it points back at what was
      said before (a store joins it to the speaker's previous claim in the
      article, if any).
    """
    words = [t for t in doc if _WORD.fullmatch(t.text)]
    if not words:
        return "not-a-clause"
    text = doc.text.strip()
    if words[0].lower_ in RELATIVE_STARTS and not text.endswith("?"):
        return "relative-clause"
    if len(words) < MIN_WORDS:
        return "too-short"
    sentences = list(doc.sents)
    first = doc[0]
    question = sentences[0].text.strip().strip("\"'“”‘’").endswith("?")
    if first.lower_ in WH_STARTS and first.head == sentences[0].root and not question:
        return "embedded-question"
    if not any(_states(s) for s in sentences):
        return "not-a-clause"
    if _points_back(sentences[0]):
        return "pronoun-subject"
    return None


def _points_back(sentence: Span) -> bool:
    root = sentence.root
    subjects = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return (
        root.lower_ in BE_FORMS
        and len(subjects) == 1
        and subjects[0].lower_ in POINTING_SUBJECTS
        and not any(c.dep_ in CLAUSAL_DEPS for c in root.children)
    )


def claim_check(doc: Doc) -> bool:
    """The automatic check of a claim's wording: at least :data:`CHECK_WORDS`
    words and a verb (a token tagged ``VERB`` or ``AUX``)."""
    words = [t for t in doc if _WORD.fullmatch(t.text)]
    return len(words) >= CHECK_WORDS and any(t.pos_ in ("VERB", "AUX") for t in doc)

"""Token features for the attribution tagger (pure functions over a ``Doc``).

A PolNeAR annotation is a tag sequence (each token is in at most one
attribution role), so the learned model tags tokens with BIO labels for
source, cue and content. Sequences are paragraphs: contents and their
quotations rarely cross a paragraph break.

Features combine the parse (lemma, part of speech, dependency, the path to
the nearest governing cue verb), the cue lexicon's train rates, quotation
marks, and the rule-based extractor's own output (its univocal projection),
so the model learns where the rules are right and where their boundaries
are off.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from claimgraph.extract.lexicon import Lexicon
from claimgraph.extract.quotes import find_quotes
from claimgraph.extract.spans import doc_text
from claimgraph.extract.univocal import HasRoles

ROLES = ("source", "cue", "content")
ROLE_TAG = {"source": "SRC", "cue": "CUE", "content": "CON"}


def paragraphs(doc: Doc) -> list[list[int]]:
    """Token indices of each paragraph, whitespace tokens left out."""
    out: list[list[int]] = []
    current: list[int] = []
    for tok in doc:
        if tok.is_space:
            if "\n" in tok.text and current:
                out.append(current)
                current = []
            continue
        current.append(tok.i)
        if "\n" in tok.whitespace_ and current:
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def role_tags(doc: Doc, attributions: Sequence[HasRoles]) -> list[str]:
    """BIO tags (``B-SRC``, ``I-CON``, ``O`` …) of each token for ``attributions``.

    A token takes the role of the first attribution (in the given order)
    whose segment covers its first character; a new segment starts a ``B``.
    """
    tags = ["O"] * len(doc)
    for att in attributions:
        for role in ROLES:
            for seg in getattr(att, role):
                first = True
                for tok in _tokens_in(doc, seg.start, seg.end):
                    if tags[tok.i] != "O":
                        first = True
                        continue
                    tags[tok.i] = ("B-" if first else "I-") + ROLE_TAG[role]
                    first = False
    return tags


def _tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if not t.is_space]


def doc_features(doc: Doc, rule_tags: Sequence[str], lexicon: Lexicon) -> list[list[str]]:
    """The per-token features of every token of ``doc`` (computed once per doc)."""
    quoted = _quoted_tokens(doc)
    governing = _governing_cues(doc, lexicon)
    return [
        _token_features(tok, rule_tags[tok.i], tok.i in quoted, governing[tok.i], lexicon)
        + _argument_features(tok, lexicon)
        for tok in doc
    ]


def sequence_features(
    doc: Doc, indices: Sequence[int], rule_tags: Sequence[str], base: Sequence[list[str]]
) -> list[list[str]]:
    """CRFsuite feature strings for the tokens ``indices``: each token's own
    features (``base``, from :func:`doc_features`) and a ±2 window, each
    string once."""
    window = [
        (f"low={doc[i].lower_}", f"pos={doc[i].pos_}", f"rule={rule_tags[i]}") for i in indices
    ]
    out: list[list[str]] = []
    n = len(indices)
    for k in range(n):
        feats = list(base[indices[k]])
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < n:
                feats.extend(f"{off}:{w}" for w in window[j])
            else:
                feats.append(f"{off}:edge")
        if k == 0:
            feats.append("para_start")
        # each feature once: CRFsuite would sum a repeated string (two "prep"
        # children count twice), which measured worse on dev
        out.append(list(dict.fromkeys(feats)))
    return out


def _token_features(
    tok: Token, rule_tag: str, quoted: bool, governing: tuple[str, str], lexicon: Lexicon
) -> list[str]:
    lemma = tok.lemma_.lower()
    rate = lexicon.rate(lemma) if tok.pos_ in ("VERB", "NOUN") else 0.0
    anc_dep, anc_lemma = governing
    feats = [
        "bias",
        f"low={tok.lower_}",
        f"lemma={lemma}",
        f"pos={tok.pos_}",
        f"tag={tok.tag_}",
        f"dep={tok.dep_}",
        f"head_lemma={tok.head.lemma_.lower()}",
        f"head_dep={tok.head.dep_}",
        f"shape={tok.shape_}",
        f"suffix={tok.lower_[-3:]}",
        f"ent={tok.ent_type_ or '-'}",
        f"rule={rule_tag}",
        f"rule_role={rule_tag[2:] if rule_tag != 'O' else 'O'}",
        f"quoted={quoted}",
        f"cue_rate={min(int(rate * 10), 9)}",
        f"anc_dep={anc_dep}",
        f"anc_dep_rule={anc_dep}|{rule_tag[2:] if rule_tag != 'O' else 'O'}",
        f"anc_lemma={anc_lemma}",
        f"sent_start={tok.is_sent_start}",
    ]
    if tok.is_punct:
        feats.append(f"punct={tok.text}")
    return feats


#: Children that tell an attitude predicate ("supports the plan", "said that …").
_ARGUMENT_DEPS = frozenset({"ccomp", "xcomp", "dobj", "prep", "advcl"})
#: Children left out of the dependency signature of a predicate.
_FUNCTION_DEPS = frozenset({"punct", "det", "aux", "cc"})


def _rate_bucket(rate: float) -> str:
    """The cue lexicon's train rate of a lemma in five bins (0 = never a cue)."""
    if rate == 0:
        return "0"
    return "1" if rate < 0.1 else "2" if rate < 0.3 else "3" if rate < 0.6 else "4"


def _argument_features(tok: Token, lexicon: Lexicon) -> list[str]:
    """Argument structure: for a predicate, its dependants (who is the
    subject, is there a clausal complement, with which complementiser); for
    every token, the label under which it hangs from its nearest verb and that
    verb's cue rate, and the first steps of that path. Lets the tagger judge
    attitude predicates whose lemma is rare as a cue in train. (A verb at
    the root of its sentence is its own nearest verb, under ``ROOT``.)"""
    feats: list[str] = []
    if tok.pos_ in ("VERB", "NOUN", "ADJ"):
        deps = sorted({c.dep_ for c in tok.children if c.dep_ not in _FUNCTION_DEPS})
        feats.append("children=" + "+".join(deps[:6]))
        rate = _rate_bucket(lexicon.rate(tok.lemma_.lower()))
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass", "agent"):
                kind = child.ent_type_ or child.pos_
                feats.append(f"subject={child.dep_}:{kind}")
                feats.append(f"subject_rate={rate}:{kind}")
            if child.dep_ in _ARGUMENT_DEPS:
                feats.append(f"argument={child.dep_}")
            if child.dep_ == "ccomp":
                marks = [m.lower_ for m in child.children if m.dep_ == "mark"]
                feats.append("ccomp_mark=" + (marks[0] if marks else "-"))
            if child.dep_ == "prep":
                feats.append(f"prep={child.lower_}")
    path: list[str] = []
    node = tok
    for _ in range(6):
        path.append(node.dep_)
        head = node.head
        if head.pos_ == "VERB":  # a root verb is its own nearest verb (label ROOT)
            feats.append(f"verb_anc={path[-1]}|{_rate_bucket(lexicon.rate(head.lemma_.lower()))}")
            feats.append(f"verb_path={'/'.join(path[:3])}")
            break
        if head.i == node.i:
            break
        node = head
    return feats


def _governing_cues(doc: Doc, lexicon: Lexicon) -> list[tuple[str, str]]:
    """For each token, the dependency label under which it hangs from its
    nearest ancestor cue verb (``nsubj``, ``ccomp`` …; ``self`` for the verb
    itself) and that verb's lemma; ``("none", "-")`` when no ancestor is a cue.
    Memoised along the tree, so linear in the document."""
    is_cue = [t.pos_ == "VERB" and lexicon.is_cue(t.lemma_) for t in doc]
    memo: dict[int, tuple[str, str]] = {}

    def resolve(i: int, depth: int = 0) -> tuple[str, str]:
        if i in memo:
            return memo[i]
        tok = doc[i]
        if is_cue[i]:
            result = ("self", tok.lemma_.lower())
        else:
            head = tok.head.i
            if head == i or depth > 40:
                result = ("none", "-")
            elif is_cue[head]:
                result = (tok.dep_, doc[head].lemma_.lower())
            else:
                result = resolve(head, depth + 1)
        memo[i] = result
        return result

    return [resolve(t.i) for t in doc]


def _quoted_tokens(doc: Doc) -> set[int]:
    out: set[int] = set()
    for q in find_quotes(doc_text(doc)):
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is not None:
            out.update(t.i for t in span)
    return out

"""Output formats: JSON, JSON Lines, a readable text ledger, and brat standoff.

Every function here is pure: it takes analysed articles and returns a
string; writing it anywhere is the caller's job (write UTF-8: JSON output
keeps non-ASCII characters as they are). The JSON object is the public
output contract, documented field by field in ``docs/output-contract.md``:
:func:`article_to_dict` is :meth:`AnalyzedArticle.to_dict` with
``schema_version`` and ``claimgraph_version`` added in front.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata
from typing import Any

import click

from claimgraph.records import AnalyzedArticle, Attribution, Segment, Speaker

#: Version of the output contract. Minor bumps add fields; a major bump
#: would remove or change one (see docs/output-contract.md).
SCHEMA_VERSION = "1.3"
#: How many characters of content the text ledger shows before "…".
TEXT_EXCERPT = 160

# characters str.splitlines() breaks on: a brat fragment may not contain them
_FRAGMENT = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")


@lru_cache(maxsize=1)
def claimgraph_version() -> str:
    """The installed claimgraph version, or ``0+unknown`` when not installed."""
    try:
        return metadata.version("claimgraph")
    except metadata.PackageNotFoundError:
        return "0+unknown"


# --------------------------------------------------------------------------
# JSON


def article_to_dict(article: AnalyzedArticle) -> dict[str, Any]:
    """The contract object of one article: versions first, then its fields."""
    return {
        "schema_version": SCHEMA_VERSION,
        "claimgraph_version": claimgraph_version(),
        **article.to_dict(),
    }


def to_json(articles: Sequence[AnalyzedArticle], *, indent: int | None = 2) -> str:
    """``--format json``: one article gives one JSON object; any other number
    (several, or none when every input failed) gives a JSON array of them.

    Returned without a trailing newline.
    """
    objects = [article_to_dict(a) for a in articles]
    value: Any = objects[0] if len(objects) == 1 else objects
    return json.dumps(value, ensure_ascii=False, indent=indent)


def to_jsonl(article: AnalyzedArticle) -> str:
    """``--format jsonl``: the article's object on one line (no trailing newline)."""
    return json.dumps(article_to_dict(article), ensure_ascii=False, separators=(",", ":"))


# --------------------------------------------------------------------------
# text ledger


def to_text(article: AnalyzedArticle, *, color: bool = False) -> str:
    """``--format text``: a readable ledger of the article's attributions.

    A header (id, title, origin), then each attribution numbered with its
    kind, speaker, cue, content (shortened with "…") and source, with their
    offsets, then the spans marked as not story. ``color`` adds ANSI styles.
    """
    a = article.article

    def bold(s: str) -> str:
        return click.style(s, bold=True) if color else s

    def dim(s: str) -> str:
        return click.style(s, dim=True) if color else s

    lines = [bold(f"== {a.id} ==")]
    if a.title:
        lines.append(f"title:  {a.title}")
    details = [a.origin, a.format, a.url, a.published, a.site]
    lines.append(dim("from:   " + " · ".join(d for d in details if d)))
    count = len(article.attributions)
    lines.append(f"{count} attribution{'' if count == 1 else 's'}")
    for number, attribution in enumerate(article.attributions, start=1):
        lines.append("")
        lines.extend(_attribution_lines(number, attribution, bold, dim))
    if article.removed:
        lines.append("")
        lines.append(bold("Marked as not story:"))
        for r in article.removed:
            excerpt = shorten(a.text[r.start : r.end], 60)
            lines.append(f"  {r.kind} {r.start}–{r.end} {excerpt!r}")
    return "\n".join(lines)


def _attribution_lines(number: int, x: Attribution, bold: Any, dim: Any) -> list[str]:
    head = f"{number:>2}. {x.kind}"
    tags = [x.id] + ([f"rule {x.rule}"] if x.rule else [])
    if x.confidence is not None:
        tags.append(f"confidence {x.confidence:.2f}")
    lines = [bold(head) + dim(f"  [{', '.join(tags)}]")]
    lines.append(f"    speaker: {_speaker_text(x.speaker, x.source)}")
    lines.append(f"    cue:     {_segments_text(x.cue)}")
    lines.append(f"    content: {_segments_text(x.content, TEXT_EXCERPT)}")
    lines.append(f"    source:  {_segments_text(x.source)}")
    lines.append(f"    stance:  {_analysis_text(x)}")
    if x.evidence.spans:
        lines.append(
            f"    evidence: {x.evidence.status}: "
            + "; ".join(f"{s.kind} {shorten(s.text, 60)!r}" for s in x.evidence.spans)
        )
    if x.via:
        chain = " ← ".join(f"{v.name or v.text} ({v.relation})" for v in x.via)
        lines.append(f"    via:     {chain}")
    if x.disputes:
        lines.append(f"    disputes: {', '.join(x.disputes)}")
    if x.disputed_by:
        lines.append(f"    disputed by: {', '.join(x.disputed_by)}")
    if x.parent:
        lines.append(f"    inside:  {x.parent}")
    return lines


def _analysis_text(x: Attribution) -> str:
    text: str = x.stance + (" (cue negated)" if x.negated else "")
    if x.certainty is not None:
        text += f", certainty {x.certainty.level}"
        if x.certainty.cues:
            text += " (" + ", ".join(repr(c.text) for c in x.certainty.cues) + ")"
    return text


def _speaker_text(speaker: Speaker | None, source: Sequence[Segment]) -> str:
    if speaker is None:
        return "(unknown)" if not source else f"(unresolved) {_joined(source)!r}"
    who = speaker.name or speaker.mention
    about = [v for v in (speaker.title, speaker.affiliation, speaker.nationality) if v]
    about.append(speaker.type + (f", {speaker.country}" if speaker.country else ""))
    if speaker.seniority:
        about.append(speaker.seniority)
    if speaker.descriptor and not about:
        about.append(speaker.descriptor)
    text = who + (f" ({'; '.join(about)})" if about else "")
    if speaker.name and speaker.mention != speaker.name:
        text += f', as "{speaker.mention}"'
    return text


def _segments_text(segments: Sequence[Segment], limit: int = 80) -> str:
    if not segments:
        return "—"
    offsets = ", ".join(f"{s.start}–{s.end}" for s in segments)
    return f"{shorten(_joined(segments), limit)!r} {offsets}"


def _joined(segments: Sequence[Segment]) -> str:
    return " … ".join(s.text for s in segments)


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to at most ``limit`` characters at a word
    boundary with "…" (mid-word only when one word fills most of the limit).

    >>> shorten("a defense production cycle", 20)
    'a defense…'
    """
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - 1]
    if flat[limit - 1] != " ":
        # the cut falls inside a word: drop that word when a boundary is
        # not too far back (else a long URL or word would vanish whole)
        space = head.rfind(" ")
        if space >= limit // 2:
            head = head[:space]
    return head.rstrip(" ,;:—–-") + "…"


# --------------------------------------------------------------------------
# brat standoff


def to_brat(article: AnalyzedArticle, *, discard: bool = True) -> str:
    """``--format brat``: a PolNeAR-style brat standoff ``.ann`` for the article.

    For each attribution: ``T`` lines for its ``Source``, ``Cue`` and
    ``Content`` (missing roles omitted), an ``Attribution`` trigger ``T`` on
    the cue span (on the content, then the source, when there is no cue),
    and an event ``E{n}\\tAttribution:T.. Content:T.. Cue:T.. Source:T..``.
    As in PolNeAR, an attribution with no source is labelled
    ``Attribution-no-source``. With ``discard``, removed spans are added as
    ``Discard`` ``T`` lines (PolNeAR's label for non-story text).

    Offsets refer to the article's ``text`` (write it beside the ``.ann`` as
    the ``.txt``). A segment that crosses a line break is split into
    fragments at the break (``s e;s e``), as brat requires; the text column
    joins the fragments with a space. Ends with a newline unless empty.
    """
    lines: list[str] = []
    t_count = 0

    def add_t(label: str, fragments: Sequence[tuple[int, int, str]]) -> str:
        nonlocal t_count
        t_count += 1
        offsets = ";".join(f"{s} {e}" for s, e, _ in fragments)
        text = " ".join(t for _, _, t in fragments)
        lines.append(f"T{t_count}\t{label} {offsets}\t{text}")
        return f"T{t_count}"

    for e_count, x in enumerate(article.attributions, start=1):
        roles = {
            "Source": _fragments(x.source),
            "Cue": _fragments(x.cue),
            "Content": _fragments(x.content),
        }
        anchor = roles["Cue"] or roles["Content"] or roles["Source"]
        if not anchor:
            continue
        label = "Attribution" if roles["Source"] else "Attribution-no-source"
        ids = {role: add_t(role, frags) for role, frags in roles.items() if frags}
        trigger = add_t(label, anchor)
        args = " ".join(
            f"{role}:{ids[role]}" for role in ("Content", "Cue", "Source") if role in ids
        )
        lines.append(f"E{e_count}\t{label}:{trigger} {args}")
    if discard:
        text = article.article.text
        for r in article.removed:
            frags = _fragments((Segment(r.start, r.end, text[r.start : r.end]),))
            if frags:
                add_t("Discard", frags)
    return "".join(line + "\n" for line in lines)


def _fragments(segments: Sequence[Segment]) -> list[tuple[int, int, str]]:
    """Split segments at line breaks; drop whitespace-only pieces."""
    out: list[tuple[int, int, str]] = []
    for seg in segments:
        for m in _FRAGMENT.finditer(seg.text):
            if m.group().strip():
                out.append((seg.start + m.start(), seg.start + m.end(), m.group()))
    return out


def brat_conf() -> str:
    """An ``annotation.conf`` declaring the labels :func:`to_brat` writes.

    Put it in the brat collection folder (or import it into INCEpTION) so
    the output opens there.
    """
    return (
        "# claimgraph brat output (PolNeAR labels)\n"
        "[entities]\n"
        "Source\n"
        "Cue\n"
        "Content\n"
        "Discard\n"
        "\n"
        "[relations]\n"
        "<OVERLAP>\tArg1:<ANY>, Arg2:<ANY>, <OVL-TYPE>:<ANY>\n"
        "\n"
        "[events]\n"
        "Attribution\tSource?:Source, Cue?:Cue, Content?:Content\n"
        "Attribution-no-source\tCue?:Cue, Content?:Content\n"
        "\n"
        "[attributes]\n"
    )

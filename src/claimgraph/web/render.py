"""From analysed-article records to escaped HTML: pure functions, no I/O.

:func:`pieces` cuts an article's text at every boundary of every
attribution segment and removed span, so overlapping and nested spans
become a flat run of pieces, each knowing which attributions (and in which
role) cover it. :func:`article_html` writes those pieces as HTML in which
every character of the article, and every value taken from it, is escaped:
the article is untrusted input and is always displayed as text.

:func:`attribution_view` gives the plain-text display fields of one
:class:`~claimgraph.records.Attribution` (the contract dicts of any 1.x
schema are read into records at the edge, by :mod:`claimgraph.records.parse`,
with the defaults it documents). :func:`article_view` is what the article
templates show: the HTML, the ledger and the removed spans.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from claimgraph.records import Attribution, Removed, Segment

ROLES = ("source", "cue", "content")

STANCE_LABELS = {
    "asserts": "asserts",
    "denies": "denies",
    "questions": "questions",
    "declines_to_comment": "declines to comment",
}
EVIDENCE_LABELS = {
    "cited": "evidence cited",
    "none_given": "no evidence given",
    "not_stated": "evidence not stated",
}
RELATION_LABELS = {
    "quoted_by": "quoted by",
    "reported_by": "reported by",
    "citing": "citing",
    "according_to": "according to",
    "told": "told",
    "interview": "in an interview with",
    "quoted_as_saying": "quoted as saying",
}
REMOVED_LABELS = {
    "update_note": "update note",
    "appeal": "appeal",
    "byline": "byline",
    "read_more": "read-more link",
}
#: Joins the segments of a discontinuous role.
JOINER = " … "
#: Speaker colours of the stylesheet (``sp-0`` … ``sp-7``); speakers beyond
#: that share colours, in turn.
PALETTE = 8


@dataclass(frozen=True, slots=True)
class Mark:
    """One attribution covering a piece of text, in one role."""

    attribution: str
    role: str


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text covered by the same marks and the same removed span.

    ``anchors`` are the attributions that begin here (their focusable
    marker goes just before the piece); ``removed_start`` is true on the
    first piece of a removed span.
    """

    start: int
    end: int
    text: str
    marks: tuple[Mark, ...] = ()
    removed: str | None = None
    anchors: tuple[str, ...] = ()
    removed_start: bool = False

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(r for r in ROLES if any(m.role == r for m in self.marks))

    @property
    def attribution_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.attribution for m in self.marks))


@dataclass(frozen=True, slots=True)
class Relay:
    """One link of a relay chain ("as quoted by Reuters")."""

    name: str | None
    type: str
    relation: str
    text: str

    @property
    def label(self) -> str:
        who = self.name or self.text or "unnamed"
        relation = RELATION_LABELS.get(self.relation, self.relation.replace("_", " "))
        return f"{relation} {who} ({self.type})" if relation else f"{who} ({self.type})"


@dataclass(frozen=True, slots=True)
class AttributionView:
    """What the pages show about one attribution; every field is plain text."""

    id: str
    number: int
    kind: str
    who: str
    mention: str | None
    title: str | None
    affiliation: str | None
    nationality: str | None
    country: str | None
    speaker_type: str | None
    anonymous: bool
    stance: str
    certainty: str | None
    certainty_cues: tuple[str, ...]
    evidence: str | None
    evidence_spans: tuple[str, ...]
    via: tuple[Relay, ...]
    source: str
    cue: str
    content: str
    confidence: float | None
    parent: str | None
    disputed_by: tuple[str, ...]
    disputes: tuple[str, ...]
    claim_id: int | None = None
    speaker_id: int | None = None
    #: The cue is negated ("did not mention"): the source did not say it.
    negated: bool = False
    #: The speaker's colour (``sp-N``): one per speaker, in order of first
    #: appearance (:func:`speaker_colours`).
    colour: int = 0

    @property
    def shown_evidence(self) -> str | None:
        """The evidence line, or ``None`` when there is nothing to show
        ("not stated" with no span is the absence of evidence)."""
        if self.evidence is None or (self.evidence == "not_stated" and not self.evidence_spans):
            return None
        label = self.evidence_label or ""
        return f"{label}: {'; '.join(self.evidence_spans)}" if self.evidence_spans else label

    @property
    def stance_label(self) -> str:
        label = STANCE_LABELS.get(self.stance, self.stance.replace("_", " "))
        return f"{label} (cue negated)" if self.negated else label

    @property
    def evidence_label(self) -> str | None:
        if self.evidence is None:
            return None
        return EVIDENCE_LABELS.get(self.evidence, self.evidence.replace("_", " "))

    @property
    def about(self) -> str:
        """Title, affiliation and country/nationality, as far as known."""
        parts = [self.title, self.affiliation, self.country or self.nationality]
        return ", ".join(p for p in parts if p)

    @property
    def via_label(self) -> str:
        return " → ".join(r.label for r in self.via)

    @property
    def summary(self) -> str:
        """One line for screen readers: number, who, cue and stance."""
        cue = f" {self.cue}" if self.cue else ""
        return f"Attribution {self.number}: {self.who}{cue} ({self.stance_label})"


# --------------------------------------------------------------------------
# reading the records


def _text(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


def _joined(segments: Sequence[Segment]) -> str:
    return JOINER.join(s.text for s in segments)


def _who(a: Attribution) -> str:
    """Who an attribution names: the speaker's name, else the mention, else
    the source as written."""
    sp = a.speaker
    name = (_text(sp.name) or _text(sp.mention)) if sp else None
    return name or _text(_joined(a.source)) or "(no source)"


def speaker_colours(attributions: Sequence[Attribution]) -> dict[str, int]:
    """A colour index (0 … ``PALETTE``-1) for each attribution id: one per
    speaker (same name, any case), in order of first appearance."""
    order: dict[str, int] = {}
    colours: dict[str, int] = {}
    for a in attributions:
        key = _who(a).casefold()
        colours[a.id] = order.setdefault(key, len(order)) % PALETTE
    return colours


def attribution_view(
    a: Attribution,
    number: int,
    *,
    claim_id: int | None = None,
    speaker_id: int | None = None,
    colour: int = 0,
) -> AttributionView:
    """The display fields of attribution ``a``, numbered ``number``; a stored
    attribution also links to its claim and its speaker's page."""
    sp = a.speaker
    source = _joined(a.source)
    mention = _text(sp.mention) if sp else None
    who = _who(a)
    via = tuple(
        Relay(
            name=_text(v.name),
            type=_text(v.type) or "unknown",
            relation=_text(v.relation) or "",
            text=_text(v.text) or "",
        )
        for v in a.via
    )
    certainty = a.certainty
    return AttributionView(
        id=a.id,
        number=number,
        kind=_text(a.kind) or "unknown",
        who=who,
        mention=mention,
        title=_text(sp.title) if sp else None,
        affiliation=_text(sp.affiliation) if sp else None,
        nationality=_text(sp.nationality) if sp else None,
        country=_text(sp.country) if sp else None,
        speaker_type=_text(sp.type) if sp else None,
        anonymous=sp.anonymous if sp else False,
        stance=_text(a.stance) or "asserts",
        certainty=_text(certainty.level) if certainty else None,
        certainty_cues=tuple(c.text for c in certainty.cues) if certainty else (),
        evidence=_text(a.evidence.status),
        evidence_spans=tuple(s.text for s in a.evidence.spans),
        via=via,
        source=source,
        cue=_joined(a.cue),
        content=_joined(a.content),
        confidence=a.confidence,
        parent=_text(a.parent),
        disputed_by=a.disputed_by,
        disputes=a.disputes,
        claim_id=claim_id,
        speaker_id=speaker_id,
        negated=a.negated,
        colour=colour,
    )


def attribution_views(attributions: Sequence[Attribution]) -> list[AttributionView]:
    """A view of each attribution, numbered from 1, coloured by speaker."""
    colours = speaker_colours(attributions)
    return [
        attribution_view(a, n, colour=colours[a.id]) for n, a in enumerate(attributions, start=1)
    ]


# --------------------------------------------------------------------------
# cutting the text into pieces


def _span(start: int, end: int, length: int) -> tuple[int, int] | None:
    """``(start, end)`` when it is a non-empty span inside the text."""
    if not 0 <= start < end <= length:
        return None
    return start, end


def pieces(
    text: str, attributions: Sequence[Attribution], removed: Sequence[Removed]
) -> list[Piece]:
    """Cut ``text`` into pieces at every segment and removed-span boundary.

    Segments outside the text or empty are ignored (an attribution with
    empty content, such as a refusal to comment, is marked by its source
    and cue alone). The pieces cover the whole text, in order.
    """
    length = len(text)
    # (start, end, mark or None, removed kind or None)
    spans: list[tuple[int, int, Mark | None, str | None]] = []
    anchors: dict[int, list[str]] = {}
    for a in attributions:
        first: int | None = None
        for role, segments in zip(ROLES, (a.source, a.cue, a.content), strict=True):
            for seg in segments:
                span = _span(seg.start, seg.end, length)
                if span is None:
                    continue
                spans.append((span[0], span[1], Mark(a.id, role), None))
                first = span[0] if first is None else min(first, span[0])
        if first is not None:
            anchors.setdefault(first, []).append(a.id)
    for r in removed:
        span = _span(r.start, r.end, length)
        if span is not None:
            spans.append((span[0], span[1], None, r.kind))
    cuts = sorted({0, length, *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    starting: dict[int, list[int]] = {}
    for index, (start, _, _, _) in enumerate(spans):
        starting.setdefault(start, []).append(index)
    active: set[int] = set()
    out: list[Piece] = []
    for start, end in itertools.pairwise(cuts):
        active = {i for i in active if spans[i][1] > start}
        new = starting.get(start, [])
        active.update(new)
        ordered = sorted(active)
        marks = tuple(m for i in ordered if (m := spans[i][2]) is not None)
        kinds = [k for i in ordered if (k := spans[i][3]) is not None]
        removed_start = any(spans[i][3] is not None for i in new)
        out.append(
            Piece(
                start=start,
                end=end,
                text=text[start:end],
                marks=marks,
                removed=kinds[0] if kinds else None,
                anchors=tuple(anchors.get(start, ())),
                removed_start=removed_start,
            )
        )
    return out


# --------------------------------------------------------------------------
# HTML


def http_url(value: object) -> str | None:
    """``value`` when it is an http(s) URL (safe to link to), else ``None``."""
    if not isinstance(value, str):
        return None
    scheme = urlsplit(value.strip()).scheme.lower() if value.strip() else ""
    return value.strip() if scheme in ("http", "https") else None


def anchor_id(attribution_id: str) -> str:
    """The HTML id of an attribution's marker (link to ``#a-{id}``)."""
    return f"a-{attribution_id}"


def anchor_href(attribution_id: str) -> str:
    return "#" + quote(anchor_id(attribution_id), safe="")


def tip_html(v: AttributionView) -> Markup:
    """The details shown when an attribution's marker is hovered or focused."""
    rows: list[tuple[str, str]] = [("speaker", v.who)]
    if v.about:
        rows.append(("who", v.about))
    if v.mention and v.mention != v.who:
        rows.append(("as written", v.mention))
    if v.speaker_type:
        rows.append(("type", v.speaker_type + (", anonymous" if v.anonymous else "")))
    rows.append(("cue", v.cue or "—"))
    rows.append(("kind", v.kind))
    rows.append(("stance", v.stance_label))
    if v.certainty:
        cues = f" ({', '.join(v.certainty_cues)})" if v.certainty_cues else ""
        rows.append(("certainty", v.certainty + cues))
    if v.evidence_label:
        spans = f": {'; '.join(v.evidence_spans)}" if v.evidence_spans else ""
        rows.append(("evidence", v.evidence_label + spans))
    if v.via:
        rows.append(("relayed", v.via_label))
    if v.disputed_by:
        rows.append(("disputed by", ", ".join(v.disputed_by)))
    if v.confidence is not None:
        rows.append(("confidence", f"{v.confidence:.2f}"))
    body = Markup("").join(
        Markup('<span class="tip-row"><span class="tip-key">{}</span> {}</span>').format(
            k, visible(val)
        )
        for k, val in rows
    )
    return Markup('<span class="tip" id="tip-{}" role="tooltip">{}</span>').format(v.id, body)


def _anchor_html(v: AttributionView) -> Markup:
    return Markup(
        '<span class="attr-anchor sp-{}" id="{}" tabindex="0" data-attr="{}" '
        'aria-describedby="tip-{}" aria-label="{}">'
        '<span class="attr-num" aria-hidden="true">{}</span>{}</span>'
    ).format(v.colour, anchor_id(v.id), v.id, v.id, visible(v.summary), v.number, tip_html(v))


#: Characters that reorder or hide text (bidirectional controls, zero-width
#: and BOM): shown as a visible ``⟨U+XXXX⟩`` wherever user text is put in a
#: page, so a right-to-left override cannot reverse a title or a quote.
_CONTROLS = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


_QUOTE_EDGES = "\"'“”‘’«» ,"


def unquoted(text: str) -> str:
    """A quotation without its own outer quotation marks and trailing comma
    (``“Today I can reveal…,”`` → ``Today I can reveal…``), for a page that
    puts it in ``<q>``, which adds its own marks."""
    return text.strip().strip(_QUOTE_EDGES) or text


def visible(text: str) -> str:
    """``text`` with every bidirectional or invisible control character
    replaced by a visible ``⟨U+XXXX⟩`` (escaping is still the caller's)."""
    return _CONTROLS.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)


def _piece_html(p: Piece, colours: dict[str, int]) -> Markup:
    if not p.marks:
        return escape(visible(p.text))
    # the colour of the speaker whose strongest role (source, then cue, then
    # content) covers the piece: a quote's source inside another's content
    # shows its own speaker
    strongest = min(p.marks, key=lambda m: ROLES.index(m.role))
    colour = f"sp-{colours.get(strongest.attribution, 0)}"
    classes = " ".join(["hl", *(f"r-{role}" for role in p.roles), colour])
    roles = " ".join(f"{m.attribution}:{m.role}" for m in p.marks)
    return Markup('<span class="{}" data-attr="{}" data-roles="{}">{}</span>').format(
        classes, " ".join(p.attribution_ids), roles, visible(p.text)
    )


def article_html(
    text: str,
    attributions: Sequence[Attribution],
    removed: Sequence[Removed],
) -> Markup:
    """The article text as HTML: attributions highlighted by role, each with a
    focusable numbered marker before its first segment carrying its details;
    removed spans wrapped in ``span.removed`` (hidden unless shown)."""
    views = {v.id: v for v in attribution_views(attributions)}
    colours = {aid: v.colour for aid, v in views.items()}
    parts: list[Markup] = []
    after_removed: str | None = None
    for p in pieces(text, attributions, removed):
        parts.extend(_anchor_html(views[aid]) for aid in p.anchors if aid in views)
        if after_removed and not p.marks and p.removed is None:
            # the line breaks after a hidden span hide with it (no blank
            # lines where an update note or byline was)
            gap = len(p.text) - len(p.text.lstrip())
            if gap:
                parts.append(
                    Markup('<span class="removed removed-gap" data-gap="{}">{}</span>').format(
                        after_removed, p.text[:gap]
                    )
                )
                p = Piece(p.start + gap, p.end, p.text[gap:])
        after_removed = p.removed
        inner = _piece_html(p, colours)
        if p.removed is not None:
            label = REMOVED_LABELS.get(p.removed, p.removed)
            head = (
                Markup('<span class="removed-label">[removed: {}] </span>').format(label)
                if p.removed_start
                else Markup("")
            )
            inner = Markup('<span class="removed" data-removed="{}">{}{}</span>').format(
                p.removed, head, inner
            )
        parts.append(inner)
    return Markup("").join(parts)


@dataclass(frozen=True, slots=True)
class RemovedView:
    """A span marked as not story, as the toggle lists it."""

    kind: str
    label: str
    excerpt: str


@dataclass(frozen=True, slots=True)
class ArticleView:
    """What the article templates show: the highlighted text (``html``),
    the ledger (``views``), the removed spans and the title."""

    html: Markup
    views: tuple[AttributionView, ...]
    removed: tuple[RemovedView, ...]
    title: str | None = None


#: Characters of a removed span the toggle's list shows.
REMOVED_EXCERPT = 120


def article_view(
    text: str,
    attributions: Sequence[Attribution],
    removed: Sequence[Removed],
    *,
    title: str | None = None,
    views: Sequence[AttributionView] | None = None,
) -> ArticleView:
    """The article templates' view of a text and its ledger; ``views``
    replaces the default ledger views (stored articles add their links)."""
    return ArticleView(
        html=article_html(text, attributions, removed),
        views=tuple(attribution_views(attributions) if views is None else views),
        removed=tuple(
            RemovedView(
                kind=r.kind,
                label=REMOVED_LABELS.get(r.kind, r.kind),
                excerpt=text[r.start : r.end][:REMOVED_EXCERPT],
            )
            for r in removed
        ),
        title=title,
    )


# --------------------------------------------------------------------------
# versions

#: Texts longer than this (characters) are not diffed word by word.
MAX_DIFF_CHARS = 200_000
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class DiffPart:
    """A run of the word diff: ``op`` is ``same``, ``added`` or ``removed``."""

    op: str
    text: str


def text_diff(old: str, new: str) -> list[DiffPart] | None:
    """A word-level diff from ``old`` to ``new`` (whitespace kept), or ``None``
    when either text is too long to diff quickly."""
    if len(old) > MAX_DIFF_CHARS or len(new) > MAX_DIFF_CHARS:
        return None
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[DiffPart] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(DiffPart("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(DiffPart("removed", "".join(a[i1:i2])))
        if j2 > j1:
            parts.append(DiffPart("added", "".join(b[j1:j2])))
    return parts

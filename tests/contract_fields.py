"""The output contract's field names (docs/output-contract.md), shared by the
tests that check serialised articles."""

from __future__ import annotations

TOP_FIELDS = (
    "schema_version",
    "claimgraph_version",
    "id",
    "text",
    "removed",
    "attributions",
    "meta",
)
META_FIELDS = {"origin", "format", "url", "title", "published", "author", "site"}
ATTRIBUTION_FIELDS = {
    "id",
    "kind",
    "source",
    "cue",
    "content",
    "speaker",
    "parent",
    "rule",
    "confidence",
    "stance",
    "certainty",
    "evidence",
    "via",
    "disputed_by",
    "disputes",
    "negated",
}
SPEAKER_FIELDS = {
    "name",
    "title",
    "affiliation",
    "nationality",
    "mention",
    "descriptor",
    "type",
    "country",
    "countries",
    "anonymous",
    "plural",
    "seniority",
}
STANCES = {"asserts", "denies", "questions", "declines_to_comment"}
CERTAINTY_LEVELS = {"certain", "probable", "possible", "unknown"}
EVIDENCE_STATUSES = {"cited", "none_given", "not_stated"}
VIA_FIELDS = {"name", "type", "relation", "start", "end", "text", "refers_to"}
KINDS = {"direct", "indirect", "mixed", "belief"}
REMOVED_KINDS = {"update_note", "appeal", "byline", "read_more"}

"""claimgraph.eval.polnear: brat parsing on a tiny corpus, plus checks on the real dev split."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from claimgraph.errors import CorpusError
from claimgraph.eval.polnear import GoldDocument, choose_annotator, default_root, load_split

TEXT = (
    '"We will win," Lowell said. "No doubt."\n'
    "It is said that rain will come.\n"
    "Follow Lowell on Twitter.\n"
    "Mary thinks it will\nrain, and hail."
)


def _off(needle: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(needle, start + 1)
    return start, start + len(needle)


def _t(tid: str, label: str, *needles: str | tuple[str, int]) -> str:
    offs = [_off(n) if isinstance(n, str) else _off(*n) for n in needles]
    where = ";".join(f"{s} {e}" for s, e in offs)
    return f"{tid}\t{label} {where}\t{' '.join(TEXT[s:e] for s, e in offs)}"


ANN = "\n".join(
    [
        _t("T1", "Source", "Lowell"),
        _t("T2", "Cue", "said"),
        _t("T3", "Content", '"We will win,"', '"No doubt."'),
        _t("T4", "Attribution", "said"),
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        # no source; the cue is missing and the anchor stands in for it
        _t("T5", "Attribution-no-source", ("said", 1)),
        _t("T6", "Content", "that rain will come"),
        "E2\tAttribution-no-source:T5 Content:T6",
        _t("T7", "Discard", "Follow Lowell on Twitter."),
        _t("T8", "Discuss", "rain"),
        "#1\tAnnotatorNotes T8\tis this a forecast?",
        # a span whose text has a line break continues on the next line
        _t("T9", "Source", "Mary"),
        _t("T10", "Cue", "thinks"),
        _t("T11", "Content", "it will\nrain"),
        _t("T12", "Content", "hail"),
        _t("T13", "Attribution", "thinks"),
        "E3\tAttribution:T13 Source:T9 Cue:T10 Content:T11 Content2:T12",
        # unfinished relation (anchor only): dropped
        _t("T14", "Attribution", "Follow"),
        "E4\tAttribution:T14",
    ]
)

METADATA = (
    "compartment\tfilename\tlevel\tannotators\tpublisher\n"
    "dev\tarticle\tLevel-1\ta1|b2\tnyt\n"
    "dev\tsecond\tLevel-1\tc3|b2|a1\tnyt\n"
    "train\tarticle\tLevel-1\tzz\tnyt\n"
)


def _write_corpus(root: Path, anns: dict[str, str], texts: dict[str, str] | None = None) -> Path:
    (root / "dev" / "text").mkdir(parents=True)
    (root / "dev" / "attributions").mkdir(parents=True)
    (root / "metadata.tsv").write_text(METADATA, encoding="utf-8")
    names = {filename.rsplit("_", 1)[0] for filename in anns}
    for name in names:
        text = (texts or {}).get(name, TEXT)
        (root / "dev" / "text" / f"{name}.txt").write_bytes(text.encode("utf-8"))
    for filename, content in anns.items():
        path = root / "dev" / "attributions" / f"{filename}.ann"
        path.write_bytes((content + "\n").encode("utf-8"))
    return root


def _texts(doc: GoldDocument) -> list[tuple[list[str], list[str], list[str]]]:
    return [
        ([s.text for s in a.source], [s.text for s in a.cue], [s.text for s in a.content])
        for a in doc.attributions
    ]


def test_parse_small_ann(tmp_path: Path) -> None:
    root = _write_corpus(tmp_path, {"article_a1": ANN})
    (doc,) = load_split(root, "dev")
    assert doc.name == "article"
    assert doc.annotator == "a1"
    assert doc.text == TEXT
    assert [a.id for a in doc.attributions] == ["E1", "E2", "E3"]
    assert _texts(doc) == [
        (["Lowell"], ["said"], ['"We will win,"', '"No doubt."']),
        ([], ["said"], ["that rain will come"]),
        (["Mary"], ["thinks"], ["it will\nrain", "hail"]),
    ]
    assert [s.text for s in doc.discarded] == ["Follow Lowell on Twitter."]
    for a in doc.attributions:
        for seg in (*a.source, *a.cue, *a.content):
            assert TEXT[seg.start : seg.end] == seg.text


def test_offsets_are_code_points_and_crlf_is_kept(tmp_path: Path) -> None:
    text = "“Ça va,”\r\nsaid Zoë."
    s, e = text.index("Zoë"), text.index("Zoë") + 3
    c = text.index("said")
    ann = "\n".join(
        [
            f"T1\tSource {s} {e}\tZoë",
            f"T2\tCue {c} {c + 4}\tsaid",
            "T3\tContent 0 8\t“Ça va,”",
            "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
        ]
    )
    root = _write_corpus(tmp_path, {"article_a1": ann}, {"article": text})
    (doc,) = load_split(root, "dev")
    assert doc.text == text
    assert _texts(doc) == [(["Zoë"], ["said"], ["“Ça va,”"])]


def test_offset_mismatch_is_an_error(tmp_path: Path) -> None:
    bad = 'T1\tSource 0 5\tNOPE!\nT2\tCue 0 1\t"\nE1\tAttribution:T2 Source:T1 Cue:T2'
    root = _write_corpus(tmp_path, {"article_a1": bad})
    with pytest.raises(CorpusError, match="T1"):
        load_split(root, "dev")


def test_unreadable_line_is_an_error(tmp_path: Path) -> None:
    root = _write_corpus(tmp_path, {"article_a1": "garbage line"})
    with pytest.raises(CorpusError, match="unreadable"):
        load_split(root, "dev")


def test_first_listed_annotator_is_gold(tmp_path: Path) -> None:
    other = "\n".join(line for line in ANN.split("\n") if not line.startswith(("E1", "E3")))
    root = _write_corpus(
        tmp_path,
        {
            "article_b2": other,
            "article_a1": ANN,
            "second_b2": ANN,  # listed c3|b2|a1: c3 has no file, b2 is next
            "second_a1": other,
            "third_z9": other,  # not in metadata: smallest available id
            "third_k5": ANN,
        },
    )
    docs = load_split(root, "dev")
    assert [(d.name, d.annotator, len(d.attributions)) for d in docs] == [
        ("article", "a1", 3),
        ("second", "b2", 3),
        ("third", "k5", 3),
    ]


@pytest.mark.parametrize(
    ("listed", "available", "expected"),
    [
        (("a1", "b2"), ("b2", "a1"), "a1"),
        (("c3", "b2"), ("a1", "b2"), "b2"),
        (("c3",), ("b2", "a1"), "a1"),
        ((), ("k5", "z9"), "k5"),
    ],
)
def test_choose_annotator(
    listed: tuple[str, ...], available: tuple[str, ...], expected: str
) -> None:
    assert choose_annotator(listed, available) == expected


def test_missing_corpus_says_to_pass_data(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="--data"):
        load_split(tmp_path / "nowhere", "dev")


def test_missing_split_lists_available(tmp_path: Path) -> None:
    root = _write_corpus(tmp_path, {"article_a1": ANN})
    with pytest.raises(CorpusError, match="available splits: dev"):
        load_split(root, "test")


def test_default_root_is_a_path() -> None:
    root = default_root()
    assert isinstance(root, Path)
    assert root.parts[-3:] == ("shared", "corpora", "polnear")


# ------------------------------------------------------------- real corpus


@pytest.fixture(scope="module")
def dev() -> list[GoldDocument]:
    root = default_root()
    if not root.is_dir():
        pytest.skip(f"PolNeAR not found at {root}")
    return load_split(root, "dev")


@pytest.mark.corpus
def test_dev_has_84_documents(dev: list[GoldDocument]) -> None:
    assert len(dev) == 84
    assert [d.name for d in dev] == sorted(d.name for d in dev)
    assert sum(len(d.attributions) for d in dev) == 2192


@pytest.mark.corpus
def test_dev_spans_slice_the_text(dev: list[GoldDocument]) -> None:
    n = 0
    for d in dev:
        for a in d.attributions:
            assert a.content, (d.name, a.id)
            assert a.cue, (d.name, a.id)
            for seg in (*a.source, *a.cue, *a.content):
                assert 0 <= seg.start < seg.end <= len(d.text)
                assert d.text[seg.start : seg.end] == seg.text
                n += 1
    assert n > 6000


@pytest.mark.corpus
def test_dev_uses_first_listed_annotator(dev: list[GoldDocument]) -> None:
    with (default_root() / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        listed = {
            row["filename"]: row["annotators"].split("|")
            for row in csv.DictReader(handle, delimiter="\t")
            if row["compartment"] == "dev"
        }
    multi = {d.name: d.annotator for d in dev if len(listed[d.name]) > 1}
    assert multi == {
        "politico_2016-09-08_flynn-says-trump-absolutely-righ": "4b22",
        "wash-post_2016-09-26_charlotte-struggles-to-return-to": "4b22",
    }
    for d in dev:
        assert d.annotator == listed[d.name][0] == min(listed[d.name])

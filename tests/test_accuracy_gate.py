"""The accuracy gate: the shipped extractor, certainty detector and stance
scorer must not fall more than half a point below the figures recorded in
docs/benchmarks.md ("Accuracy gate"). Like trafilatura's, it runs the real
code on the real data; it skips, saying why, where ../shared is absent.

The recorded figures are dev figures (PolNeAR dev, the Szeged test half,
...), as documented there; this test keeps them from regressing, it does not
claim they are unseen-data figures.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimgraph.eval.shared import shared_path

pytestmark = [pytest.mark.model, pytest.mark.corpus]

DOCS = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
TOLERANCE = 0.005
_ROW = re.compile(r"^\|\s*`(?P<key>[\w.+-]+)`\s*\|\s*(?P<value>[0-9.]+)\s*\|")


def recorded() -> dict[str, float]:
    """``key -> figure`` from the gate table of docs/benchmarks.md."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Accuracy gate", 1)[1].split("\n## ", 1)[0]
    return {m["key"]: float(m["value"]) for line in section.splitlines() if (m := _ROW.match(line))}


def _check(prefix: str, measured: dict[str, float]) -> None:
    wanted = {k.removeprefix(prefix): v for k, v in recorded().items() if k.startswith(prefix)}
    assert wanted, f"docs/benchmarks.md records no gate figure under {prefix!r}"
    assert set(wanted) <= set(measured), f"not measured: {sorted(set(wanted) - set(measured))}"
    low = {
        key: f"{measured[key]:.4f} < {value:.4f} - {TOLERANCE}"
        for key, value in wanted.items()
        if measured[key] < value - TOLERANCE
    }
    assert not low, f"below the recorded figures: {low}"


def test_the_recorded_gate_table_is_readable() -> None:
    figures = recorded()
    assert any(k.startswith("polnear.") for k in figures)
    assert all(0.0 <= v <= 1.0 for v in figures.values())


def test_the_default_extractor_holds_its_polnear_dev_figures() -> None:
    from claimgraph.eval.polnear import load_split
    from claimgraph.eval.scoring import score
    from claimgraph.settings import Settings

    root = shared_path("corpora", "polnear")
    if not root.is_dir():
        pytest.skip(f"PolNeAR is not at {root}")
    settings = Settings.from_env(extractor="auto")
    report = score(load_split(root, "dev"), settings)
    roles, linked = report.roles, report.linked
    measured = {
        "source_exact": roles["source"]["exact"].f1,
        "cue_exact": roles["cue"]["exact"].f1,
        "content_exact": roles["content"]["exact"].f1,
        "content_overlap": roles["content"]["overlap"].f1,
        "linked": linked["content+source"].f1,
    }
    model = settings.extractor
    if model == "encoder":
        model += f".{settings.encoder_precision}"
    _check(f"polnear.{model}.", measured)


def test_the_certainty_detector_holds_its_szeged_figures() -> None:
    from claimgraph.analysis.text_api import light_nlp
    from claimgraph.eval.hedging import predict, score_hedging
    from claimgraph.eval.szeged import load_sentences

    path = shared_path("corpora", "hedging", "wiki.xml")
    if not path.is_file():
        pytest.skip(f"the Szeged corpus is not at {path}")
    gold = load_sentences(path, "test")
    report = score_hedging(gold, predict(light_nlp(), gold), frozenset())
    _check("hedging.wiki-test.", {"sentence_f1": report.sentence.f1})


def test_a_figure_half_a_point_below_the_record_fails_the_gate() -> None:
    key, value = next((k, v) for k, v in recorded().items() if k.startswith("polnear.hybrid."))
    name = key.removeprefix("polnear.hybrid.")
    others = {k.removeprefix("polnear.hybrid."): v for k, v in recorded().items()}
    _check("polnear.hybrid.", {**others, name: value - TOLERANCE + 0.0001})
    with pytest.raises(AssertionError, match="below the recorded figures"):
        _check("polnear.hybrid.", {**others, name: value - TOLERANCE - 0.0001})


def test_the_certainty_detector_holds_its_szeged_news_figures() -> None:
    from claimgraph.analysis.text_api import light_nlp
    from claimgraph.eval.hedging import predict, score_hedging
    from claimgraph.eval.szeged import load_sentences

    path = shared_path("corpora", "hedging", "factbank-news-dev.xml")
    if not path.is_file():
        pytest.skip(f"the Szeged news part is not at {path}")
    gold = load_sentences(path, "all")
    report = score_hedging(gold, predict(light_nlp(), gold), frozenset())
    _check("hedging.news-dev.", {"sentence_f1": report.sentence.f1})


def test_stance_and_clustering_hold_their_emergent_figures() -> None:
    from claimgraph import cluster, stance_many
    from claimgraph.eval.claims import b_cubed, read_emergent, stance_report

    path = shared_path("corpora", "emergent", "dev.csv")
    if not path.is_file():
        pytest.skip(f"Emergent is not at {path}")
    rows = read_emergent(path)
    predicted = [s.label for s in stance_many([(r.claim, r.headline) for r in rows])]
    report = stance_report([r.stance for r in rows], predicted)
    clusters = b_cubed([r.claim_id for r in rows], cluster([r.headline for r in rows]))
    _check(
        "emergent-dev.",
        {"stance_accuracy": report.accuracy, "cluster_b3_f1": clusters.f1},
    )

"""Measure claimgraph.stance; the numbers in docs/analysis.md ("Stance") come from here.

    PYTHONPATH=src python scripts/eval_stance.py [--data DIR] [--only news,sick,sts,msrp]

- news: the hand-written held-out set tests/analysis/data/stance_news_heldout.tsv
  (never tuned on): accuracy, per-label P/R/F1, confusion matrix;
- sick: SICK test (CC BY-NC-SA; evaluation only), sentence A as the claim and
  B as the text; gold ENTAILMENT -> supports, CONTRADICTION -> refutes,
  NEUTRAL -> observes or unrelated (either counts as right: neither side takes
  a position on the other);
- sts / msrp: ROC AUC of the relatedness 1 - P(unrelated) for "related"
  (STS score >= 3; MSRP paraphrase), and accuracy of the unrelated decision.
  STS 2013-2015 trained the relatedness model; STS 2016 and MSRP are held out.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from claimgraph import stance_many as stances
from claimgraph.analysis.relatedness import RELATED_STS, roc_auc
from claimgraph.analysis.stance import LABELS, Stance
from claimgraph.eval.pairs import default_root, read_msrp, read_sick, read_sts

REPO = Path(__file__).resolve().parents[1]
HELDOUT = REPO / "tests/analysis/data/stance_news_heldout.tsv"


def read_cases(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, claim, text = line.split("\t")
            rows.append((label, claim, text.replace("\\n", "\n")))
    return rows


def report(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> None:
    right = sum(g == p for g, p in zip(gold, predicted, strict=True))
    print(f"  accuracy {right}/{len(gold)} = {right / len(gold):.3f}")
    f1s = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        n_pred = sum(p == label for p in predicted)
        n_gold = sum(g == label for g in gold)
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        f1s.append(f1)
        print(f"  {label:10s} P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (gold {n_gold})")
    print(f"  macro F1 {sum(f1s) / len(f1s):.3f}")
    counts = Counter(zip(gold, predicted, strict=True))
    predicted_labels = sorted(set(predicted))
    print("  confusion (rows gold, columns predicted): " + " ".join(predicted_labels))
    for g in labels:
        print(f"    {g:10s} " + " ".join(f"{counts[(g, p)]:>4d}" for p in predicted_labels))


def relatedness(results: Sequence[Stance]) -> list[float]:
    return [1.0 - r.probability("unrelated") for r in results]


def eval_news() -> None:
    cases = read_cases(HELDOUT)
    results = stances([(claim, text) for _, claim, text in cases])
    print(f"news held-out ({HELDOUT.relative_to(REPO)}, {len(cases)} cases)")
    report([c[0] for c in cases], [r.label for r in results], LABELS)
    for (label, claim, text), r in zip(cases, results, strict=True):
        if r.label != label:
            print(f"    miss: gold {label}, got {r.label}: {claim!r} / {text[:70]!r}")


def eval_sick(data: Path) -> None:
    pairs = read_sick(data / "SICK_test_annotated.txt")
    results = stances([(p.a, p.b) for p in pairs])
    to_gold = {"supports": "ENTAILMENT", "refutes": "CONTRADICTION"}
    predicted = [to_gold.get(r.label, "NEUTRAL") for r in results]
    print(f"SICK test ({len(pairs)} pairs; observes/unrelated -> NEUTRAL)")
    report([p.label for p in pairs], predicted, ("ENTAILMENT", "CONTRADICTION", "NEUTRAL"))
    print("  predicted labels: " + str(Counter(r.label for r in results)))


def eval_binary(name: str, gold: Sequence[bool], results: Sequence[Stance]) -> None:
    scores = relatedness(results)
    related = [r.label != "unrelated" for r in results]
    right = sum(g == p for g, p in zip(gold, related, strict=True))
    print(
        f"{name}: {len(gold)} pairs, {sum(gold)} related; AUC {roc_auc(scores, gold):.3f}; "
        f"'unrelated' decision accuracy {right / len(gold):.3f}"
    )


def eval_sts(data: Path) -> None:
    for year in (2016, 2013, 2014, 2015):
        pairs = read_sts(data / f"sts{year}-headlines.tsv")
        results = stances([(p.a, p.b) for p in pairs])
        gold = [float(p.label) >= RELATED_STS for p in pairs]
        tag = "held out" if year == 2016 else "trained on"
        name = f"STS {year} headlines ({tag}; related = score >= {RELATED_STS})"
        eval_binary(name, gold, results)


def eval_msrp(data: Path) -> None:
    pairs = read_msrp(data / "msr-para-test.tsv")
    results = stances([(p.a, p.b) for p in pairs])
    gold = [p.label == "1" for p in pairs]
    eval_binary("MSRP test (held out; related = paraphrase)", gold, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_root())
    parser.add_argument("--only", default="news,sick,sts,msrp")
    args = parser.parse_args()
    parts = args.only.split(",")
    start = time.perf_counter()
    if "news" in parts:
        eval_news()
    if "sick" in parts:
        eval_sick(args.data)
    if "sts" in parts:
        eval_sts(args.data)
    if "msrp" in parts:
        eval_msrp(args.data)
    print(f"({time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    main()

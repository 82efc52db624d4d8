"""``claimgraph eval stance`` and ``claimgraph eval cluster``: score the
claim-level functions on Emergent headlines (and SICK). Reading and printing
only; the scorers are :mod:`claimgraph.eval.claims`.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from claimgraph.cli.options import JSON_OPTION
from claimgraph.errors import ClaimgraphError


def _fail(exc: ClaimgraphError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.command("stance")
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Emergent CSV (claimHeadline, articleHeadline, articleHeadlineStance, claimId) "
    "[default: ../shared/corpora/emergent/dev.csv].",
)
@click.option(
    "--sick",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also score a SICK file (e.g. ../shared/corpora/similarity/SICK_test_annotated.txt): "
    "claim = sentence B, text = sentence A; NEUTRAL is right when neither supports nor refutes.",
)
@click.option("--cv", "folds", type=click.IntRange(min=2), default=None, help=(
    "Instead of the shipped model, refit it K times holding out whole claims of --data "
    "(SICK train+trial next to --sick or ../shared/corpora/similarity always trained on) "
    "and score each held-out fold: the figure to quote for data the model was fitted on."
))  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the --cv folds.")
@JSON_OPTION
def eval_stance(
    data: Path | None, sick: Path | None, folds: int | None, seed: int, as_json: bool
) -> None:
    """Score claimgraph.stance on Emergent headlines: accuracy, per-label
    P/R/F1, macro-F1 and the confusion (for -> supports, against -> refutes,
    observing -> observes). The shipped model was fitted on Emergent dev, so
    quote --cv figures for dev and plain figures for other claims (docs/analysis.md).
    """
    from claimgraph import stance_many
    from claimgraph.eval.claims import (
        cross_validate_stance,
        default_emergent,
        read_emergent,
        sick_gold,
        stance_report,
    )
    from claimgraph.eval.pairs import default_root, read_sick

    try:
        rows = read_emergent(data or default_emergent())
        out: dict[str, object] = {}
        if folds:
            root = sick.parent if sick else default_root()
            train = read_sick(root / "SICK_train.txt") + read_sick(root / "SICK_trial.txt")
            report = cross_validate_stance(rows, train, folds=folds, seed=seed)
            title = f"Emergent ({len(rows)} headlines), {folds}-fold CV by claim, seed {seed}"
        else:
            predicted = [s.label for s in stance_many([(r.claim, r.headline) for r in rows])]
            report = stance_report([r.stance for r in rows], predicted)
            title = f"Emergent ({len(rows)} headlines), shipped model"
        out["emergent"] = {"title": title, **report.to_dict()}
        if sick:
            pairs = read_sick(sick)
            predicted = [s.label for s in stance_many([(p.b, p.a) for p in pairs])]
            sick_report = stance_report(
                [sick_gold(p.label) for p in pairs], predicted, ("supports", "refutes", "neutral")
            )
            out["sick"] = {
                "title": f"SICK {sick.name} ({len(pairs)} pairs)",
                **sick_report.to_dict(),
            }
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    if as_json:
        click.echo(json.dumps(out))
        return
    click.echo(title)
    click.echo(report.format_table())
    if sick:
        click.echo(
            f"\nSICK {sick.name} (claim = B, text = A; NEUTRAL right unless supports/refutes)"
        )
        click.echo(sick_report.format_table())


@click.command("cluster")
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Emergent CSV [default: ../shared/corpora/emergent/dev.csv]; its headlines are "
    "clustered and claimId is the gold cluster.",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Clustering threshold [default: the shipped one, data/claim_cluster.json].",
)
@JSON_OPTION
def eval_cluster(data: Path | None, threshold: float | None, as_json: bool) -> None:
    """Cluster the Emergent headlines with claimgraph.cluster and score the
    clusters against the claims: B³ precision, recall, F1 and the number of
    clusters. The default threshold was chosen by CV over dev claims
    (scripts/tune_cluster_threshold.py prints the held-out figures)."""
    from claimgraph.eval.claims import b_cubed, default_emergent, read_emergent
    from claimgraph.graph.claims import cluster, cluster_threshold

    try:
        rows = read_emergent(data or default_emergent())
        used = cluster_threshold() if threshold is None else threshold
        labels = cluster([r.headline for r in rows], threshold=used)
    except ClaimgraphError as exc:
        raise _fail(exc) from exc
    score = b_cubed([r.claim_id for r in rows], labels)
    if as_json:
        click.echo(json.dumps({"headlines": len(rows), "threshold": used, **score.to_dict()}))
        return
    click.echo(f"Emergent headlines: {len(rows)}, claims {score.n_gold}, threshold {used}")
    click.echo(
        f"B3 precision {score.precision:.3f}  recall {score.recall:.3f}  F1 {score.f1:.3f}  "
        f"clusters {score.n_clusters}"
    )

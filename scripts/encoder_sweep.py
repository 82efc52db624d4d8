"""Sweep the encoder tagger's fine-tuning settings on a GPU machine without spaCy.

The sweep recorded in CHANGELOG.md ("Fine-tuning sweep on a GPU") came from
here. Three steps, the middle one on the GPU machine:

1. ``export DIR [--context L,R ...]`` (here, claimgraph installed): parse
   PolNeAR train and write the encoder's word-piece windows of the first 90%
   of train (the articles the shipped encoder is fine-tuned on, with their
   gold tags) and of the held-out 10% and dev (the rules' attributions from
   the encoder pipeline itself), all-MiniLM-L6-v2's weights (float16, word
   embeddings cut to the pieces used), a copy of this script and of
   :mod:`claimgraph.learned.encoder_net` (the network, which needs no spaCy),
   into DIR.
   ``--context L,R`` also writes windows with up to L pieces of the previous
   window and R of the next one as context (not scored).
2. ``python DIR/encoder_sweep.py run DIR OUT --config NAME:key=value,...``
   (there; needs only numpy, torch, transformers, safetensors): fine-tune
   each configuration as :func:`claimgraph.learned.training.encoder.train_encoder`
   does (same network, batches, optimizer, schedule and seed handling; the
   base weights rounded to float16) and write ``OUT/NAME.npz``, the tag
   probabilities of the held-out and dev windows. Keys: epochs, lr, head_lr,
   token_budget, seed, data (a windows file of step 1), soup (``A+B``: average
   the fine-tuned weights of earlier configurations instead of training),
   weights (a ``encoder.safetensors`` to predict with instead of training),
   layers (keep only the first N of the six transformer layers: a cheaper
   tagger).
   ``--budget S`` skips a configuration that would end after S seconds.
3. ``score DIR RESULT.npz [RESULT.npz ...] --split held|dev`` (here): the
   probabilities (averaged over several files: an ensemble) go through the
   encoder pipeline's decoder and calibration and are scored as by
   ``claimgraph eval polnear``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import pickle
import random
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

try:  # here, claimgraph installed
    from claimgraph.learned.encoder_net import network, plan_batches
except ImportError:  # on the GPU machine: the copy that ``export`` writes beside this script
    from encoder_net import network, plan_batches  # type: ignore[import-not-found,no-redef]

N_LABELS = 7
N_RATES = 6
CLS, SEP = 101, 102
FIELDS = ("ids", "rule", "rate", "first", "labels")
SPLITS = ("held", "dev")


# --- step 1: export (here) -------------------------------------------------


def export(out: Path, contexts: Sequence[tuple[int, int]]) -> None:
    from dataclasses import replace

    from claimgraph.eval.polnear import default_root, load_split
    from claimgraph.extract.lexicon import load_lexicon
    from claimgraph.extract.univocal import project_univocal
    from claimgraph.learned import encoder as enc
    from claimgraph.learned.features import role_tags
    from claimgraph.learned.training.train import CALIBRATION_SHARE, _parsed_train
    from claimgraph.nlp.pipeline import analyze_articles, load_nlp
    from claimgraph.records import ArticleInput
    from claimgraph.settings import Settings

    out.mkdir(parents=True, exist_ok=True)
    settings = Settings.from_env()
    lexicon = load_lexicon(settings.threshold)
    tokenizer = enc.load_tokenizer()
    gold, docs, rules = _parsed_train(default_root(), settings, None, print)
    cut = len(gold) - max(1, int(len(gold) * CALIBRATION_SHARE))
    train = [
        enc.windows(
            docs[i],
            role_tags(docs[i], project_univocal(rules[i])),
            lexicon,
            tokenizer,
            role_tags(docs[i], gold[i].attributions),
        )
        for i in range(cut)
    ]
    nlp = load_nlp(replace(settings, extractor="encoder"))
    tagger = nlp.get_pipe("claimgraph").tagger
    evaluated: dict[str, list[tuple[str, int, list[Any]]]] = {}
    for split, articles in (("held", gold[cut:]), ("dev", load_split(default_root(), "dev"))):
        found: list[tuple[str, int, list[Any]]] = []

        def capture(doc: Any, rules: Any, found: list[Any] = found) -> Any:
            tags = role_tags(doc, project_univocal(rules))
            items = enc.windows(doc, tags, lexicon, tokenizer)
            found.append((_key(doc.text), len(doc), items))
            probs = np.zeros((len(doc), N_LABELS))
            probs[:, 0] = 1.0
            return probs

        tagger.probabilities = capture
        inputs = [ArticleInput(id=g.name, text=g.text, origin=g.name) for g in articles]
        list(analyze_articles(nlp, inputs, settings.batch_size))
        evaluated[split] = found
    vocab = sorted(
        {i for d in train for w in d for i in w.ids}
        | {i for s in evaluated.values() for _, _, ws in s for w in ws for i in w.ids}
    )
    remap = np.zeros(max(vocab) + 1, dtype=np.int64)
    remap[vocab] = np.arange(len(vocab))
    for left, right in [(0, 0), *contexts]:
        arrays: dict[str, Any] = {}
        _put(arrays, "train", [x for d in train for x in _in_context(d, left, right)], remap)
        for split, found in evaluated.items():
            rows = [x for _, _, ws in found for x in _in_context(ws, left, right)]
            _put(arrays, split, rows, remap)
            arrays[split + "_counts"] = np.array([len(ws) for _, _, ws in found])
        np.savez_compressed(out / _data_name(left, right), **arrays)
    index = {
        s: [(k, n, [np.asarray(w.word) for w in ws]) for k, n, ws in f]
        for s, f in evaluated.items()
    }
    with open(out / "index.pkl", "wb") as fh:
        pickle.dump(index, fh)
    _export_base(out, vocab)
    shutil.copy(__file__, out / "encoder_sweep.py")
    from claimgraph.learned import encoder_net

    shutil.copy(encoder_net.__file__, out / "encoder_net.py")  # the network, imported there
    print(f"{sum(map(len, train))} train windows, {len(vocab)} word pieces; written to {out}")


def _key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _data_name(left: int, right: int) -> str:
    return "data.npz" if (left, right) == (0, 0) else f"data_L{left}R{right}.npz"


def _in_context(windows: Sequence[Any], left: int, right: int) -> list[tuple[list[int], ...]]:
    """Each window as (ids, rule, rate, first, labels), with up to ``left``
    pieces of the previous window and ``right`` of the next one before and
    after it, each set off by [SEP] and never scored."""
    out = []
    for j, w in enumerate(windows):
        parts: list[tuple[list[int], ...]] = [([CLS], [0], [0], [0], [-100])]
        if left and j > 0:
            p = windows[j - 1]
            k = slice(max(1, len(p.ids) - 1 - left), len(p.ids) - 1)
            parts.append(_context(p, k))
        first = [1 if v >= 0 else 0 for v in w.word[1:]]
        parts.append(
            (list(w.ids[1:]), list(w.rule[1:]), list(w.rate[1:]), first, list(w.labels[1:]))
        )
        if right and j + 1 < len(windows):
            n = windows[j + 1]
            parts.append(_context(n, slice(1, min(len(n.ids) - 1, 1 + right))))
        out.append(tuple([x for part in parts for x in part[f]] for f in range(len(FIELDS))))
    return out


def _context(w: Any, k: slice) -> tuple[list[int], ...]:
    n = len(w.ids[k]) + 1
    return (
        [*w.ids[k], SEP],
        [*w.rule[k], 0],
        [*w.rate[k], 0],
        [0] * n,
        [-100] * n,
    )


def _put(
    arrays: dict[str, Any], prefix: str, rows: Sequence[tuple[list[int], ...]], remap: Any
) -> None:
    arrays[prefix + "_off"] = np.concatenate([[0], np.cumsum([len(r[0]) for r in rows])])
    for f, name in enumerate(FIELDS):
        values = np.concatenate([np.asarray(r[f], dtype=np.int64) for r in rows])
        arrays[f"{prefix}_{name}"] = (remap[values] if name == "ids" else values).astype(
            np.int16 if name == "ids" else np.int8
        )


def _export_base(out: Path, vocab: Sequence[int]) -> None:
    import torch
    from safetensors.torch import load_file, save_file

    from claimgraph.learned.training.encoder import base_model_path

    path = base_model_path()
    state = {}
    for name, tensor in load_file(str(path / "model.safetensors")).items():
        if name.startswith("pooler") or name.endswith("position_ids"):
            continue
        if name == "embeddings.word_embeddings.weight":
            tensor = tensor[torch.tensor(vocab)]
        state[name] = tensor.to(torch.float16).contiguous()
    save_file(state, str(out / "base.safetensors"))
    shutil.copy(path / "config.json", out / "config.json")


# --- step 2: run (on the GPU machine) --------------------------------------


def _windows(raw: Any, prefix: str) -> list[tuple[Any, ...]]:
    off = raw[prefix + "_off"]
    f = {name: raw[f"{prefix}_{name}"].astype(np.int64) for name in FIELDS}
    return [tuple(f[name][a:b] for name in FIELDS) for a, b in itertools.pairwise(off)]


def run(
    directory: Path, out: Path, configs: Sequence[tuple[str, dict[str, str]]], budget: float
) -> None:
    import torch
    import transformers
    from safetensors.torch import load_file

    started = time.perf_counter()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    out.mkdir(parents=True, exist_ok=True)
    base = load_file(str(directory / "base.safetensors"))
    config = transformers.BertConfig(**json.loads((directory / "config.json").read_text()))
    config.vocab_size = base["embeddings.word_embeddings.weight"].shape[0]
    tiny = bool(os.environ.get("SWEEP_TINY"))
    print(f"device {device}, torch {torch.__version__}, transformers {transformers.__version__}")
    data: dict[str, dict[str, Any]] = {}
    states: dict[str, dict[str, Any]] = {}
    per_piece_epoch: float | None = None

    def windows_of(name: str) -> dict[str, Any]:
        if name not in data:
            raw = np.load(directory / name)
            data[name] = {s: _windows(raw, s) for s in ("train", *SPLITS)}
            if tiny:
                data[name]["train"] = data[name]["train"][:40]
        return data[name]

    def fresh_network(layers: int) -> Any:
        config.num_hidden_layers = layers
        bert = transformers.BertModel(config, add_pooling_layer=False)
        kept = {
            k: v.float()
            for k, v in base.items()
            if not k.startswith("encoder.layer.") or int(k.split(".")[2]) < layers
        }
        loaded = bert.load_state_dict(kept, strict=False)
        assert not loaded.unexpected_keys and all("position_ids" in k for k in loaded.missing_keys)
        return network(torch, bert, 0).to(device)

    for name, cfg in configs:
        d = windows_of(cfg.get("data", "data.npz"))
        epochs = float(cfg.get("epochs", 6))
        pieces = sum(len(w[0]) for w in d["train"])
        if per_piece_epoch is not None and "soup" not in cfg and "weights" not in cfg:
            need = (
                per_piece_epoch
                * pieces
                * epochs
                * (1.5 if int(cfg.get("token_budget", 2048)) < 2048 else 1.2)
            )
            if time.perf_counter() - started + need + 20 > budget:
                print(f"skip {name}: about {need:.0f} s, over the budget")
                continue
        t = time.perf_counter()
        net = fresh_network(int(cfg.get("layers", 6)))
        if "soup" in cfg:
            parts = [states[p] for p in cfg["soup"].split("+")]
            net.load_state_dict(
                {k: sum(s[k] for s in parts) / len(parts) for k in parts[0]}, strict=False
            )
        elif "weights" in cfg:
            weights = load_file(cfg["weights"])
            net.load_state_dict(
                {k: v.float() for k, v in weights.items() if "pooler" not in k}, strict=False
            )
        else:
            _fine_tune(torch, net, d["train"], cfg, device, 3 if tiny else None)
            if per_piece_epoch is None:
                per_piece_epoch = (time.perf_counter() - t) / (pieces * epochs)
        states[name] = {k: p.detach().clone() for k, p in net.named_parameters() if p.requires_grad}
        probs = {s: _predict(torch, net, d[s], device) for s in SPLITS}
        np.savez_compressed(out / f"{name}.npz", **{s: np.concatenate(p) for s, p in probs.items()})
        took, total = time.perf_counter() - t, time.perf_counter() - started
        print(f"{name}: {took:.0f} s, {total:.0f} s in all", flush=True)


def _plan(items: Sequence[tuple[Any, ...]], budget: int) -> list[list[int]]:
    """Training batches of windows as ``claimgraph train --encoder`` plans them."""
    return plan_batches([len(w[0]) for w in items], budget)


def _collate(
    torch: Any, items: Sequence[tuple[Any, ...]], batch: Sequence[int], device: str
) -> list[Any]:
    width = max(len(items[i][0]) for i in batch)

    def pad(f: int, value: int) -> Any:
        rows = np.full((len(batch), width), value, dtype=np.int64)
        for r, i in enumerate(batch):
            rows[r, : len(items[i][f])] = items[i][f]
        return torch.from_numpy(rows).to(device)

    mask = (pad(0, -1) >= 0).long()
    return [pad(0, 0), mask, pad(1, 0), pad(2, 0), pad(4, -100)]


def _fine_tune(
    torch: Any, net: Any, train: Any, cfg: dict[str, str], device: str, steps: int | None
) -> None:
    seed = int(cfg.get("seed", 0))
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    named = [(n, p) for n, p in net.named_parameters() if p.requires_grad]
    groups = [
        {
            "params": [p for n, p in named if n.startswith("bert.")],
            "lr": float(cfg.get("lr", 8e-5)),
        },
        {
            "params": [p for n, p in named if not n.startswith("bert.")],
            "lr": float(cfg.get("head_lr", 1e-3)),
        },
    ]
    optimizer = torch.optim.AdamW(groups, weight_decay=0.01)
    plan = _plan(train, int(cfg.get("token_budget", 2048)))
    batches = [_collate(torch, train, b, device) for b in plan]
    total = steps or max(1, int(len(plan) * float(cfg.get("epochs", 6))))
    warmup = 50

    def schedule(step: int) -> float:
        return min(1.0, (step + 1) / warmup) * max(0.0, 1 - step / total)

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=-100)
    rng = random.Random(seed)
    step = 0
    net.train()
    while step < total:
        order = list(range(len(plan)))
        rng.shuffle(order)
        for b in order[: total - step]:
            ids, mask, rule, rate, labels = batches[b]
            loss = loss_fn(net(ids, mask, rule, rate).view(-1, N_LABELS), labels.view(-1))
            optimizer.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for _, p in named], 1.0)
            optimizer.step()
            scheduler.step()
            step += 1
            if step % 1000 == 0 or step == total:
                print(f"  step {step}/{total}, loss {loss.item():.3f}", flush=True)


def _predict(torch: Any, net: Any, items: Sequence[tuple[Any, ...]], device: str) -> list[Any]:
    """Each window's tag probabilities at its scored pieces, float16."""
    net.eval()
    out: list[Any] = [None] * len(items)
    with torch.no_grad():
        for batch in _plan(items, 8192):
            ids, mask, rule, rate, _ = _collate(torch, items, batch, device)
            probs = torch.softmax(net(ids, mask, rule, rate).float(), -1).cpu().numpy()
            for r, i in enumerate(batch):
                out[i] = probs[r, np.flatnonzero(items[i][3] > 0)].astype(np.float16)
    return out


# --- step 3: score (here) --------------------------------------------------


def score(directory: Path, results: Sequence[Path], split: str) -> None:
    from dataclasses import replace

    from claimgraph.eval.polnear import default_root, load_split
    from claimgraph.eval.scoring import evaluate
    from claimgraph.learned.training.train import CALIBRATION_SHARE
    from claimgraph.nlp.pipeline import analyze_articles, load_nlp
    from claimgraph.records import ArticleInput
    from claimgraph.settings import Settings

    with open(directory / "index.pkl", "rb") as fh:
        index = pickle.load(fh)[split]
    flat = np.mean([np.load(r)[split].astype(np.float32) for r in results], axis=0)
    by_doc: dict[str, Any] = {}
    at = 0
    for key, n, words in index:
        probs = np.zeros((n, N_LABELS))
        probs[:, 0] = 1.0
        for word in words:
            first = np.flatnonzero(word >= 0)
            probs[word[first]] = flat[at : at + len(first)]
            at += len(first)
        by_doc[key] = probs
    if at != len(flat):
        sys.exit(
            f"{results} do not match {directory}/index.pkl ({len(flat)} pieces, {at} expected)"
        )
    if split == "dev":
        gold = load_split(default_root(), "dev")
    else:
        train = load_split(default_root(), "train")
        gold = train[len(train) - max(1, int(len(train) * CALIBRATION_SHARE)) :]
    settings = Settings.from_env()
    nlp = load_nlp(replace(settings, extractor="encoder"))
    nlp.get_pipe("claimgraph").tagger.probabilities = lambda doc, rules: by_doc[_key(doc.text)]
    inputs = [ArticleInput(id=g.name, text=g.text, origin=g.name) for g in gold]
    report = evaluate(
        gold, [r.attributions for r in analyze_articles(nlp, inputs, settings.batch_size)]
    )
    print(report.format_table())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="step", required=True)
    p = sub.add_parser("export")
    p.add_argument("dir", type=Path)
    p.add_argument("--context", action="append", default=[], help="L,R pieces of context")
    p = sub.add_parser("run")
    p.add_argument("dir", type=Path)
    p.add_argument("out", type=Path)
    p.add_argument("--config", action="append", required=True, help="NAME:key=value,...")
    p.add_argument("--budget", type=float, default=float("inf"), help="seconds")
    p = sub.add_parser("score")
    p.add_argument("dir", type=Path)
    p.add_argument("results", type=Path, nargs="+")
    p.add_argument("--split", choices=SPLITS, default="dev")
    args = parser.parse_args(argv)
    if args.step == "export":
        contexts = [tuple(int(x) for x in c.split(",")) for c in args.context]
        export(args.dir, [(c[0], c[1]) for c in contexts])
    elif args.step == "run":
        configs = []
        for spec in args.config:
            name, _, rest = spec.partition(":")
            configs.append((name, dict(kv.split("=", 1) for kv in rest.split(",") if kv)))
        run(args.dir, args.out, configs, args.budget)
    else:
        score(args.dir, args.results, args.split)


if __name__ == "__main__":
    main()

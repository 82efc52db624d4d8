"""claimgraph.learned.onnx_bert: the graph cache, on a tiny model."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimgraph.errors import ModelError
from claimgraph.learned import onnx_bert

onnx = pytest.importorskip("onnx")


def _identity() -> bytes:
    helper = onnx.helper
    x = helper.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [None])
    y = helper.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [None])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "g", [x], [y])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    serialised: bytes = model.SerializeToString()
    return serialised


class Builds:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> bytes:
        self.count += 1
        return _identity()


def _run(session: object) -> list[float]:
    (out,) = session.run(None, {"x": np.array([1.0, 2.0], dtype=np.float32)})  # type: ignore[attr-defined]
    return [float(v) for v in out]


@pytest.fixture
def weights(tmp_path: Path) -> Path:
    path = tmp_path / "weights.bin"
    path.write_bytes(b"first")
    return path


def test_a_built_graph_is_loaded_from_the_cache_next_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, weights: Path
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path / "cache"))
    builds = Builds()
    assert _run(onnx_bert.cached_session("m", [weights], builds)) == [1.0, 2.0]
    assert _run(onnx_bert.cached_session("m", [weights], builds)) == [1.0, 2.0]
    assert builds.count == 1
    assert len(list((tmp_path / "cache").glob("m-*.onnx"))) == 1


def test_changed_weights_rebuild_and_replace_the_cached_graph(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, weights: Path
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path / "cache"))
    builds = Builds()
    onnx_bert.cached_session("m", [weights], builds)
    first = list((tmp_path / "cache").glob("m-*.onnx"))
    weights.write_bytes(b"second")
    onnx_bert.cached_session("m", [weights], builds)
    second = list((tmp_path / "cache").glob("m-*.onnx"))
    assert builds.count == 2
    assert len(second) == 1 and second != first


def test_a_graph_whose_name_extends_another_does_not_remove_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, weights: Path
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path / "cache"))
    builds = Builds()
    onnx_bert.cached_session("m-int8", [weights], builds)
    onnx_bert.cached_session("m", [weights], builds)  # "m-*.onnx" would match "m-int8-…"
    onnx_bert.cached_session("m-int8", [weights], builds)
    assert builds.count == 2
    assert len(list((tmp_path / "cache").glob("*.onnx"))) == 2


@pytest.mark.parametrize("damage", [b"", b"not a model"])
def test_a_damaged_cached_graph_is_built_again(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, weights: Path, damage: bytes
) -> None:
    monkeypatch.setenv("CLAIMGRAPH_CACHE", str(tmp_path / "cache"))
    builds = Builds()
    onnx_bert.cached_session("m", [weights], builds)
    (cached,) = (tmp_path / "cache").glob("m-*.onnx")
    cached.write_bytes(damage)
    assert _run(onnx_bert.cached_session("m", [weights], builds)) == [1.0, 2.0]
    assert builds.count == 2


@pytest.mark.parametrize("setting", ["off", "unwritable"])
def test_without_a_usable_cache_the_graph_is_built_each_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, weights: Path, setting: str
) -> None:
    if setting == "unwritable":
        blocker = tmp_path / "a-file"
        blocker.write_text("x")
        setting = str(blocker / "cache")  # a folder inside a file: cannot be made
    monkeypatch.setenv("CLAIMGRAPH_CACHE", setting)
    builds = Builds()
    for _ in range(2):
        assert _run(onnx_bert.cached_session("m", [weights], builds)) == [1.0, 2.0]
    assert builds.count == 2


@pytest.mark.parametrize(
    ("environment", "threads", "expected"),
    [(None, 1, 1), ("2", 1, 2), (None, 0, 0), ("", 3, 3)],
)
def test_claimgraph_threads_overrides_the_callers_thread_count(
    monkeypatch: pytest.MonkeyPatch, environment: str | None, threads: int, expected: int
) -> None:
    if environment is None:
        monkeypatch.delenv("CLAIMGRAPH_THREADS", raising=False)
    else:
        monkeypatch.setenv("CLAIMGRAPH_THREADS", environment)
    made = onnx_bert.session(_identity(), threads)
    assert made.get_session_options().intra_op_num_threads == expected


def test_a_bad_thread_count_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAIMGRAPH_THREADS", "many")
    with pytest.raises(ModelError, match="CLAIMGRAPH_THREADS='many'"):
        onnx_bert.session(_identity())

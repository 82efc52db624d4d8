"""all-MiniLM-L6-v2 as an ONNX graph, built from its weights with numpy.

The sentence embeddings (:mod:`claimgraph.learned.embeddings`) and the
encoder tagger (:mod:`claimgraph.learned.encoder`) run the same BERT
encoder on ONNX Runtime, without torch. Its graph is written here with
``onnx.helper`` from a dict of numpy arrays named as in Hugging Face's
``BertModel`` (``embeddings.word_embeddings.weight``,
``encoder.layer.0.attention.self.query.weight``, ...): the base model's
weights ship in ``data/model/minilm/`` (float16; the model is Apache-2.0),
the tagger's fine-tuned layers in ``encoder.safetensors``. Building the graph
takes about a second at first use, so nothing is exported or converted at
install time, and the same weights file serves torch training and ONNX
inference; the built graph is kept in a user cache (:func:`cached_session`)
so that later runs skip building it.

The graph's inputs are word-piece ``ids``, their ``positions`` and an
additive attention ``mask`` of shape ``(batch, 1, rows, length)``:
``(batch, 1, 1, length)`` for padding, ``(batch, 1, length, length)`` for
rows that pack several windows (each attending only to itself). The
tagger's graph also takes each piece's rule tag and rate bucket, added as
learned vectors to the embeddings, and gives each piece's tag probabilities;
the plain encoder gives the last hidden states.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import tempfile
from collections.abc import Callable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimgraph.errors import ModelError
from claimgraph.extras import require

HIDDEN = 384
HEADS = 12
LAYERS = 6
EPS = 1e-12
OPSET = 17
#: Where the base model ships: weights, tokenizer, licence.
BASE_DIR = "minilm"
BASE_WEIGHTS = "model.safetensors"
TOKENIZER_FILE = "tokenizer.json"
#: The longest input, in word pieces (all-MiniLM-L6-v2's ``max_seq_length``).
MAX_PIECES = 256
#: Bump when :func:`build` or :func:`quantize` changes the graph, so that
#: cached graphs are rebuilt.
GRAPH_VERSION = 3
#: int8 products: the largest magnitude of an int8 value, and the zero point
#: that stores a symmetric int8 activation as uint8 (ONNX Runtime's fast
#: uint8 x int8 product).
INT8_MAX = 127.0
UINT8_ZERO = 128

Weights = dict[str, npt.NDArray[Any]]


def base_dir() -> Path:
    """The packaged directory of all-MiniLM-L6-v2's weights and tokenizer."""
    return Path(str(resources.files("claimgraph.data").joinpath("model", BASE_DIR)))


def load_weights(path: Path) -> Weights:
    """The float32 arrays of a safetensors file (read with numpy, no torch)."""
    numpy_io = require("safetensors.numpy")
    try:
        state = numpy_io.load_file(str(path))
    except (OSError, ValueError) as exc:
        raise ModelError(f"could not read weights {path}: {exc}; reinstall claimgraph") from exc
    return {k: v.astype(np.float32) for k, v in state.items()}


@lru_cache(maxsize=1)
def base_weights() -> Weights:
    """all-MiniLM-L6-v2's weights, as shipped (read once per process)."""
    return load_weights(base_dir() / BASE_WEIGHTS)


@lru_cache(maxsize=4)
def tokenizer(max_pieces: int = MAX_PIECES) -> Any:
    """all-MiniLM-L6-v2's word-piece tokenizer (``tokenizers``), truncating
    at ``max_pieces`` and padding nothing."""
    tokenizers = require("tokenizers")
    path = base_dir() / TOKENIZER_FILE
    try:
        tok = tokenizers.Tokenizer.from_file(str(path))
    except Exception as exc:  # the library raises its own kinds
        raise ModelError(f"could not read the tokenizer {path}: {exc}") from exc
    tok.no_padding()
    tok.enable_truncation(max_pieces)
    return tok


class _Builder:
    """Accumulates nodes and initializers of one graph."""

    def __init__(self, weights: Weights, prefix: str) -> None:
        self.helper = require("onnx.helper")
        self.numpy_helper = require("onnx.numpy_helper")
        self.weights = weights
        self.prefix = prefix
        self.nodes: list[Any] = []
        self.inits: list[Any] = []
        self.count = 0
        self.names: set[str] = set()
        #: Weight names (after the prefix) that stay float32 in an int8 graph;
        #: None: a float32 graph.
        self.keep_float: tuple[str, ...] | None = None

    def const(self, name: str, value: npt.NDArray[Any]) -> str:
        self.inits.append(self.numpy_helper.from_array(value, name))
        return name

    def weight(self, key: str, transpose: bool = False) -> str:
        name = self.prefix + key
        if name not in self.names:
            self.names.add(name)
            value = self.weights[name]
            self.const(name, np.ascontiguousarray(value.T if transpose else value))
        return name

    def op(self, kind: str, inputs: list[str], domain: str = "", **attrs: Any) -> str:
        self.count += 1
        out = f"{kind.lower()}_{self.count}"
        node = self.helper.make_node(kind, inputs, [out], name=out, domain=domain or None, **attrs)
        self.nodes.append(node)
        return out

    def linear(self, x: str, key: str) -> str:
        name = self.prefix + f"{key}.weight"
        if self.keep_float is None or name.startswith(self.keep_float):
            product = self.op("MatMul", [x, self.weight(f"{key}.weight", transpose=True)])
        else:
            product = self.int8_product(x, name)
        return self.op("Add", [product, self.weight(f"{key}.bias")])

    def int8_constants(self, keep_float: Sequence[str]) -> None:
        """Make this an int8 graph (:meth:`int8_product`) but for the weights
        whose names start with one of ``keep_float``; adds the constants
        every int8 product shares."""
        self.keep_float = tuple(keep_float)
        self.const("int8_zero", np.array(UINT8_ZERO, dtype=np.uint8))
        self.const("int8_max", np.array(INT8_MAX, dtype=np.float32))
        self.const("int8_tiny", np.array(1e-12, dtype=np.float32))
        self.const("int8_axis", np.array([1], dtype=np.int64))
        self.const("int8_all_but_last", np.array([0], dtype=np.int64))
        self.const("int8_last", np.array([-1], dtype=np.int64))

    def int8_product(self, x: str, name: str) -> str:
        """``x @ W.T`` in int8 with one scale per row of ``x`` (per word
        piece) and one per output column of ``W``, both symmetric: a piece's
        result depends only on its own values, never on the other pieces or
        texts of the batch (a scale shared by the batch, as in ONNX
        Runtime's dynamic quantisation, made a text's vector depend on the
        texts embedded with it)."""
        w = np.asarray(self.weights[name], dtype=np.float32).T  # (inputs, outputs)
        w_scale = np.maximum(np.abs(w).max(axis=0), 1e-12) / INT8_MAX
        w_int8 = np.clip(np.round(w / w_scale), -INT8_MAX, INT8_MAX).astype(np.int8)
        rows = self.op(
            "Reshape", [x, self.const(f"{name}.rows", np.array([-1, w.shape[0]], dtype=np.int64))]
        )
        peak = self.op("ReduceMax", [self.op("Abs", [rows])], axes=[1], keepdims=0)
        scale = self.op("Div", [self.op("Max", [peak, "int8_tiny"]), "int8_max"])
        zero = self.op("Expand", ["int8_zero", self.op("Shape", [scale])])
        quantised = self.op("QuantizeLinear", [rows, scale, zero], axis=0)
        weight = self.const(f"{name}.int8", w_int8)
        product = self.op("MatMulInteger", [quantised, weight, "int8_zero"])
        product = self.op("Cast", [product], to=1)  # float
        product = self.op("Mul", [product, self.op("Unsqueeze", [scale, "int8_axis"])])
        product = self.op("Mul", [product, self.const(f"{name}.scale", w_scale)])
        lead = self.op("Slice", [self.op("Shape", [x]), "int8_all_but_last", "int8_last"])
        width = self.const(f"{name}.width", np.array([w.shape[1]], dtype=np.int64))
        return self.op("Reshape", [product, self.op("Concat", [lead, width], axis=0)])

    def norm(self, x: str, key: str) -> str:
        scale, bias = self.weight(f"{key}.weight"), self.weight(f"{key}.bias")
        return self.op("LayerNormalization", [x, scale, bias], axis=-1, epsilon=EPS)

    def gather(self, table: str, ids: str) -> str:
        return self.op("Gather", [self.weight(table), ids], axis=0)


def _attention(b: _Builder, x: str, mask: str, key: str, split: str, merge: str) -> str:
    def heads(name: str) -> str:
        return b.op("Transpose", [b.op("Reshape", [b.linear(x, name), split])], perm=[0, 2, 1, 3])

    q = heads(f"{key}.self.query")
    k = b.op("Transpose", [heads(f"{key}.self.key")], perm=[0, 1, 3, 2])
    v = heads(f"{key}.self.value")
    scores = b.op("Div", [b.op("MatMul", [q, k]), "head_scale"])
    weights = b.op("Softmax", [b.op("Add", [scores, mask])], axis=-1)
    context = b.op("Transpose", [b.op("MatMul", [weights, v])], perm=[0, 2, 1, 3])
    out = b.linear(b.op("Reshape", [context, merge]), f"{key}.output.dense")
    return b.norm(b.op("Add", [out, x]), f"{key}.output.LayerNorm")


def _layer(b: _Builder, x: str, mask: str, i: int, split: str, merge: str) -> str:
    key = f"encoder.layer.{i}"
    h = _attention(b, x, mask, f"{key}.attention", split, merge)
    inner = b.op("Gelu", [b.linear(h, f"{key}.intermediate.dense")], domain="com.microsoft")
    out = b.linear(inner, f"{key}.output.dense")
    return b.norm(b.op("Add", [out, h]), f"{key}.output.LayerNorm")


def build(
    weights: Weights,
    *,
    prefix: str = "",
    tagger: bool = False,
    int8: bool = False,
    keep_float: Sequence[str] = (),
) -> bytes:
    """The serialised ONNX model of the encoder in ``weights`` (keys as in
    ``BertModel``, each after ``prefix``); with ``tagger`` also the rule and
    rate vectors (``rule.weight``, ``rate.weight``, no prefix) and the tag
    head (``head``), whose output is each piece's tag probabilities.

    With ``int8`` the linear layers compute in int8
    (:meth:`_Builder.int8_product`: weights one scale per output column,
    inputs one scale per word piece), except those whose weight names start
    with one of ``keep_float``; the attention's products of two activations,
    the embeddings and the layer norms stay float32."""
    onnx = require("onnx")
    helper = require("onnx.helper")
    b = _Builder(weights, prefix)
    if int8:
        b.int8_constants(keep_float)
    tensor = onnx.TensorProto
    inputs = [
        helper.make_tensor_value_info("ids", tensor.INT64, ["batch", "length"]),
        helper.make_tensor_value_info("positions", tensor.INT64, ["batch", "length"]),
        helper.make_tensor_value_info("mask", tensor.FLOAT, ["batch", 1, "rows", "length"]),
    ]
    split = b.const("split_shape", np.array([0, 0, HEADS, HIDDEN // HEADS], dtype=np.int64))
    merge = b.const("merge_shape", np.array([0, 0, HIDDEN], dtype=np.int64))
    b.const("head_scale", np.array(math.sqrt(HIDDEN // HEADS), dtype=np.float32))
    type_row = weights[prefix + "embeddings.token_type_embeddings.weight"][0]
    h = b.op(
        "Add", [b.gather("embeddings.word_embeddings.weight", "ids"), b.const("type", type_row)]
    )
    h = b.op("Add", [h, b.gather("embeddings.position_embeddings.weight", "positions")])
    h = b.norm(h, "embeddings.LayerNorm")
    if tagger:
        inputs += [
            helper.make_tensor_value_info(name, tensor.INT64, ["batch", "length"])
            for name in ("rule", "rate")
        ]
        b.prefix = ""
        h = b.op("Add", [h, b.gather("rule.weight", "rule")])
        h = b.op("Add", [h, b.gather("rate.weight", "rate")])
        b.prefix = prefix
    for i in range(LAYERS):
        h = _layer(b, h, "mask", i, split, merge)
    if tagger:
        b.prefix = ""
        h = b.op("Softmax", [b.linear(h, "head")], axis=-1)
    output = helper.make_tensor_value_info(h, tensor.FLOAT, None)
    graph = helper.make_graph(b.nodes, "minilm", inputs, [output], initializer=b.inits)
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", OPSET), helper.make_opsetid("com.microsoft", 1)],
        producer_name="claimgraph",
    )
    serialised: bytes = model.SerializeToString()
    return serialised


def quantize(model: bytes, *, keep_float: Sequence[str] = ()) -> bytes:
    """``model`` (from :func:`build`) with the weights of its linear layers
    in int8, one scale per output column (ONNX Runtime's dynamic
    quantisation: each product's input is quantised to uint8 as it runs,
    with one scale for the whole batch, so rows shift each other a little:
    the tagger's windows of one article; the embeddings use
    ``build(..., int8=True)`` instead);
    the attention's products of two activations, and the layers whose weight
    names start with one of ``keep_float``, stay float32. Needs ``onnx`` and
    ``onnxruntime.quantization`` (both installed with ONNX Runtime)."""
    onnx = require("onnx")
    quantization = require("onnxruntime.quantization")
    proto = onnx.load_from_string(model)
    constants = {t.name for t in proto.graph.initializer}
    kept = tuple(keep_float)
    exclude = [
        node.name
        for node in proto.graph.node
        if node.op_type == "MatMul"
        and (node.input[1] not in constants or (kept and node.input[1].startswith(kept)))
    ]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "int8.onnx"
        quantization.quantize_dynamic(
            proto,
            out,
            per_channel=True,
            weight_type=quantization.QuantType.QInt8,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=exclude,
            extra_options={
                "MatMulConstBOnly": True,
                "DefaultTensorType": onnx.TensorProto.FLOAT,  # for the Gelu's output
            },
        )
        return out.read_bytes()


def _threads() -> int:
    raw = os.environ.get("CLAIMGRAPH_THREADS", "0").strip() or "0"
    try:
        return max(0, int(raw))
    except ValueError as exc:
        raise ModelError(f"CLAIMGRAPH_THREADS={raw!r} is not a number of threads") from exc


def session(model: bytes | Path, threads: int = 0) -> Any:
    """An ONNX Runtime session of ``model`` (serialised, or a file) on the
    CPU, all graph optimisations on, with ``CLAIMGRAPH_THREADS`` intra-op
    threads where it is set, else ``threads``, else ONNX Runtime's default
    (one per core); its idle threads wait without spinning (spinning made
    the pipeline, whose parser runs beside the encoder, 0.19× the bare parse
    against 0.29× without it, in one run on a busy 2-core machine)."""
    ort = require("onnxruntime")
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = _threads() or threads
    options.log_severity_level = 3
    # idle pool threads sleep instead of spinning: the parser needs the core
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    source = str(model) if isinstance(model, Path) else model
    try:
        return ort.InferenceSession(source, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own kinds
        raise ModelError(f"ONNX Runtime could not load the encoder: {exc}") from exc


def cache_dir() -> Path | None:
    """Where built graphs are kept between runs: ``CLAIMGRAPH_CACHE``, else
    ``$XDG_CACHE_HOME/claimgraph``, else ``~/.cache/claimgraph``; ``None``
    when ``CLAIMGRAPH_CACHE`` is ``off``."""
    configured = os.environ.get("CLAIMGRAPH_CACHE", "").strip()
    if configured.lower() == "off":
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "claimgraph"


def _cache_key(name: str, sources: Sequence[Path]) -> str:
    """A digest of what the graph is built from: the builder's version,
    ONNX Runtime's, and the bytes of every weights file."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{name}/{GRAPH_VERSION}/{require('onnxruntime').__version__}".encode())
    for path in sources:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def cached_session(
    name: str, sources: Sequence[Path], model: Callable[[], bytes], threads: int = 0
) -> Any:
    """A :func:`session` (with ``threads``) of the graph that ``model()``
    builds from the weights files ``sources``, kept in :func:`cache_dir`
    under a digest of those files, so that later runs load it without
    building it (or importing ``onnx``); the graphs of other weights under
    the same ``name`` are removed. A cache that cannot be written is skipped:
    the graph is built every time."""
    folder = cache_dir()
    if folder is None:
        return session(model(), threads)
    key = _cache_key(name, sources)
    path = folder / f"{name}-{key}.onnx"
    if path.is_file():
        with contextlib.suppress(ModelError):  # damaged: build it again below
            return session(path, threads)
    built = model()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        scratch = path.with_suffix(f".{os.getpid()}.tmp")
        scratch.write_bytes(built)
        os.replace(scratch, path)  # readers never see half a file
        # one graph per name is kept; "m-<key>" is not "m-int8-<key>"
        for stale in folder.glob(f"{name}-{'?' * len(key)}.onnx"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    return session(built, threads)

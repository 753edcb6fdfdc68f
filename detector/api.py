"""The Python API: load a checker once, check strings, Documents or records.

    >>> from mtlint import load
    >>> checker = load(grammar=False)          # the shipped model, no LanguageTool
    >>> doc = checker.check_text("Min. Echoing Putin's recent gestures, Shri.")
    >>> doc.suspect, [f.code for f in doc.findings]
    (True, ['MT105', 'MT101', 'MT102', ...])
    >>> record = doc.to_dict()                 # the JSONL record, fixes with their findings
    >>> checker.fix_text("Min. The talks went on.")   # safe fixes applied and re-checked
    'The talks went on.'

A Checker is safe to share between threads: every call works on its own Document, the
model is read-only, and each thread gets its own LanguageTool connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from mtlint.core.records import Document

from . import validate
from .config import Config
from .fixes import FixResult
from .inputs import ReadOptions, record_document
from .policy import Policy, connect_grammar, read_config


class Checker:
    """A loaded detector with its run policy: the same options and configuration as ``mtlint check``.

    Parameters
    ----------
    model : path to a model trained by ``mtlint train``; the shipped model when None.
    threshold : suspect at or above this score; the configuration's, else the model's, when None.
    grammar : use LanguageTool at ``languagetool_url``, ``$MTLINT_LANGUAGETOOL_URL`` or the
        server ``mtlint languagetool start`` recorded: ``"auto"`` (the default, as ``mtlint
        check``) when one answers (one warning when none does), True always (an error when none
        answers), False never; or a connected ``GrammarChecker``.
    grammar_scope : ``"auto"`` (the configuration's default) checks every sentence of a text
        and the verdict band of records, ``"verdict"`` only sentences whose verdict grammar
        can change, ``"all"`` every sentence; None: the configuration's ``grammar-scope``.
    config : a ``[tool.mtlint]``/``mtlint.toml`` file (or a ``Config``): disabled codes,
        severities, allow lists, overrides and threshold, applied as the CLI applies them.
    baseline : a file written by ``mtlint check --write-baseline``: its findings are hidden.
    deep : add the deep stage (``--deep``; the ``deep`` extra); None: the configuration's ``deep``.
    deep_scope : which sentences it scores (as ``grammar_scope``: ``"verdict"`` is the cascade);
        None: the configuration's ``deep-scope``.
    """

    def __init__(
        self,
        model: str | Path | None = None,
        threshold: float | None = None,
        grammar: bool | str | object = "auto",
        languagetool_url: str | None = None,
        grammar_scope: str | None = None,
        config: Config | str | Path | None = None,
        baseline: str | Path | None = None,
        deep: bool | None = None,
        deep_scope: str | None = None,
    ):
        if threshold is not None:
            threshold = validate.fraction(threshold, "threshold")
        if grammar is True or grammar == "auto":
            grammar = connect_grammar(languagetool_url, required=grammar is True)
        self.policy = Policy.create(
            read_config(config),
            model=model,
            threshold=threshold,
            grammar=grammar or None,
            grammar_scope=grammar_scope,
            baseline=baseline,
            deep=deep,
            deep_scope=deep_scope,
        )

    @property
    def threshold(self) -> float:
        return self.policy.threshold

    @property
    def grammar_url(self) -> str | None:
        grammar = self.policy.detector.grammar
        return grammar.url if grammar else None

    def warm_up(self) -> None:
        """Build every table now rather than on the first document (for long-running processes)."""
        self.policy.detector.warm_up()

    def check(self, document: Document) -> Document:
        """Check a Document in place and return it (``status="error"`` if it cannot be checked)."""
        return self.policy.check(document)

    def check_text(self, text: str, id: str = "text", source: str = "<string>") -> Document:
        if not isinstance(text, str):  # None or bytes would be checked as no text at all
            kind = "bytes (decode them first)" if isinstance(text, bytes | bytearray) else type(text).__name__
            raise TypeError(f"text must be a str, not {kind}")
        return self.check(Document(id=id, source=source, text=text))

    def fix(self, document: Document, unsafe: bool = False) -> FixResult:
        """Apply a checked Document's safe fixes (unsafe ones too when ``unsafe``), keeping
        those after which checking again finds nothing new: ``mtlint check --fix``."""
        return self.policy.fix(document, unsafe=unsafe)

    def fix_text(self, text: str, unsafe: bool = False) -> str:
        """The text with its fixes applied (see :meth:`fix`)."""
        return self.fix(self.check_text(text), unsafe=unsafe).text

    def check_records(
        self,
        records: Iterable[dict[str, Any]],
        text_field: str = "text",
        id_field: str = "id",
        source: str = "<records>",
        suppress_field: str = "mtlint_suppress",
    ) -> Iterator[Document]:
        """One result per record, in order; a record without a string text is an error result."""
        options = ReadOptions(text_field=text_field, id_field=id_field, suppress_field=suppress_field)
        for n, record in enumerate(records, 1):
            yield self.check(record_document(record, source, n, options))


def load(
    model: str | Path | None = None,
    threshold: float | None = None,
    grammar: bool | str = "auto",
    languagetool_url: str | None = None,
    grammar_scope: str | None = None,
    config: Config | str | Path | None = None,
    baseline: str | Path | None = None,
    deep: bool | None = None,
    deep_scope: str | None = None,
) -> Checker:
    """Load a Checker (the model is read once; reuse the Checker)."""
    return Checker(
        model=model,
        threshold=threshold,
        grammar=grammar,
        languagetool_url=languagetool_url,
        grammar_scope=grammar_scope,
        config=config,
        baseline=baseline,
        deep=deep,
        deep_scope=deep_scope,
    )

"""mtlint: find machine-translation artifacts and garbled phrasing in English news.

The public Python API (kept stable; see the README): ``load``, ``Checker``, ``Document``,
``Sentence``, ``Finding``, ``Summary``. The subpackages live in the repository's top-level
folders (``core/``, ``features/``, ``detector/``, ``reports/``, ``training/``) and install as
``mtlint.core``, ``mtlint.features``, ... (the mapping is ``package-dir`` in pyproject.toml).
"""

from mtlint.core.records import Document, Finding, Sentence, Summary

__all__ = ["Checker", "Document", "Finding", "Sentence", "Summary", "load"]


def __getattr__(name: str):
    # the API pulls in the model and feature code: import it when asked for, not with the records
    if name in ("Checker", "load"):
        from mtlint.detector import api

        return getattr(api, name)
    raise AttributeError(name)

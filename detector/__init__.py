"""mtlint's detector: the result model, segmentation, inputs, the scorer and the CLI.

The public Python API (kept stable; see the README): ``load``, ``Checker``, ``Document``,
``Sentence``, ``Finding``, ``Summary``.
"""

from core.records import Document, Finding, Sentence, Summary

__all__ = ["Checker", "Document", "Finding", "Sentence", "Summary", "load"]


def __getattr__(name: str):
    # the API pulls in the model and feature code: import it when asked for, not with the model
    if name in ("Checker", "load"):
        from . import api

        return getattr(api, name)
    raise AttributeError(name)

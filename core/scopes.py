"""Which sentences an optional stage (LanguageTool's grammar, the deep model) sees: a run's
``--grammar-scope`` and ``--deep-scope``. Constants only, so the CLI's parser reads them
without importing either stage."""

from __future__ import annotations

SCOPES = ("auto", "verdict", "all")
# "auto" by input kind: every sentence of an article a person reads, the verdict band of a
# corpus record (detector.pipeline.scope_of)
AUTO_SCOPES = {"article": "all", "record": "verdict"}

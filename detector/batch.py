"""An engine-free batch callable for data pipelines (Ray Data, Dask, Spark, plain Python).

``MtlintBatch`` is picklable and loads the model once per process, on its first batch. It
maps a batch of records (a pandas DataFrame, a list of dicts, or a dict of columns as Ray's
``"numpy"`` batch format gives) to the same records with mtlint's columns added: the fields
of ``mtlint.core.columns`` (status, error, score, suspect, codes, suspect sentence spans,
findings; the sentence records with ``sentences=True``), the same ones that ``mtlint check
--format passthrough`` adds to each JSONL record.

Passing the class (not an instance) to Ray Data's ``map_batches`` runs an actor pool, so each
actor loads the model once; the README's recipes for Ray Data, Dask and Spark are run by
``tests/detector/test_engines.py``.
"""

from __future__ import annotations

import contextlib
from typing import Any

from mtlint.core.columns import COLUMNS, mtlint_columns

from .inputs import ReadOptions, record_document

__all__ = ["COLUMNS", "MtlintBatch"]


class MtlintBatch:
    """Callable mapping a batch of records to the records with mtlint's columns added."""

    def __init__(
        self,
        text_column: str = "text",
        id_column: str = "id",
        model: str | None = None,
        threshold: float | None = None,
        sentences: bool = False,
        config: str | None = None,
        baseline: str | None = None,
        suppress_column: str = "mtlint_suppress",
        grammar: bool | str = "auto",
        languagetool_url: str | None = None,
        deep: bool | None = None,
        deep_scope: str | None = None,
    ):
        self.text_column = text_column
        self.id_column = id_column
        self.model = model
        self.threshold = threshold
        self.sentences = sentences
        self.config = config
        self.baseline = baseline
        self.suppress_column = suppress_column
        self.grammar = grammar  # as `mtlint check`: LanguageTool when a server answers
        self.languagetool_url = languagetool_url
        self.deep = deep  # as `mtlint check`: the configuration's when None
        self.deep_scope = deep_scope
        self._checker = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_checker"] = None  # each process loads its own model
        return state

    def _check(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self._checker is None:
            from .api import Checker

            self._checker = Checker(
                model=self.model,
                threshold=self.threshold,
                config=self.config,
                baseline=self.baseline,
                grammar=self.grammar,
                languagetool_url=self.languagetool_url,
                deep=self.deep,
                deep_scope=self.deep_scope,
            )
        options = ReadOptions(text_field=self.text_column, id_field=self.id_column, suppress_field=self.suppress_column)
        return [
            mtlint_columns(self._checker.check(record_document(_plain(row), "batch", n, options)), self.sentences)
            for n, row in enumerate(rows, 1)
        ]

    def __call__(self, batch: Any) -> Any:
        if hasattr(batch, "to_dict") and hasattr(batch, "assign"):  # a pandas DataFrame
            added = self._check(batch.to_dict(orient="records"))
            return batch.assign(**_columns(added))
        if isinstance(batch, dict):  # columns, as Ray's "numpy" batch format gives them
            _require_columns(batch)
            names = list(batch)
            size = len(batch[names[0]]) if names else 0
            rows = [{name: batch[name][i] for name in names} for i in range(size)]
            return dict(batch, **_columns(self._check(rows)))
        rows = list(batch)
        return [dict(row, **extra) for row, extra in zip(rows, self._check(rows), strict=True)]


def _columns(added: list[dict[str, Any]]) -> dict[str, list[Any]]:
    names = list(added[0]) if added else list(COLUMNS)
    return {name: [row[name] for row in added] for name in names}


def _require_columns(batch: dict[str, Any]) -> None:
    """A dict batch maps each column to a sequence of values; a string there is one record
    given as a batch, which would otherwise be checked one character per row."""
    for name, values in batch.items():
        if isinstance(values, str | bytes) or not hasattr(values, "__len__"):
            raise TypeError(
                f"a dict batch maps each column to a sequence of values (Ray's numpy format); column "
                f"{name!r} holds a {type(values).__name__}: pass [{{...}}] (a list of records) for one record"
            )


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """numpy values (Ray, pandas, Arrow) become Python ones, so the reader sees str, None and
    lists: a scalar by ``.item()``, an array (a suppress field from Arrow) by ``.tolist()``."""
    out = {}
    for key, value in row.items():
        if hasattr(value, "tolist") and getattr(value, "ndim", 0) > 0:
            value = value.tolist()
        elif hasattr(value, "item") and not isinstance(value, str | bytes):
            with contextlib.suppress(ValueError, TypeError):
                value = value.item()
        out[key] = value
    return out

"""An engine-free batch callable for data pipelines (Ray Data, Dask, Spark, plain Python).

``MtlintBatch`` is picklable and loads the model once per process, on its first batch. It
maps a batch of records (a pandas DataFrame, a list of dicts, or a dict of columns as Ray's
``"numpy"`` batch format gives) to the same records with mtlint's columns added:

- ``mtlint_score`` (float), ``mtlint_suspect`` (bool), ``mtlint_status`` ("ok"/"error"),
  ``mtlint_error`` (str or None);
- ``mtlint_findings``: a list of ``{"code", "message", "start", "end", "severity"}`` with
  offsets into the record's text (and ``"fix"`` where the finding carries one);
- ``mtlint_sentences`` (optional, ``sentences=True``): the full sentence records.

Ray Data, past one machine (``pip install 'mtlint[ray]'``)::

    ds = ray.data.read_json("s3://corpus/*.jsonl")
    ds = ds.map_batches(MtlintBatch, batch_format="pandas", concurrency=8)

Passing the class (not an instance) makes Ray run an actor pool, so each actor loads the
model once.
"""

from __future__ import annotations

import contextlib
from typing import Any

from .inputs import ReadOptions, record_document

COLUMNS = ("mtlint_score", "mtlint_suspect", "mtlint_status", "mtlint_error", "mtlint_findings")


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
    ):
        self.text_column = text_column
        self.id_column = id_column
        self.model = model
        self.threshold = threshold
        self.sentences = sentences
        self.config = config
        self.baseline = baseline
        self.suppress_column = suppress_column
        self._checker = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_checker"] = None  # each process loads its own model
        return state

    def _check(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if self._checker is None:
            from .api import Checker

            self._checker = Checker(
                model=self.model, threshold=self.threshold, config=self.config, baseline=self.baseline
            )
        options = ReadOptions(text_field=self.text_column, id_field=self.id_column, suppress_field=self.suppress_column)
        added = []
        for n, row in enumerate(rows, 1):
            doc = self._checker.check(record_document(_plain(row), "batch", n, options))
            record = doc.to_dict()
            columns = {
                "mtlint_score": record["score"],
                "mtlint_suspect": record["suspect"],
                "mtlint_status": record["status"],
                "mtlint_error": record["error"],
                "mtlint_findings": [f for s in record["sentences"] for f in s["findings"]],
            }
            if self.sentences:
                columns["mtlint_sentences"] = record["sentences"]
            added.append(columns)
        return added

    def __call__(self, batch: Any) -> Any:
        if hasattr(batch, "to_dict") and hasattr(batch, "assign"):  # a pandas DataFrame
            added = self._check(batch.to_dict(orient="records"))
            return batch.assign(**_columns(added))
        if isinstance(batch, dict):  # columns, as Ray's "numpy" batch format gives them
            names = list(batch)
            size = len(batch[names[0]]) if names else 0
            rows = [{name: batch[name][i] for name in names} for i in range(size)]
            return dict(batch, **_columns(self._check(rows)))
        rows = list(batch)
        return [dict(row, **extra) for row, extra in zip(rows, self._check(rows), strict=True)]


def _columns(added: list[dict[str, Any]]) -> dict[str, list[Any]]:
    names = list(added[0]) if added else list(COLUMNS)
    return {name: [row[name] for row in added] for name in names}


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """numpy scalars (Ray, pandas) become Python values, so the reader sees str and None."""
    out = {}
    for key, value in row.items():
        if hasattr(value, "item") and not isinstance(value, str | bytes):
            with contextlib.suppress(ValueError, TypeError):  # an array with several values stays one
                value = value.item()
        out[key] = value
    return out

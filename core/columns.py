"""mtlint's results as fields beside a record's own (the pass-through output and the batch
callable): datatrove's and Dolma's way, where a filter keeps the document's metadata and adds
its attributes next to them, so a corpus needs no join of input and output.

Every added field starts with ``mtlint_``:

- ``mtlint_status`` ("ok"/"error"), ``mtlint_error`` (str or None), ``mtlint_score`` (float:
  the probability that the article is garbled), ``mtlint_verdict`` ("garbled"/"review"/"clean",
  None for an error), ``mtlint_suspect`` (bool: a sentence is suspect);
- ``mtlint_codes``: the distinct codes of the document's findings, sorted;
- ``mtlint_spans``: ``{"start", "end", "score"}`` of each suspect sentence (offsets into the text);
- ``mtlint_findings``: ``{"code", "message", "start", "end", "severity"}`` per finding (and
  ``"fix"`` where it carries one);
- ``mtlint_sentences`` (on request): the full sentence records of ``record.schema.json``.
"""

from __future__ import annotations

from typing import Any

from .records import Document

COLUMNS = (
    "mtlint_status",
    "mtlint_error",
    "mtlint_score",
    "mtlint_verdict",
    "mtlint_suspect",
    "mtlint_codes",
    "mtlint_spans",
    "mtlint_findings",
)
INPUT_FIELD = "mtlint_input"  # a JSONL line that is not a JSON object, kept as it was read


def mtlint_columns(doc: Document, sentences: bool = False) -> dict[str, Any]:
    """The ``mtlint_*`` fields of a checked document (``sentences``: the sentence records too)."""
    record = doc.to_dict()
    findings = [f for s in record["sentences"] for f in s["findings"]]
    columns: dict[str, Any] = {
        "mtlint_status": record["status"],
        "mtlint_error": record["error"],
        "mtlint_score": record["score"],
        "mtlint_verdict": record["verdict"]["label"] if record["verdict"] else None,
        "mtlint_suspect": record["suspect"],
        "mtlint_codes": sorted({f["code"] for f in findings}),
        "mtlint_spans": [
            {"start": s["start"], "end": s["end"], "score": s["score"]} for s in record["sentences"] if s["suspect"]
        ],
        "mtlint_findings": findings,
    }
    if sentences:
        columns["mtlint_sentences"] = record["sentences"]
    return columns


def passthrough(doc: Document) -> dict[str, Any]:
    """The input record unchanged, with mtlint's fields added (replacing any of the same name).

    A JSONL line that is not a JSON object is kept under ``mtlint_input``; a document read from
    a text file or HTML page, which has no record, becomes ``{"id", "text"}``."""
    if isinstance(doc.record, dict):
        base = dict(doc.record)
    elif isinstance(doc.record, str):
        base = {INPUT_FIELD: doc.record}
    else:
        base = {"id": doc.id, "text": doc.text} if doc.status == "ok" else {"id": doc.id}
    base.update(mtlint_columns(doc))
    return base

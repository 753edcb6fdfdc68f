"""JSON and JSONL writers: the document record of ``detector/schema/record.schema.json``, or the
input record with mtlint's fields added (``passthrough``)."""

from __future__ import annotations

import json

from mtlint.core.columns import passthrough
from mtlint.core.records import Document, Summary

from .base import Writer


class JsonlWriter(Writer):
    """One record per line, in input order, flushed as it goes (for corpora of any size)."""

    def document(self, doc: Document) -> None:
        self.out.write(json.dumps(doc.to_dict(), ensure_ascii=False) + "\n")


class PassthroughWriter(Writer):
    """Each input record as it was, with mtlint's ``mtlint_*`` fields added (a data team's
    filter output: the record's own fields survive, no join with the input needed)."""

    def document(self, doc: Document) -> None:
        self.out.write(json.dumps(passthrough(doc), ensure_ascii=False) + "\n")


class JsonWriter(Writer):
    """One object: ``version``, ``summary`` and ``documents``."""

    def start(self) -> None:
        self.records: list[dict] = []

    def document(self, doc: Document) -> None:
        self.records.append(doc.to_dict())

    def finish(self, summary: Summary) -> None:
        payload = {
            "version": self.run.version,
            "model": self.run.model,
            "threshold": self.run.threshold,
            "summary": summary.to_dict(),
            "documents": self.records,
        }
        json.dump(payload, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")

"""SARIF 2.1.0: one result per finding, with rule id, message, region (line, column) and, where
the finding carries one, its fix as replacements of character ranges.

Columns and character offsets count UTF-16 code units (``columnKind: utf16CodeUnits``, what
GitHub code scanning and editors read): a character outside the Basic Multilingual Plane (an
emoji) counts two. A page's findings (HTML input) sit at the file level with their place in the
extracted article in the message, since the offsets index that text, not the page. Artifact
locations are URIs: a file name's spaces, quotes and newlines are percent-encoded.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from mtlint.core.records import Document, Fix, Summary
from mtlint.core.rules import lookup

from .base import Positions, Writer, extracted

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HELP_URI = "https://pypi.org/project/mtlint/#rule-codes"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def sarif_rule(code: str) -> dict:
    """A reportingDescriptor from the rule registry: name, descriptions, help, default level."""
    rule = lookup(code)
    if rule is None:  # a code from a newer model than this registry: still a valid rule
        return {"id": code, "shortDescription": {"text": code}}
    short = f"LanguageTool rule {code[3:]}" if code.startswith("LT:") else rule.summary
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": rule.explanation},
        "helpUri": HELP_URI,
        "help": {
            "text": f"{rule.explanation}\nFlagged: {rule.garbled}\nFine: {rule.fluent}",
            "markdown": f"{rule.explanation}\n\n- Flagged: `{rule.garbled}`\n- Fine: `{rule.fluent}`",
        },
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"family": rule.family},
    }


def artifact_uri(source: str) -> str:
    """A file name as a URI reference: relative names stay relative, absolute ones are file URIs."""
    path = Path(source)
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


class Utf16:
    """Code-point offsets of a text as UTF-16 code units (the same numbers for BMP-only text)."""

    def __init__(self, text: str):
        self.text = text
        self.wide = any(ord(ch) > 0xFFFF for ch in text)

    def __call__(self, offset: int) -> int:
        if not self.wide:
            return offset
        return offset + sum(ord(ch) > 0xFFFF for ch in self.text[:offset])


def sarif_fix(uri: str, fix: Fix, units: Utf16) -> dict:
    """A SARIF fix: the edits as replacements of character ranges of the file."""
    replacements = [
        {
            "deletedRegion": {"charOffset": units(e.start), "charLength": units(e.end) - units(e.start)},
            "insertedContent": {"text": e.replacement},
        }
        for e in fix.edits
    ]
    return {
        "description": {"text": f"{fix.description} ({fix.safety} fix)"},
        "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
        "properties": {"safety": fix.safety},
    }


class SarifWriter(Writer):
    def start(self) -> None:
        self.results: list[dict] = []
        self.rules: dict[str, dict] = {}
        self.notifications: list[dict] = []

    def document(self, doc: Document) -> None:
        if doc.status == "error":
            self.notifications.append({"level": "error", "message": {"text": doc.error or "error"}})
            return
        where, units, uri = Positions(doc), Utf16(doc.text), artifact_uri(doc.source)
        page = extracted(doc)
        for f in doc.findings:
            if f.code not in self.rules:
                self.rules[f.code] = sarif_rule(f.code)
            line, col = where(f.start)
            end_line, end_col = where(f.end)
            location: dict = {"artifactLocation": {"uri": uri}}
            message = f.message
            if page:
                message += f" (in the article text extracted from the page: line {line}, column {col})"
            else:
                location["region"] = {
                    "startLine": line,
                    "startColumn": 1 + units(f.start) - units(f.start - col + 1),
                    "endLine": end_line,
                    "endColumn": 1 + units(f.end) - units(f.end - end_col + 1),
                    "charOffset": units(f.start),
                    "charLength": units(f.end) - units(f.start),
                }
            self.results.append(
                {
                    "ruleId": f.code,
                    "level": _LEVEL[f.severity],
                    "message": {"text": message},
                    "locations": [{"physicalLocation": location}],
                    "properties": {"document": doc.id},
                }
            )
            if f.fix is not None and doc.line is None and not page:  # offsets index the file itself
                self.results[-1]["fixes"] = [sarif_fix(uri, f.fix, units)]

    def finish(self, summary: Summary) -> None:
        run = {
            "tool": {
                "driver": {
                    "name": "mtlint",
                    "version": self.run.version,
                    "informationUri": "https://pypi.org/project/mtlint/",
                    "rules": sorted(self.rules.values(), key=lambda r: r["id"]),
                }
            },
            "columnKind": "utf16CodeUnits",
            "results": self.results,
            "invocations": [
                {
                    "executionSuccessful": summary.errors == 0,
                    "toolExecutionNotifications": self.notifications,
                }
            ],
        }
        json.dump(
            {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]},
            self.out,
            ensure_ascii=False,
            indent=2,
        )
        self.out.write("\n")

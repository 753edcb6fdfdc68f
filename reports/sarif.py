"""SARIF 2.1.0: one result per finding, with rule id, message, region (line, column) and, where
the finding carries one, its fix as replacements of character ranges."""

from __future__ import annotations

import json

from mtlint.core.records import Document, Fix, Summary
from mtlint.core.rules import lookup

from .base import Positions, Writer

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
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
        "help": {
            "text": f"{rule.explanation}\nFlagged: {rule.garbled}\nFine: {rule.fluent}",
            "markdown": f"{rule.explanation}\n\n- Flagged: `{rule.garbled}`\n- Fine: `{rule.fluent}`",
        },
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"family": rule.family},
    }


def sarif_fix(uri: str, fix: Fix) -> dict:
    """A SARIF fix: the edits as replacements of character ranges of the file."""
    replacements = [
        {
            "deletedRegion": {"charOffset": e.start, "charLength": e.end - e.start},
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
        where = Positions(doc)
        for f in doc.findings:
            if f.code not in self.rules:
                self.rules[f.code] = sarif_rule(f.code)
            line, col = where(f.start)
            end_line, end_col = where(f.end)
            self.results.append(
                {
                    "ruleId": f.code,
                    "level": _LEVEL[f.severity],
                    "message": {"text": f.message},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": doc.source},
                                "region": {
                                    "startLine": line,
                                    "startColumn": col,
                                    "endLine": end_line,
                                    "endColumn": end_col,
                                    "charOffset": f.start,
                                    "charLength": f.end - f.start,
                                },
                            }
                        }
                    ],
                    "properties": {"document": doc.id},
                }
            )
            if f.fix is not None and doc.line is None:  # a JSONL record's offsets are not the file's
                self.results[-1]["fixes"] = [sarif_fix(doc.source, f.fix)]

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

"""One finding per problem: where two rules describe the same words and offer the same fix
("Shri." at a sentence's end is a foreign honorific, MT101, and a title with no name, MT102,
both removed by one edit), the stronger rule's finding stays and the other is folded into its
message ("... (also MT102: ...)").

Stronger: the more severe, then the rule listed first in ``core/rules.py``. Folding runs after
suppression (a disabled or allowed winner leaves the other finding standing) and keeps what it
folded on ``Document.folded``, so that ``--write-baseline`` accepts both.
"""

from __future__ import annotations

import dataclasses

from mtlint.core.records import SEVERITIES, Document, Finding
from mtlint.core.rules import RULES

_ORDER = {code: n for n, code in enumerate(RULES)}


def _strength(finding: Finding) -> tuple[int, int]:
    rule = finding.code if finding.code in _ORDER else finding.code[:3]
    return (-SEVERITIES.index(finding.severity), _ORDER.get(rule, len(_ORDER)))


def fold(doc: Document) -> Document:
    """Fold each sentence's findings that share a span and a fix into the strongest of them."""
    for sentence in doc.sentences:
        groups: dict[tuple, list[Finding]] = {}
        for finding in sentence.findings:
            if finding.fix is not None:
                groups.setdefault((finding.start, finding.end, finding.fix.edits), []).append(finding)
        if all(len(group) == 1 for group in groups.values()):
            continue
        replaced: dict[int, Finding | None] = {}
        for group in groups.values():
            if len(group) == 1:
                continue
            winner, *others = sorted(group, key=_strength)
            also = "; ".join(f"{f.code}: {f.message}" for f in others)
            replaced[id(winner)] = dataclasses.replace(winner, message=f"{winner.message} (also {also})")
            for other in others:
                replaced[id(other)] = None
                doc.folded.append(other)
        sentence.findings = [replaced.get(id(f), f) for f in sentence.findings if replaced.get(id(f), f) is not None]
    return doc

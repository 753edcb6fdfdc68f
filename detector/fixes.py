"""Apply the fixes that findings carry, proving each one by checking the fixed text again.

ruff's conventions: safe fixes by default, unsafe ones on request. Fixes are applied in
rounds. Each round takes the fixes of the current text in a fixed order (position, then
safety, then description), skips any whose edits overlap or touch an edit already taken
(it comes back next round, against the new text), applies the rest and checks the result.
A round is kept only if the check shows no finding that the text before it did not have;
otherwise every fix is tried one at a time, on top of those kept so far, and those that add
a finding are left out. Rounds repeat until one keeps nothing: then every fix left adds a
finding to the final text, so fixing it again changes nothing (idempotent). MAX_ROUNDS only
bounds a pathological document (each round keeps at least one fix).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from mtlint.core.records import Document, Edit, Finding, Fix, apply_edits
from mtlint.core.rules import MODEL_CODES  # the model's verdict on a sentence: compared per sentence

MAX_ROUNDS = 10

Check = Callable[[Document], Document]  # checks a document the way the original was checked


@dataclass(frozen=True)
class FixResult:
    """The fixed text and the fixes that made it (each in the offsets of its round's text)."""

    original: str
    text: str
    applied: tuple[Fix, ...] = ()
    rejected: tuple[Fix, ...] = ()  # the fixes that would add a finding to the final text

    @property
    def changed(self) -> bool:
        return self.text != self.original


class OffsetMap:
    """Maps offsets of a text to the text with ``edits`` applied. An offset inside a replaced
    range goes to the replacement's end; a span starting at an insertion point stays after
    the inserted text's start, a span ending there grows to include it."""

    def __init__(self, edits: Iterable[Edit]):
        self.edits = sorted(edits, key=lambda e: (e.start, e.end))
        self.ends = [e.end for e in self.edits]
        shift, self.shifts = 0, []
        for e in self.edits:
            shift += len(e.replacement) - (e.end - e.start)
            self.shifts.append(shift)

    def __call__(self, offset: int, end: bool = False) -> int:
        k = bisect.bisect_right(self.ends, offset)
        while not end and k and self.edits[k - 1].start == self.edits[k - 1].end == offset:
            k -= 1  # an insertion at a span's start is not inside the span
        before = self.shifts[k - 1] if k else 0
        if k < len(self.edits) and self.edits[k].start < offset:  # inside a replaced range
            e = self.edits[k]
            return e.start + before + len(e.replacement)
        return offset + before


def candidates(doc: Document, unsafe: bool = False) -> list[Fix]:
    """The distinct fixes of ``doc``'s findings (two findings on one word may carry one fix),
    safe ones only unless ``unsafe``, in the order rounds take them."""
    seen: dict[tuple[Edit, ...], Fix] = {}
    for finding in doc.findings:
        fix = finding.fix
        if fix is not None and (unsafe or fix.safety == "safe") and fix.edits not in seen:
            seen[fix.edits] = fix
    return sorted(seen.values(), key=_order)


def _order(fix: Fix) -> tuple[int, int, int, str]:
    return (min(e.start for e in fix.edits), max(e.end for e in fix.edits), fix.safety != "safe", fix.description)


def compatible(fixes: Iterable[Fix]) -> list[Fix]:
    """The fixes, in order, less any whose edits overlap or touch one already taken."""
    taken: list[Fix] = []
    spans: list[tuple[int, int]] = []
    for fix in fixes:
        own = [(e.start, e.end) for e in fix.edits]
        if any(a <= d and c <= b for a, b in own for c, d in spans):
            continue
        taken.append(fix)
        spans.extend(own)
    return taken


def added_findings(before: Document, after: Document, edits: Iterable[Edit]) -> list[Finding]:
    """Findings of ``after`` (``before``'s text with ``edits`` applied) that ``before`` did not
    have: a rule finding is old when one of the same code maps onto its span; the model's
    findings are old when their sentence was suspect before."""
    shift = OffsetMap(edits)
    old = {(f.code, shift(f.start), shift(f.end, end=True)) for f in before.findings}
    suspect = [(shift(s.start), shift(s.end, end=True)) for s in before.sentences if s.suspect]
    added = []
    for sentence in after.sentences:
        was_suspect = any(a < sentence.end and sentence.start < b for a, b in suspect)
        for f in sentence.findings:
            if f.code in MODEL_CODES:
                if not was_suspect:
                    added.append(f)
            elif (f.code, f.start, f.end) not in old:
                added.append(f)
    return added


def revised(doc: Document, text: str) -> Document:
    """An unchecked copy of an input document with another (fixed) text."""
    return Document(
        id=doc.id, source=doc.source, text=text, line=doc.line, suppressed_codes=doc.suppressed_codes, record=doc.record
    )


def fix_document(doc: Document, check: Check, unsafe: bool = False) -> FixResult:
    """Apply ``doc``'s fixes (safe ones; unsafe too when ``unsafe``), keeping only those after
    which ``check`` (a Checker's or a Policy's) finds nothing new in the fixed text. ``doc``
    must be checked already, the way ``check`` checks."""
    if doc.status != "ok":
        return FixResult(doc.text, doc.text)
    current, applied, rejected = doc, [], []
    for _ in range(MAX_ROUNDS):
        kept, rejected, checked = _round(current, candidates(current, unsafe), check)
        if not kept:
            break
        applied.extend(kept)
        current = checked
    return FixResult(doc.text, current.text, tuple(applied), tuple(rejected))


def _round(current: Document, pending: list[Fix], check: Check) -> tuple[list[Fix], list[Fix], Document]:
    """One round: the compatible fixes together; if that adds a finding, every pending fix one
    at a time, in order, each on top of those kept so far. Returns (kept, rejected, the
    checked result)."""
    chosen = compatible(pending)
    together = _try(current, chosen, check) if chosen else None
    if together is not None:
        return chosen, [], together
    kept: list[Fix] = []
    rejected: list[Fix] = []
    checked = current
    for fix in pending:
        if compatible(kept + [fix]) != kept + [fix]:
            continue  # touches a kept fix: next round, against the new text
        result = _try(current, kept + [fix], check)
        if result is None:
            rejected.append(fix)
        else:
            kept.append(fix)
            checked = result
    return kept, rejected, checked


def _try(current: Document, fixes: list[Fix], check: Check) -> Document | None:
    edits = [e for fix in fixes for e in fix.edits]
    checked = check(revised(current, apply_edits(current.text, edits)))
    if checked.status != "ok" or added_findings(current, checked, edits):
        return None
    return checked

"""What a team has accepted: disabled codes, allow lists, inline suppressions, a baseline.

Applied to a checked Document after scoring. A suppressed finding is removed; a sentence left
with no finding is accepted (``suspect`` false, and its score no longer counts towards the
document's), so exit codes and CI gates only see what is new or not yet reviewed.

Inline, in text and Markdown (codes, prefixes or rule names, as everywhere)::

    <!-- mtlint: disable=MT104,MT301 -->  ...  <!-- mtlint: enable -->
    <!-- mtlint: disable-next-line=MT105 -->
    The text of this line.  <!-- mtlint: disable-line=foreign-honorific -->
    <!-- mtlint: disable -->   (every code, until enable)

A JSONL record lists codes to suppress in a field (``--suppress-field``, default
``mtlint_suppress``). A directive or record code that names no rule is an error (the document
becomes an error record saying where, with a hint); a directive that suppresses nothing is
reported as MT001 (ruff's RUF100).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from mtlint.core.records import Document, Finding, Sentence
from mtlint.core.rules import RULES, codes_with_prefix
from mtlint.core.selectors import UnknownSelector, hint, matches, resolve

from . import markdown
from .baseline import Baseline, fingerprint
from .config import ResolvedRules

ALL = "*"
KINDS = ("disable", "enable", "disable-next-line", "disable-line")
UNUSED = "MT001"
NAME_CODES = codes_with_prefix("MT2") | codes_with_prefix("MT3")  # allow.names silences these
HONORIFIC_CODES = codes_with_prefix("MT1")  # allow.honorifics silences these


class InvalidSuppression(ValueError):
    """An inline directive or a record's suppress field that mtlint cannot use; ``line`` is
    the directive's 1-based line in the text (None for the suppress field)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line

    def where(self, doc: Document) -> str:
        """``source:line`` of the directive (a JSONL record: its line, and the line in its text)."""
        if doc.line is not None:
            return f"{doc.source}:{doc.line}" + (f": text line {self.line}" if self.line else "")
        return f"{doc.source}:{self.line}" if self.line else doc.source


@dataclass(frozen=True)
class Directive:
    """One ``<!-- mtlint: KIND[=CODES] -->`` comment: its kind, the codes or prefixes it names
    ({"*"} for every code), its span, and why it is invalid (None when it is valid)."""

    kind: str
    codes: frozenset[str]
    start: int
    end: int
    error: str | None = None


def directives(text: str) -> list[Directive]:
    """Every ``<!-- mtlint: ... -->`` comment of ``text`` in order, in one linear scan: each
    comment is found with ``str.find`` from the end of the last, and an unterminated one ends
    the scan (no later comment can close either), so no input makes it backtrack."""
    found = []
    pos = 0
    while (start := text.find("<!--", pos)) != -1:
        close = text.find("-->", start + 4)
        if close == -1:
            break
        body = text[start + 4 : close].strip()
        if body[:6].lower() == "mtlint" and (len(body) == 6 or body[6] == ":" or body[6].isspace()):
            found.append(_parse(body[6:], start, close + 3))
        pos = close + 3
    return found


def _parse(rest: str, start: int, end: int) -> Directive:
    rest = rest.lstrip()
    if not rest.startswith(":"):
        return Directive("", frozenset(), start, end, "expected `mtlint: KIND[=CODES]`")
    kind, equals, names = rest[1:].partition("=")
    kind = kind.strip()
    if kind not in KINDS:
        return Directive(kind, frozenset(), start, end, f"unknown mtlint directive {kind!r}{hint(kind, KINDS)}")
    if not equals:
        return Directive(kind, frozenset({ALL}), start, end)
    if kind == "enable":
        return Directive(kind, frozenset(), start, end, "`enable` takes no codes: it ends the open `disable`")
    try:
        codes = frozenset(resolve(name) for name in names.split(","))
    except UnknownSelector as exc:
        return Directive(kind, frozenset(), start, end, str(exc))
    return Directive(kind, codes, start, end)


@dataclass
class Region:
    """Where a directive suppresses, and which of its codes have suppressed something."""

    start: int
    end: int
    directive: Directive
    used: set[str] = field(default_factory=set)

    def suppresses(self, finding: Finding) -> bool:
        if not self.start <= finding.start < self.end:
            return False
        codes = self.directive.codes
        hit = {ALL} if ALL in codes else {c for c in codes if matches(finding.code, c)}
        self.used |= hit
        return bool(hit)


def regions(text: str, found: list[Directive]) -> list[Region]:
    """The suppression regions of valid directives (``disable`` runs to ``enable`` or the end)."""
    result: list[Region] = []
    open_block: Directive | None = None
    for d in found:
        if d.kind == "disable-next-line":
            line_start = text.find("\n", d.end) + 1 or len(text)  # none after the last line
            line_end = text.find("\n", line_start)
            result.append(Region(line_start, len(text) if line_end == -1 else line_end, d))
        elif d.kind == "disable-line":
            line_end = text.find("\n", d.end)
            result.append(Region(text.rfind("\n", 0, d.start) + 1, len(text) if line_end == -1 else line_end, d))
        else:
            if open_block is not None:
                result.append(Region(open_block.end, d.start, open_block))
            open_block = d if d.kind == "disable" else None
    if open_block is not None:
        result.append(Region(open_block.end, len(text), open_block))
    return result


def apply(doc: Document, rules: ResolvedRules, baseline: Baseline | None = None,
          suppressed_codes: Iterable[str] = ()) -> None:  # fmt: skip
    """Remove disabled, allowed, inline-suppressed and baselined findings; re-rate severities;
    report unused directives (MT001); derive the document's score from what is left. Raises
    InvalidSuppression (naming the line) for a directive or record code that names no rule."""
    if doc.status != "ok":
        return
    found = directives(doc.text) if "<!--" in doc.text else []
    if found and doc.source.lower().endswith(markdown.MARKDOWN_SUFFIXES):  # quoted in code: an example
        quoted = markdown.code(doc.text)
        found = [d for d in found if not any(start <= d.start < end for start, end in quoted)]
    for d in found:
        if d.error:
            line = doc.text.count("\n", 0, d.start) + 1
            raise InvalidSuppression(f"{doc.text[d.start : d.end]}: {d.error}", line)
    try:
        record_codes = [resolve(code) for code in suppressed_codes]
    except UnknownSelector as exc:
        raise InvalidSuppression(f"suppress field: {exc}") from None
    inline = regions(doc.text, found)
    accepted = baseline.counts if baseline else {}
    used: Counter[str] = Counter()  # per document: copying the baseline here cost its size per document
    for sentence in doc.sentences:
        kept = []
        for finding in sentence.findings:
            if rules.disabled(finding.code) or any(matches(finding.code, c) for c in record_codes):
                continue
            if _allowed(doc.text[finding.start : finding.end], finding.code, rules):
                continue
            if any([region.suppresses(finding) for region in inline]):  # every region counts its use
                continue
            if accepted:
                key = fingerprint(doc, sentence, finding)
                if accepted.get(key, 0) > used[key]:
                    used[key] += 1
                    continue
            kept.append(_rated(finding, rules))
        if sentence.findings and not kept:
            sentence.accepted = True
            sentence.suspect = False
        sentence.findings = kept
    _report_unused(doc, inline, rules)
    doc.score = max((s.score for s in doc.sentences if not s.accepted), default=0.0)


def _rated(finding: Finding, rules: ResolvedRules) -> Finding:
    levels = sorted((len(sel), level) for sel, level in rules.severity.items() if matches(finding.code, sel))
    severity = levels[-1][1] if levels else None  # the most specific selector's
    return replace(finding, severity=severity) if severity and severity != finding.severity else finding


def _report_unused(doc: Document, inline: list[Region], rules: ResolvedRules) -> None:
    """An MT001 finding on each directive with a code that suppressed nothing: on the sentence
    the directive sits in, else on a sentence of its own (a comment line between sentences)."""
    if rules.disabled(UNUSED):
        return
    used: dict[Directive, set[str]] = {}
    for region in inline:
        used.setdefault(region.directive, set()).update(region.used)
    for directive, hits in used.items():
        unused = sorted(directive.codes - hits)
        if not unused:
            continue
        named = "every code" if unused == [ALL] else ", ".join(unused)
        finding = _rated(
            RULES[UNUSED].finding(
                f"unused suppression ({named}): it matched no finding", directive.start, directive.end
            ),
            rules,
        )
        home = next((s for s in doc.sentences if s.start <= directive.start < s.end), None)
        if home is None:
            home = Sentence(directive.start, directive.end, doc.text[directive.start : directive.end])
            doc.sentences.append(home)
            doc.sentences.sort(key=lambda s: s.start)
        home.findings.append(finding)


def _allowed(words: str, code: str, rules: ResolvedRules) -> bool:
    text = words.strip().rstrip(".")
    if text in rules.allow["terms"]:
        return True
    if code in NAME_CODES and any(name in words for name in rules.allow["names"]):
        return True
    return code in HONORIFIC_CODES and text.lower() in {h.lower().rstrip(".") for h in rules.allow["honorifics"]}

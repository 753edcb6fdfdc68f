"""CI formats: GitHub workflow annotations and JUnit XML."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from mtlint.core.records import Document, Summary

from .base import Positions, Writer, extracted
from .escape import printable

_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    """A workflow command's message: input controls shown (GitHub's log obeys ANSI codes),
    then the command syntax's own escapes."""
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubWriter(Writer):
    """``::warning file=...,line=...,col=...::message`` lines for GitHub Actions."""

    def document(self, doc: Document) -> None:
        if doc.status == "error":
            self.out.write(f"::error file={_escape_property(doc.source)}::{_escape_data(doc.error or '')}\n")
            return
        where = Positions(doc)
        page = extracted(doc)
        for f in doc.findings:
            line, col = where(f.start)
            end_line, end_col = where(f.end)
            place = "" if page else f"line={line},col={col},endLine={end_line},endColumn={end_col},"
            props = f"file={_escape_property(doc.source)},{place}title={_escape_property('mtlint ' + f.code)}"
            message = f"{f.code} {f.message}" + (f" ({f.fix.safety} fix: {f.fix.description})" if f.fix else "")
            if page:  # the offsets index the extracted article: a file-level annotation with the place
                message += f" (in the article text extracted from the page: line {line}, column {col})"
            self.out.write(f"::{_GITHUB_LEVEL[f.severity]} {props}::{_escape_data(message)}\n")


class JunitWriter(Writer):
    """One testcase per document; a failure per suspect document, an error per unreadable one."""

    def start(self) -> None:
        self.suite = ET.Element("testsuite", name="mtlint")

    def document(self, doc: Document) -> None:
        # XML 1.0 cannot hold most control characters: shown as escapes, as in the text format
        case = ET.SubElement(self.suite, "testcase", classname=printable(doc.source), name=printable(doc.id))
        if doc.status == "error":
            ET.SubElement(case, "error", message=printable(doc.error or "error"))
        elif doc.suspect:
            suspect = [s for s in doc.sentences if s.suspect]
            failure = ET.SubElement(
                case,
                "failure",
                message=f"{len(suspect)} suspect sentence(s), score {doc.score:.3f}",
            )
            failure.text = "\n".join(
                f"{s.score:.3f} {printable(s.text)}  [{', '.join(f.code for f in s.findings)}]" for s in suspect
            )

    def finish(self, summary: Summary) -> None:
        self.suite.set("tests", str(summary.documents))
        self.suite.set("failures", str(summary.suspect_documents))
        self.suite.set("errors", str(summary.errors))
        self.suite.set("time", f"{self.run.duration:.3f}")
        self.out.write(ET.tostring(self.suite, encoding="unicode", xml_declaration=True))
        self.out.write("\n")

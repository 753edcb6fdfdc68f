"""Every writer on hand-built documents, compared with a reviewed snapshot of its output.

The documents are built by hand (no model, no segmentation), so a snapshot changes only when a
writer does. After an intended change, rewrite them with ``MTLINT_UPDATE_SNAPSHOTS=1 pytest
tests/reports/test_snapshots.py`` and review the diff.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from mtlint.core.formats import FORMATS
from mtlint.core.records import Document, Edit, Finding, Fix, NameVariant, Readability, Sentence, Summary, Verdict
from mtlint.reports import writer_for
from mtlint.reports.base import FixedView, RunInfo, Writer

SNAPSHOTS = Path(__file__).parent / "snapshots"
SUFFIXES = {"text": "txt", "json": "json", "jsonl": "jsonl", "passthrough": "jsonl", "html": "html", "sarif": "sarif",
            "github": "txt", "junit": "xml", "markdown": "md"}  # fmt: skip


REMOVE_MIN = Fix((Edit(0, 5, ""),), "safe", "remove the debris 'Min.'")
RESPELL = Fix((Edit(52, 59, "Blinken"),), "safe", "spell it 'Blinken', as the article does 3 times")


def documents() -> list[Document]:
    text = 'Min. The minister met Shri Modi.\nReporters followed Blinkon <home> & "away".'
    garbled = FixedView(
        id="a1",
        source="news/a1.txt",
        text=text,
        sentences=[
            Sentence(
                0,
                4,
                "Min.",
                score=0.99,
                suspect=True,
                findings=[Finding("MT105", "lone abbreviation 'Min.' stands as a sentence", 0, 4, "error", REMOVE_MIN)],
            ),
            Sentence(
                5,
                32,
                text[5:32],
                score=0.91,
                suspect=True,
                findings=[Finding("MT101", "honorific 'Shri' from another language", 22, 26, "error")],
            ),
            Sentence(
                33,
                len(text),
                text[33:],
                score=0.62,
                suspect=True,
                paragraph=1,
                findings=[
                    Finding(
                        "MT301",
                        "'Blinkon' is spelt 'Blinken' 3 times elsewhere in this article",
                        52,
                        59,
                        "error",
                        RESPELL,
                    ),
                    Finding("LT:EN_QUOTES", "Use typographic quotes.", 69, 70, "info"),
                ],
                drivers=(("fluency", 1.2),),
            ),
        ],  # fmt: skip
        score=0.97,
        verdict=Verdict(
            "garbled",
            0.97,
            ("3 of 3 sentences read as machine translation (mean fluency 0.16)", "honorific debris in 2 sentences"),
        ),
        readability=Readability(flesch_reading_ease=61.5, syllables_per_word=1.4),
        name_variants={"Blinkon": NameVariant("Blinken", 3, 1)},
        fixed_text='The minister met Shri Modi.\nReporters followed Blinken <home> & "away".',
    )
    fluent = Document(
        id="b2",
        source="news/b2.txt",
        text="The council approved the budget.",
        sentences=[Sentence(0, 32, "The council approved the budget.", score=0.08)],
        score=0.04,
        verdict=Verdict("clean", 0.04),
    )
    unreadable = Document.failed("c3", "news/c3.bin", "news/c3.bin: binary file (NUL bytes), not text")
    record = Document(id="d4", source="corpus.jsonl", text="Echoing his gestures, Shri.", line=7, sentences=[
        Sentence(0, 27, "Echoing his gestures, Shri.", score=0.93, suspect=True, findings=[
            Finding("MT102", "title 'Shri.' ends the sentence, not a name", 22, 27, "error"),
            Finding("MT402", "no finite verb: a fragment, not a sentence", 0, 27, "warning")])],
        score=0.41, verdict=Verdict("review", 0.41, ("1 suspect sentence to fix",)),
        record={"id": "d4", "text": "Echoing his gestures, Shri.", "domain": "example.com"})  # fmt: skip
    return [garbled, fluent, unreadable, record]


def render(fmt: str) -> str:
    out = io.StringIO()
    run = RunInfo(inputs=["news/", "corpus.jsonl"], model="default", threshold=0.5, version="0.0.0", grammar=True,
                  duration=1.25, started=0.0)  # fmt: skip
    writer = writer_for(fmt, out, run)
    summary = Summary()
    writer.start()
    for doc in documents():
        summary.add(doc)
        writer.document(doc)
    writer.finish(summary)
    return out.getvalue()


def test_every_output_format_has_a_writer_and_a_snapshot():
    assert set(SUFFIXES) == set(FORMATS)
    for fmt in FORMATS:
        assert isinstance(writer_for(fmt, io.StringIO(), RunInfo([], "m", 0.5, "0", False)), Writer)


@pytest.mark.parametrize("fmt", FORMATS)
def test_writer_output_matches_its_snapshot(fmt):
    snapshot = SNAPSHOTS / f"{fmt}.{SUFFIXES[fmt]}"
    output = render(fmt)
    if os.environ.get("MTLINT_UPDATE_SNAPSHOTS") == "1":
        snapshot.write_text(output, encoding="utf-8")
    assert snapshot.exists(), f"no snapshot yet: run with MTLINT_UPDATE_SNAPSHOTS=1 and review {snapshot}"
    assert output == snapshot.read_text(encoding="utf-8")

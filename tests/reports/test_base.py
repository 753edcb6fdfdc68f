"""What every writer shares: the fixed view of a document and the copy a report displays."""

from mtlint.core.records import Document, Finding, Sentence
from mtlint.reports.base import FixedView, displayed


def test_a_copy_made_for_display_keeps_the_fixed_text():
    """``--min-severity`` hides findings from the report, not the fixed text the run computed."""
    text = "Mr. Smith left."
    note = Finding("MT105", "'Mr.' beside 'Mr'", 0, 3, "info")
    doc = Document(id="a", source="a.txt", text=text, sentences=[Sentence(0, len(text), text, findings=[note])])
    shown = displayed(FixedView.of(doc, "Mr Smith left."), "warning")
    assert isinstance(shown, FixedView) and shown.fixed_text == "Mr Smith left."
    assert shown.findings == [] and shown.to_dict()["sentences"][0]["text"] == text
    assert shown.to_dict() == displayed(doc, "warning").to_dict()  # the record is the Document's

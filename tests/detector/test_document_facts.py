"""Document facts are the whole document's, however it is chunked."""

from mtlint.core.records import Document
from mtlint.detector.pipeline import CHUNK_CHARS, CHUNK_SENTENCES, Detector, analyse

# long words, and short enough that 2,000 of them make one chunk (CHUNK_CHARS)
LONG = "The committee's extraordinarily comprehensive investigation concluded unanimously."


def test_a_chunked_documents_readability_is_that_of_all_its_sentences():
    """2,000 long sentences and then "He ran.": the last chunk holds "He ran." alone, and its
    Flesch score (120.21) once stood for the whole document."""
    text = " ".join([LONG] * CHUNK_SENTENCES) + " He ran."
    assert len(text) < CHUNK_CHARS
    checked = Detector.create().check(Document(id="long", source="long", text=text))
    assert len(checked.sentences) == CHUNK_SENTENCES + 1
    whole = Document(id="whole", source="whole", text=text)
    analyse(whole)  # every sentence in one analysis, no chunks
    alone = Document(id="short", source="short", text="He ran.")
    analyse(alone)
    assert checked.readability == whole.readability
    assert checked.readability.flesch_reading_ease < 0 < 100 < alone.readability.flesch_reading_ease

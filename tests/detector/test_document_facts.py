"""Document facts are the whole document's, however it is chunked."""

from mtlint.core.records import Document, NameVariant
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


def test_a_name_spelt_otherwise_in_a_later_chunk_is_a_variant_of_the_document():
    """ "Blinken" three times in the first chunk and "Blinkon" once in the second: the name
    inventory counts the mentions of every chunk (each chunk alone has no variant)."""
    usual = ["Blinken met the press.", "Blinken left early.", "Reporters asked Blinken about it."]
    text = " ".join(usual + [LONG] * CHUNK_SENTENCES + ["Blinkon said nothing."])
    checked = Detector.create().check(Document(id="long", source="long", text=text))
    assert checked.sentences[-1].text == "Blinkon said nothing." and len(checked.sentences) > CHUNK_SENTENCES
    whole = Document(id="whole", source="whole", text=text)
    analyse(whole)  # every sentence in one analysis, no chunks
    assert checked.name_variants == whole.name_variants == {"Blinkon": NameVariant("Blinken", 3, 1)}
    # and its finding, made in the chunk that holds it from the whole document's names
    assert [f.code for f in checked.sentences[-1].findings if f.code == "MT301"] == ["MT301"]
    assert [f.code for f in whole.sentences[-1].findings if f.code == "MT301"] == ["MT301"]

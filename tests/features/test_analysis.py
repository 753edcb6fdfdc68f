from mtlint.core.records import Document
from mtlint.detector.segment import sentences
from mtlint.features.analysis import _TOKEN, Analysis

TRICKY = (
    "Don't, can't and won't: O'Neill's rock'n'roll, J. R. R. Tolkien's 1,000.5 pages at 3:45.\n"
    "Ü-Bahn\u00a0Straße’s naïve café n’t ’s\u2003(Shri.) “Min.” Echoing—Putin…\tx\u200by 2nd-rate U.S.-led"
)


def test_tokens_are_those_the_pattern_finds_over_the_whole_sentence():
    doc = Document(id="t", source="t", text=TRICKY, sentences=sentences(TRICKY))
    analysis = Analysis.of(doc)
    for sentence, tokens in zip(doc.sentences, analysis.tokens, strict=True):
        expected = [
            (m.group(), m.start() + sentence.start, m.end() + sentence.start) for m in _TOKEN.finditer(sentence.text)
        ]
        assert [(t.text, t.start, t.end) for t in tokens] == expected
        assert all(TRICKY[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in analysis.tokens[0][:2]] == ["Do", "n't"]

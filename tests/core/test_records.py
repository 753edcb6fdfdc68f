import dataclasses

from mtlint.core.records import Sentence
from mtlint.core.rules import finding

RESULT = {"score", "suspect", "findings", "drivers"}


def test_a_judged_sentence_keeps_every_field_the_scorer_does_not_set():
    fields = {f.name for f in dataclasses.fields(Sentence)}
    # a value unlike the default for every field, so a field judged() forgot would show
    given = {"start": 3, "end": 9, "text": "Shri.", "paragraph": 2, "accepted": True}
    assert set(given) == fields - RESULT, "a new Sentence field: judged() must copy it"
    sentence = Sentence(**given)
    found = [finding("MT101", "a foreign honorific", 3, 8)]
    judged = sentence.judged(0.9, True, found, (("fluency", 1.0),))
    assert judged == dataclasses.replace(sentence, score=0.9, suspect=True, findings=found, drivers=(("fluency", 1.0),))
    assert judged is not sentence and sentence.score == 0.0 and sentence.findings == []

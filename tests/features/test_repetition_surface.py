import pytest

from mtlint.features import repetition, surface

from .helpers import codes, findings


def test_seed_repetition(seed_text):
    found = findings(repetition.extract, seed_text)
    assert any(code == "MT502" and "progressing" in words and words.endswith("progress") for code, words in found)
    assert any(code == "MT502" and words.startswith("imposing") for code, words in found)


@pytest.mark.parametrize(
    "text, code, words",
    [
        ("He said the the talks failed.", "MT501", "the the"),
        # a name doubled where the article also writes it alone is a slip, not "Wagga Wagga"
        ("Mr Blinken spoke. Reporters said Mr Blinken Blinken was tired.", "MT501", "Blinken Blinken"),
        ("The report reported nothing new.", "MT502", "report reported"),
        ("This was not a reign, nor a reign, nor a reign, nor a reign of the time.", "MT503", None),
        ("People are going on going on going on going on.", "MT503", "going on going on going on going on"),
        ("My Lord, my Lord, my Lord, my Lord!", "MT503", "My Lord, my Lord, my Lord, my Lord"),
        ('She said, "Lord, my lady, my lady, my lady, my lady."', "MT503", "my lady, my lady, my lady, my lady"),
        ("The town of Brahmapura Brahmapura Brahmapura lies north.", "MT503", "Brahmapura Brahmapura Brahmapura"),
        ("The minister (who arrived late said nothing.", "MT601", "("),
        # a quotation left open: the next paragraph neither continues nor closes it
        ("“We will not give up the fight for our people.\nThe talks went on.", "MT601", "“"),
        ("He said the talks went on.” Then he left.", "MT601", "”"),
        ("The minister said nothing , then left.", "MT602", " ,"),
        ("The minister said itâ€™s over.", "MT603", None),
        ("The minister said правительство would decide.", "MT604", "правительство"),
        ("The minister saidThe talks failed.", "MT605", "saidThe"),
        # documents outside ASCII take the other engine's screen: the same findings
        ("The minister saidThe talks in Zürich failed.", "MT605", "saidThe"),
        ("The talks in Zürich ended.Reporters left.", "MT605", "ended."),
        ("The talks\x0bfailed.", "MT606", "\x0b"),
        ("The talks in Zürich\x0bfailed.", "MT606", "\x0b"),
    ],
)
def test_examples(text, code, words):
    family = repetition if code.startswith("MT5") else surface
    found = findings(family.extract, text)
    assert code in [c for c, _ in found]
    if words is not None:
        assert (code, words) in found


@pytest.mark.parametrize(
    "text",
    [
        "He had had enough of it.",
        "“The only threat is a Russian invasion of Ukraine,” Mr Blinken said.",
        "The café in Zürich served crème brûlée.",
        "Shares of iPhone maker Apple rose 2% (to $150) on Monday.",
        "“We will act,” she said. “And we will act soon.”",
        # fluent WMT21 news: enumerations, ordinals, numbers between repeats, reduplicated names
        "The EU kept its sanctions on Iran, Iran has said.",
        "After the meeting with China, China has agreed to the terms.",
        "Trains on Line 1, Line 2 and Line 3 were delayed.",
        "The collection spans the 19th, 20th and 21st centuries.",
        "The floods reached Wagga Wagga on Friday.",
        "The first modern Olympic Games were held in 1896 in Athens.",
        "The measure does not apply to Greek citizens, citizens residing in Greece and travellers.",
        "Commissioners supported Adamu Adamu's original decision.",
        # a loop inside quotation marks is meant; a phrase said twice is emphasis, not a loop
        'He had "bla, bla, bla" written on his head for the match.',
        "“Never, never, never,” she said.",
        "It was a long, long way from home.",
        "They talked and talked, then talked some more.",
        # news carries a quotation into the next paragraph: opened again there, closed once
        "“We will not give up the fight for our people.\n“Nor will we stop talking,” he said.",
        "“We will not give up.\nThe talks, he said, would go on.”\nThen he left.",
    ],
)
def test_fluent_text_stays_silent(text):
    assert codes(repetition.extract, text) + codes(surface.extract, text) == []

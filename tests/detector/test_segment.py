import pytest

from mtlint.detector.segment import paragraphs, sentences


def texts(text: str) -> list[str]:
    return [s.text for s in sentences(text)]


def test_offsets_slice_the_original_text_for_every_seed_sentence(seed_text):
    result = sentences(seed_text)
    assert len(result) > 30
    for s in result:
        assert seed_text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text",
    [
        "  Leading space.  Two spaces between.\n\n\nBlank lines above.\r\nWindows line.",
        "Émile “quoted” — dash. 日本語です。 Next one.",
        "no punctuation at all",
        "",
        "   \n\t\n",
    ],
)
def test_offsets_slice_generated_documents(text):
    for s in sentences(text):
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.text


def test_truncated_name_ends_the_sentence_before_a_pronoun(seed_text):
    result = texts(seed_text)
    assert any(t.endswith("Russian President Vladimir V.") for t in result)
    assert any(t.startswith("He is expected to speak directly") for t in result)


def test_lone_abbreviation_is_its_own_sentence_and_titles_stay_with_names(seed_text):
    result = texts(seed_text)
    assert result.count("Min.") == 2
    assert "Echoing Putin’s recent gestures, Shri." in result
    assert any(t.startswith("Mr. Lavrov called for") for t in result)
    assert any("with Shri. Putin is upset." in t for t in result)


def test_dateline_and_header_line():
    text = "Headline Without Period\nWASHINGTON – The senator said so. He left."
    assert texts(text) == [
        "Headline Without Period",
        "WASHINGTON – The senator said so.",
        "He left.",
    ]


def test_middle_initial_does_not_split_a_name():
    assert texts("Foreign Secretary Anthony J. Blinken said on Thursday that it was over.") == [
        "Foreign Secretary Anthony J. Blinken said on Thursday that it was over."
    ]


def test_hard_wrapped_lines_form_one_paragraph():
    text = "This sentence is wrapped\nover two lines. Another one.\n\nNew paragraph."
    assert [text[a:b] for a, b in paragraphs(text)] == [
        "This sentence is wrapped\nover two lines. Another one.",
        "New paragraph.",
    ]
    assert texts(text)[0] == "This sentence is wrapped\nover two lines."


def test_a_paragraph_larger_than_the_window_keeps_exact_offsets():
    text = "The council approved the budget on Monday. " * 60000  # 2.6 MB, one paragraph
    result = sentences(text)
    assert len(result) == 60000
    assert all(text[s.start : s.end] == s.text == "The council approved the budget on Monday." for s in result)


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Lavrov met Mr. Blinken. They talked.",
        "Émile said “déjà vu”. Straße ist gut! 日本語です。 Next one.",
        "Emoji 😀 first. Then 😀😀 two. Done",
        "One sentence without an end",
    ],
)
def test_blingfire_spans_match_blingfires_own_offsets(text):
    import blingfire

    from mtlint.detector.segment import blingfire_spans

    assert blingfire_spans(text) == blingfire.text_to_sentences_and_offsets(text)[1]


def test_a_paragraph_without_a_sentence_end_inside_is_one_sentence():
    text = "WASHINGTON – Talks on Ukraine (and NATO) resumed on Monday in Geneva."
    assert texts(text) == [text]
    assert texts("Dr. No. Yes.")[-1] == "Yes."


@pytest.mark.parametrize("unit", [".", "1,2.3:", "…x", "?!"])
def test_runs_of_marks_without_spaces_segment_in_linear_time(unit):
    import time

    text = unit * (300_000 // len(unit))  # quadratic before: 200,000 dots took 3 minutes
    started = time.perf_counter()
    spans = sentences(text)
    assert time.perf_counter() - started < 10
    assert "".join(s.text for s in spans) == text


def test_a_capitalised_line_of_wrapped_prose_goes_on_the_sentence():
    text = (
        "The bodies were going to be sent to the sheriff's office and then to the\n"
        "Georgia Bureau of Investigation for an autopsy, officials said on Monday.\n"
        "Two people were hurt in the crash on the highway near the city on July\n"
        "26. The road stayed closed until late in the evening, the police said.\n"
        "- Both drivers were taken to the hospital in the city, the police said."
    )
    assert [" ".join(t.split()) for t in texts(text)] == [
        "The bodies were going to be sent to the sheriff's office and then to the "
        "Georgia Bureau of Investigation for an autopsy, officials said on Monday.",
        "Two people were hurt in the crash on the highway near the city on July 26.",
        "The road stayed closed until late in the evening, the police said.",
        "- Both drivers were taken to the hospital in the city, the police said.",
    ]
    # the list item follows a line that is not full: a list of its own
    assert len(list(paragraphs(text))) == 2


def test_short_lines_lists_and_headings_still_end_paragraphs():
    text = (
        "WASHINGTON, Dec 3\n"
        "The senator said on Thursday that the talks would go on until the end of\n"
        "the month, and that both sides had agreed on a schedule for the meetings.\n"
        "- the first item of a list that follows the paragraph above it\n"
        "- the second item\n"
        "# A heading\n"
        "Text under the heading."
    )
    assert [text[a:b].split("\n")[0] for a, b in paragraphs(text)] == [
        "WASHINGTON, Dec 3",
        "The senator said on Thursday that the talks would go on until the end of",
        "- the first item of a list that follows the paragraph above it",
        "- the second item",
        "# A heading",
        "Text under the heading.",
    ]


def test_one_paragraph_a_line_keeps_each_line_a_paragraph():
    text = "“We will not give up the fight for our people.\n“Nor will we stop talking,” he said.\nThen he left."
    assert len(list(paragraphs(text))) == 3


def test_markdown_single_line_breaks_are_soft():
    text = "The talks went on\nUntil late, the minister said.\n\n- One item\n- Another item"
    assert [text[a:b] for a, b in paragraphs(text, markdown=True)] == [
        "The talks went on\nUntil late, the minister said.",
        "- One item",
        "- Another item",
    ]
    assert len(list(paragraphs(text))) == 4


def test_a_url_wrapped_to_the_start_of_a_line_stays_in_its_sentence():
    """URLs are masked before segmentation; the line breaks are judged on the text as written
    (WMT21's "webpage\\nwww.autodrom-most.cz," once split a fluent sentence when wrapped)."""
    from mtlint import Checker

    text = 'They will find vouchers on webpage\nwww.autodrom-most.cz," Jana Svobodova, sales director, explained.'
    checked = Checker(grammar=False).check_text(text, source="a.txt")
    assert [s.text for s in checked.sentences] == [text]

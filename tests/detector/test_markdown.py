"""What the Markdown and comment masks blank out (issue #30 rewrote them to scan linearly):
offsets keep their place, and only code, comments, link targets and URLs disappear."""

from mtlint.detector.markdown import mask


def _kept(text: str, markdown: bool = True) -> str:
    masked = mask(text, markdown)
    assert masked is None or len(masked) == len(text)  # offsets still index the original
    return " ".join((masked if masked is not None else text).split())


def test_comments_are_masked_and_an_unterminated_one_is_prose():
    assert _kept("Talks <!-- hidden --> went on. <!-- also --> Done.", markdown=False) == "Talks went on. Done."
    assert _kept("Talks went on <!-- never closed.", markdown=False) == "Talks went on <!-- never closed."


def test_inline_code_spans_end_at_a_run_of_the_same_length_on_the_same_line():
    # a code span leaves a placeholder word: "and `code`." gets no space before its period
    assert _kept("Run `ls -l` now.") == "Run x now."
    assert _kept("Use ``a ` b`` here.") == "Use x here."
    assert _kept("An `open span\ncloses` not.") == "An `open span closes` not."
    assert _kept("Lone ``` fence-like run mid-line.") == "Lone ``` fence-like run mid-line."


def test_link_targets_and_urls_are_masked_but_the_link_text_stays():
    assert _kept('See [the report](https://example.org/r "Title") today.') == "See [the report] today."
    assert _kept("Visit www.example.org or http://x.y/z now.") == "Visit or now."
    assert _kept("A [bracket](not a target) stays.") == "A [bracket](not a target) stays."


def test_front_matter_fences_and_indented_code_are_masked_in_markdown_only():
    text = "---\ntitle: x\n---\nThe vote passed.\n\n```\ncode here\n```\n\n    indented code\n"
    assert _kept(text) == "The vote passed."
    assert mask("The vote passed.", markdown=True) is None

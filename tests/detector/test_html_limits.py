"""HTML extraction is bounded (issue #30): a page with too many tags, or too many attributes
on one tag or in all, is an error record that says so, at once, and the other inputs are read."""

import pytest

from mtlint.detector import inputs
from mtlint.detector.inputs import MAX_HTML_ATTRIBUTES, MAX_HTML_TAGS, MAX_TAG_ATTRIBUTES, ReadOptions

ARTICLE = (
    "<html><body><article><p>The council approved the budget on Monday after a long debate. Then it "
    "adjourned for the week and members went home.</p><p>The vote passed with broad support.</p>"
    "</article></body></html>"
)


@pytest.mark.parametrize(
    "page, reason",
    [
        ("<p>The vote passed.</p>" * (MAX_HTML_TAGS + 1), f"has over {MAX_HTML_TAGS:,} tags"),
        (
            "<p " + " ".join(f"a{i}=x" for i in range(MAX_TAG_ATTRIBUTES + 1)) + ">The vote passed.</p>",
            f"has a tag with over {MAX_TAG_ATTRIBUTES:,} attributes",
        ),
        (
            ("<p " + " ".join(f"a{i}=x" for i in range(MAX_TAG_ATTRIBUTES)) + ">x</p>")
            * (MAX_HTML_ATTRIBUTES // MAX_TAG_ATTRIBUTES + 1),
            f"has over {MAX_HTML_ATTRIBUTES:,} attributes",
        ),
    ],
)
def test_a_page_past_the_extraction_bounds_is_an_error_record(tmp_path, page, reason):
    big, ok = tmp_path / "big.html", tmp_path / "ok.html"
    big.write_text(page)
    ok.write_text(ARTICLE)
    docs = list(inputs.read_inputs([str(big), str(ok)], ReadOptions()))
    assert [d.status for d in docs] == ["error", "ok"]
    assert docs[0].error == f"{big}: HTML page {reason}: not extracted (not a news article)"
    assert docs[1].text.startswith("The council approved the budget")


def test_a_page_within_the_bounds_is_extracted():
    assert inputs.html_beyond_limits("<p>x</p>" * (MAX_HTML_TAGS // 2 - 1)) is None

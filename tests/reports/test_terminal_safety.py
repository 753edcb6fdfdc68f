"""Terminal safety (issue #16): escape sequences, bidi overrides and zero-width characters
from the input are shown, never obeyed, in the text, github and junit formats."""

import json
import xml.etree.ElementTree as ET

import pytest

from mtlint.reports.escape import printable

HOSTILE = "The vote \x1b[2J\x1b]0;pwned\x07passed \u202eyb detroper\u202c on Mon\u200bday. Shri. said so.\n"


def test_printable_shows_controls_like_cat_v_and_keeps_plain_text():
    assert printable("plain text, é and ÿ") == "plain text, é and ÿ"
    assert printable("a\x1b[2Jb\x07c\x7f") == "a^[[2Jb^Gc^?"
    assert printable("x\u202ey\u2066z\u200b\u200d\ufeff") == "x<U+202E>y<U+2066>z<U+200B><U+200D><U+FEFF>"
    assert printable("a\tb\nc\rd") == "a b c d"  # same length: the marked spans stay aligned


@pytest.mark.parametrize("fmt", ["text", "github", "junit"])
def test_no_control_character_from_the_input_reaches_the_output(cli, tmp_path, fmt):
    article = tmp_path / "article\x1b[31m.txt"
    article.write_text(HOSTILE)
    result = cli("check", article, "--no-grammar", "--format", fmt)
    assert result.code == 1
    controls = [c for c in result.out if (ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0]
    assert controls == [] and not set(result.out) & set("\u202e\u202c\u200b")
    assert "article^[[31m.txt" in result.out
    if fmt != "github":  # github annotations carry the messages, not the sentence
        shown_bidi = "&lt;U+202E&gt;" if fmt == "junit" else "<U+202E>"  # XML escapes the brackets
        assert "^[[2J" in result.out and shown_bidi in result.out
    if fmt == "junit":
        ET.fromstring(result.out.split("?>", 1)[1])  # well-formed XML


def test_the_json_formats_keep_the_text_as_it_is(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(HOSTILE)
    [record] = cli("check", article, "--no-grammar", "--format", "jsonl").jsonl()
    assert record["sentences"][0]["text"].startswith("The vote \x1b[2J")
    assert json.loads(json.dumps(record)) == record


def test_the_marked_span_lines_up_under_escaped_text(cli, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The \x1b[1m vote , passed on Monday.\n")
    lines = cli("check", article, "--no-grammar", "--exit-zero").out.splitlines()
    mt602 = lines.index(next(line for line in lines if "MT602" in line))
    shown, carets = lines[mt602 + 1], lines[mt602 + 2]
    assert shown[carets.index("^") : len(carets)] == " ,"

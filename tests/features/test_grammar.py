"""Grammar features against the real LanguageTool server (started by scripts/test.sh)."""

import logging

import pytest

from mtlint.features.grammar import GrammarChecker, _batches
from mtlint.features.languagetool import server

from .helpers import run_family


def grammar_findings(url: str, text: str) -> list[tuple[str, str]]:
    checker = GrammarChecker(url)
    _, result = run_family(checker.extract, text)
    return [(f.code, text[f.start : f.end]) for fs in result.findings for f in fs]


def test_a_vs_an_is_found_with_its_span(languagetool_url):
    assert ("LT:EN_A_VS_AN", "a") in grammar_findings(languagetool_url, "This is a error.")


def test_offsets_map_back_to_the_right_sentence(languagetool_url):
    text = "The council met on Monday.\nIt approved the budget. He go home after a hour."
    checker = GrammarChecker(languagetool_url)
    analysis, result = run_family(checker.extract, text)
    per_sentence = [[f.code for f in fs] for fs in result.findings]
    assert per_sentence[0] == [] and per_sentence[1] == []
    assert "LT:HE_VERB_AGR" in per_sentence[2] and "LT:EN_A_VS_AN" in per_sentence[2]
    for fs, sentence in zip(result.findings, analysis.sentences, strict=True):
        for f in fs:
            assert sentence.start <= f.start < f.end <= sentence.end
    assert 0 < result.features[2]["lt_grammar"] <= 1.0  # a capped count: the grammar stage needs bounds


def test_a_subset_of_sentences_is_checked_and_mapped_back(languagetool_url):
    text = "He go home after a hour. The council met on Monday. This is a error."
    checker = GrammarChecker(languagetool_url)
    analysis, _ = run_family(checker.extract, text)
    picked = [analysis.sentences[0], analysis.sentences[2]]  # not adjacent in the document
    result = checker.check_sentences(picked)
    spans = [[(f.code, text[f.start : f.end]) for f in fs] for fs in result.findings]
    assert ("LT:EN_A_VS_AN", "a") in spans[0] and ("LT:EN_A_VS_AN", "a") in spans[1]
    assert all(picked[k].start <= f.start < f.end <= picked[k].end for k in (0, 1) for f in result.findings[k])


def test_proper_nouns_and_news_typography_are_not_errors(languagetool_url):
    text = "Mr Blinken met Lavrov in Stockholm, and COVID-19 cases rose 5 per cent, officials said."
    assert grammar_findings(languagetool_url, text) == []


def test_a_document_is_checked_in_few_requests(seed_text):
    from mtlint.core.records import Document
    from mtlint.detector import segment

    doc = Document(id="s", source="s", text=seed_text * 10)
    doc.sentences = segment.sentences(doc.text)
    batches = _batches(doc.sentences)
    assert len(batches) <= 4 < len(doc.sentences)
    assert [i for batch in batches for i in batch] == list(range(len(doc.sentences)))


def test_cli_uses_the_started_server_and_no_grammar_turns_it_off(cli, tmp_path, languagetool_url):
    page = tmp_path / "a.txt"
    page.write_text("This is a error in the report.")
    url = ("--languagetool-url", languagetool_url)
    with_lt = cli("check", page, "--format", "jsonl", *url, "--grammar-scope", "all").jsonl()
    codes = [f["code"] for s in with_lt[0]["sentences"] for f in s["findings"]]
    assert "LT:EN_A_VS_AN" in codes
    without = cli("check", page, "--format", "jsonl", "--no-grammar").jsonl()
    assert not [f for s in without[0]["sentences"] for f in s["findings"] if f["code"].startswith("LT:")]


def test_unreachable_server_warns_once_and_loses_no_document(cli, tmp_path, caplog):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(f'{{"id": "{i}", "text": "This is a error number {i}."}}\n' for i in range(5)))
    with caplog.at_level(logging.WARNING, logger="mtlint"):
        result = cli(
            "check", corpus, "--format", "jsonl", "--grammar-scope", "all",  # every sentence asks the server
            "--languagetool-url", f"http://127.0.0.1:{server.free_port()}",
        )  # fmt: skip
    records = result.jsonl()
    assert [r["id"] for r in records] == ["0", "1", "2", "3", "4"]
    assert all(r["status"] == "ok" for r in records)
    warnings = [r.message for r in caplog.records if "stopped answering" in r.message]
    assert len(warnings) == 1


@pytest.mark.slow
@pytest.mark.languagetool  # a LanguageTool server of its own
def test_server_that_dies_mid_run_turns_grammar_off(tmp_path):
    process, url = server.launch({"cacheSize": "0"}, tmp_path / "lt.log")
    try:
        checker = GrammarChecker(url, retries=2, backoff=0.05)
        _, first = run_family(checker.extract, "This is a error.")
        assert any(f.code == "LT:EN_A_VS_AN" for fs in first.findings for f in fs)
    finally:
        process.kill()
        process.wait()
    _, second = run_family(checker.extract, "This is a error, said another reporter.")  # not cached
    assert second.findings == [[]] and not checker.available


def test_status_reports_url_version_pid_and_health(cli, languagetool_url):
    state = server.read_state()  # the fixture and scripts/test.sh start it with `mtlint languagetool start`
    assert state is not None and state.url == languagetool_url
    result = cli("languagetool", "status")
    assert result.code == 0
    assert f"url {state.url}" in result.out and "version 6.8" in result.out and "health healthy" in result.out


@pytest.mark.slow
@pytest.mark.languagetool  # a LanguageTool server of its own
def test_repeated_text_is_answered_from_the_cache(tmp_path):
    process, url = server.launch({"cacheSize": "0"}, tmp_path / "lt.log")
    checker = GrammarChecker(url, retries=0)
    try:
        first = checker.check("This is a error.")
    finally:
        process.kill()
        process.wait()
    assert checker.check("This is a error.") == first  # the server is gone: this came from the cache

"""Hostile input: nothing crashes, hangs or is lost."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtlint.core.records import Document
from mtlint.detector.pipeline import Detector
from mtlint.features.grammar import GrammarChecker
from tests.conftest import ROOT, SEED

_detector = Detector.create()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_arbitrary_unicode_never_raises_and_offsets_slice_the_text(text):
    doc = _detector.check(Document(id="h", source="h", text=text))
    assert doc.status == "ok", doc.error
    assert 0.0 <= doc.score <= 1.0
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text
        assert 0.0 <= s.score <= 1.0
        for f in s.findings:
            assert s.start <= f.start <= f.end <= s.end


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Min.",
                "Shri.",
                "Mr",
                "V.",
                "Blinken",
                "Blinkon",
                "said",
                "the",
                "\n",
                " ",
                ",",
                "“",
                "”",
                "(",
                "Reiterated",
                "he",
                "go",
                "United States",
            ]
        ),
        max_size=60,
    )
)
def test_output_is_deterministic(words):
    text = " ".join(words)
    first = _detector.check(Document(id="d", source="d", text=text)).to_dict()
    second = _detector.check(Document(id="d", source="d", text=text)).to_dict()
    assert first == second


def test_empty_and_whitespace_documents_are_ok_records(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "e", "text": ""}) + "\n" + json.dumps({"id": "w", "text": " \n\t "}) + "\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    records = cli("check", corpus, empty, "--no-grammar", "--format", "jsonl").jsonl()
    assert [(r["id"], r["status"], r["sentences"]) for r in records] == [
        ("e", "ok", []),
        ("w", "ok", []),
        (str(empty), "ok", []),
    ]


def test_a_huge_single_line_is_checked_in_bounded_pieces():
    sentence = "The council approved the budget after a long debate on Monday"
    text = (sentence + ", and ") * 20000 + "it ended."  # 1.3 MB, no sentence end until the last character
    doc = _detector.check(Document(id="big", source="big", text=text))
    assert doc.status == "ok"
    assert max(len(s.text) for s in doc.sentences) <= 5000
    assert all(text[s.start : s.end] == s.text for s in doc.sentences)
    assert sum(len(s.text) for s in doc.sentences) >= len(text) - len(doc.sentences)


def test_nul_bytes_and_bidi_controls(cli, tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps({"id": "nul", "text": "The minister\u0000 said so."})
        + "\n"
        + json.dumps({"id": "bidi", "text": "The vote passed \u202eyb detroper\u202c on Monday."})
        + "\n"
    )
    records = cli("check", corpus, "--no-grammar", "--format", "jsonl").jsonl()
    codes = [[f["code"] for s in r["sentences"] for f in s["findings"]] for r in records]
    assert "MT606" in codes[0] and "MT606" in codes[1]


def test_symlink_loops_and_dangling_links_do_not_hang_or_vanish(cli, tmp_path):
    (tmp_path / "a.txt").write_text("The council met.")
    (tmp_path / "loop").symlink_to(tmp_path)  # a directory link back to its parent
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a file link to itself
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    result = cli("check", tmp_path, "--no-grammar", "--format", "jsonl")
    records = {r["id"]: r for r in result.jsonl()}
    assert records[str(tmp_path / "a.txt")]["status"] == "ok"
    assert records[str(tmp_path / "self.txt")]["status"] == "error"
    assert "cannot read" in records[str(tmp_path / "gone.txt")]["error"]
    assert result.code == 2


def test_broken_html_and_html_without_article_text(cli, tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<html><body><p>The council approved the budget on Monday after a long debate. <div><p>"
        "Farmers expect a good harvest this year, officials said on Tuesday.</span></td>" * 3
    )
    empty = tmp_path / "empty.html"
    empty.write_text("<html><head><script>var x = 1;</script></head><body></body></html>")
    records = cli("check", broken, empty, "--no-grammar", "--format", "jsonl").jsonl()
    assert records[0]["status"] == "ok" and records[0]["sentences"]
    assert records[1]["status"] == "error" and "no article text" in records[1]["error"]


def test_unwritable_output_path_fails_cleanly_and_leaves_nothing(cli, tmp_path):
    out = tmp_path / "missing-dir" / "report.json"
    result = cli("check", SEED, "--no-grammar", "--format", "json", "-o", out)
    assert result.code == 2 and "missing-dir" in result.err
    assert not out.parent.exists()


class _Slow(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server interface
        time.sleep(3)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args):
        pass


def test_slow_languagetool_times_out_and_checking_goes_on():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Slow)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        grammar = GrammarChecker(f"http://127.0.0.1:{server.server_address[1]}", retries=1, backoff=0.01, timeout=0.5)
        detector = Detector.create(grammar=grammar, grammar_scope="all")  # every sentence asks it
        docs = [Document(id=str(i), source="s", text="This is a error.") for i in range(3)]
        started = time.perf_counter()
        results = list(detector.check_all(docs))
        assert time.perf_counter() - started < 30
        assert [d.status for d in results] == ["ok"] * 3
        assert not grammar.available
    finally:
        server.shutdown()


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_says_how_far_it_got(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": str(i), "text": "Min. The council met. " * 30}) + "\n" for i in range(20000))
    )
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [sys.executable, "-m", "mtlint", "check", str(corpus), "--no-grammar", "--format", "jsonl", "-o", str(out)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")] and time.monotonic() < deadline:
        time.sleep(0.2)  # wait until it is writing results
    time.sleep(1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "interrupted after" in err and "left unchanged" in err
    assert not out.exists()
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_huge_html_is_an_error_record_not_a_hang(cli, tmp_path, monkeypatch):
    from mtlint.detector import inputs

    monkeypatch.setattr(inputs, "MAX_HTML_CHARS", 10_000)  # the limit itself: 20M characters
    page = tmp_path / "huge.html"
    page.write_text("<html><body>" + "<p>The council met on Monday.</p>" * 1000 + "</body></html>")
    records = cli("check", page, "--no-grammar", "--format", "jsonl").jsonl()
    assert records[0]["status"] == "error" and "over the 10,000 limit" in records[0]["error"]


class _Failing(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server interface
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b"internal error")

    do_POST = do_GET

    def log_message(self, *args):
        pass


def test_languagetool_returning_errors_turns_grammar_off_without_losing_documents():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        grammar = GrammarChecker(f"http://127.0.0.1:{server.server_address[1]}", retries=1, backoff=0.01, timeout=5)
        results = list(
            Detector.create(grammar=grammar, grammar_scope="all").check_all(
                [Document(id=str(i), source="s", text="This is a error.") for i in range(4)]
            )
        )
        assert [d.status for d in results] == ["ok"] * 4 and not grammar.available
    finally:
        server.shutdown()

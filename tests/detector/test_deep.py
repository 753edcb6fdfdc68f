"""The deep stage (``--deep``): the shipped model loads offline with its checksum checked, scores
every sentence of an article and the uncertain band of corpus records, through every door."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("onnxruntime", reason="the deep extra (pip install 'mtlint[deep]')")

from mtlint import Checker  # noqa: E402
from mtlint.core.records import Document  # noqa: E402
from mtlint.detector import deep  # noqa: E402
from mtlint.detector.batch import MtlintBatch  # noqa: E402
from mtlint.detector.verdict import rule_backed  # noqa: E402
from tests.conftest import SEED  # noqa: E402

GARBLED = "The breasts of this child's mouth are taped well with the mother's mouth."
RECORDS = [
    {"id": "fluent", "text": "The minister said the talks would resume on Monday. Both sides expect a deal by June."},
    {"id": "garbled", "text": f"Officials met in Vienna on Tuesday. {GARBLED} Reiterated Putin's demand, the talks."},
]


@pytest.fixture(scope="module")
def deep_checker() -> Checker:
    return Checker(grammar=False, deep=True)


def test_the_shipped_model_loads_with_its_checksum_and_card():
    stage = deep.load()
    card = json.loads((deep.models_dir() / deep.CARD_FILE).read_text())
    assert deep.sha256(stage.model.model_path) == card["model_sha256"]
    assert stage.model.model_path.stat().st_size < 32 * 2**20  # the "about 30 MB"
    assert set(card["licences"].values()) <= {"Apache-2.0", "CC0-1.0", "CC BY-SA 4.0", "MIT"}
    # precision first: the deep path flags on the models' word alone no more readily than the fast path
    assert stage.model_threshold >= Checker(grammar=False).policy.detector.scorer.verdict.model_threshold


def test_a_damaged_model_file_is_refused(tmp_path):
    for path in deep.models_dir().glob("deep*"):
        shutil.copy(path, tmp_path / path.name)
    onnx = tmp_path / "deep.onnx"
    data = bytearray(onnx.read_bytes())
    data[len(data) // 2] ^= 0xFF
    onnx.write_bytes(bytes(data))
    with pytest.raises(deep.DeepLoadError, match="checksum"):
        deep.load(tmp_path / deep.CARD_FILE)


def test_deep_scores_every_sentence_of_an_article_and_holds_the_seed(deep_checker):
    doc = deep_checker.check_text(SEED.read_text(encoding="utf-8"), source=str(SEED))
    explained = sum(1 for s in doc.sentences if rule_backed(s.findings))
    assert doc.deep_checked == len(doc.sentences) - explained > 20
    assert doc.verdict.label == "garbled"
    fast = Checker(grammar=False).check_text(SEED.read_text(encoding="utf-8"), source=str(SEED))
    assert [s.score for s in doc.sentences] != [s.score for s in fast.sentences]


def test_sentences_a_rule_explains_keep_the_fast_paths_score(deep_checker):
    text = "Min. Echoing Putin's recent gestures, Shri."
    fast = Checker(grammar=False).check_text(text)
    checked = deep_checker.check_text(text)
    for a, b in zip(fast.sentences, checked.sentences, strict=True):
        if any(f.code.startswith("MT1") for f in a.findings):
            assert (a.score, a.suspect) == (b.score, b.suspect)
    assert checked.deep_checked < len(checked.sentences)


def test_the_cascade_sends_only_uncertain_sentences_and_keeps_the_full_runs_verdicts():
    full = Checker(grammar=False, deep=True, deep_scope="all")
    cascade = Checker(grammar=False, deep=True, deep_scope="verdict")
    texts = [r["text"] for r in RECORDS] + [SEED.read_text(encoding="utf-8")]
    scored = total = 0
    for text in texts:
        a, b = full.check_text(text), cascade.check_text(text)
        assert [s.suspect for s in a.sentences] == [s.suspect for s in b.sentences]
        scored, total = scored + b.deep_checked, total + len(b.sentences)
    assert 0 < scored < total


def test_records_get_the_cascade_by_default_and_every_door_agrees(deep_checker, cli, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    by_cli = cli("check", corpus, "--deep", "--no-grammar", "--format", "jsonl", "--exit-zero").jsonl()
    by_api = [d.to_dict() for d in deep_checker.check_records(RECORDS)]
    by_batch = MtlintBatch(grammar=False, deep=True, sentences=True)(list(RECORDS))
    (tmp_path / "mtlint.toml").write_text("deep = true\n")
    by_config = cli("check", corpus, "--no-grammar", "--format", "jsonl", "--exit-zero").jsonl()
    for a, b, c, d in zip(by_cli, by_api, by_batch, by_config, strict=True):
        assert a["score"] == b["score"] == c["mtlint_score"] == d["score"]
        assert [s["score"] for s in a["sentences"]] == [s["score"] for s in b["sentences"]]
    without = cli("check", corpus, "--no-grammar", "--no-deep", "--format", "jsonl", "--exit-zero").jsonl()
    assert len(without) == len(by_cli)


def test_the_summary_says_how_many_sentences_the_deep_stage_scored(cli):
    result = cli("check", SEED, "--deep", "--no-grammar", "--exit-zero")
    assert re.search(r"deep: on, \d\d of 41 sentences scored \(scope auto", result.out)


def test_deep_without_its_extra_names_the_install_command():
    # onnxruntime made unimportable, as in an environment without the extra
    code = (
        "import sys; sys.modules['onnxruntime'] = None; from mtlint.cli import main; "
        f"raise SystemExit(main(['check', {str(SEED)!r}, '--deep', '--no-grammar']))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "pip install 'mtlint[deep]'" in done.stderr


def test_a_document_checked_without_deep_counts_no_deep_sentences():
    doc = Checker(grammar=False).check(Document(id="d", source="<t>", text=GARBLED))
    assert doc.deep_checked == 0


@pytest.mark.slow
def test_the_service_started_with_deep_answers_as_the_cli(cli, tmp_path):
    import httpx

    from benchmarks.serve import launch, stop

    proc, url = launch(["--no-grammar", "--deep"], output=subprocess.DEVNULL)
    try:
        assert httpx.get(f"{url}/healthz").json()["deep"] == "on"
        # a text body is an article (every sentence scored), as a file is
        plain = {"Content-Type": "text/plain"}
        answer = httpx.post(f"{url}/v1/check", content=RECORDS[1]["text"], headers=plain, timeout=60).json()
    finally:
        stop(proc)
    (tmp_path / "a.txt").write_text(RECORDS[1]["text"])
    expected = cli("check", tmp_path / "a.txt", "--deep", "--no-grammar", "--format", "jsonl", "--exit-zero").jsonl()
    assert [s["score"] for s in answer["sentences"]] == [s["score"] for s in expected[0]["sentences"]]


@pytest.mark.slow
def test_worker_processes_give_the_records_of_one_process(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({**r, "id": f"{r['id']}{i}"}) + "\n" for i in range(40) for r in RECORDS))
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.jsonl"
        command = ["check", corpus, "--deep", "--no-grammar", "--jobs", jobs, "--format", "jsonl", "--exit-zero"]
        done = subprocess.run([sys.executable, "-m", "mtlint", *map(str, command), "-o", str(out)], timeout=300)
        assert done.returncode == 0
        outputs.append(out.read_text())
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 80


@pytest.mark.slow
def test_every_door_agrees_with_grammar_on(languagetool_url, cli, tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in RECORDS))
    url = ["--languagetool-url", languagetool_url]
    by_cli = cli("check", corpus, "--deep", *url, "--format", "jsonl", "--exit-zero").jsonl()
    checker = Checker(grammar=True, languagetool_url=languagetool_url, deep=True)
    by_api = [d.to_dict() for d in checker.check_records(RECORDS)]
    batch = MtlintBatch(grammar=True, languagetool_url=languagetool_url, deep=True, sentences=True)
    by_batch = batch(list(RECORDS))
    for a, b, c in zip(by_cli, by_api, by_batch, strict=True):
        assert a["score"] == b["score"] == c["mtlint_score"]
        assert a["verdict"] == b["verdict"]
        assert [(s["score"], s["suspect"]) for s in a["sentences"]] == [
            (s["score"], s["suspect"]) for s in b["sentences"]
        ]
    # a file is an article: every sentence no rule explains is scored, with grammar too
    (tmp_path / "a.txt").write_text(RECORDS[1]["text"])
    text = cli("check", tmp_path / "a.txt", "--deep", *url, "--exit-zero").out
    assert "grammar: on" in text and re.search(r"deep: on, \d of 3 sentences scored", text)

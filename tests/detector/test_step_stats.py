"""--stats says what each step of checking found and cost: fires, sentences, seconds."""

import json

from mtlint.core.records import Document
from mtlint.detector.pipeline import EXTRACTORS, Detector
from tests.conftest import SEED

# the rule codes each step makes (its findings' prefixes)
PREFIXES = {
    "honorifics": ("MT1",),
    "names": ("MT2", "MT3"),
    "fragments": ("MT4",),
    "repetition": ("MT5",),
    "surface": ("MT6",),
    "readability": (),
    "model": ("MT9",),
}
OTHER = "Min. The talks went on. Officials said that the the plan was agreed.\n"


def test_each_step_counts_its_findings_the_sentences_they_are_in_and_its_seconds(seed_text):
    doc = Detector.create().check(Document(id="seed", source="seed", text=seed_text))
    assert set(doc.steps) == {"analysis", *EXTRACTORS, "model"}  # no LanguageTool step without grammar
    for name, prefixes in PREFIXES.items():
        found = [[f for f in s.findings if f.code.startswith(prefixes or ("-",))] for s in doc.sentences]
        assert doc.steps[name].fires == sum(map(len, found)), name
        assert doc.steps[name].sentences == sum(1 for f in found if f), name
    assert doc.steps["honorifics"].fires >= 2 and doc.steps["names"].fires >= 1
    assert all(step.seconds >= 0 for step in doc.steps.values()) and doc.steps["analysis"].seconds > 0


def test_stats_sum_every_documents_steps(cli, tmp_path, seed_text):
    other = tmp_path / "other.txt"
    other.write_text(OTHER, encoding="utf-8")
    stats_file = tmp_path / "stats.json"
    assert cli("check", SEED, other, "--no-grammar", "--exit-zero", "--stats", stats_file).code == 0
    steps = json.loads(stats_file.read_text(encoding="utf-8"))["steps"]
    detector = Detector.create()
    docs = [detector.check(Document(id=str(i), source="x.txt", text=t)) for i, t in enumerate((seed_text, OTHER))]
    for name in (*EXTRACTORS, "model"):
        fires, sentences = (sum(getattr(d.steps[name], what) for d in docs) for what in ("fires", "sentences"))
        assert (steps[name]["fires"], steps[name]["sentences"]) == (fires, sentences), name
    assert steps["repetition"]["fires"] >= 1  # "the the"


def test_languagetool_is_a_step_of_its_own(cli, tmp_path, languagetool_url):
    text = tmp_path / "a.txt"
    text.write_text("The minister gave a interview on Monday. Min.\n", encoding="utf-8")
    stats_file = tmp_path / "stats.json"
    args = ("--languagetool-url", languagetool_url, "--grammar-scope", "all", "--stats", stats_file)
    result = cli("check", text, "--format", "jsonl", *args)
    steps = json.loads(stats_file.read_text(encoding="utf-8"))["steps"]
    found = [f["code"] for s in result.jsonl()[0]["sentences"] for f in s["findings"] if f["code"].startswith("LT:")]
    assert found and steps["grammar"]["fires"] == len(found) and steps["grammar"]["seconds"] > 0

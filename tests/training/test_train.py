import json

import numpy as np
import pytest

from mtlint.detector import modelfile
from mtlint.training.data import DEMETR_GARBLED, Example, demetr, documents, mlqe, mlqe_label
from mtlint.training.synthetic import SENTENCE_CORRUPTIONS, corrupt_documents


def test_mlqe_labels_follow_the_issue_definition():
    assert mlqe_label({"da": 40, "hter": 0.5}) == 1
    assert mlqe_label({"da": 80, "hter": 0.05}) == 0
    assert mlqe_label({"da": 60, "hter": 0.2}) is None


def test_loaders_read_the_shared_data(shared_data):
    root = shared_data
    examples = mlqe(root, "dev", ("ro-en",), limit=50)
    assert any(e.kind == "pe" for e in examples) and any(e.kind == "mt" for e in examples)
    assert all(e.group.startswith("ro-en/") for e in examples)
    d = demetr(root, every=50)
    assert {e.label for e in d} == {0, 1}
    assert "critical_id20_shuffled" in DEMETR_GARBLED


def test_synthetic_corruptions_are_reproducible_and_labelled():
    clean = [
        Example("Officials said that Vladimir Putin met Antony Blinken on Monday.", 0, "g"),
        Example("He reiterated the demand that Blinken rejected.", 0, "g"),
        Example("The talks ended without agreement, Blinken said.", 0, "g"),
    ] * 20
    docs = documents(clean, size=3)
    first = corrupt_documents(docs, rate=0.5, seed=7)
    again = corrupt_documents(docs, rate=0.5, seed=7)
    assert [e.text for d in first for e in d] == [e.text for d in again for e in d]
    changed = [(o, e) for od, d in zip(docs, first, strict=True) for o, e in zip(od, d, strict=True) if e.label == 1]
    assert changed and all(o.text != e.text for o, e in changed)
    assert all(
        e.text == o.text for od, d in zip(docs, first, strict=True) for o, e in zip(od, d, strict=True) if e.label == 0
    )
    assert len(SENTENCE_CORRUPTIONS) >= 6


@pytest.mark.slow
def test_training_a_small_model_runs_end_to_end(cli, tmp_path, languagetool_url):
    out = tmp_path / "small.npz"
    result = cli("train", "--limit", "120", "--out", out, "--languagetool-url", languagetool_url)
    assert result.code == 0, result.err
    assert "AUC" in result.out and out.exists()
    model = modelfile.load(out)
    assert 0 < model.verdict.threshold < 1
    # grammar only raises scores: the model-only threshold chosen with it is never lower
    assert model.grammar is not None and model.verdict.model_threshold <= model.verdict.grammar_model_threshold < 1
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "Min. The council met on Monday."}) + "\n")
    records = cli("check", corpus, "--no-grammar", "--model", out, "--format", "jsonl").jsonl()
    assert records[0]["status"] == "ok"
    assert np.isfinite(records[0]["score"])


def test_eval_reports_metrics_for_labelled_jsonl(cli, tmp_path):
    data = tmp_path / "labelled.jsonl"
    rows = [
        {"text": "Min.", "label": 1},
        {"text": "Echoing his gestures, Shri.", "label": 1},
        {"text": "The council approved the budget on Monday.", "label": 0},
        {"text": "Farmers expect a good harvest this year.", "label": 0},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = cli("eval", data)
    metrics = json.loads(result.out.strip().splitlines()[-1])
    assert metrics["n"] == 4 and metrics["auc"] == 1.0


def test_eval_writes_reliability_and_roc_plots(cli, tmp_path, shared_data):
    result = cli("eval", "--dev", "--data", shared_data, "--limit", "60", "--plots", tmp_path)
    assert result.code == 0
    assert "span char F1" in result.out and "span F1 bound" in result.out
    for name in ("reliability.png", "roc.png"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 5000


def test_round_trip_corruptions_change_small_words():
    import random

    from mtlint.training.synthetic import article_error, wrong_preposition

    text = "The minister spoke to reporters in Stockholm after a meeting with the press."
    rng = random.Random(3)
    for _ in range(5):
        c = wrong_preposition(text, rng)
        assert c.text != text and len(c.text.split()) == len(text.split())
        assert c.text[c.span[0] : c.span[1]] in (
            "in",
            "on",
            "at",
            "of",
            "for",
            "to",
            "from",
            "with",
            "by",
            "about",
            "into",
            "over",
        )
        a = article_error(text, rng)
        assert a.text != text and len(a.text.split()) <= len(text.split())
    assert wrong_preposition("Nothing here matters.", rng) is None
    assert article_error("Nothing here matters.", rng) is None


def test_split_fragment_and_capitalised_verb_mimic_the_seed():
    import random

    from mtlint.training.synthetic import capitalise_verb, split_fragment

    rng = random.Random(0)
    cut = split_fragment("Diplomats were being forced to leave the country by the end of January.", rng)
    assert cut.text == "Diplomats were being forced to leave the country. By the end of January."
    assert capitalise_verb("Anton Trinowski contributed to the report.", rng).text.startswith(
        "Anton Trinowski Contributed to"
    )
    assert split_fragment("Too short in it.", rng) is None and capitalise_verb("No name here.", rng) is None


def test_general_model_takes_fluent_news_only_with_a_news_weight():
    from mtlint.training.data import Example
    from mtlint.training.train import general_training

    examples = [
        Example("Garbled one.", 1, "ne-en/doc", kind="mt"),
        Example("Clean MT.", 0, "ne-en/doc", kind="mt"),
        Example("Its post-edit.", 0, "ne-en/doc/pe", kind="pe"),
        Example("Web text.", 0, "ud/train:doc", kind="ud"),
        Example("A reference.", 0, "ref/1", kind="ref"),
        Example("Checked news MT.", 0, "demetr/demetr/base/1", kind="demetr"),
        Example("Shuffled MT news.", 1, "demetr/demetr/x/1", kind="demetr"),
    ]
    plain = general_training(examples)
    assert plain.texts == ["Garbled one.", "Its post-edit.", "Web text."]
    assert plain.labels == [1, 0, 0] and plain.weights == [1.0] * 3
    news = general_training(examples, news_weight=10.0)
    assert news.texts[3:] == ["A reference.", "Checked news MT."]
    assert news.labels[3:] == [0, 0] and news.weights[3:] == [10.0] * 2

import pickle

import pandas as pd

from mtlint.detector.batch import COLUMNS, MtlintBatch
from tests.conftest import SEED

ROWS = [
    {"id": "a", "text": "Min. Echoing his gestures, Shri.", "lang": "en"},
    {"id": "b", "text": "The council approved the budget on Monday.", "lang": "en"},
    {"id": "c", "text": None, "lang": "en"},
]


def test_list_of_records_gets_mtlint_columns_and_keeps_its_own():
    out = MtlintBatch(grammar=False)(ROWS)
    assert [r["id"] for r in out] == ["a", "b", "c"] and all(r["lang"] == "en" for r in out)
    assert set(COLUMNS) <= set(out[0])
    assert out[0]["mtlint_suspect"] and {"MT105", "MT101"} <= {f["code"] for f in out[0]["mtlint_findings"]}
    assert out[2]["mtlint_status"] == "error" and "field 'text' is missing" in out[2]["mtlint_error"]
    f = out[0]["mtlint_findings"][0]
    assert ROWS[0]["text"][f["start"] : f["end"]]


def test_dataframe_batch_matches_the_cli_record(cli, seed_text):
    expected = cli("check", SEED, "--no-grammar", "--format", "jsonl").jsonl()[0]
    frame = pd.DataFrame([{"id": "seed", "text": seed_text}])
    out = MtlintBatch(sentences=True, grammar=False)(frame)
    assert out.loc[0, "mtlint_score"] == expected["score"]
    assert out.loc[0, "mtlint_sentences"] == expected["sentences"]


def test_the_callable_pickles_without_its_model():
    batch = MtlintBatch(grammar=False)
    unused = len(pickle.dumps(batch))
    batch(ROWS[:1])  # loads the model
    assert len(pickle.dumps(batch)) == unused < 10_000  # what a cluster ships: never the model
    clone = pickle.loads(pickle.dumps(batch))
    assert clone(ROWS[:1]) == batch(ROWS[:1]) and clone(ROWS[:1])[0]["mtlint_suspect"]

import pickle

import pandas as pd
import pytest

from mtlint.detector.batch import COLUMNS, MtlintBatch
from tests.conftest import SEED

ROWS = [
    {"id": "a", "text": "Min. Echoing his gestures, Shri.", "lang": "en"},
    {"id": "b", "text": "The council approved the budget on Monday.", "lang": "en"},
    {"id": "c", "text": None, "lang": "en"},
]


def test_list_of_records_gets_mtlint_columns_and_keeps_its_own():
    out = MtlintBatch()(ROWS)
    assert [r["id"] for r in out] == ["a", "b", "c"] and all(r["lang"] == "en" for r in out)
    assert set(COLUMNS) <= set(out[0])
    assert out[0]["mtlint_suspect"] and {"MT105", "MT101"} <= {f["code"] for f in out[0]["mtlint_findings"]}
    assert out[2]["mtlint_status"] == "error" and "field 'text' is missing" in out[2]["mtlint_error"]
    f = out[0]["mtlint_findings"][0]
    assert ROWS[0]["text"][f["start"] : f["end"]]


def test_dataframe_batch_matches_the_cli_record(cli, seed_text):
    expected = cli("check", SEED, "--no-grammar", "--format", "jsonl").jsonl()[0]
    frame = pd.DataFrame([{"id": "seed", "text": seed_text}])
    out = MtlintBatch(sentences=True)(frame)
    assert out.loc[0, "mtlint_score"] == expected["score"]
    assert out.loc[0, "mtlint_sentences"] == expected["sentences"]


def test_the_callable_pickles_without_its_model():
    batch = MtlintBatch()
    batch(ROWS[:1])
    assert batch._checker is not None
    clone = pickle.loads(pickle.dumps(batch))
    assert clone._checker is None and clone(ROWS[:1])[0]["mtlint_suspect"]


@pytest.fixture(scope="module")
def ray_cluster():
    ray = pytest.importorskip("ray", reason="the ray extra: pip install 'mtlint[ray]'")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_ray_data_map_batches_on_a_local_cluster(ray_cluster):
    import ray.data

    rows = [{"id": str(i), "text": ROWS[i % 2]["text"]} for i in range(12)]
    ds = ray.data.from_items(rows).map_batches(MtlintBatch, batch_format="pandas", batch_size=4, concurrency=2)
    out = sorted(ds.take_all(), key=lambda r: int(r["id"]))
    assert [r["id"] for r in out] == [str(i) for i in range(12)]
    assert [bool(r["mtlint_suspect"]) for r in out] == [True, False] * 6
    local = MtlintBatch()(rows)
    assert [r["mtlint_score"] for r in out] == [r["mtlint_score"] for r in local]

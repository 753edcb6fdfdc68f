import json
from concurrent.futures import ThreadPoolExecutor

import mtlint
from mtlint import Checker, Document, load
from tests.conftest import SEED

PUBLIC = ["Checker", "Document", "Finding", "Sentence", "Summary", "load"]


def test_public_names_are_exactly_the_documented_ones():
    assert sorted(mtlint.__all__) == PUBLIC
    for name in PUBLIC:
        assert getattr(mtlint, name) is not None


def test_check_text_returns_the_cli_record(cli, seed_text):
    checker = load(grammar=False)
    record = checker.check_text(seed_text, id=str(SEED), source=str(SEED)).to_dict()
    assert [record] == cli("check", SEED, "--no-grammar", "--format", "jsonl").jsonl()


def test_check_records_keeps_order_and_reports_bad_records():
    checker = Checker(grammar=False)
    records = [{"id": "a", "text": "Min. He left."}, {"id": "b", "text": None}, {"text": "The council met."}]
    results = list(checker.check_records(records, source="feed"))
    assert [d.id for d in results] == ["a", "b", "feed:3"]
    assert [d.status for d in results] == ["ok", "error", "ok"]
    assert results[0].suspect


def test_concurrent_calls_give_the_same_results_as_sequential_ones(seed_text):
    checker = load(grammar=False)
    texts = [seed_text, "Min. Echoing his gestures, Shri.", "The council approved the budget."] * 6
    sequential = [json.dumps(checker.check_text(t).to_dict()) for t in texts]
    with ThreadPoolExecutor(6) as pool:
        parallel = list(pool.map(lambda t: json.dumps(checker.check_text(t).to_dict()), texts))
    assert parallel == sequential


def test_check_accepts_a_document():
    doc = load(grammar=False).check(Document(id="x", source="s", text="Shri. Modi spoke."))
    assert doc.status == "ok" and any(f.code == "MT101" for f in doc.findings)


def test_fix_text_applies_safe_fixes_and_unsafe_ones_on_request(seed_text):
    checker = load(grammar=False)
    assert checker.fix_text("Min. The talks went on.") == "The talks went on."
    safe = checker.fix_text(seed_text)
    assert "Blinkon" not in safe and "Vladimir V. He" in safe
    assert "Vladimir V. Putin. He" in checker.fix_text(seed_text, unsafe=True)
    result = checker.fix(checker.check_text(seed_text))
    assert result.changed and len(result.applied) == 5 and result.original == seed_text

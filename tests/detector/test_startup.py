"""What each command imports: start-up time is imports, so the budget is asserted on them
(the timings themselves are printed by ``python -m benchmarks.startup``). Each test starts a
fresh interpreter (only a new process has a clean ``sys.modules``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # starts processes

HEAVY = (
    "sklearn",
    "scipy",
    "skops",
    "nltk",
    "textstat",
    "pandas",
    "matplotlib",
    "wordfreq",
    "langcodes",
)
PROBE = (
    "import json, sys\n"
    "from mtlint.cli import main\n"
    "try:\n    code = main(sys.argv[1:])\nexcept SystemExit as done:\n    code = done.code\n"
    "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}), file=sys.stderr)\n"
)


def _imports(*args: str) -> tuple[int, set[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    found = json.loads(done.stderr.strip().splitlines()[-1])
    modules = set(found["modules"])
    return found["code"], modules | {name.split(".")[0] for name in modules}


@pytest.mark.parametrize("args", [("--version",), ("--help",), ("train", "--help")])
def test_version_and_help_import_nothing_heavy(args):
    code, modules = _imports(*args)
    assert code == 0
    assert not modules & {*HEAVY, "numpy", "mtlint.detector.pipeline", "mtlint.detector.scorer", "mtlint.reports"}


def test_a_check_without_grammar_imports_only_what_it_needs(tmp_path):
    text = tmp_path / "one.txt"
    text.write_text("The council approved the budget on Monday.\n", encoding="utf-8")
    code, modules = _imports("check", str(text), "--no-grammar", "--exit-zero")
    assert code == 0 and "numpy" in modules
    assert not modules & {*HEAVY, "language_tool_python", "ftfy", "trafilatura", "jinja2", "mtlint.training"}


@pytest.mark.parametrize("workers", [False, True])
def test_after_warming_up_for_workers_checking_loads_nothing_more(workers):
    """Worker processes forked after ``warm_up(workers=True)`` load nothing on their own; a
    single process loads what a text needs when it first needs it."""
    probe = (
        "import json, sys\nfrom mtlint.core.records import Document\nfrom mtlint.detector.pipeline import Detector\n"
        f"detector = Detector.create()\ndetector.warm_up(workers={workers})\nbefore = set(sys.modules)\n"
        # a word the CMU dictionary lacks (hyphenated by pyphen) and a mojibake candidate (ftfy)
        "detector.check(Document(id='x', source='x', text='The Zorbulatic minister said cafÃ© was shut.'))\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert (loaded == []) if workers else loaded

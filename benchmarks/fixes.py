"""What ``mtlint check --fix`` changes, and what it costs.

    python -m benchmarks.fixes [--data ../shared/data] [--show 5]

On human-written news (WMT21 original English, grouped into its articles) fixes should be
rare: each is either a slip of the original (a real doubled word) or a false fix, so read
them with ``--show``. On the seed, the fixes the issue asks for.
Prints the fixes offered and applied (safe, and safe + unsafe), the documents changed, and
the time of checking alone beside checking and fixing (no LanguageTool, one core).
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from pathlib import Path

from mtlint import load
from mtlint.detector.fixes import candidates
from mtlint.training.data import read_jsonl
from mtlint.training.paths import data_root

SEED = Path(__file__).resolve().parent.parent / "seeds" / "000_bee0d77b0f2086e2.txt"


def measure(checker, texts: list[str], unsafe: bool, show: int) -> dict[str, float]:
    offered = applied = changed = sentences = 0
    started = time.perf_counter()
    docs = [checker.check_text(text) for text in texts]
    checked_at = time.perf_counter()
    for doc in docs:
        sentences += len(doc.sentences)
        offered += len(candidates(doc, unsafe))
        result = checker.fix(doc, unsafe=unsafe)
        applied += len(result.applied)
        changed += result.changed
        for fix in result.applied[: max(0, show)]:
            edit = fix.edits[0]
            print(f"    {fix.safety}: {fix.description}: {doc.text[max(0, edit.start - 40) : edit.end + 40]!r}")
            show -= 1
    done = time.perf_counter()
    return {
        "documents": len(texts),
        "sentences": sentences,
        "offered": offered,
        "applied": applied,
        "changed": changed,
        "check_s": checked_at - started,
        "fix_s": done - checked_at,
    }


def report(name: str, figures: dict[str, float]) -> None:
    print(
        f"  {name}: {figures['applied']} of {figures['offered']} fixes offered applied, "
        f"{figures['changed']} of {figures['documents']} documents changed "
        f"({1000 * figures['applied'] / max(1, figures['sentences']):.2f} per 1,000 sentences); "
        f"check {figures['check_s']:.2f} s, fixing {figures['fix_s']:.2f} s more"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many applied fixes on human news")
    args = parser.parse_args(argv)
    checker = load(grammar=False)
    checker.warm_up()
    articles: dict[str, list[str]] = defaultdict(list)
    for record in read_jsonl(data_root(args.data) / "wmt21-newstest-en" / "original_en.jsonl"):
        articles[record.get("doc_id") or record["id"]].append(record["text"])
    human = ["\n".join(lines) for lines in articles.values()]
    seed = [SEED.read_text(encoding="utf-8")]
    print(f"human-written news (WMT21 original English, {len(human)} articles): fixes should be rare")
    report("safe", measure(checker, human, unsafe=False, show=args.show))
    report("safe + unsafe", measure(checker, human, unsafe=True, show=args.show))
    print("the seed article")
    report("safe", measure(checker, seed, unsafe=False, show=0))
    report("safe + unsafe", measure(checker, seed, unsafe=True, show=0))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Share of human-written news sentences that get a finding, per feature family.

    python -m benchmarks.false_positives [--data ../shared/data]

Reads WMT21 original English news (``original_en.jsonl``), grouped into its articles, and
prints for each family the percentage of sentences with at least one finding. The target
for families 1-4 (honorifics, names, fragments) is under 2%.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from mtlint.core.records import Document
from mtlint.detector.pipeline import analyse
from mtlint.training.data import read_jsonl
from mtlint.training.paths import data_root

FAMILY_OF = {
    "MT1": "honorifics",
    "MT2": "names",
    "MT3": "names",
    "MT4": "fragments",
    "MT5": "repetition",
    "MT6": "surface",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print this many flagged sentences")
    args = parser.parse_args(argv)
    articles: dict[str, list[str]] = defaultdict(list)
    for record in read_jsonl(data_root(args.data) / "wmt21-newstest-en" / "original_en.jsonl"):
        articles[record.get("doc_id") or record["id"]].append(record["text"])
    sentences = 0
    flagged: Counter[str] = Counter()
    any_1_4 = 0
    shown = 0
    for n, lines in enumerate(articles.values()):
        doc = Document(id=str(n), source="wmt21", text="\n".join(lines))
        analyse(doc)
        for sentence in doc.sentences:
            sentences += 1
            families = {FAMILY_OF.get(f.code[:3], "other") for f in sentence.findings}
            flagged.update(families)
            if families & {"honorifics", "names", "fragments"}:
                any_1_4 += 1
                if shown < args.show:
                    shown += 1
                    print("  ", [f.code for f in sentence.findings], sentence.text[:150])
    print(f"{sentences} sentences of human-written news (WMT21 original English, {len(articles)} articles)")
    for family in ("honorifics", "names", "fragments", "repetition", "surface"):
        print(f"  {family:12s} {100 * flagged[family] / sentences:5.2f}% of sentences with a finding")
    print(f"  families 1-4 {100 * any_1_4 / sentences:5.2f}% (target < 2%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

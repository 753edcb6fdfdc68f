"""Which LanguageTool rules fire on correct, human-written news (candidates to ignore).

    python -m benchmarks.languagetool_rules [--data ../shared/data] [--url URL]

Checks WMT21 original English news and MLQE-PE dev machine translations labelled suspect,
with no rule filtered, and prints per rule the share of sentences it fires on in each. A
rule frequent on human news and not much more frequent on garbled MT is noise for mtlint:
those are the ones ``features.grammar.IGNORED_RULES`` lists.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from mtlint.features.languagetool.server import find_url
from mtlint.training.data import mlqe, read_jsonl
from mtlint.training.paths import data_root


def rule_rates(tool, sentences: list[str], batch: int = 50) -> Counter:
    fired: Counter = Counter()
    for i in range(0, len(sentences), batch):
        chunk = sentences[i : i + batch]
        text = "\n\n".join(chunk)
        starts, pos = [], 0
        for s in chunk:
            starts.append(pos)
            pos += len(s) + 2
        seen = set()
        for match in tool.check(text):
            k = max(j for j, st in enumerate(starts) if st <= match.offset)
            seen.add((k, match.rule_id))
        fired.update(rule for _, rule in seen)
    return fired


def main(argv: list[str] | None = None) -> int:
    import language_tool_python

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--url")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args(argv)
    url = find_url(args.url)
    if url is None:
        raise SystemExit("no LanguageTool server: run `mtlint languagetool start`")
    tool = language_tool_python.LanguageTool("en-US", remote_server=url)
    root = data_root(args.data)
    human = [r["text"] for r in read_jsonl(root / "wmt21-newstest-en" / "original_en.jsonl")]
    garbled = [e.text for e in mlqe(root, "dev", with_pe=False) if e.label == 1][: len(human)]
    h, g = rule_rates(tool, human), rule_rates(tool, garbled)
    print(f"{len(human)} human news sentences, {len(garbled)} garbled MT sentences")
    print(f"{'rule':45s} {'human %':>8s} {'garbled %':>10s}")
    for rule, _ in (h + g).most_common(args.top):
        print(f"{rule:45s} {100 * h[rule] / len(human):8.2f} {100 * g[rule] / len(garbled):10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

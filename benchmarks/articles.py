"""Article verdict figures: share garbled, review and clean and the AUC of the article score,
per group of articles (MLQE-PE dev by mean DA band, WMT21 machine-translated articles per
pair, WMT21 fluent articles plain, hard-wrapped and as Markdown).

    python -m benchmarks.articles [--data ../shared/data] [--deep]

Targets (issue 25): fluent WMT21 articles garbled at most 1% in every layout; MLQE-PE dev
articles of mean DA under 45 at least 98% garbled, 45-60 at least 80%; no fluent article's
sentence verdicts change when it is wrapped. See :mod:`training.article_figures`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from mtlint.detector.policy import Policy
from mtlint.training.article_figures import article_figures, format_article_figures
from mtlint.training.paths import data_root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path)
    parser.add_argument("--deep", action="store_true", help="with the deep stage on every sentence")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    policy = Policy.create(deep=args.deep, deep_scope="all")
    policy.detector.share_cores(1)
    print(format_article_figures(article_figures(policy, data_root(args.data))))
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""LanguageTool throughput: one request per sentence against mtlint's batched path, and
mtlint end to end with and without grammar.

    python -m benchmarks.languagetool_throughput [--sentences 2000]

Starts its own LanguageTool server without a result cache, so every measurement checks
the same sentences from ``../shared/data`` from scratch.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.corpus import sentences
from mtlint.core.records import Document
from mtlint.detector import segment
from mtlint.detector.pipeline import GRAMMAR_WORKERS, Detector, ordered_map
from mtlint.features.grammar import GrammarChecker
from mtlint.features.languagetool import server


def _documents(texts: list[str], per_doc: int = 20) -> list[Document]:
    return [
        Document(id=str(i), source="b", text="\n".join(texts[i : i + per_doc])) for i in range(0, len(texts), per_doc)
    ]


def main(argv: list[str] | None = None) -> int:
    import language_tool_python

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args(argv)
    texts = sentences(args.sentences)
    config = dict(server.SERVER_CONFIG, cacheSize="0", pipelineCaching="false")
    with tempfile.TemporaryDirectory() as tmp:
        process, url = server.launch(config, Path(tmp) / "lt.log")
        try:
            tool = language_tool_python.LanguageTool("en-US", remote_server=url)
            for sentence in texts[:100]:  # warm the JIT
                tool.check(sentence)
            started = time.perf_counter()
            for sentence in texts:
                tool.check(sentence)
            single = len(texts) / (time.perf_counter() - started)

            docs = _documents(texts)
            for doc in docs:
                doc.sentences = segment.sentences(doc.text)
            checker = GrammarChecker(url)
            started = time.perf_counter()
            with ThreadPoolExecutor(GRAMMAR_WORKERS) as pool:
                pieces = [doc.sentences for doc in docs]
                for _ in ordered_map(checker.check_sentences, pieces, pool, in_flight=2 * GRAMMAR_WORKERS):
                    pass
            checked = sum(len(doc.sentences) for doc in docs)
            batched = checked / (time.perf_counter() - started)

            rates = {}
            for label, grammar in (("grammar", GrammarChecker(url)), ("none", None)):
                detector = Detector.create(grammar=grammar)
                docs = _documents(texts)
                started = time.perf_counter()
                total = sum(len(doc.sentences) for doc in detector.check_all(docs))
                rates[label] = total / (time.perf_counter() - started)
        finally:
            process.terminate()
            process.wait()
    print(f"LanguageTool {server.VERSION} (no result cache), {len(texts)} sentences from ../shared/data")
    print(f"  one request per sentence   {single:8.1f} sentences/s")
    print(f"  batched (mtlint)           {batched:8.1f} sentences/s  ({batched / single:.1f}x, target 5x)")
    print(f"  mtlint end to end, grammar {rates['grammar']:8.1f} sentences/s")
    print(f"  mtlint end to end, none    {rates['none']:8.1f} sentences/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

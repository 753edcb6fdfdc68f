"""Loaders for ``../shared/data`` and the labelled examples the scorer trains on.

An :class:`Example` is one sentence with a binary label (1 = garbled machine translation,
0 = fluent English) and, where known, DA z-score and its pair. Examples are grouped into
multi-sentence documents (consecutive sentences of one source article) so that
document-level features (name variants, title styles) see context.

Only MLQE-PE (CC0), DEMETR (MIT) and generated data train the shipped model; WMT21 and the
de-en hallucinations serve evaluation only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from mtlint.core.extras import require

PAIRS = ("ro-en", "et-en", "ne-en", "si-en", "ru-en")
# DEMETR perturbations that garble fluency (detectable from the English alone)
DEMETR_GARBLED = frozenset(
    {
        "minor_id1_repeat2",
        "minor_id2_repeat4",
        "minor_id14_word_swap",
        "critical_id20_shuffled",
        "critical_id22_verb_removed",
        "critical_id24_subj_removed",
        "critical_id4_codemix",
        "critical_id23_noun_removed",
        "minor_id13_pos_shift",
        "minor_id16_function_word",
    }
)


@dataclass(frozen=True)
class Example:
    text: str
    label: int | None  # None: ambiguous, kept for regression metrics only
    group: str  # the document it belongs to (consecutive sentences of one article)
    pair: str = ""
    da_z: float | None = None
    kind: str = "mt"  # mt | pe | synthetic | demetr
    origin: str = ""  # id of the record it comes from (pairs an mt with its own pe)
    bad_spans: tuple[tuple[int, int], ...] = ()  # MLQE-PE: characters the post-editor changed


def read_jsonl(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


@lru_cache(maxsize=1)
def _detokenizer():
    require("train", "reading MLQE-PE for training")
    from sacremoses import MosesDetokenizer

    return MosesDetokenizer("en")


def detokenize(tokens: str) -> str:
    """Moses detokenisation, applied the same way to MLQE-PE's tokenised ``mt`` and ``pe``."""
    return _detokenizer().detokenize(tokens.split())


def mlqe_label(record: dict) -> int | None:
    """suspect = da < 50 and hter >= 0.3; clean = da >= 70 and hter <= 0.1; else ambiguous."""
    if record["da"] < 50 and record["hter"] >= 0.3:
        return 1
    if record["da"] >= 70 and record["hter"] <= 0.1:
        return 0
    return None


def mlqe(
    root: Path,
    split: str,
    pairs: tuple[str, ...] = PAIRS,
    limit: int | None = None,
    with_pe: bool = True,
) -> list[Example]:
    """MT sentences with their labels and, for edited ones, their post-edits as fluent text."""
    examples: list[Example] = []
    for pair in pairs:
        for n, record in enumerate(read_jsonl(root / "mlqe-pe" / f"{pair}.{split}.jsonl")):
            if limit is not None and n >= limit:
                break
            group = f"{pair}/{record['doc_id']}"
            examples.append(
                Example(
                    record["text"],
                    mlqe_label(record),
                    group,
                    pair,
                    record["da_z"],
                    "mt",
                    record["id"],
                    tuple(tuple(span) for span in record["bad_spans"]),
                )
            )
            if with_pe and record["hter"] >= 0.3:
                examples.append(Example(detokenize(record["pe"]), 0, group + "/pe", pair, None, "pe", record["id"]))
    return examples


def mlqe_pairs(
    root: Path, split: str, pairs: tuple[str, ...] = PAIRS, limit: int | None = None, min_hter: float = 0.3
) -> list[tuple[str, str, str, str]]:
    """(pair, mt, pe, document) for every sentence among the first ``limit`` rows of each pair
    that the post-editor changed, by at least ``min_hter``; mt and pe detokenised the same way."""
    out = []
    for pair in pairs:
        for n, record in enumerate(read_jsonl(root / "mlqe-pe" / f"{pair}.{split}.jsonl")):
            if limit is not None and n >= limit:
                break
            mt, pe = detokenize(record["mt"]), detokenize(record["pe"])
            if record["hter"] >= min_hter and mt != pe:
                out.append((pair, mt, pe, f"{pair}/{record['doc_id']}"))
    return out


def base_group(group: str) -> str:
    """The source document of an example, whatever was derived from it (post-edit, synthetic)."""
    return "/".join(group.split("/")[:2])


def demetr(root: Path, every: int = 1) -> list[Example]:
    """DEMETR: unperturbed MT as fluent, fluency-garbling perturbations as garbled."""
    examples = [
        Example(r["text"], 0, f"demetr/{r['id']}", r["lang_pair"], None, "demetr", r["id"])
        for r in read_jsonl(root / "demetr" / "base.jsonl")
    ]
    for n, r in enumerate(read_jsonl(root / "demetr" / "perturbations.jsonl")):
        if r["pert_name"] in DEMETR_GARBLED and r["pert_check"] and n % every == 0:
            examples.append(Example(r["text"], 1, f"demetr/{r['id']}", "", None, "demetr", r["id"]))
    return examples


def demetr_references(root: Path) -> list[Example]:
    """DEMETR's human English translations (label 0, kind "ref"): fluent news and Wikinews
    English of the kind mtlint screens, which MLQE-PE (Wikipedia) and UD EWT (web text) lack."""
    return [
        Example(r["ref"], 0, f"ref/{r['id'].rsplit('/', 1)[-1]}", r["lang_pair"], None, "ref", r["id"])
        for r in read_jsonl(root / "demetr" / "base.jsonl")
    ]


def documents(examples: list[Example], size: int = 6) -> list[list[Example]]:
    """Consecutive examples of one group, cut into documents of at most ``size`` sentences."""
    docs: list[list[Example]] = []
    for example in examples:
        if docs and docs[-1][0].group == example.group and len(docs[-1]) < size:
            docs[-1].append(example)
        else:
            docs.append([example])
    return docs


GARBLED_DA = 30.0  # raw DA below this: word salad, whatever the language pair
PSEUDO_ARTICLE = 12  # consecutive segments per article where WMT21 records no document
QUOTE_SPAN = 8  # segments a quotation may run over


def mlqe_garbled(root: Path, split: str = "dev", pairs: tuple[str, ...] = PAIRS) -> list[Example]:
    """Badly garbled MT (raw DA < 30, label 1) and, where the post-editor changed it, its own
    human post-edit (label 0, kind "pe"): fluent English on the very same topic."""
    examples: list[Example] = []
    for pair in pairs:
        for record in read_jsonl(root / "mlqe-pe" / f"{pair}.{split}.jsonl"):
            if record["da"] >= GARBLED_DA:
                continue
            group = f"{pair}/{record['doc_id']}"
            examples.append(Example(record["text"], 1, group, pair, record["da_z"], "mt", record["id"]))
            if record["hter"] > 0:
                examples.append(Example(detokenize(record["pe"]), 0, group + "/pe", pair, None, "pe", record["id"]))
    return examples


def wmt21_fluent(root: Path) -> list[Example]:
    """WMT21 fluent English news (EVALUATION ONLY): the original English articles (kind "news")
    and the professional translations into English (kind "translation"), each example's group
    naming its article. Translations whose source records no document are cut into
    pseudo-articles of at least PSEUDO_ARTICLE consecutive segments, each cut where no
    quotation is open (a cut inside one split its quotation marks between two documents: 39
    of the 43 fluent news lines MT601 fired on)."""
    folder = root / "wmt21-newstest-en"
    examples = [
        Example(r["text"], 0, f"news/{r.get('doc_id') or r['id']}", r["lang_pair"], None, "news", r["id"])
        for r in read_jsonl(folder / "original_en.jsonl")
    ]
    sources = read_jsonl(folder / "sources.jsonl")
    doc_of = {(r["lang_pair"], r["seg_id"]): r["doc_id"] for r in sources if r.get("doc_id")}
    pseudo = PseudoArticles()
    for r in read_jsonl(folder / "human_translation.jsonl"):
        article = doc_of.get((r["lang_pair"], r["seg_id"])) or pseudo.article((r["lang_pair"], r["system"]), r["text"])
        group = f"translation/{r['lang_pair']}/{r['system']}/{article}"
        examples.append(Example(r["text"], 0, group, r["lang_pair"], None, "translation", r["id"]))
    return examples


class PseudoArticles:
    """Names consecutive segments of each stream (a translation of one language pair) as
    articles of PSEUDO_ARTICLE segments or more, closing one only where no quotation is open,
    and at twice that length in any case. A quotation left open for more than QUOTE_SPAN
    segments is a stray mark, and no longer holds the article open."""

    def __init__(self) -> None:
        # per stream: article number, its segments, open quotations, segments they have been open
        self.state: dict[tuple[str, str], tuple[int, int, int, int]] = {}

    def article(self, stream: tuple[str, str], text: str) -> str:
        number, size, depth, open_for = self.state.get(stream, (0, 0, 0, 0))
        if size >= 2 * PSEUDO_ARTICLE or (size >= PSEUDO_ARTICLE and depth == 0):
            number, size, depth, open_for = number + 1, 0, 0, 0
        depth = max(0, depth + text.count("“") - text.count("”"))  # a stray closing quote opens nothing
        open_for = open_for + 1 if depth else 0
        if open_for > QUOTE_SPAN:
            depth = open_for = 0
        self.state[stream] = (number, size + 1, depth, open_for)
        return f"seg{number}"


def ud_fluent(root: Path, splits: tuple[str, ...] = ("train",)) -> list[Example]:
    """UD English EWT sentences (web text, CC BY-SA 4.0) as fluent English of other sources
    than MLQE-PE, grouped by their document."""
    from .ud import read_texts

    return [
        Example(text, 0, f"ud/{split}:{doc}", kind="ud", origin=f"ud/{split}/{n}")
        for split in splits
        for n, (doc, text) in enumerate(read_texts(root / "ud-english-ewt" / f"{split}.conllu"))
    ]

"""Article verdict figures on dev and evaluation articles (``python -m benchmarks.articles``,
also printed by ``mtlint eval --dev``).

Per group of articles: the share labelled garbled, review and clean, and the AUC of the article
score against the group's fluent counterpart (MLQE-PE dev pseudo-articles by mean DA band
against their own post-edits; the fluent dev articles the threshold is chosen on, UD EWT
documents and DEMETR references, against MLQE-PE dev MT; WMT21 machine-translated articles
per pair against the same articles' human translations; fluent groups against all WMT21
machine-translated articles).
Fluent WMT21 articles are checked plain, hard-wrapped at 72 columns and as Markdown; the
figures count the fluent articles whose sentence verdicts change when wrapped.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from sklearn.metrics import roc_auc_score

from mtlint.core.records import VERDICT_LABELS, Document
from mtlint.detector.policy import Policy

from .articles import THRESHOLD_KINDS, Article, mlqe_articles, training_articles, wmt21_articles

DA_BANDS = ((0, 45), (45, 60), (60, 75), (75, 101))


def _verdicts(policy: Policy, articles: list[Article], layout: str = "plain") -> list[Document]:
    return [policy.check(a.document(layout)) for a in articles]


def sentence_verdicts(doc: Document) -> list[tuple[str, bool, tuple[str, ...]]]:
    return [(" ".join(s.text.split()), s.suspect, tuple(sorted(f.code for f in s.findings))) for s in doc.sentences]


def _row(docs: list[Document], versus: list[Document] | None, garbled_side: bool = True) -> dict:
    labels = [d.verdict.label for d in docs if d.verdict]
    row: dict = {"n": len(labels), **{label: labels.count(label) / max(1, len(labels)) for label in VERDICT_LABELS}}
    if versus:
        pos, neg = (docs, versus) if garbled_side else (versus, docs)
        scores = [d.score for d in pos + neg]
        row["auc"] = float(roc_auc_score([1] * len(pos) + [0] * len(neg), scores))
    return row


def article_figures(policy: Policy, root: Path) -> dict:
    """Every group's row, and the wrap check, keyed by group name."""
    rows: dict[str, dict] = {}
    dev = mlqe_articles(root, "dev")
    mt = [a for a in dev if a.kind == "mt"]
    pe = _verdicts(policy, [a for a in dev if a.kind == "pe"])
    mt_docs = _verdicts(policy, mt)
    for low, high in DA_BANDS:
        band = [d for a, d in zip(mt, mt_docs, strict=True) if low <= a.da < high]
        rows[f"MLQE-PE dev MT, mean DA {low}-{min(high, 100)}"] = _row(band, pe)
    rows["MLQE-PE dev post-edits (fluent)"] = _row(pe, None)
    threshold_set = [a for a in training_articles(root, "dev") if a.kind in THRESHOLD_KINDS]
    for kind, name in (("ud", "UD EWT dev+test documents"), ("ref", "DEMETR dev references")):
        docs = _verdicts(policy, [a for a in threshold_set if a.kind == kind])
        rows[f"{name} (fluent, threshold set)"] = _row(docs, mt_docs, garbled_side=False)
    wmt = wmt21_articles(root)
    machine = [a for a in wmt if a.kind == "wmt-mt"]
    machine_docs = _verdicts(policy, machine)
    fluent = [a for a in wmt if a.kind in ("news", "translation")]
    fluent_docs = {layout: _verdicts(policy, fluent, layout) for layout in ("plain", "wrapped", "markdown")}
    by_pair: dict[str, list[Document]] = defaultdict(list)
    human_by_pair: dict[str, list[Document]] = defaultdict(list)
    for a, d in zip(machine, machine_docs, strict=True):
        by_pair[a.group.split("/")[1]].append(d)
    for a, d in zip(fluent, fluent_docs["plain"], strict=True):
        if a.kind == "translation":
            human_by_pair[a.group.split("/")[1]].append(d)
    for pair in sorted(by_pair):
        rows[f"WMT21 MT articles {pair}"] = _row(by_pair[pair], human_by_pair[pair])
    for layout, docs in fluent_docs.items():
        for kind, name in (("news", "original English"), ("translation", "human translations")):
            group = [d for a, d in zip(fluent, docs, strict=True) if a.kind == kind]
            rows[f"WMT21 {name} ({layout}, fluent)"] = _row(group, machine_docs, garbled_side=False)
    changed = sum(
        sentence_verdicts(p) != sentence_verdicts(w)
        for p, w in zip(fluent_docs["plain"], fluent_docs["wrapped"], strict=True)
    )
    return {
        "rows": rows,
        "wrap_changed": changed,
        "fluent_articles": len(fluent),
        "threshold": policy.article_model.threshold,
    }


def format_article_figures(figures: dict) -> str:
    out = [
        f"article threshold {figures['threshold']:.4f} (probability garbled)",
        "| articles | n | garbled | review | clean | AUC |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, row in figures["rows"].items():
        auc = f"{row['auc']:.3f}" if "auc" in row else "-"
        shares = " | ".join(f"{100 * row[label]:.1f}%" for label in ("garbled", "review", "clean"))
        out.append(f"| {name} | {row['n']} | {shares} | {auc} |")
    out.append(
        f"fluent WMT21 articles whose sentence verdicts change when wrapped at 72 columns: "
        f"{figures['wrap_changed']} of {figures['fluent_articles']}"
    )
    return "\n".join(out)

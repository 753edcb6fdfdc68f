"""Reliability diagram and ROC curves of a scorer on MLQE-PE dev (``mtlint eval --plots DIR``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from mtlint.core.extras import require


def write_plots(curves: dict[str, tuple[np.ndarray, np.ndarray]], folder: Path, threshold: float) -> list[Path]:
    require("train", "mtlint eval --plots")
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt
    from sklearn.calibration import calibration_curve
    from sklearn.metrics import roc_auc_score, roc_curve

    folder.mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 6))
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfectly calibrated")
    for pair, (labels, scores) in curves.items():
        observed, predicted = calibration_curve(labels, scores, n_bins=10, strategy="quantile")
        ax.plot(predicted, observed, marker="o", label=pair)
    ax.axvline(threshold, color="black", linewidth=0.8, label=f"threshold {threshold:.2f}")
    ax.set(xlabel="mean predicted score", ylabel="share suspect", title="Reliability, MLQE-PE dev (suspect vs clean)")
    ax.legend()
    reliability = folder / "reliability.png"
    fig.savefig(reliability, dpi=120, bbox_inches="tight")
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 6))
    ax.plot([0, 1], [0, 1], linestyle=":", color="grey")
    for pair, (labels, scores) in curves.items():
        if len(set(labels)) < 2:
            continue  # a pair with one class (small --limit) has no ROC curve
        fpr, tpr, _ = roc_curve(labels, scores)
        ax.plot(fpr, tpr, label=f"{pair} (AUC {roc_auc_score(labels, scores):.3f})")
    ax.set(xlabel="false positive rate", ylabel="true positive rate", title="ROC, MLQE-PE dev (suspect vs clean)")
    ax.legend()
    roc = folder / "roc.png"
    fig.savefig(roc, dpi=120, bbox_inches="tight")
    plt.close(fig)
    return [reliability, roc]

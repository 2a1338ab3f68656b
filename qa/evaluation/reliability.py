"""The reliability diagram: does a confidence of 0.8 mean eight answers in ten are right?

Shared by `qa eval` on gold sets and on SQuAD files, so both draw it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qa.evaluation import metrics


def write_reliability(panels: Sequence[tuple[str, Sequence[float], Sequence[bool]]], path: Path, bins: int = 10) -> None:
    """A reliability diagram per (name, confidences, right) of the answers given: the
    accuracy of each confidence bin as a bar, its answer count above it, the mean
    confidence as a tick, the diagonal a calibrated engine would follow; ECE in the title."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = list(panels) or [("no answers", [], [])]
    figure, axes_row = plt.subplots(1, len(panels), figsize=(4.2 * len(panels), 4.4), squeeze=False)
    for axes, (name, confidences, right) in zip(axes_row[0], panels, strict=True):
        table = metrics.reliability_bins(confidences, right, bins)
        ece = metrics.expected_calibration_error(confidences, right, bins)
        filled = [b for b in table if b.count]
        axes.plot([0, 1], [0, 1], color="grey", linestyle="--", linewidth=1, label="calibrated")
        axes.bar([b.lower for b in filled], [b.accuracy for b in filled], width=1 / bins, align="edge",
                 edgecolor="black", linewidth=0.5, alpha=0.8, label="accuracy")
        axes.scatter([(b.lower + b.upper) / 2 for b in filled], [b.confidence for b in filled], marker="_", s=200,
                     color="crimson", zorder=3, label="mean confidence")
        for b in filled:
            axes.annotate(str(b.count), ((b.lower + b.upper) / 2, min(b.accuracy + 0.02, 1.0)), ha="center", fontsize=8)
        axes.set_xlim(0, 1)
        axes.set_ylim(0, 1.08)
        axes.set_xlabel("confidence")
        axes.set_ylabel("share of answers right")
        axes.set_title(f"{name}: ECE {'n/a' if ece is None else f'{ece:.3f}'} ({len(confidences)} answers)", fontsize=10)
        axes.grid(alpha=0.3)
        axes.legend(loc="upper left", fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)

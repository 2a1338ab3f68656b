"""Fit the confidence models (qa/answer/confidence.json) on development questions only.

    make confidence        # the sets below; or, by hand:
    .venv/bin/python eval/tune_confidence.py \
        --set index/default:eval/gold.jsonl:all \
        --set index/default:eval/gold-report.jsonl:dev \
        --set index/multidoc:eval/gold-factbook.jsonl:dev \
        --set index/multidoc:eval/gold-factbook-2.jsonl:dev \
        --squad eval/squad-factbook.json

Each ``--set INDEX:GOLD:SPLIT`` adds the questions of one gold file (``all``, or the
``dev`` half by the fixed hash of the id; the ``test`` half is refused here: it is for
reporting) asked of one index; ``--squad FILE`` adds a SQuAD 2.0 file's questions over
its own contexts. For every question the engine chooses its sentence and phrase as
``Engine.ask`` does, and two labels are read off the gold: does the sentence hold the
answer, and (when a phrase, list or Yes/No was offered) is that short answer right. An
unanswerable question's labels are 0: any answer to it is wrong.

Two L2-regularised logistic regressions map the evidence (qa/answer/confidence.py:
general signals, never question strings) to those labels; Platt scaling is fitted on
their out-of-fold predictions (5 folds by a hash of the id), so the stored probability
is calibrated on questions each regression did not see. The short-answer threshold is
the lowest at which the out-of-fold short answers are right at least ``--precision`` of
the time by the Wilson lower bound (``--z``), not by the share alone. The report printed at the end is out-of-fold too: an honest estimate before
the test halves are run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.answer.confidence import FEATURES, GATES, MODEL_FILE, evidence  # noqa: E402
from qa.answer.extract import choose, extract, read_along  # noqa: E402
from qa.engine import Engine  # noqa: E402
from qa.evaluation import metrics  # noqa: E402
from qa.evaluation.evaluate import GoldItem, load_gold, subset  # noqa: E402
from qa.search.scope import scoped_search  # noqa: E402
from qa.text import normalize  # noqa: E402

FOLDS = 5


@dataclass
class Rows:
    x: list[list[float]]
    gates: list[list[bool]]  # which of GATES hold, per row
    sentence_right: list[float]
    short_offered: list[bool]
    short_right: list[float]
    answerable: list[bool]
    ids: list[str]
    types: list[str]


def collect(engine: Engine, gold: list[GoldItem], rows: Rows) -> None:
    for item in gold:
        vector = engine.encoder.encode([normalize(item.question)])[0]
        hits = scoped_search(engine.retriever, item.question, vector)
        similarity = engine.similarity_to(vector)
        read, called, brought = read_along(item.question, hits, engine.data.documents, engine.data.windows, engine.stats)  # (as extract reads)
        _, features = choose(
            item.question, read, engine.stats, engine.data.documents, sentence_similarity=similarity, called=called, retrieved=len(hits),
            brought=brought,
        )
        if not features:
            continue  # nothing retrieved: the engine abstains with confidence 0
        # every offered short answer kept (threshold 0), nothing declined: the labels
        answer = extract(item.question, hits, engine.stats, engine.data.documents, engine.data.windows, 0.0, similarity, short_threshold=0.0)
        offered = answer.form != "sentence"
        rows.x.append(evidence(features))
        rows.gates.append([holds(features) for holds in GATES.values()])
        rows.sentence_right.append(float(item.answerable and metrics.answer_is_right(answer.sentence, item.answers, item.require_all)))
        rows.short_offered.append(offered)
        rows.short_right.append(float(item.answerable and offered and metrics.answer_is_right(answer.answer, item.answers, item.require_all)))
        rows.answerable.append(item.answerable)
        rows.ids.append(item.id)
        rows.types.append(item.type)


def squad_items(path: Path, folder: Path) -> list[GoldItem]:
    """A SQuAD file as gold items over a corpus folder of its contexts."""
    from qa.evaluation.squad import load_squad, write_corpus

    dataset = load_squad(path)
    doc_ids = write_corpus(dataset, folder)
    return [
        GoldItem(q.id, q.question, q.answers, doc_ids[q.article], None if q.impossible else q.paragraph, "", not q.impossible)
        for q in dataset.questions
    ]


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 60) -> np.ndarray:
    """Logistic regression by Newton's method; the bias (column 0) is not regularised."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    penalty = np.eye(len(w)) * l2
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(design @ w, -50, 50)))
        gradient = design.T @ (p - y) + penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


def logits(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return w[0] + x @ w[1:]


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -50, 50)))


def fold_of(item_id: str) -> int:
    return int(hashlib.sha256(("fold:" + item_id).encode()).hexdigest()[:8], 16) % FOLDS


def fit_calibrated(x: np.ndarray, y: np.ndarray, folds: np.ndarray, l2: float) -> tuple[np.ndarray, tuple[float, float], np.ndarray]:
    """Weights on all rows, Platt (a, b) from out-of-fold logits, and the out-of-fold probabilities."""
    out_of_fold = np.zeros(len(y))
    for fold in range(FOLDS):
        held = folds == fold
        if held.any() and (~held).any():
            out_of_fold[held] = logits(fit_logistic(x[~held], y[~held], l2), x[held])
    a, b = fit_logistic(out_of_fold[:, None], y, 1e-6)[[1, 0]]
    weights = fit_logistic(x, y, l2)
    return weights, (float(a), float(b)), sigmoid(a * out_of_fold + b)


def short_thresholds(p: np.ndarray, right: np.ndarray, phrase: np.ndarray, precision: float, z: float, min_kept: int = 15) -> tuple[float, float]:
    """A threshold for phrases and one for Yes/No that keep the most short answers (at
    least ``min_kept``) while all of them together are surely right at least ``precision``
    of the time: the Wilson lower bound (``z`` standard errors) of their share right clears
    it. A point estimate that just clears 90% on a hundred answers is as likely as not to
    fall under it on new ones; and a Yes/No, right far more often than a phrase at the same
    probability, is not held to the phrases' threshold."""
    best, best_kept = (1.0, 1.0), 0
    for t_phrase in sorted({*p[phrase].tolist(), 1.0}):
        for t_yes_no in sorted({*p[~phrase].tolist(), 1.0}):
            kept = np.where(phrase, p >= t_phrase, p >= t_yes_no)
            n = int(kept.sum())
            if n >= min_kept and n > best_kept and wilson_lower(float(right[kept].sum()), n, z) >= precision:
                best, best_kept = (float(t_phrase), float(t_yes_no)), n
    return best


def wilson_lower(successes: float, n: int, z: float) -> float:
    share = successes / n
    centre = share + z * z / (2 * n)
    spread = z * np.sqrt(share * (1 - share) / n + z * z / (4 * n * n))
    return float((centre - spread) / (1 + z * z / n))


def report(confidence: np.ndarray, right: np.ndarray, answerable: np.ndarray, min_confidence: float) -> str:
    answered = confidence >= min_confidence
    declined = (~answered)[~answerable].mean() if (~answerable).any() else float("nan")
    wrong_abstention = (~answered)[answerable].mean()
    accuracy = (answered & (right == 1))[answerable].mean()
    overall = np.where(answerable, answered & (right == 1), ~answered).mean()
    given = answered
    ece = metrics_ece(confidence[given], right[given])
    top = np.argsort(-confidence)
    acc50 = right[top[: int(np.ceil(0.5 * len(top)))]].mean()
    acc80 = right[top[: int(np.ceil(0.8 * len(top)))]].mean()
    return (
        f"min {min_confidence:.2f}: overall {overall:.3f}  answer acc {accuracy:.3f}  unanswerable declined {declined:.3f}  wrong abstentions {wrong_abstention:.3f}  "
        f"ECE(answered) {ece:.3f}  acc@50% {acc50:.3f}  acc@80% {acc80:.3f}"
    )


def metrics_ece(confidence: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    if not len(confidence):
        return float("nan")
    edges = np.minimum((confidence * bins).astype(int), bins - 1)
    return float(sum(abs(right[edges == b].mean() - confidence[edges == b].mean()) * (edges == b).sum() for b in range(bins) if (edges == b).any()) / len(confidence))


def gate_caps(gates: np.ndarray, right: np.ndarray) -> dict[str, float]:
    """Per gate, the share right where it holds (Laplace-smoothed, so a gate seen on few
    questions caps near 0.5, not at 0)."""
    caps = {}
    for n, name in enumerate(GATES):
        held = gates[:, n]
        caps[name] = round(float((right[held].sum() + 1) / (held.sum() + 2)), 4)
    return caps


def apply_caps(p: np.ndarray, gates: np.ndarray, caps: dict[str, float]) -> np.ndarray:
    capped = p.copy()
    for n, name in enumerate(GATES):
        capped[gates[:, n]] = np.minimum(capped[gates[:, n]], caps[name])
    return capped


def neutral_model() -> dict:
    """A model that knows nothing (every probability 0.5): lets the first fit run."""
    zeros = [0.0] * len(FEATURES)
    part = {"bias": 0.0, "weights": zeros, "platt": [1.0, 0.0]}
    return {"features": list(FEATURES), "mean": zeros, "scale": [1.0] * len(FEATURES), "sentence": part, "short": {**part, "threshold": 0.5, "threshold_yes_no": 0.5}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", action="append", default=[], metavar="INDEX:GOLD:SPLIT", help="an index, a gold file and all|dev")
    parser.add_argument("--squad", action="append", default=[], type=Path, metavar="FILE", help="a SQuAD 2.0 development file")
    # l2 8 against 2: the same out-of-fold accuracy and short answers kept, ECE .033 against
    # .051 (a flatter model carries better to documents it was not fitted on)
    parser.add_argument("--l2", type=float, default=8.0, help="L2 penalty on the standardised weights (default 8)")
    # 0.9 as issue 16 asks, held with 90% confidence (z 1.28, one-sided). The target was a
    # point estimate of 0.92 before: on about a hundred short answers its standard error is
    # near 0.03, so new questions could fall well under 0.9 (a bound at 95% keeps far fewer)
    parser.add_argument("--precision", type=float, default=0.90, help="short answers right at least this often (default 0.90)")
    parser.add_argument("--z", type=float, default=1.28, help="... by the Wilson lower bound at this many standard errors (default 1.28: 90%% one-sided)")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help=f"where the model goes (default {MODEL_FILE.relative_to(ROOT)})")
    parser.add_argument("--dump", type=Path, metavar="FILE.npz", help="also save the rows (for a look at trade-offs)")
    args = parser.parse_args()
    if not MODEL_FILE.exists() or json.loads(MODEL_FILE.read_text(encoding="utf-8")).get("features") != list(FEATURES):
        # no model yet, or one of other features: the answers read below do not depend on it
        MODEL_FILE.write_text(json.dumps(neutral_model()), encoding="utf-8")
    rows = Rows([], [], [], [], [], [], [], [])
    sets = []
    for spec in args.set:
        index, gold_path, split = spec.rsplit(":", 2)
        if split not in ("all", "dev"):
            parser.error("a set's split is all or dev: the test half is for reporting only")
        before = len(rows.ids)
        collect(Engine.load(index), subset(load_gold(gold_path), split), rows)
        sets.append({"gold": gold_path, "split": split, "questions": len(rows.ids) - before})
    with tempfile.TemporaryDirectory() as tmp:
        from qa.index.build import build_index

        for n, path in enumerate(args.squad):
            items = squad_items(path, Path(tmp) / f"corpus{n}")
            build_index([Path(tmp) / f"corpus{n}"], Path(tmp) / f"index{n}")
            before = len(rows.ids)
            collect(Engine.load(Path(tmp) / f"index{n}"), items, rows)
            sets.append({"gold": str(path), "split": "all", "questions": len(rows.ids) - before})

    raw = np.array(rows.x)
    mean, scale = raw.mean(axis=0), raw.std(axis=0)
    scale[scale < 1e-6] = 1.0
    x = (raw - mean) / scale
    sentence_y, short_y = np.array(rows.sentence_right), np.array(rows.short_right)
    offered, answerable = np.array(rows.short_offered), np.array(rows.answerable)
    folds = np.array([fold_of(i) for i in rows.ids])
    gates = np.array(rows.gates, dtype=bool).reshape(len(rows.ids), len(GATES))
    if args.dump:
        np.savez(
            args.dump, x=raw, sentence=sentence_y, short=short_y, offered=offered, answerable=answerable, folds=folds,
            features=np.array(FEATURES), ids=np.array(rows.ids), types=np.array(rows.types), gates=gates, gate_names=np.array(list(GATES)),
        )
    w_sentence, platt_sentence, p_sentence = fit_calibrated(x, sentence_y, folds, args.l2)
    w_short, platt_short, p_short_offered = fit_calibrated(x[offered], short_y[offered], folds[offered], args.l2)
    caps_sentence = gate_caps(gates, sentence_y)
    caps_short = gate_caps(gates[offered], short_y[offered])
    p_sentence = apply_caps(p_sentence, gates, caps_sentence)
    p_short_offered = apply_caps(p_short_offered, gates[offered], caps_short)
    for name, cap in caps_sentence.items():
        print(f"gate {name}: holds on {int(gates[:, list(GATES).index(name)].sum())} questions; sentence right at most {cap:.3f}")
    # A phrase (or list) and a Yes/No are different evidence, each held to the target by a
    # threshold of its own: a Yes/No read off the asked predicate is right far more often
    # than a phrase at the same probability, and one pooled threshold set by the phrases'
    # precision declined it.
    phrase = (raw[:, FEATURES.index("form_short")] + raw[:, FEATURES.index("form_list")]) > 0
    yes_no = offered & ~phrase
    threshold, threshold_yes_no = short_thresholds(
        p_short_offered, short_y[offered], phrase[offered], args.precision, args.z
    )

    # the engine's confidence, out of fold: the short answer's when it clears the threshold
    p_short = np.zeros(len(sentence_y))
    p_short[offered] = p_short_offered
    gives_short = offered & (p_short >= np.where(phrase, threshold, threshold_yes_no))
    # (a phrase not shown alone leaves its sentence, which holds it: right at least as often)
    # (capped as the sentence is: see ConfidenceModel.sentence_cap)
    p_held = apply_caps(p_short, gates, caps_sentence)
    confidence = np.where(gives_short, p_short, np.where(offered & phrase, np.maximum(p_sentence, p_held), p_sentence))
    right = np.where(gives_short, short_y, sentence_y)
    print(f"{len(rows.ids)} development questions ({int(answerable.sum())} answerable); {int(offered.sum())} offered a short answer")
    print(f"short answers: threshold {threshold:.3f} (Yes/No {threshold_yes_no:.3f}) keeps {int(gives_short.sum())}, right {short_y[gives_short].mean():.3f} (out of fold)")
    for name, kind in (("phrases", offered & phrase), ("Yes/No", yes_no)):
        print(f"  {name}: offered {int(kind.sum())} (right {short_y[kind].mean():.3f}), kept {int((gives_short & kind).sum())} (right {short_y[gives_short & kind].mean():.3f})")
    for m in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6):
        print("  " + report(confidence, right, answerable, m))
    start = 0
    for spec in sets:  # the short answers of each set: one pooled threshold serves them all
        part = slice(start, start + spec["questions"])
        start += spec["questions"]
        kept, offered_here = gives_short[part], offered[part]
        right_kept = f"{short_y[part][kept].mean():.3f}" if kept.any() else "-"
        right_offered = f"{short_y[part][offered_here].mean():.3f}" if offered_here.any() else "-"
        print(f"  {spec['gold']} ({spec['split']}): short offered {int(offered_here.sum())} (right {right_offered}), kept {int(kept.sum())} (right {right_kept})")
    for name, w in (("sentence", w_sentence), ("short", w_short)):
        print(f"{name} weights: " + ", ".join(f"{f}={v:+.2f}" for f, v in zip(("bias", *FEATURES), w, strict=True)))

    model = {
        "features": list(FEATURES),
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "sentence": {
            "bias": round(float(w_sentence[0]), 6), "weights": [round(float(v), 6) for v in w_sentence[1:]], "platt": [round(v, 6) for v in platt_sentence],
            "caps": caps_sentence,
        },
        "short": {
            "bias": round(float(w_short[0]), 6), "weights": [round(float(v), 6) for v in w_short[1:]], "platt": [round(v, 6) for v in platt_short],
            "threshold": round(threshold, 4), "threshold_yes_no": round(threshold_yes_no, 4), "caps": caps_short,
        },
        "fitted": {
            "on": dt.date.today().isoformat(), "sets": sets, "l2": args.l2, "precision_target": args.precision, "precision_z": args.z,
            "questions": len(rows.ids), "short_offered": int(offered.sum()),
            "out_of_fold": {
                "ece_answered_at_0.5": round(metrics_ece(confidence[confidence >= 0.5], right[confidence >= 0.5]), 4),
                "short_kept": int(gives_short.sum()), "short_precision": round(float(short_y[gives_short].mean()), 4) if gives_short.any() else None,
            },
        },
    }
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

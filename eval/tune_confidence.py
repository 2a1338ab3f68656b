"""How qa/answer.py's CONFIDENCE_WEIGHTS were set: fitted on development questions only.

    .venv/bin/python eval/tune_confidence.py \
        --set index/default:eval/gold.jsonl:all \
        --set index/default:eval/gold-report.jsonl:dev \
        --set index/multidoc:eval/gold-factbook.jsonl:dev \
        --squad eval/squad-factbook.json

Each ``--set INDEX:GOLD:SPLIT`` adds the questions of one gold file (``all``, or the
``dev`` half by the fixed hash of the id; the ``test`` half is never read here) asked of
one index; ``--squad FILE`` adds a SQuAD 2.0 file's questions over its own contexts.
For every question the engine's chosen sentence and its features are computed as
``Engine.ask`` computes them; the label is 1 when answering would be right (an
answerable question whose answer holds the gold) and 0 otherwise. A small
L2-regularised logistic regression maps the evidence to that label; the engine
abstains below 0.5. The features are general evidence (coverage, similarity, a phrase
of the asked kind, the names and years asked about present in the sentence, words the
corpus lacks), never question strings, and the regularisation keeps the weights from
chasing single cases. Two folds of the development questions (by hash) give an honest
estimate before the final fit on all of them.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.answer.confidence import CONFIDENCE_WEIGHTS, evidence  # noqa: E402
from qa.answer.extract import choose, extract  # noqa: E402
from qa.engine import Engine  # noqa: E402
from qa.evaluation import metrics  # noqa: E402
from qa.evaluation.evaluate import GoldItem, load_gold, subset  # noqa: E402
from qa.search.scope import scoped_search  # noqa: E402
from qa.text import normalize  # noqa: E402

FEATURES = [name for name in CONFIDENCE_WEIGHTS if name != "bias"]


def collect(engine: Engine, gold) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    rows, labels, answerable, ids = [], [], [], []
    for item in gold:
        vector = engine.encoder.encode([normalize(item.question)])[0]
        hits = scoped_search(engine.retriever, item.question, vector)
        similarity = engine.similarity_to(vector)
        _, features = choose(item.question, hits, engine.stats, engine.data.documents, sentence_similarity=similarity)
        if not features:
            continue
        answer = extract(item.question, hits, engine.stats, engine.data.documents, engine.data.windows, 0.0, similarity)
        right = item.answerable and metrics.answer_is_right(answer.answer, item.answers, item.require_all)
        signals = evidence(features)
        rows.append([signals[name] for name in FEATURES])
        labels.append(1.0 if right else 0.0)
        answerable.append(item.answerable)
        ids.append(item.id)
    return np.array(rows), np.array(labels), np.array(answerable), ids


def squad_items(path: Path, folder: Path) -> tuple[Path, list[GoldItem]]:
    """A SQuAD file as gold items over a corpus folder of its contexts."""
    from qa.evaluation.squad import load_squad, write_corpus

    dataset = load_squad(path)
    doc_ids = write_corpus(dataset, folder)
    items = [
        GoldItem(q.id, q.question, q.answers, doc_ids[q.article], None if q.impossible else q.paragraph, "", not q.impossible)
        for q in dataset.questions
    ]
    return folder, items


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> np.ndarray:
    """Logistic regression by Newton's method; the bias is not regularised."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    penalty = np.eye(len(w)) * l2
    penalty[0, 0] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        gradient = design.T @ (p - y) + penalty @ w
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + penalty + 1e-9 * np.eye(len(w))
        w -= np.linalg.solve(hessian, gradient)
    return w


def score(w: np.ndarray, x: np.ndarray, y: np.ndarray, answerable: np.ndarray) -> str:
    answer = (np.hstack([np.ones((len(x), 1)), x]) @ w) >= 0
    right = np.where(answerable, answer & (y == 1), ~answer)
    acc = (answer & (y == 1))[answerable].mean()
    declined = (~answer)[~answerable].mean() if (~answerable).any() else float("nan")
    false_abst = (~answer)[answerable].mean()
    return (
        f"overall {right.mean():.3f}  answer acc {acc:.3f}  unanswerable declined {declined:.3f}  "
        f"false abstentions {false_abst:.3f}  (n={len(y)})"
    )


def fold_of(item_id: str) -> int:
    return int(hashlib.sha256(("fold:" + item_id).encode()).hexdigest()[:8], 16) % 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", action="append", default=[], metavar="INDEX:GOLD:SPLIT", help="an index, a gold file and all|dev")
    parser.add_argument("--squad", action="append", default=[], type=Path, metavar="FILE", help="a SQuAD 2.0 development file")
    parser.add_argument("--l2", type=float, default=1.0, help="L2 penalty")
    parser.add_argument("--dump", type=Path, metavar="FILE.npz", help="also save the features and labels (for a look at trade-offs)")
    args = parser.parse_args()
    parts = []
    for spec in args.set:
        index, gold_path, split = spec.rsplit(":", 2)
        if split not in ("all", "dev"):
            parser.error("a set's split is all or dev: the test half is for reporting only")
        parts.append(collect(Engine.load(index), subset(load_gold(gold_path), split)))
    with tempfile.TemporaryDirectory() as tmp:
        from qa.index.build import build_index

        for n, path in enumerate(args.squad):
            corpus, items = squad_items(path, Path(tmp) / f"corpus{n}")
            build_index([corpus], Path(tmp) / f"index{n}")
            parts.append(collect(Engine.load(Path(tmp) / f"index{n}"), items))
    x = np.vstack([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    answerable = np.concatenate([p[2] for p in parts])
    folds = np.array([fold_of(i) for p in parts for i in p[3]])
    if args.dump:
        np.savez(args.dump, x=x, y=y, answerable=answerable, folds=folds, features=np.array(FEATURES))
    current = np.array([CONFIDENCE_WEIGHTS["bias"]] + [CONFIDENCE_WEIGHTS[n] for n in FEATURES])
    print(f"current weights, all development questions: {score(current, x, y, answerable)}")
    for held in (0, 1):
        train = folds != held
        w = fit(x[train], y[train], args.l2)
        print(f"fit without fold {held}: " + ", ".join(f"{n}={v:.2f}" for n, v in zip(["bias", *FEATURES], w, strict=True)))
        print(f"  held-out fold {held}: {score(w, x[~train], y[~train], answerable[~train])}")
    w = np.round(fit(x, y, args.l2), 1)
    print("\nfit on all development questions (CONFIDENCE_WEIGHTS): " + ", ".join(f'"{n}": {v:.1f}' for n, v in zip(["bias", *FEATURES], w, strict=True)))
    print(f"  in-sample: {score(w, x, y, answerable)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

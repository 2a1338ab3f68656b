"""The naive pipeline users would otherwise write, as the benchmark's baseline.

sentence-transformers + one FAISS ``IndexFlatIP`` over whole paragraphs (one line of a
.txt file each), nothing else: no chunking, no keyword retrieval, no extraction; every
CLI call imports sentence-transformers.

    python bench/naive.py build DIR OUT [--vectors V.npy]   # V: precomputed paragraph vectors
    python bench/naive.py ask OUT "question"
    python bench/naive.py app OUT --port 7871
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def model_path() -> str:
    from qa.index.embed import bundled_model_path

    return str(bundled_model_path())


def load_model():
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_path(), device="cpu")


def read_paragraphs(folder: Path) -> list[str]:
    files = sorted(folder.rglob("*.txt")) if folder.is_dir() else [folder]
    return [line.strip() for f in files for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]


def build(folder: Path, out: Path, vectors_file: Path | None) -> None:
    import faiss
    import numpy as np

    paragraphs = read_paragraphs(folder)
    if vectors_file is not None:
        vectors = np.load(vectors_file)
    else:
        vectors = load_model().encode(paragraphs, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    out.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(out / "index.faiss"))
    (out / "paragraphs.json").write_text(json.dumps(paragraphs))


class Naive:
    def __init__(self, out: Path, model=None):
        import faiss

        self.model = model or load_model()
        self.index = faiss.read_index(str(out / "index.faiss"))
        self.paragraphs = json.loads((out / "paragraphs.json").read_text())

    def ask(self, question: str, k: int = 3) -> list[tuple[float, str]]:
        vector = self.model.encode([question], normalize_embeddings=True, convert_to_numpy=True)
        scores, ids = self.index.search(vector, k)
        return [(float(s), self.paragraphs[i]) for s, i in zip(scores[0], ids[0], strict=True) if i >= 0]


def app(out: Path, port: int) -> None:
    import gradio as gr

    naive = Naive(out)
    gr.Interface(fn=lambda q: naive.ask(q)[0][1], inputs="text", outputs="text").launch(server_port=port, server_name="127.0.0.1")


def main() -> None:
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("folder", type=Path)
    b.add_argument("out", type=Path)
    b.add_argument("--vectors", type=Path)
    a = sub.add_parser("ask")
    a.add_argument("out", type=Path)
    a.add_argument("question")
    s = sub.add_parser("app")
    s.add_argument("out", type=Path)
    s.add_argument("--port", type=int, default=7871)
    args = p.parse_args()
    started = time.perf_counter()
    if args.command == "build":
        build(args.folder, args.out, args.vectors)
    elif args.command == "ask":
        score, paragraph = Naive(args.out).ask(args.question)[0]
        print(f"{score:.3f} {paragraph[:200]}")
    else:
        app(args.out, args.port)
    print(f"naive {args.command}: {time.perf_counter() - started:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()

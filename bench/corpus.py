"""Large corpora for the benchmark, made of real report sentences.

Embedding 100k passages on two cores takes about an hour, so the scaled runs
separate what the model costs from what the pipeline costs:

1. **Sentence pool.** Every sentence of the bundled report (30) is varied into
   ``pool_size`` distinct sentences: each number is replaced by another of the same
   magnitude and format (``253,670`` -> ``481,902``), each year by another in
   2010-2025, the country (Tajikistan/Tajik/Tajikistani) by one of 40 others, and
   a few report phrases by alternatives (government -> authorities, ...). The pool
   is embedded for real, with the index's ONNX encoder.
2. **Paragraphs.** A paragraph is 2-4 pool sentences drawn at random, so
   paragraphs are not duplicates (the generator checks) yet read like the report.
   Reports of 200 paragraphs are written one paragraph per line.
3. **Vectors.** A passage's vector is the normalised mean of its sentences' real
   vectors (``PoolEncoder``), which keeps the clustered structure of real embeddings
   that approximate search depends on. The model's own cost is measured separately
   on a sample of the same passages and added to the build time.
4. **A million vectors** (search only) are normalised random mixes of 2-4 pool
   vectors plus a little noise: the same construction without texts.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "data" / "tip-2021-tajikistan-protection.txt"

COUNTRIES = [
    ("Kyrgyzstan", "Kyrgyz"), ("Uzbekistan", "Uzbek"), ("Kazakhstan", "Kazakh"), ("Turkmenistan", "Turkmen"),
    ("Mongolia", "Mongolian"), ("Georgia", "Georgian"), ("Armenia", "Armenian"), ("Azerbaijan", "Azerbaijani"),
    ("Moldova", "Moldovan"), ("Ukraine", "Ukrainian"), ("Belarus", "Belarusian"), ("Albania", "Albanian"),
    ("Serbia", "Serbian"), ("Bulgaria", "Bulgarian"), ("Romania", "Romanian"), ("Nepal", "Nepali"),
    ("Bangladesh", "Bangladeshi"), ("Pakistan", "Pakistani"), ("Sri Lanka", "Sri Lankan"), ("Cambodia", "Cambodian"),
    ("Laos", "Lao"), ("Vietnam", "Vietnamese"), ("Thailand", "Thai"), ("Malaysia", "Malaysian"),
    ("Indonesia", "Indonesian"), ("Philippines", "Philippine"), ("Kenya", "Kenyan"), ("Uganda", "Ugandan"),
    ("Ghana", "Ghanaian"), ("Nigeria", "Nigerian"), ("Senegal", "Senegalese"), ("Morocco", "Moroccan"),
    ("Tunisia", "Tunisian"), ("Jordan", "Jordanian"), ("Lebanon", "Lebanese"), ("Peru", "Peruvian"),
    ("Bolivia", "Bolivian"), ("Paraguay", "Paraguayan"), ("Honduras", "Honduran"), ("Guatemala", "Guatemalan"),
]
PHRASES = [
    ("the government", ["authorities", "the government", "the national government", "officials"]),
    ("victims", ["victims", "trafficking victims", "survivors"]),
    ("shelter", ["shelter", "NGO-run shelter", "state shelter"]),
    ("reporting period", ["reporting period", "year", "period under review"]),
]


def report_sentences() -> list[str]:
    from qa.text import sentence_spans

    paragraphs = [p for p in REPORT.read_text(encoding="utf-8").splitlines() if p.strip()]
    return [p[s:e] for p in paragraphs for s, e in sentence_spans(p)]


def _number(match: re.Match, rng: random.Random) -> str:
    text = match.group(0)
    if re.fullmatch(r"(19|20)\d\d", text):
        return str(rng.randint(2010, 2025))
    digits = text.replace(",", "")
    if "." in digits:
        return f"{rng.uniform(1, 10 ** len(digits.split('.')[0])):.{len(digits.split('.')[1])}f}"
    value = rng.randint(max(1, 10 ** (len(digits) - 1)), 10 ** len(digits) - 1)
    return f"{value:,}" if "," in text else str(value)


def vary(sentence: str, rng: random.Random) -> str:
    """One variant of a report sentence: other numbers, years, country and wording."""
    country, adjective = rng.choice(COUNTRIES)
    out = re.sub(r"\bTajikistani\b|\bTajik\b", adjective, sentence)
    out = re.sub(r"\bTajikistan\b", country, out)
    out = re.sub(r"\d[\d,]*(?:\.\d+)?", lambda m: _number(m, rng), out)
    for phrase, options in PHRASES:
        if phrase in out and rng.random() < 0.5:
            out = out.replace(phrase, rng.choice(options), 1)
    return out


def sentence_pool(size: int, seed: int = 0) -> list[str]:
    """``size`` distinct variants, spread evenly over the report's sentences."""
    rng = random.Random(seed)
    base = report_sentences()
    pool: dict[str, None] = dict.fromkeys(base)
    attempts = 0
    while len(pool) < size and attempts < size * 20:
        pool.setdefault(vary(base[attempts % len(base)], rng))
        attempts += 1
    return list(pool)[:size]


def paragraphs(count: int, pool: Sequence[str], seed: int = 1) -> list[list[int]]:
    """``count`` distinct paragraphs, each 2-4 pool sentence numbers."""
    rng = random.Random(seed)
    seen: set[tuple[int, ...]] = set()
    out: list[list[int]] = []
    while len(out) < count:
        ids = tuple(rng.randrange(len(pool)) for _ in range(rng.randint(2, 4)))
        if ids not in seen:
            seen.add(ids)
            out.append(list(ids))
    return out


def write_corpus(folder: Path, paragraph_ids: list[list[int]], pool: Sequence[str], per_file: int = 200) -> list[str]:
    """Reports of ``per_file`` paragraphs, one per line; returns the paragraph texts."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = [" ".join(pool[i] for i in ids) for ids in paragraph_ids]
    for number, start in enumerate(range(0, len(texts), per_file)):
        (folder / f"report-{number:05d}.txt").write_text("\n".join(texts[start : start + per_file]) + "\n", encoding="utf-8")
    return texts


class PoolEncoder:
    """Encoder protocol for pool texts: the mean of their sentences' real vectors.

    Used only to build the large benchmark indexes without an hour of embedding;
    the model's cost is timed on a sample and reported beside it."""

    def __init__(self, name: str, pool: Sequence[str], vectors: np.ndarray, count_tokens, max_seq_length: int):
        from qa.text import normalize

        self.name = name
        self.dimension = int(vectors.shape[1])
        self.max_seq_length = max_seq_length
        self._vectors = vectors
        self._ids = {normalize(s): i for i, s in enumerate(pool)}
        self._count = count_tokens
        self._normalize = normalize

    def count_tokens(self, text: str) -> int:
        return self._count(text)

    def _vector(self, text: str) -> np.ndarray:
        from qa.text import sentence_spans

        rows = [self._ids.get(self._normalize(text[s:e])) for s, e in sentence_spans(text)]
        rows = [r for r in rows if r is not None]
        if not rows:  # a piece of a cut sentence: a stable stand-in
            rows = [int(hashlib.sha256(text.encode()).hexdigest(), 16) % len(self._vectors)]
        vector = self._vectors[rows].mean(axis=0)
        return vector / np.linalg.norm(vector)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.ascontiguousarray([self._vector(t) for t in texts], dtype=np.float32)


def mixed_vectors(pool_vectors: np.ndarray, count: int, seed: int = 2, chunk: int = 100_000) -> np.ndarray:
    """``count`` normalised mixes of 2-4 pool vectors with noise (the million-vector set)."""
    rng = np.random.default_rng(seed)
    out = np.empty((count, pool_vectors.shape[1]), dtype=np.float32)
    for start in range(0, count, chunk):
        n = min(chunk, count - start)
        block = np.zeros((n, pool_vectors.shape[1]), dtype=np.float32)
        parts = rng.integers(2, 5, n)
        for k in range(4):
            use = parts > k
            weights = rng.uniform(0.3, 1.0, use.sum()).astype(np.float32)[:, None]
            block[use] += weights * pool_vectors[rng.integers(0, len(pool_vectors), use.sum())]
        block += rng.normal(0, 0.01, block.shape).astype(np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + n] = block
    return out

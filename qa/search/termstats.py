"""Term statistics of an index: how rare each word is, and which corpus word a question
word means (a typo, a derived form, an abbreviation).

Read off the BM25 index at load time; used to weigh question words when sentences and
phrases are scored (qa/answer.py) and when confidence is computed (qa/confidence.py).
"""

from __future__ import annotations

import math
import re

from qa.text import STOPWORDS, folded, people_of, spellings, stem, with_related, words


class TermStats:
    """IDF of corpus terms, and a typo-tolerant lookup for question words."""

    def __init__(self, document_frequency: dict[str, int], documents: int):
        self.df = document_frequency
        self.n = max(documents, 1)
        self.max_idf = self.idf_of(0)
        self._by_prefix: dict[str, list[str]] = {}
        for term in self.df:
            self._by_prefix.setdefault(term[:1], []).append(term)

    @classmethod
    def from_keyword_index(cls, index) -> TermStats:
        """Document frequencies read off a bm25s index (its CSC column lengths)."""
        if index is None:
            return cls({}, 0)
        indptr = index.scores["indptr"]
        frequencies = [int(indptr[i + 1] - indptr[i]) for i in range(len(indptr) - 1)]
        return cls({t: frequencies[i] for t, i in index.vocab_dict.items() if i < len(frequencies)}, int(index.scores["num_docs"]))

    def idf_of(self, df: int) -> float:
        return math.log(1 + (self.n - df + 0.5) / (df + 0.5))

    def idf(self, term: str) -> float:
        return self.idf_of(self.df[term]) if term in self.df else self.max_idf

    def canonical(self, term: str, name: bool = False) -> str:
        """The corpus term a question word means: itself, or a one-edit typo of it.

        A short name (``name``: written with a capital) is no typo: "Chile" is a country
        the documents may not have, not "child" (it may still be the stem of a longer
        word they have: "Tajik" ~ "Tajikistan")."""
        # the other spelling of the word, when the documents use it more ("organisation" of
        # a corpus written in American English, "colour" ~ "color", "centre" ~ "center")
        other = max(spellings(term), key=lambda v: self.df.get(v, 0), default=None)
        if other is not None and self.df.get(other, 0) > self.df.get(term, 0):
            return other
        if term in self.df or len(term) < 5 or term.isdigit():
            return term
        candidates = self._by_prefix.get(term[:1], ())
        for candidate in candidates:
            if abs(len(candidate) - len(term)) <= 1 and _one_edit(term, candidate) and not (name and len(term) < 6):
                return candidate
        # A derived form the light stemmer leaves apart: "allocated" ~ "allocation".
        related = [c for c in candidates if _shared_prefix(term, c) >= max(5, min(len(term), len(c)) - 3)]
        if related:
            return max(related, key=lambda c: (self.df[c], -len(c)))
        if name:  # a people's name for its place: "Asian" ~ "Asia", "Kenyan" ~ "Kenya"
            places = [c for c in candidates if people_of(term, c)]
            if places:
                return max(places, key=len)
        return term


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _one_edit(a: str, b: str) -> bool:
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :])
    return a[i:] == b[i + 1 :]


# ---------------------------------------------------------------------- extraction

_ABBREVIATIONS = {"govt": "government", "gov": "government", "gvt": "government", "intl": "international", "org": "organization", "orgs": "organization", "ngos": "ngo", "dept": "department", "min": "ministry", "yr": "year", "yrs": "year", "ppl": "people", "kids": "children", "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july", "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november", "dec": "december"}


def expand(word: str) -> str:
    """A shortened word as the documents write it in full ("govt", "Nov")."""
    return _ABBREVIATIONS.get(word, word)


#: A verb that only links the subject to what follows ("when did Namibia *become*
#: independent"): the answer says "attained its independence", and a sentence that
#: "became a colony" holds nothing more of the question for having the verb.
LIGHT_VERBS = frozenset(stem(w) for w in ("become", "became", "becomes", "becoming"))


#: Words that frame the asking, not what is asked: "were victims *ever* detained *together*
#: with their traffickers?" is answered by "officials sometimes temporarily detained
#: victims with their traffickers", which says neither.
_ASKING_WORDS = frozenset({"ever", "actually", "really", "indeed"})
_JOINED_WITH = frozenset({"together", "along"})


def question_terms(question: str, stats: TermStats) -> list[str]:
    names = {w.lower() for w in _CAPITALISED.findall(folded(question))}
    out = []
    said = _closed_compounds(question, stats)
    for position, word in enumerate(said):
        word = expand(word)
        if word in STOPWORDS or stem(word) in LIGHT_VERBS or word in _ASKING_WORDS:
            continue
        if word in _JOINED_WITH and said[position + 1 : position + 2] == ["with"]:
            continue  # "together with" says "with"
        out.append(stats.canonical(stem(word), name=word in names))
    return list(dict.fromkeys(out))


def _closed_compounds(question: str, stats: TermStats) -> list[str]:
    """The question's words, a hyphenated one written closed where the documents write it
    so ("over-withheld" is the "overwithholding" of a notice, "e-mail" its "email"); its
    parts alone would miss the sentence that uses it."""
    if "-" not in question:
        return words(question)
    out: list[str] = []
    for token in re.findall(r"[\w.,]+(?:-[\w.,]+)*", question):
        parts = words(token)
        if "-" in token and len(parts) > 1 and all(p.isalpha() for p in parts):
            known = [joined for last in sorted(with_related([stem(parts[-1])])) if (joined := "".join(parts[:-1]) + last) in stats.df]
            if known:
                out.append(known[0])
                continue
        out.extend(parts)
    return out


#: words written with a capital after the question's first word: names
_CAPITALISED = re.compile(r"(?<=[\w,;:] )[A-Z][a-z-]+")

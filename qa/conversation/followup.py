"""Follow-up questions resolved against the conversation (issue 10).

Analysts ask in series: "How much did the government fund the shelter in 2020?", then
"and in 2019?", then "who runs it now?". Retrieval and span extraction only work on a
self-contained question, so each follow-up is rewritten against the previous *resolved*
question (chains work: the third question sees the second one already completed).

The rules are few and checked in this order, so each rewrite can be explained:

1. **Fragment** ("and in 2019?", "what about Kenya?", "and its import partners?"): a
   short question with no predicate of its own replaces the matching slot of the
   previous question: a year replaces its year, a place its place (or is added when it
   named none), a noun phrase the noun phrase sharing its head ("import partners" for
   "export partners"), else its topic ("the chief of state" for "the head of government").
2. **Elided count** ("How many did they refer ...?"): the counted noun of the previous
   "How many X ...?" question is put back.
3. **Anaphora**: "its/their X" becomes "the X of PLACE" (or "the TOPIC's X" without a
   place); "it" the previous place, unless that question acted on a thing beside the
   place ("fund the shelter"), then that thing (its topic); "he/she/they" its subject, else its
   topic; "them" its counted noun; "there" "in PLACE".
4. **Inherited place**: a question naming no place, asked after one that named a place
   the index knows (a country in a multi-country index), is asked of that place.

A question with its own subject and predicate, no pronoun and its own place (or a
conversation that named none) is left exactly as typed: a new, self-contained question
is never rewritten. Everything is string rules on the question (no model, no parser),
well under a millisecond a follow-up.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"[$]?[\w\u00c0-\u024f]+(?:[.,'\u2019\-][\w\u00c0-\u024f]+)*%?|[^\w\s]")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_AUX = frozenset("do does did is are was were has have had can could will would should may might".split())
_BE = frozenset("is are was were".split())
_WH = frozenset("what who whom which when where why how".split())
_DETERMINERS = frozenset("the a an this that these those its their his her".split())
_PREPOSITIONS = frozenset("in of for from to since at on with by during about over under between into".split())
_FRAGMENT_LEAD = re.compile(r"^(?:(?:and|but|so|ok|okay)\s*,?\s+)?(?:(?:what|how)\s+about\s+|and\s+)(.+?)\s*\??$", re.I)
_BARE = re.compile(r"^(?:(?:in|for|during)\s+)?((?:1[89]|20)\d\d)\s*\??$", re.I)
#: A year counted from another: "the year before 2020", "the year after 2019"
_SHIFTED = {"before": -1, "prior to": -1, "preceding": -1, "after": 1, "following": 1}
_COUNTED_YEAR = re.compile(
    r"(?:\b(in|during|for|of|since|by|until|till|from|to|through|between|and|before|after|with|about|than|as|on|at|over|under)\s+)?"
    r"\bthe\s+year\s+(before|prior to|preceding|after|following)\s+((?:1[5-9]|20)\d\d)\b",
    re.I,
)
#: ... and a follow-up counting from the one year asked before: "and the year before?"
_BARE_SHIFT = re.compile(r"^(?:(?:and|but|so|what about|how about)\s+)*(?:(?:in|for|during)\s+)?(?:the\s+)?year\s+(before|after)\s*\??$", re.I)


@dataclass(frozen=True)
class Resolution:
    """A resolved question and the rule that produced it (for logs, tests and the eval)."""

    question: str
    rule: str  # "none", "fragment", "anaphora" (pronouns, elided count), "place"


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def detokenize(toks: Sequence[str]) -> str:
    out = ""
    for tok in toks:
        if out and not re.fullmatch(r"[?.,;:!)\]]", tok) and not out.endswith(("(", "[")):
            out += " "
        out += tok
    return out


def _is_name(tok: str) -> bool:
    """A capitalised word that is not an acronym ("Iraq", not "NRM" or "SOPs")."""
    return tok[:1].isupper() and sum(c.isupper() for c in tok) == 1 and tok[1:].replace("'s", "").replace("\u2019s", "").isalpha()


def _base(tok: str) -> str:
    return re.sub(r"['\u2019]s$", "", tok)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int  # exclusive


def find_places(toks: Sequence[str], places: Collection[str]) -> list[_Span]:
    """Known places (index metadata), longest first, then other capitalised names.

    The first word of a question is capitalised anyway, so it only counts when it is a
    known place. Names may run over several words ("South Africa")."""
    known = sorted((tokens(p) for p in places), key=len, reverse=True)
    lowered = [_base(t).lower() for t in toks]
    spans: list[_Span] = []
    taken: set[int] = set()
    for place in known:
        n = len(place)
        target = [w.lower() for w in place]
        for i in range(len(toks) - n + 1):
            if lowered[i : i + n] == target and not taken & set(range(i, i + n)):
                spans.append(_Span(i, i + n))
                taken.update(range(i, i + n))
    if spans:
        return sorted(spans, key=lambda s: s.start)
    i = 1
    while i < len(toks):
        if _is_name(toks[i]):
            j = i + 1
            while j < len(toks) and _is_name(toks[j]) and not toks[j - 1].endswith(("'s", "\u2019s")):
                j += 1
            spans.append(_Span(i, j))
            i = j
        else:
            i += 1
    return spans


def _years(toks: Sequence[str]) -> list[int]:
    return [i for i, t in enumerate(toks) if _YEAR.match(t)]


def _strip_q(toks: list[str]) -> tuple[list[str], str]:
    end = toks[-1] if toks and toks[-1] in "?.!" else ""
    return (toks[:-1] if end else toks), end or "?"


def _insert_place(toks: list[str], place: Sequence[str]) -> list[str]:
    """Add "in PLACE", before a trailing "in YEAR" when there is one."""
    body, end = _strip_q(toks)
    years = _years(body)
    at = len(body)
    if years and years[-1] == len(body) - 1 and len(body) >= 2 and body[-2].lower() in ("in", "for", "during"):
        at = len(body) - 2
    return body[:at] + ["in", *place] + body[at:] + [end]


def _replace_place(prev: list[str], new_place: Sequence[str], places: Collection[str]) -> list[str]:
    spans = find_places(prev, places)
    if not spans:
        return _insert_place(prev, new_place)
    span = spans[-1]
    old_last = prev[span.end - 1]
    suffix = old_last[len(_base(old_last)) :]  # keep a possessive "'s"
    replacement = list(new_place)
    replacement[-1] = _base(replacement[-1]) + suffix
    return prev[: span.start] + replacement + prev[span.end :]


def _replace_year(prev: list[str], year: str) -> list[str]:
    years = _years(prev)
    if years:
        return prev[: years[-1]] + [year] + prev[years[-1] + 1 :]
    body, end = _strip_q(prev)
    return body + ["in", year, end]


def topic_span(toks: Sequence[str]) -> _Span | None:
    """What the question asks about: after "What/Who is", the rest of the question;
    otherwise the last noun phrase opened by "the" (the object: "fund *the shelter*")."""
    body, _ = _strip_q(list(toks))
    if len(body) >= 3 and body[0].lower() in _WH and body[1].lower() in _BE:
        return _Span(2, len(body))
    the = [i for i, t in enumerate(body) if t.lower() == "the"]
    before = {i: body[i - 1].lower() if i else "" for i in the}
    subjects = [i for i in the if before[i] in _AUX]  # "did *the council* pay"
    in_phrase = [i for i in the if before[i] in _PREPOSITIONS - {"of"}]  # "pay for *the bridge*"
    objects = [i for i in the if i not in subjects and i not in in_phrase]
    starts = objects or in_phrase or subjects
    if not starts:
        return None
    start = starts[-1]
    if start in subjects:  # a subject is "the" and one word: "did the shelter assist"
        return _Span(start, min(start + 2, len(body)))
    end = start + 1
    while end < len(body) and body[end].lower() not in _PREPOSITIONS and not _YEAR.match(body[end]) and body[end].lower() not in _AUX:
        end += 1
    return _Span(start, end)


def _np_end(toks: Sequence[str], start: int, places: Collection[str]) -> int:
    """End of a definite noun phrase: through "of <common noun>", not "of <Place>"."""
    end = start + 1
    place_starts = {s.start for s in find_places(toks, places)}
    while end < len(toks):
        word = toks[end].lower()
        if word == "of" and end + 1 < len(toks) and end + 1 not in place_starts and not _YEAR.match(toks[end + 1]):
            end += 1
            continue
        if word in _PREPOSITIONS or word in _AUX or _YEAR.match(toks[end]) or not re.match(r"\w", toks[end]) or end in place_starts:
            break
        end += 1
    return end


def subject_span(toks: Sequence[str]) -> _Span | None:
    """The subject after a do-support auxiliary: "did *the government* fund",
    "did *authorities* identify", "does *Uganda* host"."""
    for i, tok in enumerate(toks[:-1]):
        if tok.lower() in _AUX - _BE and i > 0:
            j = i + 1
            if toks[j].lower() in _DETERMINERS:
                return _Span(j, j + 2) if j + 1 < len(toks) else None
            end = j + 1
            while end < len(toks) and _is_name(toks[end]) and _is_name(toks[j]):
                end += 1
            return _Span(j, end)
    return None


def counted_span(toks: Sequence[str]) -> _Span | None:
    """The counted noun of "How many X did ...": "children returned from Iraq"."""
    if len(toks) >= 3 and toks[0].lower() == "how" and toks[1].lower() == "many":
        end = 2
        while end < len(toks) and toks[end].lower() not in _AUX and re.match(r"\w", toks[end]):
            end += 1
        if end > 2:
            return _Span(2, end)
    return None


def _words(toks: Sequence[str], span: _Span | None) -> list[str]:
    return list(toks[span.start : span.end]) if span else []


def _with_the(words: list[str]) -> list[str]:
    if not words or words[0].lower() in _DETERMINERS or _is_name(words[0]) or words[0][:1].isupper():
        return words
    return ["the", *words]


def _fragment(fragment: str, prev: list[str], places: Collection[str]) -> list[str] | None:
    """Rule 1: the fragment replaces the matching slot of the previous question."""
    frag = tokens(fragment)
    if not frag:
        return None
    if frag[0].lower() in ("in", "for", "during", "of") and len(frag) > 1:
        frag = frag[1:]
    if len(frag) == 1 and _YEAR.match(frag[0]):
        return _replace_year(prev, frag[0])
    years = _years(frag)
    if len(years) == 1 and len(frag) > 1:  # "Kenya in 2022": the year, then the rest
        rest = [t for i, t in enumerate(frag) if i != years[0] and not (i == years[0] - 1 and t.lower() in ("in", "for", "during"))]
        return _fragment(" ".join(rest), _replace_year(prev, frag[years[0]]), places) if rest else None
    if len(frag) > 6 or any(t.lower() in _AUX for t in frag):
        return None
    frag_places = find_places(frag, places) or ([_Span(0, len(frag))] if all(_is_name(t) for t in frag) else [])
    if frag_places and frag_places[0].start == 0 and frag_places[0].end == len(frag):
        return _replace_place(prev, [_base(t) for t in frag], places)
    noun = [t for t in frag if t.lower() not in _DETERMINERS]
    if not noun:
        return None
    body, end = _strip_q(prev)
    head = noun[-1].lower()
    positions = [i for i, t in enumerate(body) if t.lower() == head or t.lower().rstrip("s") == head.rstrip("s")]
    if positions:
        j = positions[-1]
        start = j
        while start > 0 and body[start - 1][:1].islower() and body[start - 1].lower() not in _DETERMINERS | _PREPOSITIONS | _AUX | _WH:
            start -= 1
        start = max(start, j - (len(noun) - 1))
        return body[:start] + noun + body[j + 1 :] + [end]
    span = topic_span(body)
    if span is None:
        return None
    if span.start == 2 and body[1].lower() in _BE:  # "Who is the head of government of Egypt"
        span = _Span(span.start, _np_end(body, span.start, places))
    return body[: span.start] + _with_the(noun) + body[span.end :] + [end]


def _anaphora(toks: list[str], prev: list[str], places: Collection[str]) -> list[str] | None:
    """Rules 2 and 3: put back an elided counted noun, replace pronouns."""
    prev_places = find_places(prev, places)
    place = [_base(t) for t in _words(prev, prev_places[-1])] if prev_places else []
    topic = _words(prev, topic_span(prev))
    subject = _words(prev, subject_span(prev))
    counted = _words(prev, counted_span(prev))
    out: list[str] = []
    changed = False
    i = 0
    if len(toks) >= 3 and toks[0].lower() == "how" and toks[1].lower() == "many" and toks[2].lower() in _AUX and counted:
        out = toks[:2] + counted
        i = 2
        changed = True
    while i < len(toks):
        tok = toks[i]
        low = tok.lower()
        nxt = toks[i + 1].lower() if i + 1 < len(toks) else ""
        if low in ("its", "their") and i + 1 < len(toks):
            j = i + 1
            while j < len(toks) and re.match(r"\w", toks[j]) and toks[j].lower() not in _PREPOSITIONS | _AUX:
                j += 1
            noun = toks[i + 1 : j]
            if place:
                out += ["the", *noun, "of", *place]
            elif topic:
                out += [*_with_the(topic[:-1] + [topic[-1] + "'s"]), *noun]
            else:
                out += [tok, *noun]
            changed = changed or bool(place or topic)
            i = j
            continue
        replacement: list[str] | None = None
        if low == "it":
            # the place, unless the previous question acted on a thing beside it:
            # "did the government of Freedonia fund *the shelter*" -> "who runs it" is the shelter
            thing = bool(topic) and not any(_base(t) in place for t in topic)
            replacement = _with_the(topic) if thing or not place else place
        elif low in ("he", "she", "they"):
            replacement = subject or _with_the(topic)
        elif low == "them":
            replacement = _with_the(counted or subject or topic)
        elif low == "there" and place:
            existential = i > 0 and toks[i - 1].lower() in _BE or nxt in _BE
            if existential:
                out.append(tok)
                if i + 1 < len(toks) and not re.match(r"\w", toks[i + 1]):
                    out += ["in", *place]
                    changed = True
                i += 1
                continue
            replacement = ["in", *place]
        if replacement:
            out += replacement
            changed = True
        else:
            out.append(tok)
        i += 1
    if not changed:
        return None
    if out and out[0][:1].islower() and out[0].lower() in _WH | _AUX:
        out[0] = out[0][:1].upper() + out[0][1:]
    return out


def counted_years(question: str) -> str:
    """The question with each year counted from another written out: "how many did the
    shelter help the year before 2020?" asks about 2019 (searched and read as such)."""

    def written_out(match: re.Match[str]) -> str:
        year = int(match.group(3)) + _SHIFTED[" ".join(match.group(2).lower().split())]
        # (a preposition before it stays: "since the year before 2020" is "since 2019")
        preposition = match.group(1) or ("In" if match.start() == 0 else "in")
        return f"{preposition} {year}"

    return _COUNTED_YEAR.sub(written_out, question)


def resolve_one(question: str, previous: str | None, places: Collection[str] = ()) -> Resolution:
    """``question`` made self-contained against the previous resolved question (a year
    counted from another, "the year before 2020", written out in both first)."""
    question = counted_years(question)
    if not previous:
        return Resolution(question, "none")
    prev = tokens(counted_years(previous))
    text = question.strip()
    bare = _BARE.match(text)
    if bare:
        return Resolution(detokenize(_replace_year(prev, bare.group(1))), "fragment")
    shift = _BARE_SHIFT.match(text)
    if shift:  # "and the year before?" after a question about 2020: 2019 (of two years: unresolved)
        years = _years(prev)
        if len(years) != 1:
            return Resolution(question, "none")
        year = int(prev[years[0]]) + (-1 if shift.group(1).lower() == "before" else 1)
        return Resolution(detokenize(_replace_year(prev, str(year))), "fragment")
    fragment = _FRAGMENT_LEAD.match(text)
    if fragment:
        rewritten = _fragment(fragment.group(1), prev, places)
        if rewritten:
            return Resolution(_capitalise(detokenize(rewritten)), "fragment")
    toks = tokens(text)
    rewritten = _anaphora(toks, prev, places)
    if rewritten:
        return Resolution(detokenize(rewritten), "anaphora")
    known = _known(prev, places)
    if known and not find_places(toks, places):
        return Resolution(detokenize(_insert_place(toks, known)), "place")
    return Resolution(question, "none")


def _known(toks: Sequence[str], places: Collection[str]) -> list[str]:
    """The last place of ``toks`` that the index knows (not any capitalised name)."""
    wanted = {p.lower() for p in places}
    for span in reversed(find_places(toks, places)):
        words = [_base(t) for t in toks[span.start : span.end]]
        if " ".join(words).lower() in wanted:
            return words
    return []


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def resolve_chain(questions: Sequence[str], places: Collection[str] = ()) -> list[Resolution]:
    """Each question resolved against the previous *resolved* one, oldest first."""
    out: list[Resolution] = []
    for question in questions:
        out.append(resolve_one(question, out[-1].question if out else None, places))
    return out


def resolve(question: str, history: Sequence[str] | None = None, places: Collection[str] = ()) -> str:
    """The self-contained question ``question`` means after ``history`` (oldest first)."""
    if not history:
        return question
    return resolve_chain([*history, question], places)[-1].question


__all__ = ["Resolution", "counted_years", "resolve", "resolve_chain", "resolve_one"]

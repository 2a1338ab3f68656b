"""Yes/no questions: "Yes" or "No" only when a sentence clearly settles what was asked.

The verdict is read on the clause that matches the question best, a field's own yes/no
value first ("dual citizenship recognized: yes"); a negation counts where it denies the
asked predicate (not a field the question does not ask about); an affirmation needs one
clause that holds nearly all of the question. Anything less leaves the sentence as the
answer, since a wrong "Yes" is worse than a sentence.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence, Set

from qa.answer.candidates import DATE, MONTHS, NUM, ORDINALS, PATTERNS
from qa.answer.question import NUMBER_NO, YEAR, YEAR_DIGITS, Question
from qa.search.termstats import TermStats
from qa.text import PHRASE, STOPWORDS, normalize, pieces, spelled_initials, spelled_out, stem, terms, with_related

#: the negations saying a thing is missing ("without a coastline"), read apart in _denies
_MISSING_WORDS = r"without|lacked|lacks|lack of|absence of"
_NEGATION = re.compile(
    rf"\b(not|no|never|neither|nor|none|{_MISSING_WORDS}|failed to|refused to|cannot|unable|"
    r"insufficient|inadequate|poorly)\b|n't\b"
)
_UNCERTAIN = re.compile(r"\b(did not|does not|do not) (report|say|specify|disclose|indicate)\b|\b(whether|unclear|unknown|not specified|unconfirmed)\b")
_FIELD_VALUE = re.compile(r":\s*(yes|no)\b")
_FIELD = re.compile(r"^\s*([^:;]{2,60}):\s")


#: what goes before a verb of telling asked as an act: an auxiliary and its subject ("did
#: the government report ...", "has the operator disclosed ..."), or "to" ("failed to report")
_ACT_BEFORE = re.compile(r"\b(?:did|does|do|has|have|had|will|would|could|can|to|not|never)\b(?:\s+[\w'’-]+){0,4}\s+$")


@functools.lru_cache(maxsize=16)
def _told(verb: str) -> re.Pattern[str]:
    """A verb of telling in any tense ("disclose": "discloses", "disclosed", "disclosing";
    "specify": "specified"; "say": "said"), not "reportedly" (built once per verb)."""
    forms = {verb, f"{verb}s", f"{verb}d", f"{verb}ed", f"{verb}ing", f"{verb[:-1]}ing", f"{verb[:-1]}ied", f"{verb[:-1]}ies"} | ({"said"} if verb == "say" else set())
    return re.compile(rf"\b(?:{'|'.join(sorted(forms))})\b")


def _asks_the_act(verb: str, asked: str) -> bool:
    """Whether the question asks about the act the sentence says was not done ("did the
    government report screening them?"), not about a document the same word names ("...,
    per the 2021 TIP report?") nor a hedge ("reportedly", "as reported"). (extract's
    ``_ASKS_REPORTING`` reads the same act more widely, for the sentences saying what was
    not reported; the two are kept apart, since merging them changes what either answers.)"""
    return any(_ACT_BEFORE.search(asked[: m.start()]) for m in _told(verb).finditer(asked))


def polarity(
    sentence: str, question: Question, coverage: float, stats: TermStats | None = None, q_terms: Sequence[str] = (), context: Set[str] = frozenset(),
    focused: Callable[[], bool] | None = None,
) -> str | None:
    """"Yes" or "No" when the sentence clearly affirms or denies what was asked; else None.

    Read on the clause that matches the question best ("dual citizenship recognized: yes;
    citizenship by birth: no" answers dual citizenship with its own clause), a field's
    own yes/no value first; a qualifier the question lacks ("second-largest" for
    "largest") leaves it open. ``context`` is the terms the sentence's heading and
    document title give it ("Botswana" for "Coastline: 0 km (landlocked)" in Botswana's
    profile): every clause holds them, as a reader takes them as said. ``focused()``: whether
    the sentence holds what the question asks about beyond what the whole document is about;
    a plain negation is no "No" without it (a negation of something else in a sentence
    naming only the document's subject, its year and its topic word)."""
    cased = NUMBER_NO.sub("Nr.", normalize(sentence))
    text = cased.lower()
    if coverage >= UNCONDITIONAL_COVERAGE and not question.negated and _unconditional(question.text, text):
        return "No"  # "do victims need legal status to get services?" of "services were available regardless of legal status"
    if _negated_in_condition_only(text, question.text):
        return None  # "you must file even if: ... you have no income" for "must they still file?"
    uncertain = _UNCERTAIN.search(text)
    # "did not report whether ..." leaves a question about the thing open, but it answers
    # one about the reporting: "did the government report screening them?" -> "No"
    if uncertain and not (uncertain.group(2) and _asks_the_act(uncertain.group(2), question.text.lower())):
        return None
    if (coverage >= NO_COVERAGE or coverage + _compare_words_share(question.text, q_terms, text, stats) >= NO_COVERAGE) and (
        compared := _compared(question.text, text)
    ) is not None:
        return "Yes" if compared != question.negated else "No"
    if coverage >= NO_COVERAGE and _other_ordinal(question.text.lower(), text):
        return "No"  # "the first year ...?" of "for the third consecutive year ..."
    if not question.negated and _all_of_the_other_sex(question.text.lower(), text):
        # "were there any men in the shelter?" of "all residents were female": the sex
        # asked about is spoken of, by the other one
        spoken = sum(stats.idf(t) for t in q_terms if t in _SEXES[0] | _SEXES[1]) / (sum(stats.idf(t) for t in q_terms) or 1.0) if stats else 0.0
        if coverage + spoken >= NO_COVERAGE:
            return "No"
    if not question.negated and _all_of_the_same_sex(question.text.lower(), text):
        # "were all the residents women or girls?" of "all residents were female": the sex
        # asked about is said, in other words, of all of the ones asked about (its words the
        # coverage does not already hold, "girls", count as said)
        held = with_related(set(terms(text)))
        spoken = sum(stats.idf(t) for t in q_terms if t in _SEXES[0] | _SEXES[1] and t not in held) / (sum(stats.idf(t) for t in q_terms) or 1.0) if stats else 0.0
        if coverage + spoken >= YES_COVERAGE:
            return "Yes"
    if not question.negated and coverage >= NO_COVERAGE and _outside_asked(question.text.lower(), text, context):
        return "No"  # "is Aruba in the hurricane belt?" of "lies outside the Caribbean hurricane belt"
    opposite, answered = _says_the_opposite(question.text, text) if not question.negated else (False, set())
    if opposite:
        # "does it lie within the hurricane belt?" of "lies outside the hurricane belt"; an
        # opposite said of what the question asks about stands for the asked word in the
        # coverage ("did SWAPO increase its majority?" of "a substantially reduced majority")
        said = sum(stats.idf(t) for t in q_terms if t in answered) / (sum(stats.idf(t) for t in q_terms) or 1.0) if stats else 0.0
        if coverage + said >= NO_COVERAGE:
            return "No"
    clause = text
    if stats is not None and q_terms:
        # (cut from the text as written: its initials say the words the question spells out,
        # "an NRM" is "a national referral mechanism")
        spans = pieces(cased, PHRASE) or [(0, len(cased))]
        clauses = [cased[a:b].lower() for a, b in spans]
        weight = sum(stats.idf(t) for t in q_terms) or 1.0
        # a field's name is what each of its clauses is about ("Suffrage: 18 years of age;
        # universal and compulsory" says voting is compulsory)
        field = _FIELD.match(text)
        about = context | (with_related(terms(field.group(1))) if field else set())
        spelled = spelled_initials(question.text)
        own_terms = {p: with_related(set(terms(p)) | spelled_out(cased[a:b], spelled)) for p, (a, b) in zip(clauses, spans, strict=True)}
        piece_terms = {p: own_terms[p] | about for p in clauses}
        clause_coverage = {p: sum(stats.idf(t) for t in q_terms if t in piece_terms[p]) / weight for p in clauses}
        clause = max(clauses, key=lambda p: clause_coverage[p])
        value = _FIELD_VALUE.search(clause)
        if value and clause_coverage[clause] >= NO_COVERAGE:
            return "Yes" if (value.group(1) == "yes") != question.negated else "No"
        qualified = [re.escape(t) for t in q_terms if len(t) > 3]
        asked = question.text.lower()
        compounds = re.finditer(r"\b[a-z]+-(?:" + "|".join(qualified) + r")", clause) if qualified else ()
        unasked = [c.group(0) for c in compounds if c.group(0) not in asked]
        if unasked and all(_RANKED.match(c) for c in unasked) and _SUPERLATIVE_ASKED.search(asked) and clause_coverage[clause] >= NO_COVERAGE:
            return "No"  # "the largest ...?" of "the second-largest ...": another rank, so not the largest
        if _lower_rank(asked, clause) and clause_coverage[clause] >= NO_COVERAGE:
            return "No"  # "the biggest island?" of "the third largest island"
        if unasked:
            return None  # "long-term" is not "term" (but "single-item" asked is "single-item")
        # a denial may sit in the clause that carries the verb ("... SOPs for victim
        # identification; ... authorities did not take action to adopt these guidelines"),
        # the clause naming what it is about holding the rest ("kept 84 children returned from
        # Iraq ..., and the government did not report ... screening ... among them": a third
        # of its words; a half, as before, lost that "No" on dev and 0.3 lost nothing)
        near = [p for p in clauses if clause_coverage[p] >= 0.3 * clause_coverage[clause] and clause_coverage[p] > 0]
        if coverage >= NO_COVERAGE and _nothing_asked(near, question.text, [t for t in q_terms if t not in context]):
            return "Yes" if question.negated else "No"  # "percentage of women in chamber: 0%": are there any women? No
        graded = _DEGREE_ASKED.search(question.text.lower()) is not None
        # "were the procedures inadequate?": the question says the negation of degree itself
        graded_said = _GRADED_ASKED.search(question.text.lower()) is not None
        denying = [p for p in near if _denies(p, q_terms, stats.idf, about, graded, graded_said)]
        if denying:
            clause = denying[0]
        elif coverage >= YES_COVERAGE and clause_coverage[clause] < YES_CLAUSE_COVERAGE:
            # no single clause says it all: "While the emperor retains his throne ...,
            # elected politicians hold the decision-making power" does not say yes (but one
            # naming what is asked "only" of beside another says no, as below)
            return "No" if _one_of_several(question, text, near, q_terms) else None
        denied = _denies(clause, q_terms, stats.idf, about, graded, graded_said) != question.negated
        if not denied and _only_as_owner(clause, asked, q_terms):
            return None  # "a member of the EU's Overseas Countries Association" is not "a member of the EU"
        if not denied and graded_said and not _GRADED.search(clause):
            return None  # "were the procedures inadequate?" of a clause saying no degree: not a "Yes"
        if not denied and not graded and _GRADED.search(clause):
            return None  # "poorly equipped to assist" neither denies "did they assist?" nor says yes
    else:
        denied = bool(_NEGATION.search(clause)) != question.negated
    if coverage < (NO_COVERAGE if denied else YES_COVERAGE):
        return None
    if not denied and not question.negated and (only := _only_asked(question.text.lower())) is not None and not _ALONE_SAID.search(text):
        # "standards for NGOs only?" of "standards ... among government and NGO providers":
        # the thing is named beside another, so not it alone; a sentence that names it
        # alone, without "only", does not say that nothing else is
        return "No" if _beside_another(text, only) else None
    if not denied and _regardless_of_asked(question.text, text):
        return None  # "did victims consent to services?" of "services were available regardless of ... consent"
    if not denied and _ALL_OF_THEM.search(question.text.lower()) and _SOME_OF_THEM.search(text):
        return None  # "were all the guests women?" of "only 12 percent of the guests were female"
    if denied != question.negated and focused is not None and not focused():
        return None  # (a negation read, whichever way the question asks: "were no men living ...?" too)
    return "No" if denied else "Yes"


#: A question asking about all of something ("were all the guests women?", "the entire
#: population"), and a sentence giving a part of it: a share under the whole, a count out
#: of more, or a few ("only 12 percent", "30 of them", "30 were", "some", "a majority")
_ALL_OF_THEM = re.compile(r"(?<!\bat )\ball\b|\b(?:every|entire|whole)\b")  # (not "at all")
_SOME_OF_THEM = re.compile(
    r"(?<![\d.,])\b(?!100(?:\.0+)?\s*(?:%|per))\d+(?:\.\d+)?\s*(?:%|percent\b|per cent\b)"
    r"|\b\d+ out of\b|\b\d+ of (?:them|these|those|\d)|, \d+ (?:were|are|was)\b"
    r"|\b(?:almost|nearly|virtually|practically) all\b|\ball but\b"
    # (not "most": "most recent election date"; not "half": "the first half of 2020"; nor
    # "section 12 of the act": a place in a document)
    r"|\b(?:some|few|majority|minority)\b"
)


#: A question asking whether something holds of one thing alone: "for NGOs only?", "only
#: women?", "solely by the state?" ("not only" asks no such thing) ...
_ONLY = re.compile(r"(?<!\bnot )\b(?:only|solely|exclusively|alone)\b")
#: ... and a sentence saying it holds of that alone
_ALONE_SAID = re.compile(r"\b(?:only|solely|exclusively|alone|sole|single|exclusive|unique)\b")


def _only_asked(question: str) -> set[str] | None:
    """The stems of the words "only" is said of in the (lower-cased) question, when it asks
    whether something holds of one thing alone: the word before it ("NGOs only"), and the
    word after it when it stands alone ("only women"; of "the only official language"
    none: the languages the sentence lists beside it need not be official ones). None when
    the question asks no such thing, or "only" is said of a number or a manner ("only 24
    victims", "only temporarily": as few, as little, not one thing of several)."""
    words = re.findall(r"[a-z0-9][a-z0-9'-]*", question)
    found: set[str] | None = None
    for i, word in enumerate(words):
        if not _ONLY.fullmatch(word) or (i > 0 and words[i - 1] == "not"):
            continue
        following = [w for w in words[i + 1 : i + 4] if w not in STOPWORDS or w in _PREPOSITIONS]
        if following and (following[0][:1].isdigit() or following[0] in ORDINALS or following[0].endswith("ly")):
            return None
        found = found or set()
        if i > 0 and words[i - 1] not in STOPWORDS:
            found.add(stem(words[i - 1]))
        phrase = []
        for w in following:
            if w in _PREPOSITIONS:
                break
            phrase.append(w)
        if len(phrase) == 1:
            found.add(stem(phrase[0]))
    return found


def _one_of_several(question: Question, sentence: str, clauses: Sequence[str], q_terms: Sequence[str]) -> bool:
    """Whether the question asks whether something holds of one thing alone and the
    (lower-cased) sentence, saying no "only" of its own, names that thing beside another in
    one of ``clauses`` that also holds another of the question's terms ("established
    standards ... among government and NGO providers" for "standards for NGOs only?"; not
    "which the state and women's groups fund" for "did it serve women only?")."""
    only = None if question.negated else _only_asked(question.text.lower())
    if only is None or _ALONE_SAID.search(sentence):
        return False
    return any(_beside_another(clause, only) and set(terms(clause)) & (set(q_terms) - only) for clause in clauses)


#: words opening a clause after "and"/"or", not a thing joined to another
_CLAUSE_OPENERS = r"(?:it|they|he|she|we|you|who|which|that|there|this|these|those)"


def _beside_another(sentence: str, asked: set[str]) -> bool:
    """Whether the (lower-cased) sentence joins one of the asked words to another thing
    with "and" or "or" ("government and NGO providers", "NGOs and the state"); "and
    other employees" joins more of the same kind; "and it served women" joins a clause."""
    for word in asked:
        if len(word) < 3:
            continue
        if re.search(rf"\b(?:and|or|as well as)\s+(?!other\b)(?:(?!{_CLAUSE_OPENERS}\b)[a-z-]+\s+){{0,2}}{re.escape(word)}|\b{re.escape(word)}[a-z']*\s+(?:and|or)\s+(?!other\b)[a-z]", sentence):
            return True
    return False


#: A question asking whether something is required for something else: "do victims need
#: legal status before ...", "must they have a permit to ..."; the condition asked is the
#: words after it up to what it is required for
_REQUIRED = re.compile(
    r"\b(?:need|needs|needed|have to|has to|had to|must|required?|conditional on|conditioned on|depend on|depends on|"
    r"depended on|dependent on|contingent on)\s+(?:to\s+(?:have|be|get|hold|show)\s+|(?:have|be|get|hold|show)\s+)?"
    r"(.+?)\s+(?:before|in order to|so as to|to|for|if|when|so that|or)\b",
    re.IGNORECASE,
)
#: ... and a sentence saying it holds whatever that thing is
_REGARDLESS = re.compile(r"\b(?:regardless of|irrespective of|independent(?:ly)? of|no matter)\b(?: whether)?([^;,.]{0,80})")


def _unconditional(question: str, sentence: str) -> bool:
    """Whether the sentence says what the question asks a condition of holds regardless of
    it: "Do victims need legal status before they can receive protection services?" of
    "protection services were available regardless of legal status or prior consent" (every
    word of the condition, "legal status", in the "regardless of" phrase; "regardless of
    need" says nothing of registering)."""
    required = _REQUIRED.search(question)
    if required is None:
        return False
    condition = set(terms(required.group(1)))
    return bool(condition) and any(condition <= with_related(terms(m.group(1))) for m in _REGARDLESS.finditer(sentence))


#: A question asking about holding whatever a thing is ("available regardless of status?")
_REGARDLESS_ASKED = re.compile(r"\b(?:regardless|irrespective|independent(?:ly)?|no matter|whatever|whether or not|even if|even without)\b")


def _regardless_of_asked(question: str, sentence: str) -> bool:
    """Whether a word the question asks about stands in the (lower-cased) sentence only in a
    "regardless of" phrase: said to make no difference, so neither done nor left undone
    ("did victims consent to protection services?" of "services were available regardless
    of legal status or prior consent" is no "Yes"). Not when the question asks that itself
    ("are services available regardless of status?")."""
    if _REGARDLESS_ASKED.search(question.lower()):
        return False
    phrases = [set(terms(m.group(1))) for m in _REGARDLESS.finditer(sentence)]
    if not phrases:
        return False
    inside = with_related(set().union(*phrases))
    outside = with_related(terms(_REGARDLESS.sub(" ", sentence)))
    return bool(set(terms(question)) & (inside - outside))


#: "Was the 2021 allocation larger than in 2019?": the question compares a value of one
#: year with another's, and which way
_MORE = r"larger|bigger|greater|higher|more|increased?|increases|rise|rises|rose|risen|grow|grows|grew|grown|up"
_LESS = r"smaller|lower|lowered|less|fewer|decreased?|decreases|declined?|declines|fall|falls|fell|fallen|drop|drops|dropped|shrank|shrink|down|reduced?|reduces"
_COMPARES = re.compile(rf"\b(?:({_MORE})|({_LESS}))\b", re.IGNORECASE)
#: the year compared with: "from 2019 to 2021" (the later is the one asked about), "between
#: 2019 and 2021" (likewise), or a year after "than", "compared with" or "versus" with no
#: other number between ("than what it gave the shelter in 2019")
_FROM_TO = re.compile(rf"\b(?:from|between) (?:fiscal year |fy ?)?({YEAR_DIGITS}) (?:to|and|until|through) (?:fiscal year |fy ?)?({YEAR_DIGITS})\b", re.IGNORECASE)
_REFERENCE_YEAR = re.compile(rf"\b(?:than|compared (?:with|to)|versus|vs\.?)\b[^\d?]{{0,50}}?\b({YEAR_DIGITS})\b", re.IGNORECASE)
#: a value: a number with its scale ("$1.2 million", "900,000 florins", "45 percent")
_VALUE = re.compile(rf"({NUM})(?:\s*(million|billion|thousand|trillion))?")
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
#: a day of a month, before its year ("on 12 March 2019", "March 12, 2019"): no value
_DAY = re.compile(rf"\b\d{{1,2}}\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}\b", re.IGNORECASE)
#: a year's value is the value nearest before it in its clause, within this many characters
VALUE_REACH = 200


def _scaled(value: re.Match) -> float:
    """A matched value with its scale: "1.2 million" is 1,200,000."""
    return float(value.group(1).replace(",", "")) * _SCALES.get((value.group(2) or "").lower(), 1.0)


def _last_clause(text: str) -> str:
    """``text`` after its last ";", dates blanked (the 12 of "on 12 March 2019" is a day,
    not a value)."""
    return _DAY.sub(" ", PATTERNS[DATE].sub(" ", text)).rsplit(";", 1)[-1]


def _value_before(text: str) -> float | None:
    """The value stated last in ``text``'s last clause, near its end."""
    values = list(_VALUE.finditer(_last_clause(text[-VALUE_REACH:])))
    return _scaled(values[-1]) if values else None


#: a sentence comparing its value with another year's: "24 victims ..., compared with 53 in 2019"
_COMPARED_WITH = re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?|(?:up|down) from)\s", re.IGNORECASE)
#: ... the year's value right after it, the year named next: "compared with 53 [victims] in 2019"
_YEARS_VALUE = rf"\s*[$€£]?({NUM})(?:\s*(million|billion|thousand|trillion))?((?:\s+[a-z%]+){{0,2}}?)\s+(?:in|during|for)\s+(?:fiscal year |fy ?)?"
_SHARE = re.compile(r"%|percent|per\b")
#: a question comparing with a year and nothing else: "than in 2019", "than they did in 2019",
#: not "than male victims in 2019" (another thing's value)
_THAN_THE_YEAR = re.compile(
    r"(?:than|compared (?:with|to)|versus|vs\.?)\s+(?:(?:it|they|he|she|we|there) (?:did|had|was|were|is|are) )?"
    r"(?:in |during |for )?(?:fiscal year |fy ?)?\d{4}",
    re.IGNORECASE,
)


def _compared_with_year(sentence: str, year: str, more: bool) -> bool | None:
    """Whether the sentence's own value beats (``more``) the one it gives ``year`` right
    after a "compared with" ("24 victims ..., compared with 53 in 2019": 24 against 53).
    None unless its clause holds that one value alone before the phrase (a sub-group, a
    share, an age beside it: which one the year's matches is not said), of the year's kind,
    and "up from"/"down from" agree with the values. Asides in brackets are set apart
    ("$22,080" beside "250,000 somoni" is the same value in another currency)."""
    plain = sentence
    while (unbracketed := re.sub(r"\([^()]*\)", " ", plain)) != plain:
        plain = unbracketed
    for compared in _COMPARED_WITH.finditer(plain):
        said = re.match(_YEARS_VALUE + rf"{year}\b", plain[compared.end() :])
        if said is None:
            continue
        clause = _last_clause(plain[: compared.start()])
        values = list(_VALUE.finditer(clause))
        if len(values) != 1 or (_SHARE.search(clause[values[0].end() :]) and not _SHARE.search(said.group(3) or "")):
            return None
        subject, reference = _scaled(values[0]), _scaled(said)
        direction = compared.group(0).lower()
        if subject == reference or (direction.startswith("up") and subject < reference) or (direction.startswith("down") and subject > reference):
            return None
        return (subject > reference) == more
    return None


#: the words a word of more or less is said of ("fewer trafficking victims", "less money",
#: "smaller numbers of boats")
_COUNT_OF = r"(?:numbers?|amounts?|shares?|totals?|counts?)\s+of\s+"
_WORDS_OF = r"((?!than\b)[a-z][\w'’-]*(?:\s+[a-z][\w'’-]*)?)"
_COMPARED_OF = re.compile(rf"\b(?:{_MORE}|{_LESS}|fewer)\s+(?:{_COUNT_OF})?{_WORDS_OF}")
#: ... or "the number of X" that rose or fell ("did the number of victims fall ...?")
_NUMBER_OF = re.compile(rf"\b{_COUNT_OF}{_WORDS_OF}")
_COMPARE_TERMS = frozenset(terms(" ".join(f"{_MORE}|{_LESS}".replace("?", "").split("|"))))


def _compare_words_share(question: str, q_terms: Sequence[str], sentence: str, stats: TermStats | None) -> float:
    """The share of the question's weight in its words of more or less that the sentence
    does not say, when it says what they are said of: "did Tajikistan find fewer trafficking
    victims ... than in 2019?" is answered by "24 trafficking victims ..., compared with 53
    in 2019", which says "fewer" by its numbers (not "did it prosecute fewer traffickers
    ...?" of a sentence counting victims)."""
    if stats is None or not q_terms:
        return 0.0
    said = with_related(set(terms(sentence)))
    lower = question.lower()
    of = [terms(m.group(1)) for m in _COMPARED_OF.finditer(lower)] + [terms(m.group(1)) for m in _NUMBER_OF.finditer(lower)]
    # (every word of what it is said of, the head noun included: not "trafficking victims"
    # of "trafficking suspects"; and something to be said of, not "fall compared with ...")
    if not of or any(not words or not set(words) <= said for words in of):
        return 0.0
    unsaid = [t for t in q_terms if t not in said and t in _COMPARE_TERMS]
    # (at most each such word's share at the question's mean weight: a word no document
    # uses weighs the most, and it must not settle a question the sentence holds little of)
    return min(sum(stats.idf(t) for t in unsaid) / (sum(stats.idf(t) for t in q_terms) or 1.0), len(unsaid) / len(q_terms))


def _compared(question: str, sentence: str) -> bool | None:
    """Whether the sentence's values bear out the question's comparison of two years ("was
    the 2021 allocation larger than in 2019?" of "250,000 somoni in 2021, an increase
    compared with 242,000 somoni in 2019": True; "did it rise from 2019 to 2021?" compares
    2021 with 2019), or of the sentence's own value with one year's ("more than in 2019?",
    ``_compared_with_year``); None when it compares no such values (a question giving
    another number, "more than 2 percent between 2010 and 2020", compares with that), or
    the sentence does not give both."""
    ways = {bool(m.group(1)) for m in _COMPARES.finditer(question)}
    if len(ways) != 1:
        return None  # none, or "did funding go up or down?": which way is the question, not yes or no
    more = ways.pop()
    years = list(dict.fromkeys(YEAR.findall(question)))
    if len(years) not in (1, 2) or {m.replace(",", "") for m in re.findall(NUM, question)} - set(years):
        return None
    if len(years) == 1:
        # "Did they identify more victims than in 2019?": the time asked is the sentence's
        # own, the value it compares with the year's ("identified 24 victims during the
        # reporting period, compared with 53 in 2019")
        than = _REFERENCE_YEAR.search(question)
        if than is None or than.group(1) != years[0] or not _THAN_THE_YEAR.fullmatch(than.group(0)):
            return None
        return _compared_with_year(sentence, years[0], more)
    span = _FROM_TO.search(question)
    if span is not None:
        subject, reference = span.group(2), span.group(1)
    elif (than := _REFERENCE_YEAR.search(question)) is not None:
        reference = than.group(1)
        subject = years[1] if years[0] == reference else years[0]
    else:
        return None
    values = []
    for year in (subject, reference):
        found = next((value for m in re.finditer(rf"\b{year}\b", sentence) if (value := _value_before(sentence[: m.start()])) is not None), None)
        if found is None:
            return None
        values.append(found)
    if values[0] == values[1]:
        return None
    return (values[0] > values[1]) == more


_ORDINAL_OF = re.compile(
    rf"\b({'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\s+(?:(?:consecutive|straight|successive|running|full)\s+)?([a-z]+)"
)


def _other_ordinal(asked: str, sentence: str) -> bool:
    """Whether the sentence puts another ordinal on a thing the question numbers ("was it
    the first year ...?" against "for the third consecutive year"): then the answer is No."""
    def ordinals(text: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for m in _ORDINAL_OF.finditer(text):
            found.setdefault(m.group(2).rstrip("s"), set()).add(m.group(1))
        return found

    wanted, said = ordinals(asked), ordinals(sentence)
    return any(noun in said and not (said[noun] & numbers) for noun, numbers in wanted.items())


#: The words for each sex, and a sentence saying all were of one ("all residents were female").
_SEXES = (frozenset("men man male males boys boy".split()), frozenset("women woman female females girls girl".split()))
_ALL_OF = re.compile(r"\b(?:all|only|exclusively|solely)\b[^.;]{0,60}?\b(men|male|males|boys|women|female|females|girls)\b")


def _all_of_the_other_sex(asked: str, sentence: str) -> bool:
    """Whether the question asks about one sex and the sentence says all were of the other."""
    said = _ALL_OF.search(sentence)
    if not said:
        return False
    asked_words, said_words = set(re.findall(r"[a-z]+", asked)), set(re.findall(r"[a-z]+", sentence))
    for one, other in (_SEXES, _SEXES[::-1]):
        if said.group(1) in other and one & asked_words and not one & said_words and not other & asked_words:
            return True
    return False


#: "all (the) residents were female", "all of the guests are men" (not "not all ...", nor
#: "of all 40 victims, 30 were female": no figure or clause between): who, and which sex
_ALL_WERE = re.compile(
    r"(?<!\bnot )(?<!\balmost )(?<!\bnearly )(?<!\bvirtually )(?<!\bpractically )(?<!\bquite )\ball (?!but\b)(?:of )?(?:the |its |their )?"
    r"((?:[a-z'’-]+ ){1,4}?)(?:were|are|was|is) (?:all )?"
    # (the sex alone: not "women and children", "female, except two boys")
    r"(men|male|males|boys|women|female|females|girls)\b(?!,?\s+(?:and|or|except|but|save|apart|other|plus|with)\b)"
)
#: ... and the question asking it: "were all (of) the shelter's residents women?"
_ALL_ASKED = re.compile(r"\ball (?:of )?(?:the |its |their )?((?:[\w'’-]+ ){1,6}?)(?=(?:men|male|males|boys|women|female|females|girls)\b)")


def _head(words: str) -> str:
    """The noun a short phrase is about: its last word before "of", "in", "at" ("residents
    of the Tajik shelter": residents; "the Khujand hostel's guests": guests)."""
    head = re.split(r"\b(?:of|in|at|on|from|for)\b", words)[0].split()
    return stem(head[-1]) if head else ""


def _all_of_the_same_sex(asked: str, sentence: str) -> bool:
    """Whether the question asks if all of some people were of one sex, and the sentence
    says all of those people were of it, in its own words ("were all the residents women
    or girls?" of "all residents were female"; not "all staff were female" for the guests)."""
    said, wanted = _ALL_WERE.search(sentence), _ALL_ASKED.search(asked)
    if not said or not wanted or _head(said.group(1)) != _head(wanted.group(1)):
        return False
    asked_words = set(re.findall(r"[a-z]+", asked))
    return any(said.group(2) in one and one & asked_words and not other & asked_words for one, other in (_SEXES, _SEXES[::-1]))


#: Words and their opposites: a sentence that says the opposite of the question's word,
#: and never the word itself, denies it.
_OPPOSITES = (
    ("within inside", "outside"), ("above", "below"), ("higher", "lower"),
    (
        "increase increased increases increasing raise raised raises raising strengthen strengthened strengthens toughen toughened tighten tightened",
        "decrease decreased decreases decreasing declined fell reduce reduced reduces lower lowers lowering lowered "
        "soften softened softens weaken weakened weakens loosen loosened",
    ),
    ("majority", "minority"), ("maximum", "minimum"), ("allowed permitted legal", "prohibited banned forbidden illegal"),
)
#: An opposite speaks of what the question asks it of when one of the question's own common
#: words beside the asked word stands this many words or fewer from it, in its clause:
#: "a substantially reduced majority" answers "did SWAPO increase its majority?",
#: "contributed to steady growth, reduced poverty rates" says nothing of "did the reforms
#: increase growth?"
OPPOSITE_REACH = 4
#: ... of the (common, content) words beside the asked word in the question, this many
ASKED_REACH = 2
#: ... read after it up to one of these ("increase after the attacks" asks of nothing after it)
_PREPOSITIONS = frozenset("after before since during in on at by from with for to until over under through due because".split())
#: ... words after an opposite that leave it without an object of its own ("declined
#: further", "fell sharply")
_ADVERBS = frozenset("further again then sharply steadily significantly dramatically".split())
#: ... words before an opposite that say it was not done: a modal ("would weaken"), or an
#: attempt before "to" ("sought to reduce", "did little to reduce"; but "pest management to
#: reduce exposure" says what it does)
_MODALS = frozenset("would could should might may can will not".split())
_ATTEMPTS = frozenset(
    "sought seek seeks tried try tries attempted attempt attempts aimed aim aims aiming failed fail fails little "
    "planned plan plans intended intend intends hoped hope hopes needed need needs efforts effort".split()
)
#: ... and where the words read on either side of an opposite end ("the drought reduced
#: harvests and raised food prices" says nothing of the prices)
_CONJUNCTIONS = frozenset("and but while whereas although though".split())
#: the opposites added with the rule that they speak of what stands beside them: a question
#: with nothing beside its asked word is not denied by them anywhere in the sentence
_NEAR_ONLY = frozenset(
    "strengthen strengthened strengthens toughen toughened tighten tightened reduce reduced reduces lowered "
    "soften softened softens weaken weakened weakens loosen loosened raise raised raises raising lower lowers lowering".split()
)
#: time relations a question may put on a change, and the words of each
_TIME_RELATIONS = {"after": "after", "since": "after", "following": "after", "before": "before", "until": "before", "prior": "before"}
_TIME_WORDS = frozenset(terms("early late mid century centuries decade decades year years month months period time"))


def _content_words(tokens: Iterable[tuple[int, str]], stop: Set[str]) -> list[str]:
    """The first ``ASKED_REACH`` common content words of the question's ``(position, token)``
    pairs, up to a word in ``stop``; names are passed over ("refugees on Nauru increase":
    the refugees), but not acronyms ("GDP") nor a question's capitalised first word."""
    out: list[str] = []
    for position, token in tokens:
        lower = token.lower()
        if lower in stop or len(out) >= ASKED_REACH:
            break
        if lower in STOPWORDS or lower[:1].isdigit() or (token[:1].isupper() and not token.isupper() and position > 0):
            continue  # (an acronym is a thing asked about: "did GDP increase?")
        out.append(lower)
    return out


def _not_done(before: Sequence[str]) -> bool:
    """Whether the (up to two) words before an opposite say it was not done."""
    return bool(before) and (before[-1] in _MODALS or (before[-1] == "to" and len(before) > 1 and before[-2] in _ATTEMPTS))


def _relation(words: Iterable[str]) -> set[str]:
    """The time relations of ``words`` ("after", "since" -> after; "before", "until" -> before)."""
    return {_TIME_RELATIONS[w] for w in words if w in _TIME_RELATIONS}


def _until_conjunction(tokens: Sequence[str]) -> list[str]:
    """``tokens`` up to the first conjunction (they are read outward from an opposite)."""
    for n, token in enumerate(tokens):
        if token in _CONJUNCTIONS:
            return list(tokens[:n])
    return list(tokens)


@functools.lru_cache(maxsize=256)
def _ranked_lower(asked: str) -> frozenset[str]:
    """{"lower"} when the question's "lower" is a rank ("the lower house", "is lower
    secondary education compulsory?"), not a change: a verb comes after an auxiliary of an
    act ("did the changes lower penalties?"), not after "is"/"are", and no determiner."""
    if "lower" not in asked:
        return frozenset()
    acted = re.match(r"^\W*(?:[^,?]*,\s*)?(?:did|does|do|will|would|can|could|should|has|have|had)\b", asked)
    # (a rank after a determiner or a verb of having, or compared: "have lower taxes than")
    ranked = re.search(r"\b(?:the|a|an|its|their|[\w-]+['’]s|much|far|even|have|has|had|pay|paid|charge|offer|with|be)\s+lower\b|\blower\b.*\bthan\b", asked)
    return frozenset() if acted and not ranked else frozenset({"lower"})


def _says_the_opposite(question: str, sentence: str) -> tuple[bool, set[str]]:
    """Whether the (lower-cased) sentence says the opposite of one of the question's words,
    never the word itself, and the stems of the asked words it answers so.

    What the question asks it of is the head of the common words beside the asked word: of
    what follows it up to a preposition, its object ("increase its majority", "increase the
    number of chiefs": the chiefs), else of what goes before it, its subject ("did food
    prices increase?": the prices). The sentence must say the opposite of that, within
    ``OPPOSITE_REACH`` words and short of a conjunction: it follows the opposite ("a
    substantially reduced majority"), or goes before an opposite with no object of its own
    ("the Ki67 index decreases significantly with prolonged fixation"; not "outbreaks of
    disease reduced the population" for "did the outbreaks increase?"); an opposite not done
    ("would weaken", "sought to reduce") says nothing. A question that times the change
    ("after the 1878 war", "before 1939") is answered only by a clause timing it the same
    way, in the year asked. A question with no word beside the asked one ("is it legal to
    gamble?") is denied by the older opposites anywhere, as before, without answering the
    asked word's weight."""
    asked_words, said_words = set(re.findall(r"[a-z]+", question.lower())), set(re.findall(r"[a-z]+", sentence))
    # ("the lower house", "a lower rate": a rank, which the pair "higher"/"lower" reads; a
    # change only as a verb, "did the changes lower penalties?")
    ranked = _ranked_lower(question.lower())
    asked_tokens = list(enumerate(re.findall(r"[A-Za-z0-9][\w'-]*", question)))
    timed = _relation(asked_words)
    asked_years = set(YEAR.findall(question)) if timed else set()
    says, answered = False, set()
    for one, other in _OPPOSITES:
        for words, opposites in ((set(one.split()), set(other.split())), (set(other.split()), set(one.split()))):
            if not (words & (asked_words if words == {"lower"} else asked_words - ranked) and opposites & said_words and not words & said_words):
                continue
            after: list[str] = []
            before: list[str] = []
            for i, (_, token) in enumerate(asked_tokens):
                if token.lower() in words:
                    after += _content_words(asked_tokens[i + 1 :], stop=_PREPOSITIONS)
                    before += _content_words(reversed(asked_tokens[:i]), stop=frozenset())
            # what it is asked of is the head of those words: the last after the asked word
            # ("increase the number of chiefs": the chiefs), or the nearest before it ("did
            # food prices increase?": the prices); ("in the late 1800s" dates, it changes not)
            heads = [w for w in after if w not in _TIME_WORDS][-1:] or [w for w in before if w not in _TIME_WORDS][:1]
            asked_of = set(terms(" ".join(heads)))
            for a, b in pieces(sentence, PHRASE):
                tokens = re.findall(r"[a-z0-9][\w'-]*", sentence[a:b])
                if timed and not (timed & _relation(tokens) and (not asked_years or asked_years & set(tokens))):
                    continue
                for i, token in enumerate(tokens):
                    if token not in opposites or _not_done(tokens[max(0, i - 2) : i]):
                        continue  # ("sought to reduce", "would weaken", "did little to reduce": not done)
                    if not asked_of:
                        if token not in _NEAR_ONLY:  # (the words that speak only of what is beside them)
                            says = True
                        continue
                    following = _until_conjunction(tokens[i + 1 : i + 1 + OPPOSITE_REACH])
                    preceding = _until_conjunction(tokens[max(0, i - OPPOSITE_REACH) : i][::-1])
                    # (an opposite with no object of its own speaks of what goes before it:
                    # "the index decreases significantly with fixation", "the number of
                    # refugees steadily declined after 2014"; one with an object, of that)
                    own_object = bool(following) and following[0] not in _PREPOSITIONS | _ADVERBS and not following[0].endswith("ly")
                    if set(terms(" ".join(following))) & asked_of or (not own_object and set(terms(" ".join(preceding))) & asked_of):
                        says = True
                        answered |= {stem(w) for w in words & asked_words}
    return says, answered


#: "is Aruba in X?": what is asked of (the words after the auxiliary) and X's last word
_IN_ASKED = re.compile(
    r"^\W*(?:is|are|was|were|does|do|did)\s+(.+?)\s+(?:(?:lie|lies|located|situated|sit|sits|based)\s+)?"
    r"(?:in|within|inside)\s+(?:the\s+|a\s+|an\s+)?(?:[a-z'-]+\s+){0,4}?([a-z'-]+)\s*\??$"
)
_LOCATED = r"(?:lies|lie|lying|located|situated|sits|is|are|was|were|stands|based)"
#: ... what puts a part of it elsewhere, or sets another thing beside it ("most factories",
#: "only three of the 40", "Aruba lies outside ..., but Curacao lies within it", "unlike
#: Curacao"): the sentence then says no "No"
_PART_OR_CONTRAST = re.compile(
    r"\b(?:most|many|some|several|few|part|parts|much|half|only|other|others|remaining|unlike|including|except|"
    r"but|while|whereas|although|within|inside|not|no|never|one|two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds|thousands)\b|^\W*\d"
)
#: ... and where the thing outside ends: punctuation, the end, or a word going on with the clause
_PHRASE_ENDS = r"(?=\s*(?:[,.;:)]|$)|\s+(?:and|or|is|are|was|were|which|that|where|with|so|since|because)\b)"


def _outside_asked(asked: str, sentence: str, context: Set[str]) -> bool:
    """Whether a question "is Aruba in X?" ("does it lie within the hurricane belt?") is
    answered by a clause that places what it asks of outside X: "[Aruba's natural hazards:]
    lies outside the Caribbean hurricane belt". The clause opens with what is asked of (a
    few words, no other verb or clause: not "the headquarters is in Nairobi and the field
    staff are based outside Nairobi"), or with the verb of place itself, its subject then
    the heading's and title's (``context``); a verb of place stands right before "outside"
    ("lies", "located"; not "relied on outside experts"); X's last word ends the phrase
    after it (not "outside the Caribbean hurricane belt" for "is the belt in the
    Caribbean?"); and nothing in the sentence puts a part of it, or another thing, inside
    or outside, nor denies ("most factories are located outside ...", "... but Curacao lies
    within it", "only three of the 40 factories").
    ``_says_the_opposite`` reads "within" and "outside", but not "in", which nearly every
    sentence holds."""
    match = _IN_ASKED.match(asked.rstrip())
    if not match or _PART_OR_CONTRAST.search(sentence):
        return False
    of = set(terms(match.group(1))) - {"lie", "lies", "locat", "situat", "sit", "based"}
    head = re.escape(match.group(2))
    placing = re.compile(
        rf"\s*((?:(?!(?:{_LOCATED}|and|or|which|that|who|by|of)\b)[\w'’-]+\s+){{0,4}}?)(?:(?:is|are|was|were)\s+)?{_LOCATED}\s+(?:[a-z]+ly\s+)?"
        rf"outside\s+(?:of\s+)?(?:[\w'-]+\s+){{0,4}}?{head}{_PHRASE_ENDS}"
    )
    for clause in re.split(r"[;,]", sentence):
        placed = placing.match(clause)
        if placed is None:
            continue
        subject = set(terms(placed.group(1)))
        # (what stands before the verb is what is placed: the asked thing, or nothing, the
        # heading's subject: "Natural hazards: ...; lies outside ...")
        if subject and of <= with_related(subject) or not subject and of and of <= set(context):
            return True
    return False


#: A rank below the first on a superlative ("second-largest", "third-highest") ...
_RANKED = re.compile(rf"(?:{'|'.join(ORDINALS[1:])}|\d+(?:nd|rd|th))-[a-z]+est$")
#: ... against a question asking about the first ("the largest", "the biggest")
_SUPERLATIVE_ASKED = re.compile(r"\b(?:the|its|their|[a-z]+'s)\s+([a-z]+est)\b")


def _lower_rank(asked: str, clause: str) -> bool:
    """Whether the (lower-cased) question asks about the first by a superlative ("the
    biggest island") and the clause ranks that thing lower by it or a word of its family,
    with or without a hyphen ("the third largest island", "second-largest")."""
    superlatives = {m.group(1) for m in _SUPERLATIVE_ASKED.finditer(asked)}
    family = {w for s in superlatives for w in {s, *with_related([stem(s)])} if w.endswith("est")}
    if not family:
        return False
    ranks = "|".join(ORDINALS[1:])
    return re.search(rf"\b(?:{ranks}|\d+(?:nd|rd|th))[- ](?:{'|'.join(map(re.escape, sorted(family)))})\b", clause) is not None


def _only_as_owner(clause: str, asked: str, q_terms: Sequence[str]) -> bool:
    """Whether a word the question asks about stands in the clause only as the owner of
    something else ("the EU's association") while the question asks about it alone (the
    question's own relation said with a possessive, "the treatment's effect" for
    "treatment effect", is not something else)."""
    asked_words = "|".join(map(re.escape, q_terms))
    for term in q_terms:
        if len(term) < 2:
            continue
        owner = re.compile(rf"\b{re.escape(term)}\w*['’]s?\s+(?!(?:{asked_words})\w*\b)[a-z]", re.IGNORECASE)
        alone = re.compile(rf"\b{re.escape(term)}\w*\b(?!['’])")
        if owner.search(clause) and not owner.search(asked) and not alone.search(owner.sub(" ", clause)):
            return True
    return False


#: negations of degree: they say a thing was not good enough, not that it was not done ...
_GRADED = re.compile(r"insufficient|inadequate|poorly")
#: ... and a negation of a degree written out, within a few words ("not sufficient", "did not
#: have adequate resources", "lacked enough staff", "not properly equipped"; not in a clause
#: that also says a degree: "not enough evidence that they were poorly run")
_DEGREE_DENIED = re.compile(r"(?:\s+[\w'’-]+){0,3}?\s+(?:adequate(?:ly)?|sufficient(?:ly)?|enough|well|properly|effectively)\b")
#: ... one a question asks itself ("were the procedures inadequate?")
_GRADED_ASKED = re.compile(rf"\b(?:{_GRADED.pattern})(?:ly)?\b")
#: ... which answers a question asking how well, or whether enough
_DEGREE_ASKED = re.compile(
    rf"\b(?:adequate(?:ly)?|sufficient(?:ly)?|enough|(?<!\bas )well(?! as\b)|properly|proper|effective(?:ly)?|fully|good|prepared|equipped|able|capable|(?:{_GRADED.pattern})(?:ly)?)\b"
)


_FIELD_NONE = re.compile(r"^\s*([^:]{2,60}):\s*(?:none|no)\b")
#: a field whose value is nothing: "percentage of women in chamber: 0%", "irrigated land: 0 sq km"
_FIELD_ZERO = re.compile(r"^\s*([^:]{2,60}):\s*(?:0(?:\.0+)?(?![\d.,])\s*(?:%|percent\b|[a-z]{1,3}\b|sq km\b)?|nil\b|zero\b)\s*(?:\(|;|$)")


def _denies(
    clause: str, q_terms: Sequence[str], weight: Callable[[str], float] = lambda t: 1.0, about: Set[str] = frozenset(), graded_asked: bool = True,
    graded_said: bool = False,
) -> bool:
    """A negation in the clause, unless it is the value of a field the question does not
    ask about ("Maritime claims: none (landlocked)" does not deny "landlocked"), or says
    some thing is missing while the rest of the clause says all the question asks
    ("smallest Central American country and only one without a coastline on the Caribbean
    Sea" denies a coastline, not that it is the smallest; "has been without a doctor" does
    deny "does it have a physician?"). ``weight``: a term's weight; ``about``: the terms
    the clause's heading and field give it; ``graded_asked``: the question asks how well
    (a negation of degree, "insufficient", "poorly", denies only such a question)."""
    if not _NEGATION.search(clause):
        return False
    field = _FIELD_NONE.match(clause)
    if field and not with_related(terms(field.group(1))) & set(q_terms):
        return bool(_NEGATION.search(clause[field.end() :]))
    total = sum(weight(t) for t in q_terms) or 1.0
    for negation in _NEGATION.finditer(clause):
        if _GRADED.fullmatch(negation.group(0)) and (not graded_asked or graded_said):
            # "procedures ... generally insufficient" deny how well, not that there were any;
            # and they say what a question asking "were they inadequate?" asks
            continue
        if graded_said and _DEGREE_DENIED.match(clause, negation.end()) and not _GRADED.search(clause):
            continue  # "did not have sufficient resources" denies no "were the resources insufficient?"
        if not _MISSING.fullmatch(negation.group(0)):
            return True
        thing = _MISSING_THING.match(clause, negation.end())
        rest = with_related(terms(clause[: negation.start()] + " " + clause[thing.end() :])) | about
        if sum(weight(t) for t in q_terms if t in rest) / total < YES_CLAUSE_COVERAGE:
            return True
    return False


#: a condition said not to matter ("you must file even if: ... you have no income")
_CONCESSIVE = re.compile(r"\beven (?:if|though|when|where|without)\b")
#: ... and the words a question adds to what it asks that no answer repeats ("must they still file?")
_ASKED_ADVERBS = frozenset(terms("still ever also actually really yet always even nonetheless anyway"))


def _negated_in_condition_only(sentence: str, question: str) -> bool:
    """Whether every negation of the (lower-cased) sentence stands in a condition said not
    to matter, after what the sentence says of what is asked: "You must file even if: a.
    You have no income ..., b. You have no U.S. source income" denies no "..., if all the
    income is exempt under a tax treaty, must they still file?" (nor says yes to it: the
    condition may be the question's own). What is asked is the question's last clause
    ("must they still file?"), every word of it before the condition. Not a negation before
    the condition ("Even if funding is restored the shelter will not reopen"), nor one after
    a condition that leaves out what is asked ("Traffickers even when convicted were not
    sent to prison" for "were convicted traffickers sent to prison?")."""
    condition = _CONCESSIVE.search(sentence)
    if condition is None or _NEGATION.search(sentence, 0, condition.start()) or not _NEGATION.search(sentence, condition.end()):
        return False
    asked = set(terms(re.split(r"[,:;]|\s[-\u2013\u2014]\s", question)[-1])) - _ASKED_ADVERBS
    return bool(asked) and asked <= with_related(set(terms(sentence[: condition.start()])))


#: a question asking whether a value is nothing ("is the share zero?") is not denied by it
_ZERO_ASKED = re.compile(r"\b(?:zero|0|nil|none)\b", re.IGNORECASE)


def _label_terms(clause: str, q_terms: Sequence[str]) -> set[str]:
    """The question's terms the clause's own label holds, its part after the field's name
    ("GDP - composition - industry: 0%"); none for a clause that is no field."""
    label = _FIELD.match(clause)
    return with_related(terms(label.group(1).rsplit(" - ", 1)[-1])) & set(q_terms) if label else set()


def _nothing_asked(clauses: Sequence[str], question: str, q_terms: Sequence[str]) -> bool:
    """Whether one of the clauses is a field whose value is nothing ("percentage of women in
    chamber: 0%") that is the field asked about: its own label holds some of ``q_terms``
    (the question's own, not the heading's or title's), no other field's label holds more
    ("men married by age 18: 0%" is not the field of "are women married by 18?", when
    "women married by age 18: 1.9%" is there), and it has every number its label has
    ("women married by age 15: 0%" is not about "married by 18?")."""
    if _ZERO_ASKED.search(question):
        return False
    asked = {clause: _label_terms(clause, q_terms) for clause in clauses}
    for clause, said in asked.items():
        zero = _FIELD_ZERO.match(clause)
        if not zero or not said or any(said < other for other in asked.values()):
            continue
        if set(re.findall(r"\d+", zero.group(1).rsplit(" - ", 1)[-1])) <= set(re.findall(r"\d+", question)):
            return True
    return False


#: a negation saying a thing is missing, and the thing: "without a coastline on the
#: Caribbean Sea", up to a comma, a stop or a conjunction
_MISSING = re.compile(_MISSING_WORDS)
_MISSING_THING = re.compile(r"(?:(?!\b(?:and|but|which|while|that|or)\b)[^;,.:()\u2014])*")


#: Share of the question's term weight a sentence must hold to settle a yes/no question:
#: a denial names what it denies; an affirmation must restate nearly all of the question,
#: since a sentence without a negation may still not say yes. (0.35 for a denial: a
#: question's own wording, "people advocating for", is often not the report's; on the
#: development halves it answered one more "No" right and no Yes/No wrong, against 0.45.)
NO_COVERAGE, YES_COVERAGE = 0.35, 0.75
#: ... and for a "No" by "regardless of" the asked condition, which names the condition itself
UNCONDITIONAL_COVERAGE = 0.25
#: ... and one clause of it must hold this much for a "Yes".
YES_CLAUSE_COVERAGE = 0.8

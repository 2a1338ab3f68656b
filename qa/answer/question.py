"""What a question asks for, read from its words alone (no parser at query time).

The expected answer type follows the classic coarse classes (a person, an
organisation, a place, a date, an amount of money, a count, a duration, a percentage,
yes/no, a list, a reason, a description), refined by the focus noun of "which X" /
"what X". Constraints come with it: the years named, whether the question asks about
now or the past, and whether it is itself negated. Each rule is a few words; the unit
tests in tests/test_answer_stage.py pin them on sentences written for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qa.text import STOPWORDS, normalize

PERSON, ORGANISATION, PLACE, DATE, AMOUNT, COUNT, DURATION, PERCENT = (
    "person", "organisation", "place", "date", "amount", "count", "duration", "percent"
)
YESNO, LIST, REASON, DESCRIPTION, ENTITY = "yesno", "list", "reason", "description", "entity"
#: a number that names rather than counts: a fax number, a report number, a public law number
IDENTIFIER = "identifier"

#: Types whose answer is a short phrase of a known kind; others are answered by a sentence.
TYPED = frozenset({PERSON, ORGANISATION, PLACE, DATE, AMOUNT, COUNT, DURATION, PERCENT, ENTITY, IDENTIFIER})
NUMERIC = frozenset({AMOUNT, COUNT, PERCENT, DURATION})

_AUXILIARIES = "is are was were do does did has have had can could will would should may might must shall".split()
#: A yes/no question after a lead-in that says where or when ("Per the FDA guidance, is a
#: single item useful ...?", "In 2020, did the government ...?", "IRS Notice 1036 for 2011:
#: is there a wage base limit ...?", "the harbour's ferry - does it run in winter?"): a comma,
#: a colon or a dash, then an auxiliary; not a question asked before the colon or dash ("Who
#: is the head of state - is it still X?", "How does the report qualify it - is it stated as
#: fact?"), while a clause before a comma may open with one ("When victims were held, was it
#: for long?"); a lead-in running over several commas, none of them a question word's ("In
#: Wang, Shen and Duan's gate design, does micromotion ...?"; not "Why, according to NIST,
#: do ...?" nor "What rate, in phonons per second, do they estimate?")
_WH = r"(?:who|whom|whose|what|which|when|where|why|how)\b"
_LEAD_IN_ASKS = re.compile(
    rf"^(?:(?:(?:(?!\b{_WH})[^,?]){{1,120}},){{2,3}}|[^,?]{{3,120}},|(?!\W*{_WH})[^,:?]{{3,120}}(?::|\s[-\u2013\u2014]\s))\s*(?:"
    + "|".join(_AUXILIARIES)
    + rf")\b(?![^?]*\b{_WH})"
)
#: A year as reports write one (1500-2099).
YEAR_DIGITS = r"(?:1[5-9]\d\d|20\d\d)"
YEAR = re.compile(rf"\b{YEAR_DIGITS}\b")

#: Focus nouns ("which *ministry*") and the type they ask for. Plurals are handled by the lookup.
_FOCUS_TYPES: dict[str, str] = {}
for _type, _nouns in {
    PERSON: "person people man woman president prime minister leader king queen monarch ruler chief head founder author "
    "official dictator emperor sultan governor premier chancellor secretary chairman chairperson director minister "
    "spokesperson ambassador general commander captain",
    ORGANISATION: "ministry agency organisation organization body institution office group department center centre entity "
    "authority ngo party company firm union court council committee commission bank army force alliance movement "
    "government bloc coalition front university college institute academy hospital school newspaper foundation corporation",
    PLACE: "country nation city town capital region province state territory island river lake mountain sea ocean "
    "place location destination border neighbour neighbor area port continent district village peak volcano desert "
    "coast bay",
    DATE: "year date month day decade century",
    AMOUNT: "amount sum budget cost price funding revenue value fine fee salary wage",
    # (not "rate": a rate may be a share, "14 cents a mile" or "12.3 births/1,000 population")
    PERCENT: "percentage percent share proportion",
    COUNT: "number count",
    DURATION: "period duration length age",
}.items():
    for _noun in _nouns.split():
        _FOCUS_TYPES[_noun] = _type
#: the nouns a question asks a kind of thing by ("which *ministry*")
FOCUS_NOUNS = frozenset(_FOCUS_TYPES)
#: "what costs did it cover?", "which expenses does it pay for?": which kinds of spending,
#: not a sum (the plural money word followed by the question's own verb, not "be")
_KINDS_OF_MONEY = re.compile(r"\b(?:what|which)\s+(?:\w+\s+)?(?:costs|expenses|expenditures|fees|fines|salaries|wages)\s+(?:did|does|do|will|would|can|could|should|might|must|has|have|had)\b")
#: Focus nouns that name one human being's role: "which official announced it" is not
#: answered by "the government", as "who announced it" may be. (Not a word that says what
#: someone was rather than an office held: "which sea captain discovered it?" is answered
#: by "British sea captain William KEELING", with no title to find.)
ROLE_NOUNS = frozenset(n for n, t in _FOCUS_TYPES.items() if t == PERSON) - {"people", "head", "chief", "founder", "author", "captain"}

#: Units of money, singular: "how many somoni did it allocate?" asks for an amount of money
#: ("250,000 somoni ($22,080)"), which the tagger calls MONEY, not a count.
CURRENCIES = frozenset(
    "dollar euro pound yen yuan renminbi rupee franc peso ruble rouble rand naira shilling dinar dirham riyal baht "
    "dong lira krona krone zloty somoni tenge manat lari dram hryvnia forint koruna rupiah ringgit cedi kwacha birr "
    "taka kyat riel kip tugrik afghani cent penny pence".split()
)

_CURRENCY_UNITS = "|".join(sorted(CURRENCIES))
#: "in euros", "in US dollars", "in East Caribbean dollars"; and whoever's the currency, one
#: or two words naming it before a unit that ends the phrase ("in Tajikistani somoni?", "in
#: 2020 dollars,", "in Kenyan shillings per year"), never after "the" or "per" and never a
#: word of a name going on ("in the euro area", "in per cent", "in the RAND study")
_OWNERS = r"us|u\.s\.|american|canadian|australian|hong kong|new zealand|east caribbean"
_IN_CURRENCY = re.compile(rf"\b(?:in|into) (?:(?:{_OWNERS}) )?([a-z]+?)(?:s|es)?\b")
#: ... where a unit ends its phrase: punctuation, the end, or a word going on with the clause
_GOES_ON = r"in|on|per|and|or|for|to|from|was|were|is|are|did|does|do|had|has|will|would|could|can|went"
_UNIT_ENDS = rf"(?=\s*(?:[,.;:?!)]|$|(?:{_GOES_ON})\b))"
_IN_OWNED_CURRENCY = re.compile(
    rf"\b(?:in|into)\s+(?:(?!(?:the|a|an|which|what|this|that|these|those|per|its|their|by|of)\b)[\w.'’-]+\s+){{1,2}}({_CURRENCY_UNITS})(?:s|es)?{_UNIT_ENDS}"
)


def asked_currency(question: str) -> str | None:
    """The currency a question asks an amount in ("worth in euros?", "in US dollars"), singular."""
    lower = question.lower()
    for match in (*_IN_CURRENCY.finditer(lower), *_IN_OWNED_CURRENCY.finditer(lower)):
        if match.group(1) in CURRENCIES:
            return match.group(1)
    return None


#: ... and "how many US dollars ...?", "How many East Caribbean dollars ...?": the names
#: saying whose currency stand between "how many" and the unit, which is what is asked for
#: (the unit in the plural ends the phrase wherever its word ends; in the singular, before
#: a word going on with the clause: not a count of what the unit names, "how many US dollar
#: accounts ...?", "US dollar-denominated bonds")
_HOW_MANY_OWNED = re.compile(
    rf"\bhow\s+many\s+((?:[\w.'’]+\s+){{1,3}}?)({_CURRENCY_UNITS})"
    rf"(?:(?:s|es)\b(?!-)|(?=\s*(?:[,.;:?!)]|$|(?:{_GOES_ON}|of|at|by|a|an|each|worth|be|been|have|should|must|equal|cost)\b)))",
    re.IGNORECASE,
)
#: words giving a sum's scale or year between "how many" and its unit ("how many million US dollars")
_SCALE_WORDS = re.compile(r"^(?:\d[\d,.]*|thousands?|millions?|billions?|trillions?|constant|current|nominal|real)$", re.IGNORECASE)


def _owner_named(between: list[str], question: str) -> bool:
    """Whether the words between "how many" and the unit name whose currency it is (past
    its scale or year): a known owner ("US", "east caribbean") or words the question
    capitalises ("Trinidad and Tobago"), not a count's own noun ("how many people earn
    dollars")."""
    owner = [w for w in between if not _SCALE_WORDS.match(w)]
    if not owner:
        return True  # "how many million dollars"
    capitalised = all(w[:1].isupper() or w == "and" for w in owner) and not question.isupper()  # (typed in capitals, every word is)
    return re.fullmatch(_OWNERS, " ".join(owner).lower()) is not None or capitalised

_CURRENCY_SIGNS = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
#: The capitalised words naming whose currency it is ("US dollars", "East Caribbean dollars")
_CURRENCY_OWNER = re.compile(r"\b(?:[A-Z][\w.]*\s+){1,2}(?=(?:" + "|".join(sorted(CURRENCIES)) + r")s?\b)")


def without_currency_owner(question: str) -> str:
    """The question without the names that only say whose currency ("in US dollars"): not
    a thing asked about, so no evidence of a near miss when the document writes "$"."""
    return _CURRENCY_OWNER.sub("", question)


def currencies(phrase: str) -> set[str]:
    """The currencies an amount is given in ("253,670 somoni ($22,400)": somoni and dollar)."""
    named = {name for sign, name in _CURRENCY_SIGNS.items() if sign in phrase}
    return named | {w for w in (singular(w) for w in re.findall(r"[a-z]+", phrase.lower())) if w in CURRENCIES}


#: A word that reads as an adjective before the focus noun: a demonym, or a common suffix.
_ADJECTIVE = re.compile(r"^(?:\w+(?:an|ese|ish|ern|al|ic|ive|ous|ary)|first|last|main|largest|biggest|new|old)$")

_CURRENT = re.compile(r"\b(now|currently|current|today|presently|at present|these days|still)\b")
_PAST = re.compile(r"\b(formerly|previously|before|until|used to|originally|at first|initially|once|former|prior)\b")
_NEGATED = re.compile(r"\b(not|never|no)\b|n't\b")
#: "No." as "number": before a figure in any case ("did ferry No. 5 sail?", "Cat. no.
#: 11368V"), and with its capital before "of" or a code with a figure ("Grant No.
#: DMS-1234567", "No. of victims identified"); read as "Nr." (the same length) it denies
#: nothing ("landlocked: no." and "No. The storm ..." still do)
NUMBER_NO = re.compile(r"\b(?:[Nn][Oo]\.(?=\s?\d)|No\.(?=\s?(?:of\b|[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\d)))")
#: two years that bound one span of time ("between 2018 and 2024", "from 1967 to 1998",
#: "2018-2024"): one period asked about, not one answer per year
_YEAR_SPAN = re.compile(
    rf"\b(?:between|from)\s+(?:\w+\s+)?{YEAR_DIGITS}\s+(?:and|to|through|until|till)\s+(?:\w+\s+)?{YEAR_DIGITS}\b"
    rf"|\b{YEAR_DIGITS}\s*[-–]\s*{YEAR_DIGITS}\b"
)
_LIST_CUES = re.compile(r"^\s*(list|name|enumerate|give)\b|\b(what|which) are (the|its|their)\b|\bwhat (kinds|types|forms)\b")


@dataclass(frozen=True)
class Question:
    text: str
    wh: str  # who, what, which, when, where, why, how, how many, how much, how long, yesno, other
    type: str  # the expected answer type (see the constants above)
    focus: str | None  # the noun of "which X" / "what X" / "how many X", singular
    years: tuple[str, ...]  # years the question names: constraints on the answer
    time: str | None  # "current", "past" or None
    negated: bool
    is_list: bool  # every item is wanted ("which countries", "list ...", "in 2019 and 2021")
    # the preposition the answer hangs from: "which countries do victims come *from*?",
    # "*to* which country ..." (an origin is not a destination); "" when none
    prep: str = ""

    @property
    def typed(self) -> bool:
        return self.type in TYPED


def singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


#: prepositions before "which age" that ask a period of history, not how old ("in which age did the empire fall?")
_PERIOD_PREPOSITIONS = frozenset("in during from since by of through".split())
#: words that open a noun phrase: after "which party heads", one says "heads" is the verb
#: ("which party heads the coalition"), not a second noun
_DETERMINERS = frozenset("the a an its their his her this these that those our your".split())


def _focus_after(words: list[str], i: int, named: frozenset[str] = frozenset()) -> tuple[str | None, bool]:
    """The focus noun after position ``i`` (skipping a few modifiers), and whether it is plural.

    Of two nouns in a row, a person's heads ("which sea captain", "which party leader");
    "age" is asked only right after the question word and before its verb ("at what age can
    ...?"), not in "which age group", "which Bronze Age culture" or "in which age"."""
    start = i
    while i < len(words) and (words[i] in _HOW_MANY_ASKED or words[i].isdigit()):
        i += 1  # "which two kinds of services": the noun after the number of them asked
    looked = 0
    for k, word in enumerate(words[i : i + 4], start=i):
        if word in ("the", "a", "an", "of"):
            continue
        if word in _AUXILIARIES or looked == 2:  # the noun is one of the first two words: "which foreign countries"
            break
        looked += 1
        one = singular(word)
        following = words[k + 1] if k + 1 < len(words) else ""
        if one == "age":
            # "at what age can ...", "between which ages is ...": how old; not "which age
            # group", nor "which Bronze Age culture" (a period), the noun after it asked
            if k == i and following in (*_AUXILIARIES, "") and not (start >= 2 and words[start - 2] in _PERIOD_PREPOSITIONS):
                return one, one != word
            looked -= 1  # (not counted among the two words the noun is looked for in ...)
            i += 1 if k == i else 0  # (... nor the noun read when none is found: "what age bracket" asks a bracket)
            continue
        head = singular(following) if following and following not in _AUXILIARIES else ""
        after_head = words[k + 2] if k + 2 < len(words) else ""
        if (
            one == word and one in _FOCUS_TYPES and _FOCUS_TYPES[one] != PERSON and _FOCUS_TYPES.get(head) == PERSON
            and after_head not in _DETERMINERS and singular(after_head) not in _FOCUS_TYPES
            # (a plural second noun only with a verb after it: "which party leaders met", but
            # "which country heads ASEAN" has its verb)
            and (head == following or after_head in _AUXILIARIES or after_head in _IRREGULAR_PAST)
        ):
            # "which sea captain", "which party leader": a person is asked, named by the noun
            # after the one saying of what (a noun modifying another is singular: in "which
            # countries share ...", "share" is the verb; so is "heads" in "which party heads
            # the coalition"; "which city general hospital" asks a hospital)
            return head, head != following
        if one in _FOCUS_TYPES or one in _KIND_NOUNS:
            return one, one != word  # ("what type of government": a kind, not a body)
    if i >= len(words) or words[i] in _AUXILIARIES:
        return None, False
    after = i
    while after + 2 < len(words) and words[after] in named:  # (a noun and a word after it to read)
        after += 1  # "which NIST publication", "which GSA OCSIT program": the noun after the names
    if after > i and _noun_before_verb(words[after], words[after + 1]):
        # a noun the question's verb follows ("which NIST publication *does* ...", "which UN
        # agency *runs* ..."); "which Act established the agency" names the thing asked
        # itself, and "in which Sao Tome and Principe experienced ..." has no noun after it
        i = after
    noun = words[i]
    if i + 1 < len(words) and _ADJECTIVE.search(noun) and words[i + 1] not in _AUXILIARIES and not words[i + 1].endswith(("ed", "s")):
        noun = words[i + 1]  # "which European explorer": the noun after its adjective
    return noun, singular(noun) != noun


#: past tenses a question's verb may take without "-ed" ("which Sierra Leone party won ...")
_IRREGULAR_PAST = frozenset(
    "won led ran made took gave held met sent set built wrote began became left lost paid sold told found brought "
    "bought chose fought kept put saw went came got rose fell grew drew said spent meant stood".split()
)


def _verb_follows(word: str) -> bool:
    """Whether ``word`` reads as the verb after a question's subject: an auxiliary, a verb
    in "-s" or "-ed", or a common irregular past."""
    return word in _AUXILIARIES or word in _IRREGULAR_PAST or word.endswith("ed") or (word.endswith("s") and not word.endswith("ss"))


def _noun_before_verb(word: str, following: str) -> bool:
    """Whether ``word`` reads as a noun the question's verb ``following`` follows: "which NIST
    *publication does*", "which Tuvalu *atolls have*", not "which Act *established* the", nor
    "which Law *bans forced* labor" (a word in "-s" may be a verb: an auxiliary or an irregular
    past must follow it, "-ed" may be an adjective's)."""
    if word in _NOT_NOUNS or word in _AUXILIARIES or word in _IRREGULAR_PAST or word.endswith("ed"):
        return False
    if word.endswith("s") and not word.endswith(("ss", "'s")):
        return following in _AUXILIARIES or following in _IRREGULAR_PAST
    return _verb_follows(following)


#: words that end a name and begin no noun
_NOT_NOUNS = frozenset("and or of the in on at to for from by with as".split())
#: the number of things a "which" question asks for ("which two countries"): no focus noun
_HOW_MANY_ASKED = frozenset("two three four five six seven eight nine ten both".split())
#: a focus saying the answer is a kind of something ("which types of crimes")
_KIND_NOUNS = frozenset("kind type sort category variety".split())


#: What a "what is the X of ...?" question measures, when X says so: the kinds answered by a
#: number or a date. (A name or place after the copula, "what is the capital", is left to
#: the sentence: "what is the X" so often asks for a description.)
_MEASURES = frozenset({AMOUNT, COUNT, PERCENT, DATE})


def _measure_after_copula(words: list[str], i: int) -> str | None:
    """The measure noun of "what is/was the (total) number of ...": the head (last word)
    of the noun phrase after the verb and the article ("the shelter's *funding* in
    2021"). "number" counts only alone or after a word of quantity ("the total number
    of"): "the report number" is a name."""
    if i >= len(words) or words[i] not in ("is", "was", "are", "were"):
        return None
    phrase: list[str] = []
    for word in words[i + 1 : i + 7]:
        if word in ("the", "a", "an") and not phrase:
            continue
        if YEAR.fullmatch(word):
            continue  # "the 2005 count": a year that dates the measure
        if word in _PHRASE_ENDS or word in _AUXILIARIES or word.isdigit():
            break
        phrase.append(word)
    if not phrase or len(phrase) > 5:
        return None
    for j, word in enumerate(phrase[:3]):  # "the latest date employers had to ...": a clause follows the noun
        if j and singular(word) != "rate" and _FOCUS_TYPES.get(singular(word)) in _MEASURES and all(w in _QUANTITY or w in _DEGREE for w in phrase[:j]):
            return singular(word)
    head = singular(phrase[-1])
    if head in _COPULA_MEASURES:
        return head
    if _FOCUS_TYPES.get(head) not in _MEASURES:
        return None
    if head == "number" and len(phrase) > 1 and phrase[-2] not in _QUANTITY:
        return None
    if head == "rate":  # a rate is as often a plain number ("a response rate of 86") as a percentage
        return None
    return head


#: Nouns that name a measure only after "what is the": "what is the population of
#: Kankan?" asks for a count of people (a sentence naming Kankan but giving none does not
#: answer it), where "which population" asks for a group.
_COPULA_MEASURES = {"population": COUNT}


#: A bracket that does not open by saying the kind of answer (as "(in percent)", "(%)", "(as
#: a share of GDP)" do): it names a document or a thing ("(2011 percentage method tables)")
_NAMING_BRACKET = re.compile(r"\((?!\s*(?:%|(?:in|as)\b|(?:percent|percentage|per cent|share|proportion)(?:\s+of\b|\s*\))))[^()]*\)")
_PART_OF_WHOLE = re.compile(r"\b(?:share|proportion|percentage|percent|fraction)\b|\brelative to\b|%")

_PHRASE_ENDS = frozenset({"of", "in", "for", "at", "on", "by", "to", "from", "with", "per", "that", "which", "when", "as"})
_QUANTITY = frozenset({"total", "overall", "estimated", "approximate", "average", "exact", "annual", "combined", "final", "actual"})
#: Words that pick one of several dates or amounts: "the latest date", "the maximum amount".
_DEGREE = frozenset({"latest", "earliest", "last", "first", "next", "previous", "maximum", "minimum", "highest", "lowest", "median", "current", "new", "original"})


def analyse(question: str) -> Question:
    """The expected answer type and constraints of ``question``."""
    text = normalize(question).strip()
    lower = text.lower()
    # "what's the value ...", "who's the head ...": the question word and its verb
    lower = re.sub(r"\b(what|who|where|when|how|which)['’]s\b", r"\1 is", lower)
    # an aside in brackets ("the 2005 count (thousands) for ...") is a unit or a gloss, not
    # part of what is asked
    words = re.findall(r"[a-z0-9']+", re.sub(r"\([^()]*\)", " ", lower)) or re.findall(r"[a-z0-9']+", lower)
    years = tuple(dict.fromkeys(YEAR.findall(text)))
    time = "current" if _CURRENT.search(lower) else ("past" if _PAST.search(lower) else None)
    negated = bool(_NEGATED.search(NUMBER_NO.sub("Nr.", text).lower()))
    unspanned = _YEAR_SPAN.sub(" ", lower)
    is_list = bool(_LIST_CUES.search(lower)) or len(YEAR.findall(unspanned)) >= 2 and re.search(r"\b(and|both)\b", unspanned) is not None
    wh, answer_type, focus = "other", DESCRIPTION, None

    def first(*options: str) -> int | None:
        positions = [words.index(o) for o in options if o in words]
        return min(positions) if positions else None

    start = words[0] if words else ""
    how = first("how")
    if how is not None and how + 1 < len(words) and words[how + 1] in ("many", "much", "long", "soon", "old", "often", "far", "big", "large", "high", "low"):
        follower = words[how + 1]
        wh = f"how {follower}"
        if follower == "many":
            focus_word = words[how + 2] if how + 2 < len(words) else None
            focus = singular(focus_word) if focus_word else None
            if focus not in CURRENCIES and (owned := _HOW_MANY_OWNED.search(text)) and _owner_named(owned.group(1).split(), text):
                focus = singular(owned.group(2).lower())
            answer_type = DURATION if focus in ("day", "week", "month", "year", "hour", "minute", "decade") else AMOUNT if focus in CURRENCIES else COUNT
        elif follower == "much" and how + 2 < len(words) and words[how + 2] in ("older", "younger", "later", "earlier", "sooner"):
            answer_type = DURATION  # "how much younger than Bart is Lisa?": "two years and thirty-eight days"
        elif follower in ("much", "big", "large"):
            # "how much did it cost", "how big was the GDP", "how large is the loan": money
            # when the question speaks of it; otherwise a quantity
            money = re.search(
                r"\b(money|fund|pay|paid|spen[dt]|cost|budget|allocat|gave|give|provid|grant|financ|worth|earn|\$"
                r"|gdp|revenue|debt|export|import|aid|invest|loan|deficit|surplus|income|salar|wage|fine|reserves|assets)",
                lower,
            )
            answer_type = AMOUNT if money or asked_currency(lower) else COUNT
        elif follower in ("long", "soon"):  # "how soon after enactment?": "within six months"
            answer_type = DURATION
        elif follower == "old":
            answer_type = DURATION
        else:
            answer_type = COUNT
        # "how big a share of ...", "how large is the debt relative to GDP", "how much of the
        # land": a part of a whole is a percentage; so is the level of a rate ("how high is
        # the unemployment rate"), which "how many" or "how long" never asks
        # (a word in brackets names the document, not the kind asked: "IRS Notice 1036 (2011
        # percentage method tables): ... worth how much?"; but "(in percent)", "(% of GDP)",
        # "(as a percentage of GDP)" say the kind)
        if follower in ("much", "big", "large", "high", "low") and (
            _PART_OF_WHOLE.search(_NAMING_BRACKET.sub(" ", lower)) or (follower in ("high", "low") and re.search(r"\brates?\b", lower))
            or (follower == "much" and re.search(r"\bhow much of (?:the|its|their|[a-z-]+'s)\b", lower) and answer_type == COUNT)
        ):
            answer_type = PERCENT
        elif follower in ("high", "low"):  # "how high is the peak": a measure the sentence gives
            wh, answer_type = "other", DESCRIPTION
    elif start in _AUXILIARIES or (start in ("and", "so", "but") and len(words) > 1 and words[1] in _AUXILIARIES) or _LEAD_IN_ASKS.match(lower):
        wh, answer_type = "yesno", YESNO
    else:
        position = first("who", "whom", "whose", "when", "where", "why", "which", "what")
        if position is None:
            wh = "other"
            if _LIST_CUES.search(lower):
                wh, answer_type = "list", ENTITY
        else:
            wh = words[position]
            if wh in ("who", "whom", "whose"):
                wh, answer_type = "who", PERSON  # a person or a body: candidates of both kinds fit
            elif wh == "when":
                answer_type = DATE
            elif wh == "where":
                answer_type = PLACE
            elif wh == "why":
                answer_type = REASON
            else:  # which / what: the focus noun decides
                # (names after the first word: "NIST" in "which NIST publication" is no noun asked for)
                # (a word the question also writes in lower case is no name: "the Medicare
                # Administrative Contractor table: which contractor handles ...")
                named = frozenset(w.lower() for w in re.findall(r"(?<=\w )[A-Z][\w'-]*", text)) - set(re.findall(r"\b[a-z][\w'-]*", text))
                focus, plural = _focus_after(words, position + 1, named)
                is_list = is_list or (wh == "which" and plural)
                if focus is None:
                    focus = _measure_after_copula(words, position + 1)
                if focus in _FOCUS_TYPES and _FOCUS_TYPES[focus] == AMOUNT and plural and _KINDS_OF_MONEY.search(lower):
                    answer_type = DESCRIPTION  # "what costs did the funding cover?": which costs, not how much
                elif focus in _KIND_NOUNS:
                    # "which kinds of services ...?": kinds are told by words ("legal and
                    # medical"), not names; two or more are a list
                    answer_type, is_list = DESCRIPTION, is_list or plural
                elif focus in _FOCUS_TYPES:
                    answer_type = _FOCUS_TYPES[focus]
                elif focus in _COPULA_MEASURES:
                    answer_type = _COPULA_MEASURES[focus]
                elif wh == "which":
                    answer_type = ENTITY
                elif re.match(r"what (is|was|are|were) (the )?(name|title)\b", lower):
                    answer_type = ENTITY
                else:
                    answer_type = DESCRIPTION
                if re.search(r"\b(what|which) (year|month|date)\b|\bin what year\b|\bsince when\b", lower):
                    answer_type = DATE
    if wh in ("what", "which") and (kind := _identifier_asked(lower)):
        answer_type, focus = IDENTIFIER, kind  # "what fax number ...?", "what is the report number of ...?"
    if answer_type == DESCRIPTION and re.search(r"\b(called|named|known as|renamed|the name of|what name)\b", lower):
        answer_type = ENTITY  # "what was the colony called?": a name, not a description
    if answer_type == DESCRIPTION and (re.search(r"\bworth\b", lower) or asked_currency(lower)):
        answer_type = AMOUNT  # "what was the allocation worth?", "the 2021 allocation, in US dollars"
    if re.search(r"\bwhat (?:(?:percentage|percent|share|proportion)\b|%)", lower):
        answer_type = PERCENT
    if re.search(r"\bsince when\b|\bin which year\b|\bin what year\b", lower):
        answer_type = DATE
    if re.search(r"\b(?:over|during|in|within|between) (?:what|which) (?:(?:time )?period|span of time|time span|years)\b", lower):
        answer_type = DATE  # "over what period did the confederation exist?": "between 1982 and 1989", a span of dates
    prep = ""
    stranded = re.search(r"\b(from|to|into|in|at|by|with|for|through|via)\s*\?*\s*$", lower)
    fronted = re.match(r"^\W*(from|to|into|in|at|by|with|for|through|via)\s+(?:which|what|whom|where)\b", lower)
    if wh != "yesno" and (stranded or fronted):
        prep = (stranded or fronted).group(1)
    return Question(text, wh, answer_type, focus, years, time, negated, is_list, prep)


#: "what (is the) fax number", "which public law number", "what is Ryan Adamson's ORCID iD":
#: one or two words before "number", "no.", "code" or "id" ...
_IDENTIFIER_ASKED = re.compile(
    r"\b(?:what|which)\s+(?:(?:is|was|are|were)\s+)?(?:(?:the|its|their|his|her|an?)\s+)?(?:(?:[\w.-]+\s+)?[\w.-]+'s?\s+)?"
    r"((?:[\w-]+\s+)?[\w-]+)\s+(number|no\.?|code|id|identifier)\b"
)
#: ... that name a kind of number, not a count: "the total number", "the average number"
_COUNTING = _QUANTITY | _DEGREE | _HOW_MANY_ASKED | frozenset(
    "mean daily weekly monthly yearly record same right correct whole real true net gross reported official recorded "
    "confirmed documented verified known peak largest smallest initial expected projected cumulative".split()
)
#: the codes that are numbers that name (a "civil code", a "penal code" are bodies of law)
_CODE_KINDS = frozenset("country area postal zip iso hs dialing dialling calling airport iata icao currency product tariff naics sic fips station error access".split())


def _identifier_asked(lower: str) -> str | None:
    """The kind of number a question asks for that names something ("fax", "public law");
    None for a count ("the total number of ...", "the reported number of victims"), for a
    body of law ("the civil code"), for an owner asked ("which country's code ...?") or for
    no such number."""
    match = _IDENTIFIER_ASKED.search(lower)
    if not match or re.match(r"\s*(?:what|which)\s+[\w.-]+'s?\s", lower[match.start() :]):
        return None
    words = match.group(1).split()
    if any(w in _COUNTING or w in STOPWORDS or w.isdigit() for w in words):
        return None
    if match.group(2) == "code" and words[-1] not in _CODE_KINDS:
        return None
    return " ".join(words)


_SECOND_QUESTION = re.compile(r",?\s+(?:and|but)\s+(?=(?:how|what|which|who|whom|when|where|why)\b)", re.IGNORECASE)


def split_parts(question: str) -> list[str]:
    """The questions inside a multi-part question, each answerable alone.

    "How many victims were identified in 2020, and how many in 2019?" -> two questions;
    a part too short to stand alone ("how many in 2019") borrows the words of the part
    before it.
    """
    parts = [p.strip(" ,;?") for p in _SECOND_QUESTION.split(question) if p.strip(" ,;?")]
    if len(parts) < 2:
        return [question]
    out = [parts[0]]
    for part in parts[1:]:
        content = [w for w in re.findall(r"[a-z]+", part.lower()) if w not in STOPWORDS and w not in _WH_WORDS]
        if not content:  # "and how many in 2019?": the rest of the first part is meant
            lead = re.sub(r"^\W*(?:how \w+|what|which|who|whom|when|where|why)\b", "", parts[0], flags=re.IGNORECASE)
            part = f"{part} {lead.strip()}"
        out.append(part)
    return out


_WH_WORDS = frozenset("how what which who whom when where why many much".split())

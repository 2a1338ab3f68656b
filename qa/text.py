"""Text helpers shared by chunking, keyword retrieval and answer extraction.

`normalize` maps typographic characters one-for-one to ASCII, so offsets computed on
normalised text are valid on the original text: we match on the one and display the
other.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from types import MappingProxyType

_ONE_FOR_ONE = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
        "\u2015": "-", "\u2212": "-",
        "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ",
    }
)


def normalize(text: str) -> str:
    """Typographic quotes, dashes and spaces to ASCII; same length as the input."""
    return text.translate(_ONE_FOR_ONE)


def lower_same_length(text: str) -> str:
    """Lower case, one character for one ("İ".lower() is two characters), so offsets hold."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been
    before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself no nor not of off on once
    only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves s t did does done also whether much many besides beside else apart""".split()
)

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")


#: Irregular past forms to their base, so "who ran the shelter" meets "was run by".
_IRREGULAR = dict(
    pair.split(":")
    for pair in """ran:run gave:give given:give took:take taken:take began:begin begun:begin won:win led:lead held:hold
    made:make paid:pay sent:send spent:spend built:build found:find fought:fight became:become came:come went:go gone:go
    left:leave met:meet sold:sell told:tell wrote:write written:write bought:buy brought:bring chose:choose chosen:choose
    drew:draw drawn:draw fell:fall fallen:fall grew:grow grown:grow knew:know known:know rose:rise risen:rise saw:see
    seen:see stood:stand struck:strike taught:teach thought:think threw:throw thrown:throw overthrew:overthrow
    overthrown:overthrow kept:keep lost:lose sought:seek fled:flee bore:bear born:bear broke:break broken:break
    froze:freeze frozen:freeze hid:hide forbade:forbid forbidden:forbid withdrew:withdraw withdrawn:withdraw
    undertook:undertake undertaken:undertake""".split()
)


@lru_cache(maxsize=1 << 16)  # a report's vocabulary is small; answering stems thousands of words a question
def stem(word: str) -> str:
    """A light suffix stripper: enough to join victim/victims, fund/funded/funding.

    Porter-style aggressiveness hurts here (it merges "nationals" with "national"
    but also "organization" with "organ"), so only regular inflections are removed.
    """
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.isdigit() or len(word) <= 3:
        return word
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: -len(suffix)] + keep
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ches", "shes", "sses", "xes", "zes")):
                return word[:-1]  # "homes" -> "home", not "hom"
            if suffix in ("ing", "ed") and len(base) > 2 and base[-1] == base[-2]:
                base = base[:-1]  # "planned" -> "plan"
            return base
    return word


#: Words the light stemmer leaves apart that a question and the sentence answering it use
#: for one another: "date of birth" ~ "born", "his death" ~ "died", "gained independence" ~
#: "became independent", "the election" ~ "was elected", "can vote" ~ "suffrage". Only whole families of common words.
_RELATED_WORDS = (
    "birth born", "death deaths died dies die dead killed kill kills perished perish fatalities fatality",
    "marriage married marry", "election elected elect", "child children kid kids",
    "independence independent", "invasion invaded invade", "resignation resigned resign",
    "appointment appointed appoint", "assassination assassinated assassinate",
    "suffrage vote votes voted voting voter voters",
    "mandatory compulsory obligatory", "doctor doctors physician physicians", "detention detain detained custody",
    "inadequate insufficient", "adequate sufficient",
    # everyday words a question uses for a report's own ("help" for "assist", "asked" for
    # "requested", "survivors" for "victims", "cops" for "police", "start" for "begin")
    "survivor survivors victim victims", "help helped assist assisted assistance",
    "ask asked request requested", "start started begin began begun commence",
    "cop cops police", "data information", "consent consented agree agreed", "staff personnel",
    "choose select",
    "female females woman women", "male males men",  # (not "man": the Isle of Man, "to man")
    "age aged old",
    # superlatives a question and a profile's field use for one another ("the tallest
    # mountain" is the "highest point", "the biggest city" the "largest")
    "biggest largest", "tallest highest",
    # a creed and its followers that no suffix joins ("-ism" ~ "-ist" is a derivation)
    "islam islamic muslim muslims", "judaism jewish jew jews",
    # what documents abbreviate ("Cat. No. 11368V", "Dept. of Labor") and questions write out
    "catalog catalogue cat", "figure fig", "volume vol", "nautical nm", "kilometre kilometres kilometer kilometers km", "mile miles mi", "hectare hectares ha", "kilogram kilograms kg", "department dept", "government govt",
    "approximately approx", "association assn", "university univ", "national natl",
    "international intl", "corporation corp", "revision rev", "telephone tel",
    # a country and the adjective of it that its name does not spell ("independence from
    # France" is "the French ... recognize"; "from Britain" is "(from the UK)")
    "us usa", "france french", "britain british uk", "england english", "spain spanish", "portugal portuguese",
    "netherlands dutch", "germany german", "greece greek", "denmark danish", "sweden swedish",
    "finland finnish", "switzerland swiss", "ireland irish", "thailand thai", "philippines filipino",
)

#: Irregular forms added after indexes were first built. A stem is fixed in an index's
#: keyword vocabulary (changing ``_IRREGULAR`` would leave old indexes unmatched), so these
#: join their base as a family, in keyword search and answers alike.
_IRREGULAR_FAMILIES = """
    withheld:withhold upheld:uphold forgot:forget forgotten:forget got:get gotten:get lent:lend
    meant:mean spoke:speak spoken:speak stole:steal stolen:steal swore:swear sworn:swear
    understood:understand wore:wear worn:wear drove:drive driven:drive ate:eat eaten:eat
    flew:fly flown:fly forgave:forgive forgiven:forgive rode:ride ridden:ride sang:sing sung:sing
    sank:sink sunk:sink shook:shake shaken:shake slept:sleep stuck:stick swept:sweep swam:swim
    tore:tear torn:tear felt:feel dealt:deal dug:dig bent:bend caught:catch heard:hear said:say
    oversaw:oversee overseen:oversee overcame:overcome overtook:overtake overtaken:overtake
    underwent:undergo undergone:undergo withstood:withstand arose:arise arisen:arise blew:blow
    blown:blow drank:drink hidden:hide slain:slay sprang:spring mistook:mistake mistaken:mistake
    rebuilt:rebuild foresaw:foresee foreseen:foresee
""".split()


def _related_stems() -> dict[str, frozenset[str]]:
    related: dict[str, frozenset[str]] = {}
    for family in (*_RELATED_WORDS, *(pair.replace(":", " ") for pair in _IRREGULAR_FAMILIES)):
        stems = {stem(w) for w in family.split()}
        for one in stems:
            related[one] = related.get(one, frozenset()) | (stems - {one})
    return related


@lru_cache(maxsize=4096)
def demonym(place: str) -> re.Pattern[str]:
    """The pattern of a people's name for a place term: "brazilian" for "brazil", "chilean"
    for "chile", "cubans" for "cuba", "japanese" for "japan", "asian" for "asia"; on the whole
    name too ("paraguayan" for "paraguay", whose stem without its last vowels is "parag"),
    without a plural's "s" ("comoran" for "comoros"), and the whole name with "-nian" or
    "-lese" ("panamanian", "togolese"; not "mauritanian" for "mauritius"), and a land's
    people in "-er" ("islanders" for "islands": "US Virgin Islanders" are the Virgin
    Islands', not the United States' people; "icelanders")."""
    stems = {place.rstrip("aeiouy"), place}
    if re.search(r"[aeo]s$", place):  # a plural's "s" ("Comoros"; not "Mauritius", "Paris")
        stems.add(place[:-1].rstrip("aeiouy"))
    short = "|".join(re.escape(s) for s in sorted(stems, key=len, reverse=True))
    landers = rf"|{re.escape(place.removesuffix('s'))}er" if re.search(r"lands?$", place) and len(place.removesuffix("s")) > 4 else ""
    return re.compile(rf"(?:(?:{short})[aeiouy]?(?:an|ian|ean|ese|i|ish|n)|{re.escape(place)}(?:nian|lese){landers})s?")


def people_of(word: str, place: str) -> bool:
    """Whether ``word`` is the people's name for ``place`` (both lower case, as terms are):
    "brazilian" of "brazil", "guyanese" of "guyana"; a place of under four letters names
    no people here ("usa"), and the people's name starts as the place does."""
    return word != place and len(place) >= 4 and word[:3] == place[:3] and demonym(place).fullmatch(word) is not None


def query_terms(question: str) -> list[str]:
    """A question's terms for keyword search, each followed by its family's ("birth", "bear")
    and its other spelling ("organisation", "organization")."""
    return expanded(terms(question))


#: initials as a text writes them, a plural's "s" aside ("IDPs", "GDP", "NGOs"); not a
#: roman numeral ("Title VI")
CAPITALS = re.compile(r"\b(?![IVXLCDM]+s?\b)([A-Z]{2,5})s?\b")
#: small words initials skip ("Ministry of Health": "MoH")
INITIAL_JOINERS = frozenset({"of", "the", "and", "for", "on", "in"})
#: ... inside a run of a question's words ("Democratic Republic of the Congo"; not "in", "on":
#: "live in Dominica" names no "LD")
_RUN_JOINERS = frozenset({"of", "the", "and", "for"})


@lru_cache(maxsize=256)
def spelled_initials(text: str) -> Mapping[str, frozenset[str]]:
    """The initials of the text's runs of two to five words, each with the run's terms:
    "internally displaced persons" gives "idp", so a cell "IDPs: 2,065,358" is about them.
    Small joining words are skipped inside a run (a hyphen parts two words: "non-governmental
    organization" is "NGO"); a number, initials or another small word ends it. Two letters
    come only from names ("United Nations": "UN"): from any two words they would stand for
    every "US", "NA" or "TO" a text prints."""
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9']*", text)
    spelled: dict[str, frozenset[str]] = {}
    for i in range(len(words)):
        plain, run = "", []
        for word in words[i : i + 6]:
            if word.lower() in _RUN_JOINERS and run:
                continue
            if word.lower() in STOPWORDS or not word[0].isalpha() or (word.isupper() and len(word) > 1):
                break  # (initials spell out no further: "US senators" is no "U.S.")
            plain += word[0].lower()
            run.append(word)
            if len(run) >= 3 or (len(run) == 2 and all(w[0].isupper() for w in run)):
                spelled.setdefault(plain, frozenset(terms(" ".join(run))))
            if len(run) == 5:
                break
    return MappingProxyType(spelled)  # (cached: one question's initials, read for each sentence scored)


def spelled_out(text: str, spelled: Mapping[str, frozenset[str]]) -> set[str]:
    """The question's words the text writes by their initials ("NRM" says "national
    referral mechanism" to a question that spells it out), from ``spelled_initials`` of the
    question; none in text set in capitals, whose words are no initials."""
    if not spelled or shouted(text):
        return set()
    return set().union(*(spelled.get(short.lower(), frozenset()) for short in CAPITALS.findall(text)))


def shouted(text: str) -> bool:
    """Text set in capitals (a heading): its words are no initials."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) > 0.6 * len(letters)


def expanded(found: Iterable[str]) -> list[str]:
    """Terms (already stemmed: stemming twice is no identity, "saving" -> "sav") each followed
    by its family's and its other spelling, as keyword search reads them."""
    return list(dict.fromkeys(t for term in found for t in (term, *sorted({*_RELATED.get(term, ()), *spellings(term)}))))


#: British and American spellings of one word: (British, American) patterns over a term
#: (lower case, lightly stemmed) and their replacements: "organisation" ~ "organization",
#: "colour" ~ "color", "centre" ~ "center", "defence" ~ "defense", "programme" ~
#: "program", "analys(ed)" ~ "analyz(ed)". Only regular families: "-ise" verbs by their
#: stems, since "promise", "exercise" and "enterprise" have no "-ize".
_ISE = (
    "organ|recogn|real|author|special|critic|minim|maxim|prior|util|capital|character|civil|legal|mobil|modern|normal|optim|"
    "privat|standard|summar|symbol|apolog|emphas|final|harmon|ideal|industrial|jeopard|memor|monopol|neutral|penal|popular|"
    "stabil|subsid|sympath|categor|central|democrat|digit|fertil|formal|global|immun|legitim|marginal|militar|natural|polar|"
    "politic|rational|scrutin|social|stigmat|synchron|terror|urban|visual|hospital|commercial|colon|local|regular|sanit|victim|"
    "mechan|econom|agon"
)
_OUR = "col|fav|hon|behavi|neighb|harb|lab|rum|flav|vap|arm|hum|sav|endeav|vig|val|od|tum"
_RE = "cent|met|lit|theat|fib|calib|spect|somb|lust|meag|kilomet|centimet|millimet"
_SPELLINGS = tuple(
    (re.compile(british), american, re.compile(american_pattern), british_form)
    for british, american, american_pattern, british_form in (
        (r"isation", "ization", r"ization", "isation"),
        (rf"^({_ISE})is(e|ed|es|ing|er|ers)?$", r"\1iz\2", rf"^({_ISE})iz(e|ed|es|ing|er|ers)?$", r"\1is\2"),
        (r"^(anal|paral|catal)ys(e|ed|es|ing|er|ers)?$", r"\1yz\2", r"^(anal|paral|catal)yz(e|ed|es|ing|er|ers)?$", r"\1ys\2"),
        (rf"^({_OUR})our", r"\1or", rf"^({_OUR})or", r"\1our"),
        (rf"^({_RE})re(s|d)?$", r"\1er\2", rf"^({_RE})er(s|d)?$", r"\1re\2"),
        (r"^(defen|offen|licen|preten)ce", r"\1se", r"^(defen|offen|licen|preten)se", r"\1ce"),
        (r"^programme", "program", r"^program$", "programme"),
        (r"^catalogue", "catalog", r"^catalog$", "catalogue"),
    )
)


@lru_cache(maxsize=65536)
def spellings(term: str) -> frozenset[str]:
    """The term's other spelling, British or American ("organisation" ~ "organization"); empty when it has none."""
    found = set()
    for british, american, american_pattern, british_form in _SPELLINGS:
        if british.search(term):
            found.add(british.sub(american, term, count=1))
        elif american_pattern.search(term):
            found.add(american_pattern.sub(british_form, term, count=1))
    found.discard(term)
    return frozenset(found)


def with_related(found: Iterable[str]) -> set[str]:
    """Terms and the stems of their families, and a noun in -ion or -ment with its verb
    ("the investigation" ~ "investigated", "identification" ~ "identified", "settlement" ~
    "settled")."""
    out = set(found)
    for term in list(out):
        out |= _RELATED.get(term, frozenset()) | derivations(term)
    return out


#: Nouns in -ment that are no verb's action ("department" is not departing, "statement"
#: would join "state", "supplement" the adjective "supple"); shorter ones ("moment",
#: "element") are under the lengths the rule reads
_NOT_VERB_NOUNS = frozenset("department apartment compartment statement basement supplement".split())


@lru_cache(maxsize=65536)
def derivations(term: str) -> frozenset[str]:
    """The verb stem of a noun in -ion and the nouns of a verb stem, as the light stemmer
    leaves them apart: "protection" ~ "protect", "implementation" ~ "implement",
    "identification" ~ "identify"; a noun in -ment and its verb, "settlement" ~ "settled",
    "punishment" ~ "punish"; a creed and its follower, "Buddhism" ~ "Buddhist"; an adverb
    in -ly and its adjective or noun, "annually" ~ "annual". Stems under
    five letters are left alone ("million" is not "mill", "section" not "sect"), and so are
    verbs of a noun in -ment under four ("tenement" is not "ten")."""
    if not term.isalpha():
        return frozenset()
    if term.endswith("ion"):
        out = {term[:-3]} if len(term) >= 8 else set()
        if term.endswith("ation") and len(term) >= 10:
            out.add(term[:-5])
        if term.endswith("ication") and len(term) >= 11:
            out.add(term[:-7] + "y")
        return frozenset(out)
    if len(term) < 5:
        return frozenset()
    out = {term + "ion", term + "ation"}
    # a noun in -ment and its verb, both ways: "settlement" ~ "settle", and "settl" as
    # "settled" stems; "agreement" ~ "agree", "agre"; "implement" keeps "implementation"
    out |= {noun for noun in (term + "ment", term + "ement") if noun not in _NOT_VERB_NOUNS}
    if term.endswith("ment") and len(term) >= 8 and term not in _NOT_VERB_NOUNS:
        verb = term[:-4]
        forms = {verb, verb[:-1]} if verb.endswith("e") else {verb}
        out |= {form for form in forms if len(form) >= 4}
    # a verb's silent e, which the light stemmer keeps on the base form only: "recognize"
    # ~ "recogniz" (recognizes, recognized, recognizing), "increase" ~ "increas"
    out.add(term[:-1] if term.endswith("e") and not term.endswith("ee") else term + "e")
    # a creed and its follower ("Buddhism" ~ "Buddhist", "Hinduism" ~ "Hindu", "communism"
    # ~ "communist"); "Christianity" ~ "Christian"
    if term.endswith("ism") and len(term) >= 7:
        out |= {term[:-3] + "ist", term[:-3]}
    elif term.endswith("ist") and len(term) >= 7:
        out.add(term[:-3] + "ism")
    elif term.endswith("ianity"):
        out.add(term[:-3])
    # an adverb in -ly and its adjective or noun, both ways: "annually" ~ "annual",
    # "monthly" ~ "month", "quarterly" ~ "quarter" (a base of four letters or more: "early"
    # is not "ear", "daily" not "dai")
    if term.endswith("ly") and len(term) >= 6:
        out.add(term[:-2])
    elif not term.endswith("y"):
        out.add(term + "ly")
    if term.endswith("y"):
        out.add(term[:-1] + "ication")
        # an adjective in -y and its noun: "swampy" ~ "swamp", "healthy" ~ "health"
        # (a noun of four letters is left alone: "party" is not "part", "rainy" not "rain")
        if len(term) >= 6:
            out.add(term[:-1])
    elif not term.endswith("e"):
        out.add(term + "y")
    return frozenset(out)


def folded(text: str) -> str:
    """Text without its accents ("Côte d'Ivoire" -> "Cote d'Ivoire", "São Tomé" -> "Sao
    Tome"): people type names both ways, and a letter outside a-z would otherwise split
    the word it is in ("c", "te")."""
    if text.isascii():
        return text
    # (NFD parts a letter from its accents only: "km²" and "™" keep their own signs, which
    # no term holds, where NFKD would make them "km2" and "tm")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Lower-cased word tokens of normalised text, accents folded, numbers kept whole ("253,670")."""
    return [w.replace(",", "") for w in _WORD.findall(folded(normalize(text)).lower())]


def name_words(file_name: str) -> str:
    """A file's name as words: "nist-sp800-223.pdf" is "nist sp 800 223 pdf"."""
    return re.sub(r"(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])|[-_.]+", " ", file_name)


def terms(text: str) -> list[str]:
    """Content terms for matching: words without stopwords, stemmed."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


# Sentence boundary: end punctuation, optional closing quote/bracket, whitespace,
# then something that can start a sentence.
_BOUNDARY = re.compile(r"""[.!?]["')\]]*\s+(?=["'(\[]?[A-Z0-9])""")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st no nos vol art arts sec fig e.g i.e etc vs jan feb mar apr jun "
    "jul aug sep sept oct nov dec u.s u.k u.n gov inc ltd co approx "
    # references, citations and statutes ("et al.", "p. 19", "Pub. L. No. 105-304, 112 Stat. 2860")
    "al cf pp ibid eds jr sr corp dept univ assn natl intl".split()
)
# Abbreviations that are also words ("cat.", "rev.", "gen."): only capitalised, as a
# reference, statute or title writes them ("Rev. January 2008", "Phys. Rev. Lett.", "Sen. Smith").
_CAPITALISED_ABBREVIATIONS = frozenset(
    "Pub Stat Rev Cat Ch Para Cong Sess Supp Fed Reg Sen Rep Gen Hon Ft Mt Proc Conf Phys Lett "
    "Chem Biol Med Sci Natl Int Soc Assoc Eur Res Comm Trans Cir Ct Mod Opt Appl Nucl Acad".split()
)


_LAST_WORD = re.compile(r"[A-Za-z.]+$")
#: The cardinal numbers by name, one to a hundred's words (a count written out, a compound's
#: number: "thirteen-segment").
CARDINALS = (
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred"
).split()
#: The number or sign a note opens with ("23 Due to ...", "† Unhealthy housing: ...") ...
NOTE_SIGN = r"(?:\d{1,3}|[*\u2020\u2021\u00a7\u00b6]+)"
#: ... and what its words open with after it: a capital, a quotation mark, a bracket (not "2
#: 183 days", "1 /", "** Denotes")
NOTE_OPENING = r"\s*(?=[A-Z\u201c\"(])"
#: A caption's label standing before its title, perhaps after a note's number: "Table
#: 243. Employees in degree-granting institutions ...", "12 S2601B. Characteristics of the
#: Group Quarters Population ...", "Figure 1. ...": the label and the title are one sentence
#: (the label alone says nothing; the title alone does not say which table).
_CAPTION_LABEL = re.compile(
    r"(?:\d{1,3}\s+)?(?i:table|figure|exhibit|chart|box|map|appendix|annex|schedule|attachment)\s+"
    r"(?:(?:[A-Z]-?)?\d+[A-Za-z]?(?:[.-]\d+)*|[IVXLC]{1,6})\."
    r"|\d{1,3}\s+[A-Z]{1,4}\d{3,}[A-Z\d]*\."  # a note citing a table by its code alone
)
_PAGE = re.compile(r"(?:^|[\s(])p\.$")
_INITIAL = re.compile(r"\b[A-Z]\.$")


#: A list item's number or letter before its full stop ("at least: 1. 31 days during
#: 2007, and 2. 183 days ..."), after a colon, a semicolon, a comma or "and"/"or".
_ITEM_MARK = re.compile(r"(?:[:;,]|\b(?:and|or))\s+(\d{1,2}|[a-z]|[ivx]{1,4})\.$")
_ROMAN = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x")


def _item_marker(text: str, start: int, end: int) -> bool:
    """Whether the sentence ``text[start:end]`` (up to its full stop) ends in a list item's
    marker, not a sentence: the first item ("1.", "a.", "i.") after a colon, or the next
    item after the one before it ("and 2." after "1."): a sentence may end in "2, and 3."."""
    found = _ITEM_MARK.search(text, max(start, end - 16), end)  # a marker is the last few characters
    if not found:
        return False
    mark = found.group(1)
    if mark in ("1", "a", "i"):
        return text[found.start()] == ":"
    if mark.isdigit():
        previous = str(int(mark) - 1)
    elif mark in _ROMAN:
        previous = _ROMAN[_ROMAN.index(mark) - 1]
    elif len(mark) == 1:
        previous = chr(ord(mark) - 1)
    else:
        return False
    return re.compile(rf"(?<!\S){re.escape(previous)}\.\s").search(text, start, found.start(1)) is not None


def caption_label_end(text: str, start: int) -> int:
    """Where the caption's label that opens the sentence at ``start`` ends ("11 Table 186."),
    or ``start`` when none does: its numbers name the table and the note, they count nothing."""
    label = _CAPTION_LABEL.match(text, start)
    return label.end() if label else start


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence; text[start:end] has no surrounding space."""
    start = 0
    for match in _BOUNDARY.finditer(text):
        # only the last few characters before the stop decide; reading them alone keeps a
        # long paragraph's boundaries from each rescanning all the text before them
        before = text[max(start, match.start() - 40) : match.start() + 1]
        last_word = _LAST_WORD.search(before[:-1])
        word = last_word.group() if last_word else ""
        if word.lower().rstrip(".") in _ABBREVIATIONS or word.rstrip(".") in _CAPITALISED_ABBREVIATIONS:
            continue
        if _PAGE.search(before[-3:]):  # a page: "The Digest, p. 19"
            continue
        if _CAPTION_LABEL.fullmatch(text, start, match.start() + 1) and text[match.end() : match.end() + 1].isupper():
            continue
        if _INITIAL.search(before[-3:]):  # initials: "J. Smith"
            continue
        if before[-2:-1].isalnum() and _item_marker(text, start, match.start() + 1):
            continue
        if text[match.start()] == "." and re.fullmatch(r"[^\W\d_] ", text[max(start, match.start() - 2) : match.start()]) and text[match.end() : match.end() + 1].isdigit():
            continue  # a sign the PDF's text layer wrote as a stop after a letter: "a fidelity F . 99.99% can be attained"
        end = match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        yield start, end
        start = match.end()
    end = len(text.rstrip())
    if end > start:
        yield start, end


#: A numbered item's number: "4.", "31.", "[12]" (a reference list's, a numbered condition's)
ITEM_NUMBER = r"(?:\[\d{1,3}\]|\d{1,3}\.)"

#: The words that designate a document: its edition, version, release, revision or draft
DESIGNATION_WORDS = r"edition|version|release|revision|rev\.|draft"
#: A document's designation, a line of its own on a cover ("Edition 1.0", "Version 2",
#: "Draft 3", "Rev. 4"): which document this is, not what its pages are about (its word,
#: its number)
DESIGNATION = re.compile(rf"^(?i:({DESIGNATION_WORDS}))\s+(\d[\w.\-]*|[IVX]+)$")

#: An entry of a numbered reference list: its number, then its first author as "Surname,
#: I." and then another author, "et al." or the title ("31. Shen, C. & Duan, L.-M. High-fidelity
#: ...", "3. Petrelli, F.; Viale, G.; ...", "1. de Azambuja, E.; ...", "[12] Smith, J. A. Title");
#: not "1. Generally, U.S. citizens must ..." nor "3. Washington, D.C. has ..."
_REFERENCE_ENTRY = re.compile(
    rf"\s*{ITEM_NUMBER}\s+(?:(?:de|van|von|der|den|di|da|du|le|la|dos|del) )*"
    r"[^\W\d_][\w'’-]+(?: [^\W\d_][\w'’-]+)?,\s(?:[^\W\d_]\.\s?-?)+(?=\s*(?:[,;&]|et al\b|[A-Z][a-z]))"
)
_ENTRY_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
#: ... read as one sentence up to this long (about two windows of the encoder)
REFERENCE_ENTRY_CHARS = 600


def answer_sentences(text: str) -> Iterator[tuple[int, int]]:
    """The sentences an answer is read from: ``sentence_spans``, but an entry of a reference
    list is one (the year its journal line gives dates the title a question names: "the
    Petrelli et al. (2015) meta-analysis"). Passages are cut at ``sentence_spans``."""
    if len(text) <= REFERENCE_ENTRY_CHARS and _REFERENCE_ENTRY.match(text) and _ENTRY_YEAR.search(text):
        start, end = len(text) - len(text.lstrip()), len(text.rstrip())
        if end > start:
            yield start, end
        return
    yield from sentence_spans(text)


# Clauses: a sentence split at semicolons, or at semicolons and commas (but not the comma
# inside a number, "253,670"). Answers are read clause by clause.
CLAUSE = re.compile(r";")
# commas inside numbers ("253,670") do not split; a year labelling what follows does
# ("... ZAMMEL 7.3%, MAGHZAOUI 2% 2019: Kais SAIED elected ...": "2%" is not by SAIED)
PHRASE = re.compile(r";|,\s+(?!\d)|\s(?=(?:1[5-9]\d\d|20\d\d) ?:\s)")


def piece(text: str, position: int, separator: re.Pattern[str]) -> tuple[int, int]:
    """Bounds of the piece of ``text`` (split at ``separator``) that holds ``position``."""
    start, end = 0, len(text)
    for match in separator.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() > position:
            end = match.start()
            break
    return start, end


def pieces(text: str, separator: re.Pattern[str]) -> list[tuple[int, int]]:
    """Bounds of the non-blank pieces of ``text`` split at ``separator``."""
    bounds, start = [], 0
    for match in separator.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


_RELATED = _related_stems()

"""What a piece of text looks like on its own: how it ends, whether it is a marker, a
dateline, a byline or a heading.

Pure predicates shared by the join, duplicate and article stages, so that "looks like a
byline" means the same thing to the stage that refuses a join and the stage that labels it.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .patterns import (
    ADVERT_END_RE,
    BYLINE_MAX,
    BYLINE_PREFIX_RE,
    CAPS_SHARE,
    CAPTION_MAX,
    CARDINALS,
    CJK_CAPTION_RE,
    CJK_CHAR,
    CJK_CLOSING_CREDIT_RE,
    CJK_DATELINE_RE,
    CJK_INLINE_MARKER_RE,
    CJK_MARKER_FROM,
    CJK_MARKER_RE,
    CJK_NAME_RE,
    CJK_RE,
    CJK_RUN_RE,
    CJK_SOURCE_RE,
    CLOSERS,
    CONTINUING,
    CREDIT_FUZZY_MIN,
    CREDIT_RE,
    CREDIT_TEMPLATES,
    DATED_PLACE_RE,
    DATELINE_TOKEN_MAX,
    FURNITURE_MAX,
    FURNITURE_SIGNALS,
    HEADING_MAX,
    LATIN_BYLINE_RE,
    LATIN_CAPTION_RE,
    LATIN_DATELINE_RE,
    LATIN_HEADLINE_WORDS,
    LATIN_INLINE_MARKER_RE,
    LATIN_INSTALMENT_END_RE,
    LATIN_LETTER_RE,
    LATIN_MARKER_RE,
    LATIN_SIGNATURE_RE,
    MARKER_CLEAR,
    MARKER_FUZZY_MIN,
    MARKER_LETTERS,
    MINOR_WORDS,
    MISREAD_FULL_STOP,
    MISREAD_WIDE_SPACE,
    MONTHS,
    OPENERS,
    ORDINALS,
    ORNAMENTS,
    PAGE_LABEL_RE,
    PAGE_MARKER_RE,
    PUNCTUATION,
    SENTENCE_FINAL,
    TRADITIONAL_TO_SIMPLIFIED,
    WEAK_FURNITURE_SIGNALS,
)

#: Line-level predicates are asked about each line twice (as the end of one break and the
#: start of the next) and about repeated lines more often: they are cached, a few pages'
#: worth. More would keep the lines of many pages alive in a batch worker: seven caches of
#: 65,536 lines held ~70 MB after 1,000 pages (peak 418 MB, now 348 MB).
LINE_CACHE = 1 << 13
#: Lines remembered by the detectors a break asks of both its sides: a line is asked as
#: the right of one break and the left of the next, so a few thousand suffice.
BREAK_CACHE = 1 << 12
_MONTH_RE = re.compile(MONTHS, re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W\d_]{2,}")
#: Lower-case words a dateline holds between its place and its date (`Londen den 14 …`,
#: `Paris, le 3 mai`, `11 avril, soir`); single letters (`3 p. m.`) are no words here.
_DATELINE_LINKS = frozenset({"den", "de", "le", "am", "soir", "matin", "abends", "morgens"})
#: Characters at the start of a paragraph searched for a dateline.
DATELINE_SCAN = 300
#: A Latin dateline's dash or day stands within this many characters of the start.
DATELINE_LEAD = 80
_DIGIT_RE = re.compile(r"\d")
_PUNCT_RE = re.compile("[" + re.escape(PUNCTUATION.replace("·", "")) + "]")


def simplified(text: str) -> str:
    """The text with the traditional characters the patterns know made simplified (same
    length, so a match's positions hold in the original).

    >>> simplified("本報訊 記者")
    '本报讯 记者'
    """
    return text if text.isascii() else text.translate(TRADITIONAL_TO_SIMPLIFIED)


def is_cjk(text: str) -> bool:
    """Whether the text is mostly Chinese (by characters, judged on its first 2000)."""
    head = text[:2000]
    if head.isascii():
        return False
    cjk = sum(map(len, CJK_RUN_RE.findall(head)))  # runs: a third of the time of characters
    if cjk == 0 or 2 * cjk >= len(head):  # no Chinese, or more than all else together
        return cjk > 0
    return cjk >= len(LATIN_LETTER_RE.findall(head))


def visible_length(text: str) -> int:
    """Length without spaces: what a reader would count as the size of a line."""
    return len(text) - text.count(" ") - text.count("\n")


def last_char(text: str) -> str:
    """The last character that says how a sentence stands, looking through closing quotes.
    A Latin `O` or `o` right after a Chinese character is an OCR engine's reading of `。`
    (Tesseract's chi_sim reads a full stop alone on its line so)."""
    stripped = text.rstrip().rstrip(CLOSERS)
    if stripped[-1:] in MISREAD_FULL_STOP and CJK_RE.match(stripped[-2:-1]):
        return "。"
    return stripped[-1:] if stripped else text.rstrip()[-1:]


_TRAILING_NOTE_RE = re.compile(r"[（(][^（()）]{1,40}[）)]\s*$")
_BRACKET_END_RE = re.compile(r"[）)\]]")
#: Characters at either end of a paragraph searched for a note or a marker.
NOTE_SCAN = 64


def ends_sentence(text: str) -> bool:
    """The text ends a sentence (`。`, `！`, `…`, `.` possibly inside a closing quote), also
    when a bracketed note follows the sentence (`…机制。（下转第3版）`, `…了。（完）`)."""
    if last_char(text) in SENTENCE_FINAL and last_char(text) != "":
        return True
    tail = text[-NOTE_SCAN:]
    note = _TRAILING_NOTE_RE.search(tail)
    before = text[:len(text) - len(tail) + note.start()] if note else ""
    return bool(before.strip()) and ends_sentence(before)


def ends_mid_sentence(text: str) -> bool:
    """The text stops on a comma, colon, dash or an opening bracket: it must go on."""
    end = text.rstrip()[-1:]
    return end != "" and (end in CONTINUING or end in OPENERS)


def has_punctuation(text: str) -> bool:
    return bool(_PUNCT_RE.search(text))


@dataclass(frozen=True)
class Marker:
    """A continuation marker: `direction` is `from` (上接) or `to` (下转)."""

    direction: str
    page: str


@lru_cache(maxsize=LINE_CACHE)
def continuation_marker(text: str, fuzzy: bool = True) -> Marker | None:
    """Read `（上接A3版）` / `Continued from Page 2` into a `Marker`.

    >>> continuation_marker("（上接A3版）")
    Marker(direction='from', page='A3')
    >>> continuation_marker("(Continued on page 5.)")
    Marker(direction='to', page='5')
    """
    text = text.strip()
    if len(text) > 40:
        return None
    match = CJK_MARKER_RE.match(simplified(text))
    if match:
        direction = "from" if match["verb"] in CJK_MARKER_FROM else "to"
        return Marker(direction, _cjk_page(match["page"].replace(" ", "")))
    match = LATIN_MARKER_RE.match(text)
    if match:
        verb = match["verb"].lower()
        direction = "from" if verb.endswith("from") else "to"
        page = match["page"]
        for words in (ORDINALS, CARDINALS):  # `second page`, `Page Three`
            if page.lower() in words:
                page = str(words.index(page.lower()) + 1)
        return Marker(direction, page)
    return _garbled_marker(text) if fuzzy else None


@dataclass(frozen=True)
class InlineMarker:
    """A bracketed continuation marker printed inside a paragraph, at its start or its end."""

    before: str
    text: str
    marker: Marker
    after: str


@lru_cache(maxsize=BREAK_CACHE)  # asked of each line as a break's left, then right
def inline_marker(text: str) -> InlineMarker | None:
    """A marker opening or closing a paragraph of text (`（紧接第1版）各地…`, `…止。（下转第3版）`).

    >>> inline_marker("全文如下。（下转第3版）").marker
    Marker(direction='to', page='3')
    >>> inline_marker("（下转第3版）") is None  # a marker alone is a marker line
    True
    """
    text = text.strip()
    if text[:1] not in "（([" and not _BRACKET_END_RE.search(text[-3:]):
        return None  # no bracket at either end: the common case, answered at once
    head, tail = simplified(text[:NOTE_SCAN]), simplified(text[-NOTE_SCAN:])
    offset = len(text) - len(tail)  # where `tail` starts in `text`
    for pattern in (CJK_INLINE_MARKER_RE, LATIN_INLINE_MARKER_RE):
        opening = pattern.match(head)
        closing = [m for m in pattern.finditer(tail) if m.end() == len(tail)]
        spans = ([(opening.start(), opening.end())] if opening else []) + \
            [(offset + m.start(), offset + m.end()) for m in closing[-1:]]
        for start, end in spans:
            marker = continuation_marker(text[start:end], fuzzy=False)
            before, after = text[:start].rstrip(), text[end:].lstrip()
            if marker and (before or after):
                return InlineMarker(before, text[start:end], marker, after)
    return None


@lru_cache(maxsize=BREAK_CACHE)  # asked of each line as a break's left, then right
def closing_credit(text: str) -> bool:
    """An editor's or source line closing a Chinese article (`（编辑：王红）`, `（完）`), or
    the line closing a serial's instalment (`(To be continued.)`, `[THE END.]`): the next
    heading after it starts another article, not a subhead of this one.

    >>> closing_credit("（编辑：王红）"), closing_credit("(TO BE CONTINUED.)")
    (True, True)
    >>> closing_credit("The end of the war is near."), closing_credit("Ende gut, alles gut.")
    (False, False)
    """
    text = text.strip()
    return len(text) <= 60 and bool(CJK_CLOSING_CREDIT_RE.match(simplified(text))
                                    or LATIN_INSTALMENT_END_RE.match(text))


@lru_cache(maxsize=BREAK_CACHE)  # asked of each line as a break's left, then right
def is_caption(text: str) -> bool:
    """A photo caption (`图为…`, `… 本报记者 张明 摄`) or an English photo credit line.

    >>> is_caption("图为新建成的大桥。 本报记者 张明 摄"), is_caption("他说，摄影是爱好。")
    (True, False)
    >>> is_caption("(Photo by Underwood & Underwood.)"), is_caption("Photographs were taken.")
    (True, False)
    """
    text = text.strip()
    if "\n" in text or len(text) > CAPTION_MAX:
        return False
    if LATIN_CAPTION_RE.match(text):
        return True
    chinese = simplified(text)  # the pattern needs `图` or `摄`: no search without one
    return ("图" in chinese or "摄" in chinese) and bool(CJK_CAPTION_RE.search(chinese))


_MARKER_VERBS = (("continued", "on", "to"), ("continued", "from", "from"),
                 ("concluded", "on", "to"))
#: What follows the verb, in letters, with the page number it names (0: digits on the line):
#: `on page`, `on second page`, `on page three`.
_MARKER_TEMPLATES = {
    preposition: ([(f"{preposition}{ordinal}page", n) for n, ordinal in enumerate(("", *ORDINALS))]
                  + [(f"{preposition}page{cardinal}", n)
                     for n, cardinal in enumerate(CARDINALS, start=1)])
    for preposition in {p for _, p, _ in _MARKER_VERBS}
}


def _garbled_marker(text: str) -> Marker | None:
    """`» Contimucd on secoud paqe 1` is "Continued on second page", `Continued on Pago
    Three.` is "Continued on page three".

    A short line matches when, OCR noise allowed, it opens with the verb (`continued`,
    `concluded`) and the rest reads as `on|from [ordinal] page` -- both halves must match,
    so a sentence that merely starts with "concluded" does not -- and it carries a page
    number, or matches closely (MARKER_CLEAR): short lines of common letters come near.
    """
    letters = re.sub(r"[^a-z]", "", text.lower())
    low, high = MARKER_LETTERS
    if not low <= len(letters) <= high or is_cjk(text):
        return None
    from rapidfuzz import fuzz

    best: tuple[float, Marker] | None = None
    for verb, preposition, direction in _MARKER_VERBS:
        for cut in range(len(verb) - 3, len(verb) + 3):  # where OCR noise ends the verb
            head = fuzz.ratio(verb, letters[:cut])
            if head < MARKER_FUZZY_MIN:
                continue
            for template, number in _MARKER_TEMPLATES[preposition]:
                score = min(head, fuzz.ratio(letters[cut:], template))
                if score >= MARKER_FUZZY_MIN and (best is None or score > best[0]):
                    page = str(number) if number else _page_digits(text)
                    best = (score, Marker(direction, page))
    if best is None or (best[0] < MARKER_CLEAR and not re.search(r"\d", text)):
        return None
    return best[1]


def _cjk_page(page: str) -> str:
    """`三` -> `3`, `十二` -> `12`: pages in figures, as `（下转第3版）` prints them.

    >>> _cjk_page("十二"), _cjk_page("二十"), _cjk_page("A3")
    ('12', '20', 'A3')
    """
    digits = "一二三四五六七八九"
    numeral = re.fullmatch(f"([{digits}]?)(十?)([{digits}]?)", page)
    if not page or not numeral or (not numeral[2] and numeral[3]):
        return page  # not a numeral up to 99 (`A3`, `十十`, `二三`): kept as printed
    value = digits.index(numeral[1]) + 1 if numeral[1] else 0
    if numeral[2]:  # 十, 十二, 二十, 二十五
        value = (value or 1) * 10 + (digits.index(numeral[3]) + 1 if numeral[3] else 0)
    return str(value)


def _page_digits(text: str) -> str:
    digits = re.findall(r"\d+", text)
    return digits[-1] if digits else "?"


@lru_cache(maxsize=LINE_CACHE)
def furniture_score(text: str) -> tuple[int, int]:
    """(strong, weak) folio/masthead signals a short line holds (dates, PAGES, 第3版; PRICE)."""
    if len(text) > FURNITURE_MAX or "\n" in text.strip():
        return 0, 0
    text = simplified(text)
    return (sum(1 for pattern in FURNITURE_SIGNALS if pattern.search(text)),
            sum(1 for pattern in WEAK_FURNITURE_SIGNALS if pattern.search(text)))


@lru_cache(maxsize=BREAK_CACHE)  # asked of each line as a break's left, then right
def is_furniture(text: str) -> bool:
    """Page furniture: folio lines, mastheads, prices, editors' credits, page markers. A
    line that starts in lower case is running text, whatever words it holds."""
    if PAGE_MARKER_RE.match(text) or PAGE_LABEL_RE.match(text.strip()):
        return True
    if (len(text) > FURNITURE_MAX or text.lstrip()[:1].islower() or _reads_as_sentence(text)
            or _RUN_IN_HEADING_RE.search(text)):
        return False
    strong, weak = furniture_score(text)
    return strong >= 2 or bool(strong and weak) or (weak >= 2 and mostly_upper(text))


#: A report's heading run into its date (`Parish of St. Mary's.—Friday, May 16th, 1890`):
#: words closed by a full stop and a dash, where a folio sets its fields apart.
_RUN_IN_HEADING_RE = re.compile(r"[^\W\d_]{2,}\.\s?[—–]")


def _reads_as_sentence(text: str) -> bool:
    """English running text: several lower-case words (`…, 1903, the owners met.`), where
    a masthead or folio is all names, numbers and capitals."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    lower = sum(1 for w in words if w[0].islower())
    return lower >= 3 and lower >= 0.4 * len(words)


@lru_cache(maxsize=BREAK_CACHE)  # asked of each line as a break's left, then right
def ends_advertisement(text: str) -> bool:
    """The text closes an advertisement (`…between the East and West.-Advt.`)."""
    return bool(ADVERT_END_RE.search(text.rstrip()[-14:]))


@lru_cache(maxsize=LINE_CACHE)
def is_credit(text: str) -> bool:
    """A wire or copyright credit under a headline (`(Special to The Herald.)`), also when
    OCR garbled it (`<C<»pyrisht: 1903…`)."""
    if len(text) > 90 or is_cjk(text):
        return False
    if CREDIT_RE.match(text):
        return True
    from rapidfuzz import fuzz

    letters = re.sub(r"[^a-z]", "", text.lower())
    return any(fuzz.ratio(letters[:len(t)], t) >= CREDIT_FUZZY_MIN for t in CREDIT_TEMPLATES)


@lru_cache(maxsize=LINE_CACHE)
def split_dateline(text: str) -> tuple[str, str] | None:
    """Split a leading dateline (`城市晚报 记者张明 日前，…`) from the body text.

    A dateline is one or more short tokens without sentence punctuation, set off by spaces,
    before a body that has punctuation; or a formula like `本报讯（记者 张三）`.

    >>> split_dateline("城市晚报 记者张明 日前，新馆开放。")
    ('城市晚报 记者张明', '日前，新馆开放。')
    >>> split_dateline("日前，新馆开放。") is None
    True
    """
    head = text[:DATELINE_SCAN]
    match = None if head.isascii() else CJK_DATELINE_RE.match(simplified(head))
    if match and len(text) > match.end():
        return text[:match.end("dateline")], text[match.end():].lstrip()
    if not is_cjk(text[:40]):
        lead = text[:DATELINE_LEAD]  # where the dash or the day must stand: a cheap test
        patterns = ((LATIN_DATELINE_RE,) if "—" in lead or "--" in lead else ()) + (
            (DATED_PLACE_RE,) if _DIGIT_RE.search(lead) else ())
        for pattern in patterns:
            match = pattern.match(text[:DATELINE_SCAN])
            if (match and len(text) - match.start("rest") > 20
                    and _place_and_date(match["dateline"]) and not match["rest"][:1].islower()):
                return text[:match.start("rest")].rstrip(), text[match.start("rest"):]
        return None
    tokens = text[:DATELINE_SCAN].split(" ")
    head: list[str] = []
    for token in tokens[:-1]:
        if (len(token) > DATELINE_TOKEN_MAX or has_punctuation(token)
                or not CJK_RE.search(token)):
            break
        head.append(token)
    if not head or not any(CJK_SOURCE_RE.search(simplified(token.lstrip(ORNAMENTS)))
                           or byline_score(token) >= 1.0 for token in head):
        return None  # `据了解 此次…`: words set off by a stray space, not a source
    dateline = " ".join(head)
    body = text[len(dateline):].lstrip(" ")
    if not (has_punctuation(body[:DATELINE_SCAN]) and ends_sentence(body)):
        return None
    return dateline, body


def _place_and_date(text: str) -> bool:
    """A dateline is capitalised place names and a date: no lower-case word of its own
    (`a. m.` and month names aside), unlike a sentence that mentions a month, and a
    place (`Mai-Juni 168—168,25` is a grain price)."""
    words = [w for w in _WORD_RE.findall(text) if not _MONTH_RE.fullmatch(w)
             and w.lower() not in _DATELINE_LINKS]
    return bool(words) and all(w[0].isupper() for w in words)  # a place, then the date


#: What stands between two reporters' names (a full-width space may be read as a quote).
_NAME_SEPARATOR_RE = re.compile(f"[ 、，,/{MISREAD_WIDE_SPACE}]+")


#: Characters at each end of a long text read to tell it is too long for a byline.
BYLINE_EDGE = 64


def byline_too_long(text: str, visible: int) -> bool:
    """`byline_score(text)` is 0 by the length of what it would read, told from the text's
    two ends and its visible length (which the caller counted as the text grew): a
    paragraph being built is asked at each of its line ends, and stripping and counting
    it whole each time made a page's time grow with the square of its longest paragraph.
    False whenever the ends do not settle it (short text, ends all space or ornaments)."""
    if len(text) <= 2 * BYLINE_EDGE:
        return False
    head, tail = text[:BYLINE_EDGE], text[-BYLINE_EDGE:]
    start, end = head.lstrip().lstrip(ORNAMENTS).lstrip(), tail.rstrip()  # byline_score's
    if start[:1] in "（(" and end[-1:] in "）)":
        start, end = start[1:].lstrip(), end[:-1].rstrip()
    if not start or not end:
        return False
    dropped = head[:len(head) - len(start)] + tail[len(end):]
    return visible - visible_length(dropped) > BYLINE_MAX * 3


@lru_cache(maxsize=LINE_CACHE)
def byline_score(text: str) -> float:
    """How much the text looks like a byline: 0 = not at all, 1 = a plain list of names.

    Chinese bylines are one to four names of two to four characters (`张明 李红梅`),
    sometimes after `记者`/`通讯员`.
    """
    text = text.strip().lstrip(ORNAMENTS).strip()
    if text[:1] in "（(" and text[-1:] in "）)":  # `（记者 张明）`
        text = text[1:-1].strip()
    if not text or "\n" in text or visible_length(text) > BYLINE_MAX * 3:
        return 0.0
    if not is_cjk(text):
        if LATIN_BYLINE_RE.match(text):
            return 0.9
        return 0.8 if LATIN_SIGNATURE_RE.match(text) else 0.0
    if visible_length(text) > BYLINE_MAX:
        return 0.0
    prefix = BYLINE_PREFIX_RE.match(simplified(text))
    rest = text[prefix.end():] if prefix else text
    if not is_cjk(rest):
        return 0.0
    names = [n for n in _NAME_SEPARATOR_RE.split(rest) if n]
    if not 1 <= len(names) <= 4 or not all(CJK_NAME_RE.match(n) for n in names):
        return 0.0
    if rest == text and not all(lexicon.looks_like_person_name(simplified(n.split("·")[0]))
                                for n in names):
        return 0.0  # a bare line of two to four characters: a name, or a word (`乡村振兴`)?
    return 1.0 if rest != text else 0.9


_CJK_GAP_RE = re.compile(f"(?<=[{CJK_CHAR}]) +(?=[{CJK_CHAR}])")


def unspaced_cjk(text: str) -> str:
    """Running Chinese text without the spaces an OCR engine puts between two characters
    (`城墙 焦黄`): print has none there. Headlines in parts, names and datelines keep
    theirs (they are not running text), and so do spaces beside Latin letters or digits.

    >>> unspaced_cjk("甚至城墙 焦黄一边，iPhone 手机")
    '甚至城墙焦黄一边，iPhone 手机'
    """
    return text if text.isascii() else _CJK_GAP_RE.sub("", text)


def heading_like(text: str) -> bool:
    """Could stand alone as a heading: no sentence end, one line, not too long."""
    return (not ends_sentence(text) and not ends_mid_sentence(text)
            and "\n" not in text.strip() and 0 < visible_length(text) <= HEADING_MAX)


_LATIN_WORD_RE = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@lru_cache(maxsize=LINE_CACHE)
def latin_headline(text: str) -> bool:
    """An English headline or deck: a few words, all capitals or title case.

    >>> latin_headline("DOCK STRIKE ENDS"), latin_headline("Owners Agree to Arbitrate.")
    (True, True)
    >>> latin_headline("the offer to arbitrate the wages")
    False
    """
    if len(text) > LATIN_HEADLINE_WORDS * 16 or "\n" in text.strip():
        return False
    words = _LATIN_WORD_RE.findall(text)
    if not 1 <= len(words) <= LATIN_HEADLINE_WORDS:
        return False
    major = [w for w in words if w.lower() not in MINOR_WORDS] or words
    capitalised = sum(1 for w in major if w[0].isupper())
    return capitalised / len(major) >= 0.75


@lru_cache(maxsize=LINE_CACHE)
def title_case(text: str) -> bool:
    """Every major word capitalised, three words or more, not set in capitals: a deck or a
    headline in upper and lower case (`Towing Companies Will Lay Off Craft.`).

    >>> title_case("Towing Companies Will Lay Off Craft."), title_case("The owners met.")
    (True, False)
    """
    words, major = _major_words(text)
    return (len(words) >= 3 and len(major) >= 2 and all(w[0].isupper() for w in major)
            and not mostly_upper(text))


def capitalised(text: str) -> bool:
    """Every major word of a line capitalised, not set in capitals: a line of a headline
    in title case, however few words it holds (`title_case` asks three)."""
    _, major = _major_words(text)
    return bool(major) and all(w[0].isupper() for w in major) and not mostly_upper(text)


def _major_words(text: str) -> tuple[list[str], list[str]]:
    """The Latin words of a line's start, and those of them that are not minor words."""
    words = _LATIN_WORD_RE.findall(text[:200])
    return words, [w for w in words if w.lower() not in MINOR_WORDS]


_ASCII_UPPER = string.ascii_uppercase.encode()
_ASCII_LOWER = string.ascii_lowercase.encode()


@lru_cache(maxsize=LINE_CACHE)
def mostly_upper(text: str) -> bool:
    """Set in capitals, allowing the odd lower-case letter OCR noise brings (`QrAIJTIESi`)."""
    if text.isascii():  # the letters counted by deleting them, in one C call each
        data = text.encode()
        upper = len(data) - len(data.translate(None, _ASCII_UPPER))
        letters = upper + len(data) - len(data.translate(None, _ASCII_LOWER))
    else:
        upper = sum(map(str.isupper, text))  # Chinese characters are neither upper nor lower
        letters = upper + sum(map(str.islower, text))
    return letters >= 3 and upper >= CAPS_SHARE * letters


def is_heading(text: str) -> bool:
    """Can stand alone as a heading: a short unfinished line, or an English headline/deck
    (which may end with a period)."""
    if is_cjk(text):
        return heading_like(text)
    return latin_headline(text) or (heading_like(text) and mostly_upper(text))


def spaced_heading(text: str) -> bool:
    """A Chinese headline set in parts (`春风送暖入万家 新馆开门迎读者`): spaces, no commas."""
    return " " in text.strip() and is_cjk(text) and not has_punctuation(text)

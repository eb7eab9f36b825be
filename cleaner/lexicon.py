"""Word knowledge: is the text across a break one word? (jieba's dictionary for Chinese,
wordfreq's frequencies for both, read through the compact lists of `chinese_words` and
`latin_words`).

Loaded lazily, so `clean --help` and pages without Chinese pay nothing for the dictionaries.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

from . import latin_words
from .chinese_words import NAME, ORDINARY, cut, is_word, tokenize, word_class
from .chinese_words import zipf as chinese_zipf

#: Characters of each side looked at when segmenting across a break.
WINDOW = 6


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency (0 = unknown, 3 = once per million words, 7 = `the`).

    A lower-case word of letters is looked up in wordfreq's table directly (`latin_words`,
    without loading wordfreq), and so are the parts of lower-case ASCII words joined by
    hyphens: the same values as `zipf_frequency`, without its tokenizer (the cost of a
    Latin page's line ends). wordfreq case-folds `ß` to `ss`, and so does this.
    """
    if lang != "zh" and word.isalpha() and word.islower():
        if "ß" in word:
            return latin_words.tokens_zipf([word.replace("ß", "ss")], lang)
        frequency = latin_words.frequency(word, lang)
        return round(math.log10(frequency) + 9, 2) if frequency else 0.0
    if lang != "zh" and latin_words.HYPHENATED_RE.fullmatch(word):
        return latin_words.tokens_zipf(word.split("-"), lang)
    if lang == "zh":
        _quiet_jieba()  # wordfreq segments Chinese with jieba
    return _wordfreq()(word, lang)


@cache
def _wordfreq():
    from wordfreq import zipf_frequency

    return zipf_frequency


@cache
def _quiet_jieba() -> None:
    """jieba logs its loading to stderr; imported only for Chinese (0.2 s a process that
    Latin pages do not pay)."""
    import jieba

    jieba.setLogLevel(logging.WARNING)


#: Languages whose common words judge a reading of legacy bytes: those printed in the
#: single- and double-byte code pages people meet (wordfreq's small lists, ~30,000 words
#: each, 0.02 s to load: a whole-vocabulary list would cost seconds per process).
READING_LANGUAGES = ("en", "fr", "de", "nl", "da", "sv", "nb", "fi", "is", "es", "pt", "it",
                     "ca", "cs", "sk", "pl", "hu", "sl", "ro", "tr", "ru", "uk", "bg", "el",
                     "ja", "ko", "zh")
#: A Han character, or a run of letters and non-ASCII signs (a misread letter is often a
#: sign: `ä` read in Mac Roman is `‰`).
_READING_WORD_RE = re.compile(r"[\u3400-\u9fff]|(?:[^\W\d_]|[^\x00-\x7f\s\u3400-\u9fff])+")


def reading_score(text: str) -> float:
    """How well the words that hold non-ASCII characters read, in any common language:
    the mean Zipf frequency of those words (a lone symbol or an unknown word counts 0).

    The ASCII words read the same in every Western code page, so only these tell `£5`
    (cp1252) from `Ł5` (cp1250), `«` from a Japanese `ｫ`, `bøger` from `bořger`. None such
    words: `nan`, so that readings that differ only in ASCII tie.

    >>> reading_score("the café opened") > reading_score("the cafť opened")
    True
    >>> reading_score("price £5") > reading_score("price Ł5")
    True
    """
    scores = []
    known = _reading_vocabulary()
    for token in _READING_WORD_RE.findall(text):
        if token.isascii():
            continue
        core = _strip_signs(token)
        scores += [_SIGN_ZIPF] * (len(token) - len(core))
        if not core or core.isascii():
            continue
        if len(core) == 1 and not core.isalpha():  # `½`, `°`; or a control, a box corner
            scores.append(_SIGN_ZIPF * _common_sign(core))
        elif len(core) == 1 and not "\u3400" <= core <= "\u9fff":
            scores.append(min(_LETTER_ZIPF, known.get(core.lower(), 0.0)))
        else:  # a word; a sign inside it (`M‰dchen`, `f¸r`) is a misread letter
            scores.append(known.get(core.lower(), 0.0))
    return sum(scores) / len(scores) if scores else math.nan


def _strip_signs(token: str) -> str:
    """The token without the punctuation and currency signs at its edges (`«`, `“`, `£`):
    those stand next to words; a fraction or a modifier there (`½uvre`, `´fan`) is a
    misread letter and stays, so the word reads as unknown."""
    start, end = 0, len(token)
    while start < end and _edge_sign(token[start]):
        start += 1
    while end > start and _edge_sign(token[end - 1]):
        end -= 1
    return token[start:end]


def _edge_sign(char: str) -> bool:
    category = unicodedata.category(char)
    return _common_sign(char) and (category[0] == "P" or category == "Sc")


#: The most a lone letter counts in `reading_score`: `à` is a French word, but an `È`
#: or `й` standing where a `£` or `½` was is most often a misread sign.
_LETTER_ZIPF = 3.0
#: What a common non-ASCII sign (`£`, `«`, `“`, `、`) counts in `reading_score`: as much as
#: a common word, so a reading with the sign beats one with an unknown letter in its place.
_SIGN_ZIPF = 5.0


def _common_sign(char: str) -> bool:
    """Punctuation and symbols newspapers print: Latin-1's, general punctuation, the euro,
    CJK and full-width punctuation. Not controls, private use, box drawing or the like."""
    code = ord(char)
    return (0xA0 <= code <= 0xBF or code in (0xD7, 0xF7) or 0x2010 <= code <= 0x206F
            or 0x20A0 <= code <= 0x20BF or 0x3000 <= code <= 0x303F
            or 0xFF01 <= code <= 0xFF5E) and char != "\ufffd"


@cache
def _reading_vocabulary() -> dict[str, float]:
    """Word -> its highest Zipf frequency over READING_LANGUAGES (non-ASCII words only)."""
    from wordfreq import get_frequency_dict

    vocabulary: dict[str, float] = {}
    for lang in READING_LANGUAGES:
        for word, frequency in get_frequency_dict(lang, wordlist="small").items():
            if not word.isascii():
                value = math.log10(frequency) + 9
                if value > vocabulary.get(word, 0.0):
                    vocabulary[word] = value
    return vocabulary


@lru_cache(maxsize=4096)
def looks_like_person_name(token: str) -> bool:
    """A bare Chinese name (`付雅祺`, `欧阳娜娜`, `王建设`) rather than a word that happens to
    be two to four characters long (`乡村振兴`, `时评`, `文化`).

    jieba's dictionary knows many names. Otherwise: after a compound surname comes a given
    name; a common surname and two more characters make a name unless the three are one
    ordinary word (`高新区`), given names being ordinary words as often as not (`海洋`);
    two characters make a name unless they are an ordinary word (`王国`); four, unless
    the three after the surname hold one. Without a known surname, a token is a name only
    if no ordinary word shows in it (`郜雅琪`, not `据了解`).
    """
    from .patterns import CJK_SURNAMES

    if word_class(token) & NAME or (len(token) > 2 and token[:2] in CJK_SURNAMES):
        return True
    if token[:1] in CJK_SURNAMES and len(token) <= 3:
        return not word_class(token) & ORDINARY
    pieces = cut(token[1:] if token[:1] in CJK_SURNAMES else token)
    return not any(len(p) >= 2 and word_class(p) & ORDINARY for p in pieces)


def cjk_word_across(left: str, right: str) -> tuple[str, float] | None:
    """The dictionary word that straddles the break between `left` and `right`, if any.

    Segments the last characters of `left` with the first of `right` (jieba, dictionary
    words only, no HMM guesses) and returns the token that starts before the break and
    ends after it, with its Zipf frequency. `管|理` gives `管理`; `明天|早上` gives nothing.
    """
    tail, head = left[-WINDOW:], right[:WINDOW]
    if not tail or not head:
        return None
    break_at = len(tail)
    for token, start, end in tokenize(tail + head):
        if start < break_at < end:
            return token, chinese_zipf(token)
    return None


def cjk_is_word(word: str) -> bool:
    """Whether jieba's dictionary holds `word` (its prefix entries have frequency 0)."""
    return is_word(word)


#: A word of any Latin-script language (`München`, `l'élargissement`), Chinese left out.
_LETTERS = r"[^\W\d_\u3000-\u9fff\uf900-\ufaff]"
_WORD_RE = re.compile(rf"{_LETTERS}+(?:[-']{_LETTERS}+)*")
#: Characters of a line read for the page vocabulary (a 200 MB line needs no more).
VOCABULARY_SCAN = 20_000


@dataclass(frozen=True)
class PageVocabulary:
    """What the page itself says about its words, from tokens wholly inside lines.

    A word seen whole in the middle of some line (`railroads`) is evidence for joining the
    same word cut at a line end; two words seen side by side (`now known`) are evidence
    against; a compound seen with its hyphen (`to-morrow`) keeps its hyphen at a break.
    First and last tokens of a line are skipped: they may be the fragments in question.
    """

    words: frozenset[str] = frozenset()
    bigrams: frozenset[tuple[str, str]] = frozenset()
    hyphenated: frozenset[str] = frozenset()

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> PageVocabulary:
        words: set[str] = set()
        bigrams: set[tuple[str, str]] = set()
        hyphenated: set[str] = set()
        for line in lines:
            tokens = [t.lower() for t in _WORD_RE.findall(line[:VOCABULARY_SCAN])]
            for token in tokens[1:-1]:
                if "-" in token:
                    hyphenated.add(token)
                else:
                    words.add(token)
            bigrams.update(pairwise(t for t in tokens if "-" not in t))
        return cls(frozenset(words), frozenset(bigrams), frozenset(hyphenated))

"""Word knowledge: is the text across a break one word? (jieba for Chinese, wordfreq for both).

Loaded lazily, so `clean --help` and pages without Chinese pay nothing for the dictionaries.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise

#: Characters of each side looked at when segmenting across a break.
WINDOW = 6


@cache
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=65536)
def zipf(word: str, lang: str) -> float:
    """wordfreq's Zipf frequency (0 = unknown, 3 = once per million words, 7 = `the`).

    A lower-case word of letters is looked up in wordfreq's table directly: the same value
    as `zipf_frequency`, without its tokenizer (the cost of a Latin page's line ends).
    `ß` goes the long way, since wordfreq case-folds it to `ss`.
    """
    if lang != "zh" and word.isalpha() and word.islower() and "ß" not in word:
        frequency = _frequencies(lang).get(word)
        return round(math.log10(frequency) + 9, 2) if frequency else 0.0
    return _wordfreq()(word, lang)


@cache
def _frequencies(lang: str) -> dict[str, float]:
    _wordfreq()
    from wordfreq import get_frequency_dict

    return get_frequency_dict(lang)


@cache
def _wordfreq():
    import jieba  # wordfreq segments Chinese with jieba, which logs its loading to stderr

    jieba.setLogLevel(logging.WARNING)
    from wordfreq import zipf_frequency

    return zipf_frequency


_READING_TOKEN_RE = re.compile(r"[\u3400-\u9fff]|[^\W\d_]+")
#: Characters of a decoded text looked at to judge whether it reads as language.
READING_SAMPLE = 4000


def familiarity(text: str) -> float:
    """Mean Zipf frequency of the text's Han characters (Chinese) and letter runs (English).

    Tells a right reading of legacy bytes from a wrong one: GBK bytes read as Big5 give rare
    characters, `café` read in a Central European code page gives `cafť`.

    >>> familiarity("the harbor") > familiarity("tħe ħarbor")
    True
    """
    tokens = _READING_TOKEN_RE.findall(text[:READING_SAMPLE])
    if not tokens:
        return 0.0
    return sum(zipf(t.lower(), "zh" if "\u3400" <= t[0] <= "\u9fff" else "en")
               for t in tokens) / len(tokens)


#: jieba part-of-speech tags of words that are not part of a personal name.
_NOT_NAME_TAGS = ("n", "v", "nz", "ns", "nt", "an", "l", "i", "j", "s", "f", "t", "d", "c", "r",
                  "p", "m")


@cache
def _word_classes() -> tuple[frozenset[str], frozenset[str]]:
    """(personal names, ordinary words) of two or more characters in jieba's dictionary,
    read from its tags. One pass over the dictionary file (~0.2 s), where importing
    jieba.posseg for the same answer costs ~0.7 s."""
    jieba = _jieba()
    with jieba.dt.get_dict_file() as handle:
        data = handle.read().decode("utf-8")
    names, ordinary = set(), set()
    for word, tag in re.findall(r"^(\S\S+) \d+ ([a-z]+)\s*$", data, re.MULTILINE):
        if tag.startswith("nr"):
            names.add(word)
        elif tag.startswith(_NOT_NAME_TAGS):
            ordinary.add(word)
    return frozenset(names), frozenset(ordinary)


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

    names, ordinary = _word_classes()
    if token in names or (len(token) > 2 and token[:2] in CJK_SURNAMES):
        return True
    if token[:1] in CJK_SURNAMES and len(token) <= 3:
        return token not in ordinary
    pieces = _jieba().lcut(token[1:] if token[:1] in CJK_SURNAMES else token, HMM=False)
    return not any(len(p) >= 2 and p in ordinary for p in pieces)


def cjk_word_across(left: str, right: str) -> tuple[str, float] | None:
    """The dictionary word that straddles the break between `left` and `right`, if any.

    Segments the last characters of `left` with the first of `right` (jieba, dictionary
    words only, no HMM guesses) and returns the token that starts before the break and
    ends after it, with its Zipf frequency. `管|理` gives `管理`; `明天|早上` gives nothing.
    """
    tail, head = left[-WINDOW:], right[:WINDOW]
    if not tail or not head:
        return None
    cut = len(tail)
    for token, start, end in _jieba().tokenize(tail + head, HMM=False):
        if start < cut < end:
            return token, zipf(token, "zh")
    return None


def cjk_is_word(word: str) -> bool:
    """Whether jieba's dictionary holds `word` (its prefix entries have frequency 0)."""
    return _jieba().dt.FREQ.get(word, 0) > 0


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

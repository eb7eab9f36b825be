"""Word cuts at line ends in Latin-script text: the features of `left|right`.

At every line end whose last word and the next line's first word are letters, the question
is whether the two are one word the column cut (`cot|ton`, `Mün-|chen`, `se|icted`) or two
words. The answer is a fitted score over named features (`bench/fit.py` learns the weights
from the ALTO hyphenation marks of real pages): dictionary frequencies of the halves and the
whole in the block's language, how word-like the letters are under a character model (for
OCR noise no dictionary holds), what the page itself spells, and how full the line is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import PageVocabulary, zipf
from .patterns import HYPHENS
from .profiles import Profile, profile
from .wordshape import char_model

#: The letters ending a line, after which a hyphen may stand (`Mün-`).
TAIL_RE = re.compile(rf"([^\W\d_]+)([{HYPHENS}]?)$")
#: The letters starting a line, allowing one stray mark the OCR put before them (`"roads`).
HEAD_RE = re.compile(r"^([\"'\[(*,.]?)([^\W\d_]+)")
#: Longest fragment measured (longer ones are as long as words get).
LENGTH_CAP = 12
#: Cut-off of how full a line is against its column (a line longer than its column is full).
FILL_CAP = 1.2


@dataclass(frozen=True)
class Pair:
    """The two fragments at a line end and how they stand."""

    left: str
    right: str
    hyphen: str  # the hyphen printed after `left`, or ""
    stray: str  # a mark printed before `right`, or ""


def pair_at(line: str, right: str) -> Pair | None:
    """The fragments across the break, or None when either side is no run of letters.

    >>> pair_at("the cot", "ton mills")
    Pair(left='cot', right='ton', hyphen='', stray='')
    >>> pair_at("in Mün-", "chen."), pair_at("ended.", "Next")
    (Pair(left='Mün', right='chen', hyphen='-', stray=''), None)
    """
    tail = TAIL_RE.search(line)
    head = HEAD_RE.match(right)
    if not tail or not head:
        return None
    return Pair(tail.group(1), head.group(2), tail.group(2), head.group(1))


@lru_cache(maxsize=1 << 16)
def _zipf(word: str, languages: tuple[str, ...]) -> float:
    return max((zipf(word, lang) for lang in languages), default=0.0)


def features(pair: Pair, prof: Profile, vocabulary: PageVocabulary, fill: float,
             ) -> dict[str, float]:
    """The named features of one candidate cut (all numbers, for a linear score)."""
    a, b = pair.left, pair.right
    low_a, low_b, joined = a.lower(), b.lower(), (a + b).lower()
    langs = prof.wordfreq
    z_a, z_b, z_ab = _zipf(low_a, langs), _zipf(low_b, langs), _zipf(joined, langs)
    model = char_model(prof.language) or char_model("latin")
    shape = {}
    if model is not None:
        shape = {"shape-junction": model.junction(a, b),
                 "shape-left": model.per_char(a), "shape-right": model.per_char(b),
                 "shape-whole": model.per_char(a + b),
                 "shape-left-ends-word": model.logprob(a[-2:], start=False)
                 - model.logprob(a[-2:], start=False, end=False)}
    known = (z_ab > 0, z_a > 0, z_b > 0)
    capitalised_b = b[:1].isupper()
    caps = a.isupper() and b.isupper() and len(a) + len(b) > 2
    return {
        "stray-mark": float(bool(pair.stray)),
        "zipf-whole": z_ab,
        "zipf-left": z_a,
        "zipf-right": z_b,
        "whole-known": float(z_ab > 0),
        "left-known": float(z_a > 0),
        "right-known": float(z_b > 0),
        "only-whole-known": float(known == (True, False, False)),
        "only-halves-known": float(known == (False, True, True)),
        "nothing-known": float(known == (False, False, False)),
        "whole-beats-halves": (z_ab or 1.0) - (z_a or 1.0) - (z_b or 1.0) + 9,
        **shape,
        "left-length": min(len(a), LENGTH_CAP) / LENGTH_CAP,
        "right-length": min(len(b), LENGTH_CAP) / LENGTH_CAP,
        "left-one-letter": float(len(a) == 1),
        "right-one-letter": float(len(b) == 1),
        "right-capitalised": float(capitalised_b and not caps),
        "both-capitals": float(caps),
        "left-capitalised": float(a[:1].isupper() and not caps),
        "left-function-word": float(low_a in prof.function_words),
        "right-function-word": float(low_b in prof.function_words),
        "seen-whole-on-page": float(joined in vocabulary.words),
        "seen-apart-on-page": float((low_a, low_b) in vocabulary.bigrams),
        "left-seen-on-page": float(low_a in vocabulary.words),
        "right-seen-on-page": float(low_b in vocabulary.words),
        "line-fill": min(fill, FILL_CAP),
    }


def repaired_word(pair: Pair, prof: Profile, vocabulary: PageVocabulary) -> tuple[str, bool]:
    """The word as the text should read, and whether the printed hyphen goes.

    The hyphen of a compound stays (`New-|York`, `one-|third`, a compound the page spells
    with its hyphen); a cut word loses it. With no hyphen printed (the Chronicling America
    text convention drops it), a compound of two words that is no word as a whole gets one
    back (`vice|president` -> `vice-president`).
    """
    a, b = pair.left, pair.right
    hyphenated = f"{a}-{b}"
    if hyphenated.lower() in vocabulary.hyphenated:
        return hyphenated, False
    langs = prof.wordfreq
    whole_known = _zipf((a + b).lower(), langs) > 0
    parts_words = (min(len(a), len(b)) >= prof.compound_min_part
                   and _zipf(a.lower(), langs) > 0 and _zipf(b.lower(), langs) > 0)
    if pair.hyphen:
        names = a[:1].isupper() and b[:1].isupper() and not (a.isupper() and b.isupper())
        if names or (parts_words and not whole_known):
            return hyphenated, False
        return a + b, True
    if parts_words and not whole_known and (a + b).lower() not in vocabulary.words:
        return hyphenated, False
    return a + b, False


def cut_profile(language: str) -> Profile:
    """The profile whose cut weights apply to text of `language` (zh text has no cuts)."""
    return profile("latin" if language == "zh" else language)

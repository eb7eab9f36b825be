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

from .languages import Profile, profile
from .lexicon import PageVocabulary, zipf
from .patterns import HYPHENS
from .wordshape import char_model

#: The letters ending a line, after which a hyphen may stand (`Mün-`), matched on the
#: line read backwards: a search for a pattern anchored at the end tries every start
#: position and costs the line's length in each word's length.
REVERSED_TAIL_RE = re.compile(rf"([{HYPHENS}]?)([^\W\d_]+)")
#: The letters starting a line, allowing one stray mark the OCR put before them (`"roads`).
HEAD_RE = re.compile(r"^([\"'\[(*,.]?)([^\W\d_]+)(['’]?)")
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
    apostrophe: bool = False  # `right` is followed by an apostrophe (`l'élargissement`)


def pair_at(line: str, right: str) -> Pair | None:
    """The fragments across the break, or None when either side is no run of letters.

    >>> pair_at("the cot", "ton mills")
    Pair(left='cot', right='ton', hyphen='', stray='', apostrophe=False)
    >>> pair_at("in Mün-", "chen.").hyphen, pair_at("ended.", "Next")
    ('-', None)
    """
    tail = REVERSED_TAIL_RE.match(line[::-1])
    head = HEAD_RE.match(right)
    if not tail or not head:
        return None
    return Pair(tail.group(2)[::-1], head.group(2), tail.group(1), head.group(1),
                bool(head.group(3)))


@lru_cache(maxsize=1 << 16)
def _zipf(word: str, languages: tuple[str, ...]) -> float:
    return max((zipf(word, lang) for lang in languages), default=0.0)


#: Every feature of the word-cut decision, named once, in the order they are summed.
CUT_FEATURES = (
    "stray-mark", "right-is-elided-article", "zipf-whole", "zipf-left", "zipf-right",
    "whole-known", "left-known", "right-known", "only-whole-known", "only-halves-known",
    "nothing-known", "whole-beats-halves",
    "shape-junction", "shape-left", "shape-right", "shape-whole", "shape-left-ends-word",
    "left-length", "right-length", "left-one-letter", "right-one-letter", "right-capitalised",
    "both-capitals", "left-capitalised", "left-function-word", "right-function-word",
    "seen-whole-on-page", "seen-apart-on-page", "left-seen-on-page", "right-seen-on-page",
    "line-fill",
)


def features(pair: Pair, prof: Profile, vocabulary: PageVocabulary, fill: float,
             ) -> dict[str, float]:
    """The named features of one candidate cut (all numbers, for a linear score)."""
    return dict(zip(CUT_FEATURES, feature_values(pair, prof, vocabulary, fill), strict=True))


def feature_values(pair: Pair, prof: Profile, vocabulary: PageVocabulary, fill: float,
                   ) -> tuple[float, ...]:
    """The values of CUT_FEATURES at one candidate cut, in their order: every line end
    of a Latin page asks, so no dict is built (`Weights.total_of` sums them)."""
    a, b = pair.left, pair.right
    low_a, low_b, joined = a.lower(), b.lower(), (a + b).lower()
    langs = prof.wordfreq
    z_a, z_b, z_ab = _zipf(low_a, langs), _zipf(low_b, langs), _zipf(joined, langs)
    model = char_model(prof.language) or char_model("latin")
    if model is not None:
        shape = (model.junction(a, b), model.per_char(a), model.per_char(b),
                 model.per_char(a + b), model.ends_word(a[-2:]))
    else:
        shape = (0.0,) * 5
    known = (z_ab > 0, z_a > 0, z_b > 0)
    capitalised_b = b[:1].isupper()
    caps = a.isupper() and b.isupper() and len(a) + len(b) > 2
    words = vocabulary.words
    return (
        float(bool(pair.stray)),
        # `et|l'élargissement`: an elided article starts a word, it cannot end one
        float(pair.apostrophe and low_b in prof.elisions),
        z_ab, z_a, z_b,
        float(z_ab > 0), float(z_a > 0), float(z_b > 0),
        float(known == (True, False, False)),
        float(known == (False, True, True)),
        float(known == (False, False, False)),
        (z_ab or 1.0) - (z_a or 1.0) - (z_b or 1.0) + 9,
        *shape,
        min(len(a), LENGTH_CAP) / LENGTH_CAP,
        min(len(b), LENGTH_CAP) / LENGTH_CAP,
        float(len(a) == 1), float(len(b) == 1),
        float(capitalised_b and not caps),
        float(caps),
        float(a[:1].isupper() and not caps),
        float(low_a in prof.function_words),
        float(low_b in prof.function_words),
        float(joined in words),
        float((low_a, low_b) in vocabulary.bigrams),
        float(low_a in words),
        float(low_b in words),
        min(fill, FILL_CAP),
    )


def repaired_word(pair: Pair, prof: Profile, vocabulary: PageVocabulary) -> tuple[str, bool]:
    """The word as the text should read, and whether the printed hyphen goes.

    A compound keeps its hyphen (`New-|York`, `one-|third`, `vice|president`), a cut word
    loses it (`immi-|grants`): the page's own spelling decides when it has one, else the
    commoner of the two spellings in the language (`vice-president` is far commoner than
    `vicepresident`, `cotton` than `cot-ton`). The hyphen comes back even where the text
    convention dropped it (Chronicling America text prints `vice|president`).
    """
    a, b = pair.left, pair.right
    hyphenated, solid = f"{a}-{b}", a + b
    if hyphenated.lower() in vocabulary.hyphenated:
        return hyphenated, False
    if solid.lower() in vocabulary.words:
        return solid, bool(pair.hyphen)
    names = (pair.hyphen and a[:1].isupper() and b[:1].isupper()
             and not (a.isupper() and b.isupper()))
    langs = prof.wordfreq
    compound = (min(len(a), len(b)) >= prof.compound_min_part
                and _zipf(hyphenated.lower(), langs) > _zipf(solid.lower(), langs))
    if names or compound:
        return hyphenated, False
    return solid, bool(pair.hyphen)


def cut_profile(language: str) -> Profile:
    """The profile whose cut weights apply to text of `language` (zh text has no cuts)."""
    return profile("latin" if language == "zh" else language)

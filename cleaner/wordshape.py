"""How word-like a fragment is, even when no dictionary holds it.

OCR noise turns `selected` into `se|icted` and `continual` into `eontin|?nl`: neither half is
in wordfreq, yet a reader sees a word cut at the line end. A character trigram model of each
language's words (built from wordfreq's word lists by `bench/fit.py`, shipped as a small data
file, never downloaded) scores any string: how likely its letters are inside a word, how
likely it ends one, and whether the two sides of a break read better as one word or two.
"""

from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass, field
from functools import cache

#: Pads a word at its start and its end for the trigram model.
START, END = "^", "$"
#: Add-k smoothing of the trigram counts.
SMOOTHING = 0.1
#: Trigram log-probabilities remembered once computed (a page asks for the same ones).
MEMO_MAX = 1 << 18


@dataclass(frozen=True)
class CharModel:
    """Trigram counts over padded words; `alphabet` sizes the smoothing."""

    trigrams: dict[str, int]
    contexts: dict[str, int]
    alphabet: int
    memo: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    def _logp(self, context: str, char: str) -> float:
        key = context + char
        value = self.memo.get(key)
        if value is None:
            count = self.trigrams.get(key, 0)
            total = self.contexts.get(context, 0)
            value = math.log((count + SMOOTHING) / (total + SMOOTHING * self.alphabet))
            if len(self.memo) < MEMO_MAX:
                self.memo[key] = value
        return value

    def logprob(self, word: str, *, start: bool = True, end: bool = True) -> float:
        """Log-probability of the letters of `word`, as a whole word or as a piece of one
        (`start=False`: it need not begin a word; `end=False`: it need not end one)."""
        word = word.lower()
        padded = (START * 2 if start else "") + word + (END if end else "")
        offset = 2 if start else min(2, len(word))
        return sum(self._logp(padded[i - 2:i], padded[i]) for i in range(offset, len(padded)))

    def per_char(self, word: str) -> float:
        """Mean log-probability per letter as a whole word: low for OCR garbage."""
        key = "\0" + word
        value = self.memo.get(key)
        if value is None:
            value = self.logprob(word) / (len(word) + 1) if word else 0.0
            if len(self.memo) < MEMO_MAX:
                self.memo[key] = value
        return value

    def ends_word(self, tail: str) -> float:
        """How much likelier the letters `tail` are at the end of a word than inside one
        (a line's last two letters: few distinct ones, so remembered)."""
        key = "\1" + tail
        value = self.memo.get(key)
        if value is None:
            value = (self.logprob(tail, start=False)
                     - self.logprob(tail, start=False, end=False))
            if len(self.memo) < MEMO_MAX:
                self.memo[key] = value
        return value

    def junction(self, left: str, right: str) -> float:
        """Log-odds that `left|right` is one word rather than two: the model's view of the
        letters across the break as inside a word, against `left` ending one word and
        `right` starting another. Only the terms at the junction differ.

        >>> model = char_model("en")
        >>> model.junction("cot", "ton") > model.junction("the", "man")
        True
        """
        if not left or not right:
            return 0.0
        left, right = left.lower(), right.lower()
        tail = (START * 2 + left)[-2:]
        one = self._logp(tail, right[0])
        if len(right) > 1:
            one += self._logp(tail[-1] + right[0], right[1])
        two = self._logp(tail, END) + self._logp(START * 2, right[0])
        if len(right) > 1:
            two += self._logp(START + right[0], right[1])
        return one - two


def build(words: list[str]) -> dict:
    """Counts for a `CharModel` from a word list (the fit script's step; pure)."""
    trigrams: dict[str, int] = {}
    letters: set[str] = set()
    for word in words:
        word = word.lower()
        if not word.isalpha():
            continue
        letters.update(word)
        padded = START * 2 + word + END
        for i in range(2, len(padded)):
            trigrams[padded[i - 2:i + 1]] = trigrams.get(padded[i - 2:i + 1], 0) + 1
    return {"alphabet": len(letters) + 1, "trigrams": dict(sorted(trigrams.items()))}


@cache
def char_model(language: str) -> CharModel | None:
    """The shipped model of a language (None when the package has none for it)."""
    from .languages import profile_directory

    path = profile_directory() / f"charlm-{language}.json.gz"
    if not path.is_file():
        return None
    data = json.loads(gzip.decompress(path.read_bytes()))
    contexts: dict[str, int] = {}
    for trigram, count in data["trigrams"].items():
        contexts[trigram[:2]] = contexts.get(trigram[:2], 0) + count
    return CharModel(data["trigrams"], contexts, data["alphabet"])

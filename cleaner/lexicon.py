"""Word knowledge: is the text across a break one word? (jieba for Chinese, wordfreq for both).

Loaded lazily, so `clean --help` and pages without Chinese pay nothing for the dictionaries.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache

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
    """wordfreq's Zipf frequency (0 = unknown, 3 = once per million words, 7 = `the`)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def cjk_word_across(left: str, right: str) -> tuple[str, float] | None:
    """The dictionary word that straddles the break between `left` and `right`, if any.

    Segments the last characters of `left` with the first of `right` (jieba, dictionary
    words only, no HMM guesses) and returns the token that starts before the break and
    ends after it, with its Zipf frequency. `立|项` gives `立项`; `未来|际华` gives nothing.
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

"""Word frequencies of Latin-script languages: wordfreq's list of each, as a compact file.

A word cut at a line end is judged by the Zipf frequency of its halves and of the whole
word. Importing wordfreq and reading one language's list took 0.5-0.9 s of a one-page run
(and a page of no known language reads nine lists). The list of a language is written
once per machine (`word_files`; about 0.3 s to build, no notice needed) and read back in
about 0.01 s. Its values are wordfreq's own: a word's frequency is its centibel bucket,
and a compound of hyphenated words is combined by wordfreq's rule, so the Zipf values are
the package's (a test compares them).
"""

from __future__ import annotations

import contextlib
import math
import re
from array import array
from dataclasses import dataclass
from functools import cache, lru_cache

from .word_files import SortedWords, cache_folder, data_key, read, write_quietly

#: Bump when the file's layout changes.
FORMAT = 1
#: Columns after the entries: their starts, and minus each word's centibels ('H': wordfreq's
#: lists end above -1,000 cB).
_COLUMNS = "iH"
#: Lower-case ASCII words joined by hyphens: wordfreq splits them at the hyphens and looks
#: each part up, which `tokens_zipf` does the same way without the package.
HYPHENATED_RE = re.compile(r"[a-z]+(?:-[a-z]+)+")
#: wordfreq's frequency for Zipf 0 (`zipf_to_freq(0)`), the floor of `zipf_frequency`.
_ZIPF_ZERO = 10**0 / 1e9


@dataclass(frozen=True)
class WordList(SortedWords):
    """One language's words, sorted, with minus their centibels (frequency 10 ** (cB / 100))."""

    centibels: array


@cache
def word_list(lang: str) -> WordList:
    """wordfreq's 'best' list of `lang`, from the cache file or built (and cached) now."""
    key = data_key(f"{FORMAT} {lang}", (("wordfreq", f"data/large_{lang}.msgpack.gz"),
                                        ("wordfreq", f"data/small_{lang}.msgpack.gz")))
    path = cache_folder() / f"words-{lang}.{key}.bin"
    with contextlib.suppress(OSError, ValueError, IndexError):
        _, text, (starts, centibels) = read(path, _COLUMNS)
        listed = WordList(text, starts, centibels)
        if listed.holds(centibels):
            return listed
    built = build(lang)
    write_quietly(path, [], built.text, [built.starts, built.centibels])
    return built


def build(lang: str) -> WordList:
    """The list as `wordfreq.get_frequency_dict` reads it (a word in two buckets keeps the
    later one)."""
    from wordfreq import get_frequency_list

    buckets: dict[str, int] = {}
    for index, bucket in enumerate(get_frequency_list(lang)):
        for word in bucket:
            buckets[word] = index
    entries = sorted(buckets)
    return WordList(*SortedWords.pack(entries), array("H", (buckets[e] for e in entries)))


@lru_cache(maxsize=1 << 16)
def frequency(word: str, lang: str) -> float | None:
    """wordfreq's frequency of a token in its list (`cB_to_freq`), or None."""
    listed = word_list(lang)
    at = listed.find(word)
    return 10 ** (-listed.centibels[at] / 100) if at >= 0 else None


def tokens_zipf(tokens: list[str], lang: str) -> float:
    """`wordfreq.zipf_frequency` of a text wordfreq reads as these tokens (the parts of
    HYPHENATED_RE words; a word with `ß` case-folded): their frequencies combined as
    1/f = 1/f1 + 1/f2 + ..., rounded to three significant digits, on the Zipf scale to
    two decimals, each step as wordfreq takes it."""
    combined = _ZIPF_ZERO
    found = [frequency(token, lang) for token in tokens]
    if all(one is not None for one in found):
        one_over = 0.0
        for one in found:
            one_over += 1.0 / one
        unrounded = max(1.0 / one_over, _ZIPF_ZERO)
        combined = round(unrounded, math.floor(-math.log(unrounded, 10)) + 3)
    return round(math.log(combined, 10) + 9, 2)

"""Chinese words: jieba's dictionary with wordfreq's frequencies, as one compact file.

A page of Chinese needs a dictionary segmentation of the few characters across each line
break, each word's Zipf frequency, and whether a word is a personal name. Loading jieba
(its cache: ~500,000 entries, 1.6 s here) and wordfreq's Chinese list (0.9 s) for that made
a one-page run last seconds. This module builds, once per machine, one file holding jieba's
dictionary entries in sorted order with their counts, wordfreq's Zipf value of each word and
jieba's word classes (`word_files`), and reads it back in a few hundredths of a second.
Its segmentation is jieba's own (`Tokenizer.cut` with `HMM=False`), step for step, so the
words found are the same; a test compares them with jieba's.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from .word_files import SortedWords, cache_folder, data_key, read, write_quietly

#: Bump when the file's layout changes.
FORMAT = 3
#: The file's columns after its entries, as `array` type codes: the entries' starts,
#: counts (32 bits: jieba's largest is under 10 million), Zipf x 100, classes.
_COLUMNS = "iihB"
#: jieba part-of-speech tags of words that are not part of a personal name.
NOT_NAME_TAGS = ("n", "v", "nz", "ns", "nt", "an", "l", "i", "j", "s", "f", "t", "d", "c", "r",
                 "p", "m")
#: Word-class bits: a personal name (`nr*`), an ordinary word (NOT_NAME_TAGS).
NAME, ORDINARY = 1, 2
#: What jieba's `cut` segments by dictionary, what it passes on character by character, and
#: the single characters it gathers into one token (its `re_han_default`, `re_skip_default`,
#: `re_eng`).
_HAN_RE = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._%\-]+)")
_SKIP_RE = re.compile(r"(\r\n|\s)")
_ENG_RE = re.compile(r"[a-zA-Z0-9]")
#: A dictionary line of a word of two or more characters and its tag.
_TAGGED_RE = re.compile(r"^(\S\S+) \d+ ([a-z]+)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class ChineseWords(SortedWords):
    """jieba's prefix dictionary, sorted: every word and every prefix of a word (count 0)."""

    counts: array  # jieba's count of each entry (0: a prefix only)
    zipf100: array  # wordfreq's Zipf frequency x 100 (words of 2+ characters; else 0)
    classes: array  # NAME | ORDINARY bits (words of 2+ characters)
    total: int  # jieba's total count, the denominator of its word probabilities

    @classmethod
    def from_entries(cls, entries: list[str], counts: array, zipf100: array, classes: array,
                     total: int) -> ChineseWords:
        """The list of `entries` in sorted order, with their columns."""
        return cls(*SortedWords.pack(entries), counts, zipf100, classes, total)


@cache
def words() -> ChineseWords:
    """The word list, read from its cache file or built (and cached) on first use."""
    key = data_key(f"{FORMAT} {NOT_NAME_TAGS}",
                   (("jieba", "dict.txt"), ("wordfreq", "data/large_zh.msgpack.gz")))
    path = cache_folder() / f"chinese-words.{key}.bin"
    with contextlib.suppress(OSError, ValueError, IndexError):
        return _read(path)
    if sys.stderr.isatty():  # a person is waiting; a script's stderr stays clean
        print("clean: building the Chinese word list from jieba and wordfreq "
              "(once per machine, about 25 s)", file=sys.stderr, flush=True)
    built = build()
    write_quietly(path, [built.total], built.text,
                  [built.starts, built.counts, built.zipf100, built.classes])
    return built


def build() -> ChineseWords:
    """Read jieba's dictionary as jieba does (`gen_pfdict`), tag its words' classes and
    look each word of two or more characters up in wordfreq (the slow part)."""
    import jieba
    from wordfreq import zipf_frequency

    jieba.setLogLevel(60)
    with jieba.dt.get_dict_file() as handle:
        data = handle.read()
    prefix_counts, total = jieba.Tokenizer.gen_pfdict(io.BytesIO(data))
    entries = sorted(prefix_counts)
    counts = array("i", (prefix_counts[e] for e in entries))
    classes = array("B", bytes(len(entries)))
    position = {entry: at for at, entry in enumerate(entries)}
    for word, tag in _TAGGED_RE.findall(data.decode("utf-8")):
        if tag.startswith("nr"):
            classes[position[word]] |= NAME
        elif tag.startswith(NOT_NAME_TAGS):
            classes[position[word]] |= ORDINARY
    zipf100 = array("h", bytes(2 * len(entries)))
    for at, entry in enumerate(entries):
        if len(entry) >= 2 and counts[at]:
            zipf100[at] = round(zipf_frequency(entry, "zh") * 100)
    return ChineseWords.from_entries(entries, counts, zipf100, classes, int(total))


def _read(path: Path) -> ChineseWords:
    (total,), text, (starts, *columns) = read(path, _COLUMNS)
    listed = ChineseWords(text, starts, *columns, total)
    if not listed.holds(*columns):
        raise ValueError(f"{path}: columns do not match the entries")
    return listed


@lru_cache(maxsize=1 << 16)
def count(text: str) -> int | None:
    """jieba's count of `text` (0: only a prefix of words; None: not in its dictionary)."""
    listed = words()
    at = listed.find(text)
    return int(listed.counts[at]) if at >= 0 else None


def is_word(text: str) -> bool:
    """Whether jieba's dictionary holds `text` as a word (not only as a prefix)."""
    return bool(count(text))


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of a dictionary word of two or more characters."""
    listed = words()
    at = listed.find(word)
    return int(listed.zipf100[at]) / 100 if at >= 0 else 0.0


def word_class(word: str) -> int:
    """NAME and ORDINARY bits of a word of two or more characters (0: neither or unknown)."""
    listed = words()
    at = listed.find(word)
    return int(listed.classes[at]) if at >= 0 else 0


def cut(text: str) -> Iterator[str]:
    """jieba's `cut(text, HMM=False)`: dictionary words by the most probable path, runs of
    single Latin letters and digits together, other characters one by one."""
    for block in _HAN_RE.split(text):
        if not block:
            continue
        if _HAN_RE.match(block):
            yield from _cut_by_dictionary(block)
            continue
        for piece in _SKIP_RE.split(block):
            if _SKIP_RE.match(piece):
                yield piece
            else:
                yield from piece


def tokenize(text: str) -> Iterator[tuple[str, int, int]]:
    """`cut` with each token's start and end (jieba's `tokenize`)."""
    start = 0
    for token in cut(text):
        yield token, start, start + len(token)
        start += len(token)


def _cut_by_dictionary(block: str) -> Iterator[str]:
    """jieba's `__cut_DAG_NO_HMM`: the route of the highest summed log probability."""
    route = _best_route(block)
    at, pending = 0, ""
    while at < len(block):
        end = route[at] + 1
        token = block[at:end]
        if len(token) == 1 and _ENG_RE.match(token):
            pending += token
        else:
            if pending:
                yield pending
                pending = ""
            yield token
        at = end
    if pending:
        yield pending


def _best_route(block: str) -> list[int]:
    """For each start, the last character of its word on the best path (jieba's `get_DAG`
    and `calc`: the same sums in the same order, ties to the longer word)."""
    size = len(block)
    log_total = math.log(words().total)
    scores = [0.0] * (size + 1)
    route = [0] * size
    for start in range(size - 1, -1, -1):
        ends = []
        end = start
        fragment = block[start]
        while end < size and (found := count(fragment)) is not None:
            if found:
                ends.append(end)
            end += 1
            fragment = block[start:end + 1]
        if not ends:
            ends.append(start)
        scores[start], route[start] = max(
            (math.log(count(block[start:e + 1]) or 1) - log_total + scores[e + 1], e)
            for e in ends)
    return route

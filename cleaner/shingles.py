"""Candidate pairs of passages that may share text, found without comparing all pairs.

A rare character n-gram index, as passim does it for reprinted newspaper text:

1. each passage is normalised to its letters and digits (NFKC, case-folded), because OCR
   noise falls on spacing and punctuation first;
2. every n-gram is hashed (a vectorised rolling hash over the code points) and kept only
   when its hash is 0 modulo `sample` -- a choice made by the content, so two copies of a
   passage keep the same n-grams and the index shrinks by that factor;
3. n-grams seen in only one passage, or in more than `max_df` (stock phrases, common
   words), say nothing and are dropped;
4. passages sharing at least `min_shared` of the remaining n-grams, and at least
   `min_share` of the sampled n-grams of the shorter one, are candidates. (A copy with 10%
   of its characters wrong keeps about half its 6-grams; two unrelated passages share a
   few common word joints at most.)

Cost grows with the text, not with the square of the passages; verification of the
candidates (rapidfuzz) is the caller's job.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .patterns import CJK_RE

_NOT_ALNUM_RE = re.compile(r"[\W_]+")
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
#: Characters hashed per numpy batch, to bound memory on archives of any size.
CHUNK_CHARS = 4_000_000


@dataclass(frozen=True)
class IndexSettings:
    """n-gram length and sampling modulus for one script."""

    n: int
    sample: int
    tag: int  # mixed into the hashes, so grams of different scripts never meet


#: Chinese characters carry more per character than letters do.
CJK_SETTINGS = IndexSettings(n=3, sample=2, tag=0x5A5A5A5A5A5A5A5A)
LATIN_SETTINGS = IndexSettings(n=6, sample=3, tag=0)
#: A pair of passages is a candidate when it shares this many sampled n-grams...
MIN_SHARED = 3
#: ...and this share of the sampled n-grams of the shorter passage.
MIN_SHARE = 0.2
#: n-grams in more passages than this are stock phrases or common words: no evidence.
MAX_DF = 64


def normalise(text: str) -> str:
    """Letters and digits only, NFKC and case-folded: what survives OCR noise best."""
    return _NOT_ALNUM_RE.sub("", unicodedata.normalize("NFKC", text).casefold())


def settings_for(norm: str) -> IndexSettings:
    """Chinese or alphabetic settings, by the script of the passage's first characters."""
    head = norm[:200]
    return CJK_SETTINGS if len(CJK_RE.findall(head)) * 2 >= len(head) else LATIN_SETTINGS


def _hash_chunk(norms: Sequence[str], settings: IndexSettings) -> tuple[np.ndarray, np.ndarray]:
    """Sampled n-gram hashes of a few passages and the local index of each one's passage."""
    n, sample = settings.n, settings.sample
    joined = "\x00".join(norms)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(codes) - n + 1
    if count <= 0:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(n):
            hashes = hashes * _PRIME + codes[i:i + count]
        hashes ^= hashes >> np.uint64(29)
        hashes *= _MIX
        hashes ^= hashes >> np.uint64(32)
    separators = np.concatenate(([0], np.cumsum(codes == 0)))
    whole = separators[n:n + count] == separators[:count]  # no separator inside the gram
    keep = whole & ((hashes >> np.uint64(40)) % np.uint64(sample) == 0)
    positions = np.flatnonzero(keep)
    starts = np.cumsum([0] + [len(s) + 1 for s in norms[:-1]])
    owners = np.searchsorted(starts, positions, side="right") - 1
    return hashes[keep] ^ np.uint64(settings.tag), owners


def postings(texts: Sequence[str], min_length: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(hash, passage index) of every sampled n-gram of every passage long enough, each
    n-gram counted once per passage, sorted by hash. Chunked to bound memory."""
    norms = [normalise(t) for t in texts]
    all_hashes, all_owners = [], []
    for settings in (CJK_SETTINGS, LATIN_SETTINGS):
        members = [i for i, norm in enumerate(norms)
                   if len(norm) >= min_length and settings_for(norm) == settings]
        start, size = 0, 0
        for k, i in enumerate(members):
            size += len(norms[i]) + 1
            if size >= CHUNK_CHARS or k == len(members) - 1:
                chunk = members[start:k + 1]
                hashes, local = _hash_chunk([norms[j] for j in chunk], settings)
                all_hashes.append(hashes)
                all_owners.append(np.asarray(chunk, dtype=np.int64)[local])
                start, size = k + 1, 0
    if not all_hashes:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    return distinct(np.concatenate(all_hashes), np.concatenate(all_owners))


def distinct(hashes: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort postings by hash and drop a passage's repeats of one n-gram."""
    order = np.lexsort((owners, hashes))
    hashes, owners = hashes[order], owners[order]
    keep = np.ones(len(hashes), dtype=bool)
    keep[1:] = (hashes[1:] != hashes[:-1]) | (owners[1:] != owners[:-1])
    return hashes[keep], owners[keep]


def pair_keys(hashes: np.ndarray, owners: np.ndarray, total: int) -> np.ndarray:
    """One key (a * total + b, a < b) per rare n-gram two passages share. The postings must
    be `distinct` and hold every posting of each hash they hold (a whole hash bucket)."""
    if len(hashes) == 0:
        return np.empty(0, np.int64)
    edges = np.flatnonzero(np.diff(hashes)) + 1
    starts = np.concatenate(([0], edges))
    sizes = np.diff(np.concatenate((starts, [len(hashes)])))
    keys = []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= MAX_DF)]):
        group_starts = starts[sizes == size]
        members = owners[group_starts[:, None] + np.arange(size)]
        left, right = np.triu_indices(int(size), 1)
        a, b = members[:, left].ravel(), members[:, right].ravel()
        low, high = np.minimum(a, b), np.maximum(a, b)
        keys.append(low.astype(np.int64) * total + high)
    return np.concatenate(keys) if keys else np.empty(0, np.int64)


def count_keys(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct keys, how often each occurs), sorted."""
    return np.unique(keys, return_counts=True)


def select(keys: np.ndarray, counts: np.ndarray, per_passage: np.ndarray,
           total: int) -> list[tuple[int, int]]:
    """The pairs whose shared n-grams are enough, absolutely and as a share of the shorter
    passage's sampled n-grams (`per_passage`)."""
    first, second = keys // total, keys % total
    smaller = np.minimum(per_passage[first], per_passage[second])
    keep = (counts >= MIN_SHARED) & (counts >= MIN_SHARE * smaller)
    return list(zip(first[keep].tolist(), second[keep].tolist(), strict=True))


def candidate_pairs(texts: Sequence[str], min_length: int = 1) -> list[tuple[int, int]]:
    """Index pairs (i < j) of passages that share enough rare n-grams to be compared.

    Passages shorter than `min_length` letters and digits are not indexed.
    """
    total = len(texts)
    hashes, owners = postings(texts, min_length)
    keys, counts = count_keys(pair_keys(hashes, owners, total))
    return select(keys, counts, np.bincount(owners, minlength=total), total)

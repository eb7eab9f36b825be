"""Candidate pairs of passages that may share text, found without comparing all pairs.

A rare character n-gram index, as passim does it for reprinted newspaper text:

1. each passage is normalised to its letters and digits (NFKC, case-folded), because OCR
   noise falls on spacing and punctuation first;
2. every n-gram is hashed (a vectorised rolling hash over the code points) and kept only
   when its hash is 0 modulo `sample` -- a choice made by the content, so two copies of a
   passage keep the same n-grams and the index shrinks by that factor;
3. n-grams seen in only one passage, or in more than `max_df` (stock phrases, common
   words), say nothing and are dropped; an n-gram shared by more than ALL_PAIRS_DF
   passages pairs each of them with its BAND neighbours only (banding), so work stays
   linear in the document frequency and no passage is left out;
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
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from .patterns import CJK_RE

_NOT_ALNUM_RE = re.compile(r"[\W_]+")
_PRIME = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
#: Characters hashed per numpy batch, to bound memory on archives of any size.
CHUNK_CHARS = 1_000_000
#: Longer "passages" are whole pages without paragraph breaks, not copies to look for.
MAX_PASSAGE = 200_000
#: Buckets the postings (by hash) and the pair keys (by key) are spread over.
BUCKETS = 16
#: Characters of input up to which one bucket holds it all: the buckets bound the memory of
#: an archive, and on a page cost 16 times numpy's fixed cost per call for nothing.
SMALL_INPUT = 4_000_000


@dataclass(frozen=True)
class IndexSettings:
    """n-gram length and sampling modulus for one script."""

    n: int
    sample: int
    tag: int  # mixed into the hashes, so grams of different scripts never meet


#: Chinese characters carry more per character than letters do.
CJK_SETTINGS = IndexSettings(n=3, sample=2, tag=0x5A5A5A5A5A5A5A5A)
#: Six letters: 5-grams found a few more copies under heavy noise on the real reprints
#: (strict recall at 20 % noise 0.85 against 0.80) but were shared so widely in a batch of
#: a million passages that recall there fell from 0.96 to 0.73.
LATIN_SETTINGS = IndexSettings(n=6, sample=3, tag=0)
#: A pair of passages is a candidate when it shares this many sampled n-grams...
MIN_SHARED = 3
#: ...and this share of the sampled n-grams of the shorter passage (heavy OCR noise on
#: both copies leaves about that many; verification by alignment decides).
MIN_SHARE = 0.1
#: n-grams in more passages than this are stock phrases or common words: no evidence.
MAX_DF = 512
#: Up to this many passages sharing an n-gram, every pair of them is counted; beyond it,
#: each is paired with its BAND nearest passages in the group's order (passage index), so
#: a passage reprinted on hundreds of pages costs O(pages), not O(pages squared), every
#: copy is still counted against several others -- the same ones for every n-gram it
#: shares with them, so their counts add up -- and a cluster of copies stays connected.
ALL_PAIRS_DF = 16
#: Two neighbours keep a cluster connected (the cluster stage aligns every copy with the
#: kept one); at 100,000 passages four took 417 MB and 31 s, two 367 MB and 24 s, for the
#: same recall.
BAND = 2


#: ASCII letters to lower case and every other ASCII byte deleted: `normalise` for ASCII
#: text in one C call (NFKC leaves ASCII alone, and casefold is lower there).
_ASCII_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
#: Which ASCII bytes are letters or digits (the offsets of `fold_ascii`'s characters).
ASCII_ALNUM = np.array([chr(b).isalnum() for b in range(128)], dtype=bool)
_ASCII_NOT_ALNUM = bytes(np.flatnonzero(~ASCII_ALNUM).tolist())


def fold_ascii(text: str) -> str:
    """`normalise` of an ASCII text."""
    return text.encode("ascii").translate(_ASCII_LOWER, _ASCII_NOT_ALNUM).decode("ascii")


def normalise(text: str) -> str:
    """Letters and digits only, NFKC and case-folded: what survives OCR noise best."""
    if text.isascii():
        return fold_ascii(text)
    return _NOT_ALNUM_RE.sub("", unicodedata.normalize("NFKC", text).casefold())


def settings_for(norm: str) -> IndexSettings:
    """Chinese or alphabetic settings, by the script of the passage's first characters."""
    head = norm[:200]
    if head.isascii():
        return LATIN_SETTINGS
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


Indexed = tuple[int, str, IndexSettings]


def _chunks(texts: Sequence[str], min_length: int) -> Iterator[list[Indexed]]:
    """(index, normalised text, its script's settings) of passages long enough, a bounded
    number of characters at a time, so that normalised copies of a whole archive never sit
    in memory together."""
    chunk: list[Indexed] = []
    size = 0
    for i, text in enumerate(texts):
        if len(text) > MAX_PASSAGE:
            continue
        norm = normalise(text)
        if len(norm) < min_length:
            continue
        chunk.append((i, norm, settings_for(norm)))
        size += len(norm) + 1
        if size >= CHUNK_CHARS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


#: Bits of an n-gram's hash the index keeps (bits 4-35 are what a hash bucket holds, see
#: `split_by_hash`): with a passage's place in its chunk they make one 64-bit key, and one
#: sort of those keys puts a chunk's postings in order.
HASH_BITS = 36
_HASH_MASK = np.uint64((1 << HASH_BITS) - 1)


def postings(texts: Sequence[str], min_length: int = 1) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(hash, passage index) of the sampled n-grams of every passage long enough, chunk by
    chunk; within a chunk sorted by hash (its low HASH_BITS bits), each n-gram counted
    once per passage."""
    for chunk in _chunks(texts, min_length):
        parts = []
        for settings in (CJK_SETTINGS, LATIN_SETTINGS):
            places = [k for k, (_, _, script) in enumerate(chunk) if script is settings]
            if places:
                hashes, local = _hash_chunk([chunk[k][1] for k in places], settings)
                parts.append((hashes, np.asarray(places, np.uint64)[local]))
        hashes = np.concatenate([h for h, _ in parts]) & _HASH_MASK
        places = np.concatenate([o for _, o in parts])
        shift = np.uint64(max(1, len(chunk) - 1).bit_length())
        keys = sorted_distinct((hashes << shift) | places)
        owners = np.asarray([i for i, _, _ in chunk], np.int64)[
            (keys & ((np.uint64(1) << shift) - np.uint64(1))).astype(np.int64)]
        yield keys >> shift, owners


def sorted_distinct(keys: np.ndarray) -> np.ndarray:
    """The distinct values of `keys`, in order. By sorting: numpy's `unique` hashes since
    2.3, which on millions of distinct 64-bit keys is tens of times slower than a sort."""
    keys = np.sort(keys)
    if len(keys) < 2:
        return keys
    keep = np.empty(len(keys), dtype=bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def counted(keys: np.ndarray, weights: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of `keys` in order, and how often each occurs (or the sum of
    `weights` over its occurrences)."""
    if weights is None:
        keys = np.sort(keys)
    else:
        order = np.argsort(keys)
        keys, weights = keys[order], weights[order]
    if len(keys) == 0:
        return keys, np.empty(0, np.int64)
    starts, sizes = _groups(keys)
    totals = sizes if weights is None else np.add.reduceat(weights, starts)
    return keys[starts], totals.astype(np.int64)


def distinct(hashes: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sort one bucket's postings (32-bit hashes) by hash and passage, and drop a passage's
    repeats of one n-gram: one sort of 64-bit keys."""
    keys = sorted_distinct((hashes.astype(np.uint64) << np.uint64(32)) | owners.astype(np.uint64))
    return ((keys >> np.uint64(32)).astype(np.uint32),
            (keys & np.uint64(0xFFFFFFFF)).astype(np.int64))


def _groups(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start, size) of each run of one hash in sorted postings."""
    edges = np.flatnonzero(np.diff(hashes)) + 1
    starts = np.concatenate(([0], edges))
    return starts, np.diff(np.concatenate((starts, [len(hashes)])))


def pair_keys(owners: np.ndarray, starts: np.ndarray, sizes: np.ndarray,
              total: int) -> np.ndarray:
    """One key (a * total + b, a < b) per rare n-gram two passages share, from the groups
    of `distinct` postings holding every posting of each hash (a whole hash bucket)."""
    keys = []
    for size in sorted_distinct(sizes[(sizes >= 2) & (sizes <= MAX_DF)]):
        group_starts = starts[sizes == size]
        members = owners[group_starts[:, None] + np.arange(size)]
        if size <= ALL_PAIRS_DF:
            left, right = np.triu_indices(int(size), 1)
        else:
            left, right = _band(int(size))
        a, b = members[:, left].ravel(), members[:, right].ravel()
        low, high = np.minimum(a, b), np.maximum(a, b)
        keys.append(low.astype(np.int64) * total + high)
    return np.concatenate(keys) if keys else np.empty(0, np.int64)


def _band(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (k, k + d), d = 1..BAND, of a group of `size` sorted passages."""
    left = np.concatenate([np.arange(size - d) for d in range(1, BAND + 1)])
    right = np.concatenate([np.arange(d, size) for d in range(1, BAND + 1)])
    return left, right


# --- the shuffle: postings by hash bucket, pair keys by key bucket --------------------------
# The local index runs these three steps in one process; the Dask engine runs each on the
# workers. Either way only one bucket is ever sorted at a time.

Part = tuple[np.ndarray, np.ndarray]


def split_by_hash(hashes: np.ndarray, owners: np.ndarray, buckets: int) -> list[Part]:
    """Step 1: postings spread over hash buckets (every posting of a hash in one bucket).

    Within a bucket 32 bits of a hash are kept (bits 4-35: neither the bucket's nor the
    sample's), which halves the index of an archive. Two n-grams of one bucket share them
    by chance about once in a few million pairs; a candidate needs MIN_SHARED of them."""
    short = (hashes >> np.uint64(4)).astype(np.uint32)
    return [(short[side], owners[side]) for side in _sides(hashes, buckets)]


def _sides(keys: np.ndarray, buckets: int) -> list[np.ndarray]:
    """For each bucket (key modulo `buckets`), the places of its keys, in their order: one
    stable sort instead of a pass over all keys per bucket."""
    side = (keys % np.asarray(buckets, keys.dtype)).astype(np.int64)
    order = np.argsort(side, kind="stable")
    return np.split(order, np.cumsum(np.bincount(side, minlength=buckets))[:-1])


def bucket_pairs(parts: Sequence[Part], total: int,
                 buckets: int) -> tuple[list[Part], np.ndarray]:
    """Step 2: one hash bucket's pair keys, counted and spread over key buckets; and the
    passages of its common n-grams (shared beyond ALL_PAIRS_DF passages: they count only
    for a passage's banded neighbours, so they are left out of the share a pair must
    reach)."""
    hashes = np.concatenate([h for h, _ in parts]) if parts else np.empty(0, np.uint32)
    owners = np.concatenate([o for _, o in parts]) if parts else np.empty(0, np.int64)
    hashes, owners = distinct(hashes, owners.astype(np.int64))
    if len(hashes) == 0:
        return [(np.empty(0, np.int64), np.empty(0, np.int64))] * buckets, owners
    starts, sizes = _groups(hashes)
    common = owners[np.repeat(sizes > ALL_PAIRS_DF, sizes)]
    keys, counts = counted(pair_keys(owners, starts, sizes, total))
    # Two bytes a count: clipped at 65,535 shared n-grams, far above what any decision needs
    # (MIN_SHARE of the sampled n-grams of a MAX_PASSAGE passage is under 7,000).
    counts = np.minimum(counts, np.iinfo(np.uint16).max).astype(np.uint16)
    return [(keys[side], counts[side]) for side in _sides(keys, buckets)], common


def select_pairs(parts: Sequence[Part], per_passage: np.ndarray,
                 total: int) -> list[tuple[int, int]]:
    """Step 3: one key bucket's counts summed over all hash buckets; the pairs whose shared
    n-grams are enough, absolutely and as a share of the shorter passage's uncommon
    sampled n-grams (`per_passage`)."""
    if not parts:
        return []
    unique, counts = counted(np.concatenate([k for k, _ in parts]),
                             np.concatenate([c for _, c in parts]).astype(np.int64))
    first, second = unique // total, unique % total
    smaller = np.minimum(per_passage[first], per_passage[second])
    keep = (counts >= MIN_SHARED) & (counts >= MIN_SHARE * smaller)
    return list(zip(first[keep].tolist(), second[keep].tolist(), strict=True))


def candidate_pairs(texts: Sequence[str], min_length: int = 1) -> list[tuple[int, int]]:
    """Index pairs (i < j) of passages that share enough rare n-grams to be compared.

    Passages shorter than `min_length` letters and digits are not indexed.
    """
    total = len(texts)
    buckets = 1 if sum(map(len, texts)) <= SMALL_INPUT else BUCKETS
    per_passage = np.zeros(total, dtype=np.int64)
    by_hash: list[list[Part]] = [[] for _ in range(buckets)]
    for hashes, owners in postings(texts, min_length):
        per_passage += np.bincount(owners, minlength=total)
        for b, part in enumerate(split_by_hash(hashes, owners.astype(np.int32), buckets)):
            by_hash[b].append(part)
    by_key: list[list[Part]] = [[] for _ in range(buckets)]
    for b in range(buckets):
        parts, by_hash[b] = by_hash[b], []
        key_parts, common = bucket_pairs(parts, total, buckets)
        per_passage -= np.bincount(common, minlength=total)
        for r, part in enumerate(key_parts):
            by_key[r].append(part)
    pairs: list[tuple[int, int]] = []
    for r in range(buckets):
        parts, by_key[r] = by_key[r], []
        pairs += select_pairs(parts, per_passage, total)
    return sorted(pairs)

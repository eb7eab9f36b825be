"""Language profiles: what the tool knows of a language, and the fitted weights of its
decisions, read from `cleaner/profiles/LANG.json`.

A profile names the wordfreq language, the function words that tell the language of a block,
the rules for compounds, and per decision type (`cut`, `paragraph`) the weights that
`bench/fit.py` fitted on real labelled pages. Nothing here is tuned by hand: edit the fit,
not the file.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .model import Feature

#: Profiles shipped with the package; `latin` is the fallback for other Latin-script text.
LANGUAGES = ("en", "de", "fr", "nl", "latin", "zh")
#: The profile used when a block's language cannot be told.
FALLBACK = "latin"
#: Tokens of a block read to tell its language (more tell nothing new).
DETECT_TOKENS = 2000
#: Share of a block's tokens that must be function words of a language to call it that.
DETECT_MIN_SHARE = 0.08
_TOKEN_RE = re.compile(r"[^\W\d_]+")
_new_tuple = tuple.__new__


@dataclass(frozen=True)
class Weights:
    """A fitted linear decision: score = bias + sum(weight * feature value), in log-odds;
    the decision is taken when the score is above `threshold`."""

    bias: float = 0.0
    weights: Mapping[str, float] = field(default_factory=dict)
    threshold: float = 0.0

    def score(self, features: Mapping[str, float], prefix: str = "",
              ) -> tuple[float, tuple[Feature, ...]]:
        """The score and the evidence: every feature with its value and its weight."""
        return self.apply(features.items(), prefix)

    def total_of(self, names: tuple[str, ...], values: tuple[float, ...]) -> float:
        """The score of `score`, without its evidence and without a dict: for a decision
        asked at every line end whose evidence is kept only when it is taken (a word cut).
        The same sum in the same order, so the same number to the last bit."""
        total = self.bias - self.threshold
        for value, weight in zip(values, self._vector(names), strict=True):
            total += value * weight
        return round(total, 3)

    def _vector(self, names: tuple[str, ...]) -> tuple[float, ...]:
        """The weights of `names` in their order (0 for a feature not fitted), found once."""
        vectors = self.__dict__.setdefault("_vectors", {})
        vector = vectors.get(names)
        if vector is None:
            vector = vectors[names] = tuple(self.weights.get(name, 0.0) for name in names)
        return vector

    def apply(self, observed: Iterable[tuple], prefix: str = "",
              ) -> tuple[float, tuple[Feature, ...]]:
        """The score of observed `(name, value[, detail])` features, and the evidence:
        the bias first (as the feature `bias`), then every feature with its weight. The
        score is relative to the threshold: above 0 the decision is taken. `prefix` names
        the decision in the evidence (`cut:` when it is part of a join's)."""
        weight_of = self.weights.get
        total = self.bias - self.threshold
        evidence = [Feature(prefix + "bias", 1.0, total)]
        append = evidence.append
        for item in observed:  # the hot loop of a page: kept plain
            name, value = item[0], item[1]
            weight = weight_of(name, 0.0)
            total += value * weight
            # a Feature built as the tuple it is: a page makes a million of them, and the
            # named tuple's own constructor is a Python call
            append(_new_tuple(Feature, (prefix + name, value, weight,
                                        item[2] if len(item) > 2 else "")))
        return round(total, 3), tuple(evidence)


@dataclass(frozen=True)
class Profile:
    language: str
    wordfreq: tuple[str, ...] = ()
    function_words: frozenset[str] = frozenset()
    #: Both halves of a cut must be words of at least this many letters for the hyphen of
    #: a compound (`vice-|president`) to stay when the whole is no dictionary word.
    compound_min_part: int = 3
    #: Articles and pronouns elided before a vowel (`l'`, `d'`): a word that starts a line
    #: with one starts there.
    elisions: frozenset[str] = frozenset()
    decisions: Mapping[str, Weights] = field(default_factory=dict)

    def weights(self, decision: str) -> Weights:
        return self.decisions.get(decision, Weights())


#: Where the profiles are read from: the package's own, unless `use_profiles` says else.
_directory: list = []


def profile_directory():
    return _directory[0] if _directory else resources.files("cleaner") / "profiles"


def use_profiles(directory=None) -> None:
    """Read profiles (and character models) from `directory` from now on, or from the
    package again when None: how the fit script scores weights it has not shipped."""
    from . import wordshape

    _directory[:] = [directory] if directory is not None else []
    profile.cache_clear()
    wordshape.char_model.cache_clear()


def _path(language: str):
    return profile_directory() / f"{language}.json"


@cache
def profile(language: str) -> Profile:
    """The profile of a language (the fallback's for a language the package lacks)."""
    path = _path(language)
    if not path.is_file():
        return profile(FALLBACK) if language != FALLBACK else Profile(FALLBACK)
    data = json.loads(path.read_text(encoding="utf-8"))
    decisions = {name: Weights(d.get("bias", 0.0), dict(d.get("weights", {})),
                               d.get("threshold", 0.0))
                 for name, d in data.get("decisions", {}).items()}
    return Profile(data["language"], tuple(data.get("wordfreq", ())),
                   frozenset(data.get("function_words", ())),
                   data.get("compound_min_part", 3), frozenset(data.get("elisions", ())),
                   decisions)


def detect_language(lines: Iterable[str]) -> str:
    """The profile a block of Latin-script text reads in: the language whose function
    words make up most of it, or the fallback when none makes up enough.

    >>> detect_language(["the man and the dog were in the house of the king"])
    'en'
    >>> detect_language(["der Mann und die Frau sind in dem Haus des Königs"])
    'de'
    """
    tokens: list[str] = []
    for line in lines:
        tokens += _TOKEN_RE.findall(line)
        if len(tokens) >= DETECT_TOKENS:
            break
    if not tokens:
        return FALLBACK
    # lower-cased in one call (a token holds no space, and lower-casing makes none)
    counts = Counter(" ".join(tokens).lower().split(" "))
    best, share = FALLBACK, 0.0
    for language in LANGUAGES:
        words = profile(language).function_words
        if not words or language == FALLBACK:
            continue
        hits = sum(counts[t] for t in words & counts.keys()) / len(tokens)
        if hits > share:
            best, share = language, hits
    return best if share >= DETECT_MIN_SHARE else FALLBACK


def probability(score: float) -> float:
    """A log-odds score as the probability of the decision taken (0.5-1)."""
    p = 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))
    return round(max(p, 1 - p), 3)

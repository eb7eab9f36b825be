"""The faster forms of per-line work give the answers of their plain definitions.

Each line end of a page asks these, so they were rewritten for speed (issue 15); the plain
form each replaced is kept here as the reference, and compared on generated text with the
characters that make the cases (capitals, hyphens, digits that are letters to `\\w`, Han).
"""

import re
import statistics
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from cleaner import cuts
from cleaner.joins import _function_word_end, column_widths, upper_quartile
from cleaner.languages import DETECT_TOKENS, LANGUAGES, detect_language, profile
from cleaner.patterns import CAPS_SHARE, HYPHENS, MINOR_WORDS
from cleaner.signals import is_caption, mostly_upper, split_dateline

LINE_CHARS = "abcXYZéÜß²½7 -\u00ad'\".,图摄本报讯月日电İ"
lines = st.text(alphabet=LINE_CHARS, max_size=60)


@given(st.lists(st.integers(0, 90), min_size=2, max_size=12))
def test_upper_quartile_is_statistics_quantiles(values):
    assert upper_quartile(values) == statistics.quantiles(values, n=4)[2]


@given(st.lists(lines, max_size=14))
def test_column_widths_are_the_quartiles_of_the_neighbours(block):
    expected = [upper_quartile(around) if len(around) >= 2 else 0.0
                for i in range(len(block))
                for around in [[len(block[j]) for j in range(max(0, i - 4),
                                                             min(len(block), i + 5)) if j != i]]]
    assert column_widths(block, 33.0) == (expected if len(block) >= 4 else [33.0] * len(block))


@given(lines)
def test_mostly_upper_counts_letters_as_str_does(text):
    upper = sum(map(str.isupper, text))
    letters = upper + sum(map(str.islower, text))
    assert mostly_upper.__wrapped__(text) == (letters >= 3 and upper >= CAPS_SHARE * letters)


_TAIL_RE = re.compile(rf"([^\W\d_]+)([{HYPHENS}]?)$")
_HEAD_RE = cuts.HEAD_RE


@given(lines, lines)
def test_pair_at_matches_the_end_anchored_search(line, right):
    tail, head = _TAIL_RE.search(line), _HEAD_RE.match(right)
    expected = None if not tail or not head else cuts.Pair(
        tail.group(1), head.group(2), tail.group(2), head.group(1), bool(head.group(3)))
    assert cuts.pair_at(line, right) == expected


@given(st.text(alphabet="ofthe AND,.x-", max_size=30))
def test_function_word_end_matches_the_end_anchored_search(line):
    last = re.search(r"([A-Za-z]+)$", line)
    expected = last.group(1) if last and last.group(1).lower() in MINOR_WORDS else None
    assert _function_word_end(line) == expected


def _detect_plainly(block: list[str]) -> str:
    tokens: list[str] = []
    for line in block:
        tokens += (t.lower() for t in re.findall(r"[^\W\d_]+", line))
        if len(tokens) >= DETECT_TOKENS:
            break
    if not tokens:
        return "latin"
    counts = Counter(tokens)
    best, share = "latin", 0.0
    for language in LANGUAGES:
        words = profile(language).function_words
        if not words or language == "latin":
            continue
        hits = sum(n for t, n in counts.items() if t in words) / len(tokens)
        if hits > share:
            best, share = language, hits
    return best if share >= 0.08 else "latin"


@given(st.lists(st.text(alphabet="the und le de het İ Man", max_size=40), max_size=8))
def test_detect_language_counts_as_the_plain_loop(block):
    assert detect_language(block) == _detect_plainly(block)


def test_the_cut_features_keep_their_names_and_order():
    prof = profile("en")
    pair = cuts.pair_at("the cot", "ton mills")
    named = cuts.features(pair, prof, cuts.PageVocabulary(), 0.9)
    assert tuple(named) == cuts.CUT_FEATURES
    weights = prof.weights("cut")
    assert weights.total_of(cuts.CUT_FEATURES, tuple(named.values())) == weights.score(named)[0]


@given(lines)
def test_chinese_patterns_are_not_searched_in_vain(text):
    """The prechecks (ASCII text, no 图/摄) only skip searches that could not match."""
    from cleaner import signals

    assert is_caption.__wrapped__(text) == _caption_plainly(text, signals)
    if text.isascii():
        assert signals.CJK_DATELINE_RE.match(text[:300]) is None
    split_dateline.__wrapped__(text)  # no error on any text


def _caption_plainly(text, signals):
    text = text.strip()
    return ("\n" not in text and len(text) <= signals.CAPTION_MAX
            and bool(signals.CJK_CAPTION_RE.search(signals.simplified(text))
                     or signals.LATIN_CAPTION_RE.match(text)))


long_texts = st.text(alphabet="ab （()）\u3000\t★—·.记者张明", min_size=0, max_size=400)


@given(long_texts)
def test_a_text_too_long_for_a_byline_scores_none(text):
    from cleaner.signals import byline_score, byline_too_long, visible_length

    if byline_too_long(text, visible_length(text)):
        assert byline_score.__wrapped__(text) == 0.0


def test_a_long_paragraph_is_told_too_long_from_its_ends():
    from cleaner.signals import byline_too_long, visible_length

    paragraph = "（记者 张明）" + "the board met and agreed " * 20 + "　"
    assert byline_too_long(paragraph, visible_length(paragraph))
    assert not byline_too_long("By JOHN SMITH", 11)


@given(st.lists(st.text(alphabet="ab -\u00ad.X", min_size=1, max_size=30), min_size=1,
                max_size=30))
def test_the_running_paragraph_counts_its_visible_length(block_lines):
    from cleaner.joins import _Running, build_paragraphs
    from cleaner.model import Block
    from cleaner.signals import visible_length

    seen = []
    original = _Running.extend

    def extend(self, *args):
        original(self, *args)
        seen.append((self.visible, visible_length(self.text)))

    _Running.extend = extend
    try:
        build_paragraphs([Block(0, 1, len(block_lines), tuple(block_lines))])
    finally:
        _Running.extend = original
    assert all(counted == actual for counted, actual in seen)

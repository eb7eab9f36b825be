"""The compact word lists answer as jieba and wordfreq do (they replace loading them)."""

import math
import random
from pathlib import Path

import pytest

from cleaner import chinese_words

SAMPLES = Path(__file__).parent.parent / "samples"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def jieba_tokenizer():
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return jieba.dt


def _chinese_text() -> str:
    paths = sorted(SAMPLES.glob("*.txt")) + sorted(FIXTURES.rglob("*.txt"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
    return "".join(t for t in texts if any("\u4e00" <= c <= "\u9fff" for c in t[:2000]))


def test_segmentation_is_jiebas(jieba_tokenizer):
    """Every window of real Chinese pages (with their punctuation, digits, Latin letters and
    spaces) is cut into the same tokens as jieba's `tokenize(HMM=False)`."""
    text = _chinese_text()
    assert len(text) > 5000
    rng = random.Random(7)
    for _ in range(3000):
        start, size = rng.randrange(len(text)), rng.randrange(1, 16)
        window = text[start:start + size]
        assert list(chinese_words.tokenize(window)) == list(
            jieba_tokenizer.tokenize(window, HMM=False)), window


def test_counts_zipf_and_classes_are_the_packages(jieba_tokenizer):
    from wordfreq import zipf_frequency

    listed = chinese_words.words()
    assert listed.total == jieba_tokenizer.total
    rng = random.Random(3)
    sample = rng.sample(range(len(listed)), 400)
    for at in sample:
        entry = listed.entry(at)
        assert chinese_words.count(entry) == jieba_tokenizer.FREQ[entry]
        if len(entry) >= 2 and listed.counts[at]:
            assert chinese_words.zipf(entry) == zipf_frequency(entry, "zh"), entry
    assert chinese_words.count("不是一个词语吧") is None
    assert chinese_words.word_class("鲁迅") == chinese_words.NAME
    assert chinese_words.word_class("文化") == chinese_words.ORDINARY


@pytest.mark.parametrize("lang", ["en", "de", "fr", "nl", "da", "sv"])
def test_latin_zipf_is_wordfreqs(lang):
    """A lower-case word, and lower-case ASCII words joined by hyphens (a word cut at a
    hyphen, judged whole), get wordfreq's own Zipf values without wordfreq loaded."""
    import wordfreq

    from cleaner import lexicon

    listed = wordfreq.get_frequency_dict(lang)
    rng = random.Random(lang)
    words = sorted(w for w in listed if w.isascii() and w.isalpha() and w.islower())
    for _ in range(300):
        parts = [rng.choice(words) if rng.random() < 0.9 else "qzxvk"
                 for _ in range(rng.choice([2, 2, 3]))]
        compound = "-".join(parts)
        assert lexicon.zipf(compound, lang) == wordfreq.zipf_frequency(compound, lang), compound
    for word in rng.sample(sorted(listed), 300):
        if word.isalpha() and word.islower() and "ß" not in word:
            assert lexicon.zipf(word, lang) == round(math.log10(listed[word]) + 9, 2), word
    assert lexicon.zipf("qzxvkw", lang) == 0.0
    sharp = [*[w.replace("ss", "ß", 1) for w in words if "ss" in w][:100], "ißj", "fußball"]
    for word in sharp:
        assert lexicon.zipf(word, lang) == wordfreq.zipf_frequency(word, lang), word


def test_a_long_run_searches_a_dict_with_the_same_answers(monkeypatch):
    """After enough lookups a list is searched through a dict: the same indexes, -1 for
    what it does not hold."""
    from array import array

    from cleaner import word_files

    entries = sorted(["中", "中国", "国", "abc", "ab", "żółw"])
    listed = word_files.SortedWords(*word_files.SortedWords.pack(entries))
    in_place = [listed.find(e) for e in [*entries, "x", "中国人"]]
    assert in_place == [*range(len(entries)), -1, -1]
    monkeypatch.setattr(word_files, "LOOKUPS_BEFORE_INDEX", 0)
    fresh = word_files.SortedWords(*word_files.SortedWords.pack(entries))
    assert [fresh.find(e) for e in [*entries, "x", "中国人"]] == in_place
    assert fresh._state[1] is not None
    assert isinstance(fresh.starts, array)


def test_cache_folder_by_the_xdg_convention(monkeypatch, tmp_path):
    from pathlib import Path

    from cleaner.word_files import cache_folder

    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "own"))
    assert cache_folder() == tmp_path / "own"
    monkeypatch.delenv("CLEANER_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "cleaner"
    monkeypatch.delenv("XDG_CACHE_HOME")

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", no_home)
    assert cache_folder().name == "cleaner"  # under the temporary folder

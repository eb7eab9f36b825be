"""Passages printed more than once: clusters of printings across a batch and within a
page, one whole copy kept, pointers to the kept copy, and floors on real reprints."""

import random
import sys
from collections import Counter
from pathlib import Path

import pytest

from cleaner import Options, SourceText
from cleaner.pipeline import finish_pages, prepare
from cleaner.read import split_lines

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import reprints

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reprints"

STORY = (
    "The directors of the mill on the lower river met on Thursday evening and agreed that "
    "the new dam will be finished before the autumn floods, when the water is highest and "
    "the old wooden gates can no longer hold it back from the meadows below the town.",
    "Workmen from three villages will be hired for the summer, and the contractor has "
    "promised that stone from the quarry on the hill will be carted down by the new road, "
    "so that the farmers need not lend their horses during the harvest weeks.",
)
OTHER = (
    "A travelling circus arrived in the square on Monday with two elephants, a camel and "
    "a band of twelve musicians, and the mayor has allowed it to stay until the fair.",
    "The schoolmaster reports that attendance fell by a third during the week of the "
    "circus, and asks parents to keep the children at their lessons in the mornings.",
)


def misread(text: str, every: int, seed: int = 0) -> str:
    """OCR-like noise: about one letter in `every` replaced by a look-alike or dropped."""
    rng = random.Random(seed)
    look = {"e": "c", "c": "e", "n": "u", "u": "n", "l": "1", "i": "l", "o": "0", "m": "rn",
            "h": "b", "a": "s", "t": "f", "r": "i"}
    out = []
    for char in text:
        if char.isalpha() and rng.random() < 1 / every:
            out.append("" if rng.random() < 0.2 else look.get(char, char))
        else:
            out.append(char)
    return "".join(out)


def batch(*texts: str, options: Options | None = None):
    """The results of one `--across-files` batch of pages `0.txt`, `1.txt`, ..."""
    pages = [prepare(SourceText(f"{i}.txt", "utf-8", split_lines(text)))
             for i, text in enumerate(texts)]
    return finish_pages(pages, options or Options(across_files=True))


def duplicates(result):
    return [r for r in result.removed if r.reason == "duplicate"]


def letters(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def assert_pointers_name_kept_text(results):
    """Every duplicate_of names lines of its file that were not removed themselves."""
    removed = {(res.source.name, line) for res in results for r in res.removed
               for line in range(r.lines[0], r.lines[1] + 1)}
    for res in results:
        for r in duplicates(res):
            target = r.duplicate_of
            assert not any((target.source, line) in removed
                           for line in range(target.lines[0], target.lines[1] + 1)), r


def test_two_whole_copies_keep_one_whole_and_drop_the_other_whole():
    """Two printings of a two-paragraph story: one keeps both paragraphs, the other loses
    both -- never paragraph 1 from one and paragraph 2 from the other."""
    first = "\n\n".join(STORY)
    second = "\n\n".join(misread(p, 25, k) for k, p in enumerate(STORY))
    results = batch(first, second)
    dropped = [res for res in results if duplicates(res)]
    (copy,) = dropped
    (kept,) = [res for res in results if res is not copy]
    assert kept.removed == ()
    assert sum(letters(r.text) for r in duplicates(copy)) >= 0.95 * letters(copy.source.text)
    assert {r.duplicate_of.source for r in duplicates(copy)} == {kept.source.name}
    assert_pointers_name_kept_text(results)


def test_a_chain_of_copies_points_to_the_one_kept():
    """Each printing copied from the one before, with more noise each time: all point to
    the copy that stays, none to another dropped copy."""
    chain = ["\n\n".join(STORY)]
    for k in range(1, 4):
        chain.append(misread(chain[-1], 20, k))
    results = batch(*chain)
    kept = [res for res in results if not duplicates(res)]
    assert len(kept) == 1
    targets = {r.duplicate_of.source for res in results for r in duplicates(res)}
    assert targets == {kept[0].source.name}
    assert_pointers_name_kept_text(results)


def test_a_passage_printed_a_hundred_times_keeps_one_copy():
    """More printings than the n-gram index pairs exhaustively (banding, not a star)."""
    advert = STORY[0]
    printings = [misread(advert, 30, k) for k in range(120)]
    unrelated = [misread(OTHER[k % 2], 40, k) + f" Number {k}." for k in range(2)]
    results = batch(*printings, *unrelated)
    kept = [res for res in results[:120] if not duplicates(res)]
    assert len(kept) == 1
    assert all(r.duplicate_of.source == kept[0].source.name
               for res in results for r in duplicates(res))
    assert all(letters("".join(r.text for r in duplicates(res))) >= 0.9 * letters(advert)
               for res in results[:120] if res is not kept[0])
    assert [duplicates(res) for res in results[120:]] == [[], []]


def test_a_partial_copy_loses_exactly_the_copied_passage():
    """A printing that runs on into the next article: only the copy goes, the junk
    after it stays where it is."""
    whole = "\n\n".join(STORY)
    with_junk = "\n\n".join([misread(STORY[0], 25), misread(STORY[1], 25, 1), OTHER[0]])
    results = batch(whole, with_junk)
    removed = [r for res in results for r in duplicates(res)]
    assert removed, "the copy was found"
    assert all("circus" not in r.text for r in removed)
    assert any(OTHER[0] in p for a in results[1].articles for p in a.paragraphs)
    assert_pointers_name_kept_text(results)


def test_a_stock_phrase_shared_by_two_adverts_stays_in_both():
    phrase = "Sold by all chemists and druggists in town."
    first = STORY[0] + "\n\n" + phrase
    second = OTHER[0] + "\n\n" + phrase + "\n\n" + OTHER[1]
    assert [duplicates(res) for res in batch(first, second)] == [[], []]


def test_the_same_news_told_in_other_words_is_no_copy():
    retold = ("On Thursday evening the mill directors decided that the dam on the lower river "
              "must be ready ahead of the autumn floods, because the old gates of wood will "
              "not keep the high water off the meadows under the town any longer.")
    assert [duplicates(res) for res in batch(STORY[0], retold)] == [[], []]


# --- within one page -----------------------------------------------------------------------

def one_page(*blocks: str):
    (result,) = batch("\n\n".join(blocks), options=Options())
    return result


def test_a_stray_glued_to_the_next_paragraph_is_cut_out_of_it():
    glued = misread(STORY[1], 30) + " " + OTHER[1]
    result = one_page("MILL DAM.", *STORY, "CIRCUS IN TOWN.", OTHER[0], glued)
    (removal,) = duplicates(result)
    assert removal.duplicate_of.lines == (5, 5)
    assert "schoolmaster" not in removal.text and "contractor" in removal.text
    assert any(p.startswith(OTHER[1][:30]) for a in result.articles for p in a.paragraphs)


def test_a_stray_of_two_paragraphs_is_one_removal():
    result = one_page("MILL DAM.", *STORY, "CIRCUS IN TOWN.", OTHER[0],
                      misread(STORY[0], 30), misread(STORY[1], 30, 1), OTHER[1])
    (removal,) = duplicates(result)
    assert removal.lines == (11, 13) and removal.duplicate_of.lines == (3, 5)


def test_a_stray_printed_right_after_its_original_leaves_the_original():
    result = one_page("MILL DAM.", STORY[0], STORY[1], misread(STORY[1], 30), OTHER[0])
    (removal,) = duplicates(result)
    assert removal.lines == (7, 7) and removal.duplicate_of.lines == (5, 5)


# --- real reprints -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_reprints():
    texts, labels = reprints.load(FIXTURES)
    results, _, _ = reprints.run(texts, Options(across_files=True))
    return texts, labels, results


def test_real_reprints_are_found_whole_and_point_to_kept_copies(real_reprints):
    """Floors on 94 real printings (8 passim clusters, 40 distractors): strict pairwise
    P/R as the corpus scorer counts it, no pointer to removed text, a whole copy kept of
    every cluster. (The six formula distractors make it harder than the whole corpus,
    where strict P is 0.999: one death notice whose formula is half its text is linked.)"""
    texts, labels, results = real_reprints
    score = reprints.score(texts, labels, results)
    assert score["strict"]["P"] >= 0.98 and score["strict"]["R"] >= 0.97, score
    assert score["pointers_to_removed"] == 0
    assert score["clusters_without_whole_copy"] == 0


def test_real_reprint_removals_are_records_of_the_copy_decision(real_reprints):
    _, _, results = real_reprints
    removals = [r for _, copies in results for r in copies.removed if r.label == "duplicate"]
    assert removals
    names = Counter(f.name for r in removals for f in r.evidence)
    assert {"bias", "similarity", "coverage", "log-length", "reworded"} <= set(names)
    for r in removals:
        assert 0.5 <= r.confidence <= 1.0
        decision = [f for f in r.evidence if not f.name.startswith("keep=")]
        assert round(sum(f.contribution for f in decision), 2) == pytest.approx(
            round(r.score, 2), abs=0.02)

import pytest
from conftest import LIBRARY, RIVER, article_blocks, page

from cleaner import Options, SourceText, clean_text
from cleaner.blocks import split_blocks
from cleaner.duplicates import PageText, dedupe, find_matches
from cleaner.joins import build_paragraphs
from cleaner.read import split_lines


def paragraphs_of(text: str):
    return build_paragraphs(split_blocks(split_lines(text)))[0]


def page_text(text: str, name: str = "page.txt") -> PageText:
    return PageText(name, split_lines(text), paragraphs_of(text))


def run(text: str, **options):
    """(kept paragraphs, removals) of the duplicate stage on a page."""
    (copies,) = dedupe([page_text(text)], Options(**options))
    return copies.paragraphs, copies.removed


def noisy(text: str) -> str:
    """Three OCR-like slips: a wrong, a missing and an extra character."""
    return text.replace("十二万", "十二力").replace("新建", "新", 1).replace("八公里", "八公公里")


def test_page_without_duplicates_loses_nothing(two_articles):
    kept, removed = run(two_articles)
    assert removed == [] and kept == paragraphs_of(two_articles)


def test_noisy_copy_between_articles_is_found_and_dropped():
    stray = noisy(RIVER["paragraphs"][1])
    text = page(*article_blocks(LIBRARY), stray, *article_blocks(RIVER))
    _, removed = run(text)
    assert len(removed) == 1
    dropped = removed[0]
    assert dropped.text == stray
    assert dropped.lines == (11, 11)
    assert 0.85 <= dropped.similarity < 1.0
    assert dropped.duplicate_of.lines == (17, 17)


def test_stray_copy_of_a_middle_passage_is_dropped_where_it_interrupts():
    """The library's second paragraph, printed again inside the river article."""
    river = article_blocks(RIVER)
    text = page(*article_blocks(LIBRARY), *river[:2], LIBRARY["paragraphs"][1], *river[2:])
    _, removed = run(text)
    assert [(r.lines, r.duplicate_of.lines) for r in removed] == [((15, 15), (5, 5))]
    assert removed[0].detail.startswith("context")


def test_keep_first_policy_ignores_context():
    river = article_blocks(RIVER)
    text = page(*river[:2], LIBRARY["paragraphs"][1], *river[2:], *article_blocks(LIBRARY))
    _, by_context = run(text)
    _, by_first = run(text, keep="first")
    assert by_context[0].lines != by_first[0].lines
    assert by_first[0].duplicate_of.lines == (5, 5)


def test_keep_cleanest_keeps_the_copy_without_noise():
    clean_copy = RIVER["paragraphs"][1]
    dirty_copy = clean_copy.replace("淤泥", "淤#泥").replace("公里", "公~里")
    text = page(*article_blocks(LIBRARY), dirty_copy, "中间的一段话，与两者都无关。", clean_copy)
    _, removed = run(text, keep="cleanest")
    assert removed[0].text == dirty_copy


def test_a_run_of_blocks_with_its_byline_is_one_removal():
    tail = [*RIVER["paragraphs"][1:], RIVER["byline"]]
    text = page(*article_blocks(LIBRARY, byline=False), *tail, *article_blocks(RIVER))
    _, removed = run(text)
    assert len(removed) == 1
    assert removed[0].lines == (9, 13)
    assert removed[0].text.split("\n\n") == tail


def test_short_lines_alone_never_count_as_duplicates():
    text = page("本报讯", "王晓明", "正文一段，内容不同。", "本报讯", "王晓明", "另外一段，内容也不同。")
    assert find_matches([page_text(text)], Options()) == []


def test_different_articles_sharing_a_stock_phrase_are_not_copies():
    stock = "会议要求，各部门要提高政治站位，切实抓好各项工作落实。"
    text = page(stock + "市图书馆将延长开放时间，方便读者夜间借阅图书。",
                stock + "清河治理工程将建立长效管护机制，定期监测水质。")
    assert run(text)[1] == []


def test_similarity_threshold_is_respected():
    stray = noisy(RIVER["paragraphs"][1])
    text = page(*article_blocks(LIBRARY), stray, *article_blocks(RIVER))
    assert run(text, similarity=0.99)[1] == []


def test_whole_pipeline_keeps_the_in_context_copy_in_the_article():
    river = article_blocks(RIVER)
    text = page(*article_blocks(LIBRARY), *river[:2], LIBRARY["paragraphs"][1], *river[2:])
    result = clean_text(text)
    assert result.articles[0].paragraphs[1] == LIBRARY["paragraphs"][1]
    assert LIBRARY["paragraphs"][1] not in result.articles[1].paragraphs


# --- spans, clusters, policies, batches (the archive-scale engine) --------------------------

from cleaner.pipeline import finish_pages, prepare  # noqa: E402
from cleaner.read import split_lines as _lines  # noqa: E402

PASSAGE = RIVER["paragraphs"][1]
LEAD = "会上，主持人首先介绍了本次活动的背景和主要内容，并请与会代表发言。"
TAIL = "随后，代表们围绕如何进一步做好相关工作展开了热烈讨论。"


def test_copy_inside_a_longer_paragraph_is_cut_at_its_boundaries():
    text = page(*article_blocks(RIVER), LIBRARY["title"], LEAD + PASSAGE + TAIL,
                *LIBRARY["paragraphs"][1:])
    kept, removed = run(text, keep="first")
    (removal,) = removed
    assert removal.text == PASSAGE
    assert removal.lines == (13, 13) and removal.duplicate_of.lines == (5, 5)
    assert LEAD + TAIL in [p.text for p in kept], "the text around the cut is one paragraph again"


def test_embedded_copy_is_kept_in_context_and_the_standalone_one_dropped():
    text = page(*article_blocks(RIVER), LIBRARY["title"], LEAD + PASSAGE + TAIL,
                *LIBRARY["paragraphs"][1:])
    _, removed = run(text)
    assert [r.lines for r in removed] == [(5, 5)]
    assert removed[0].duplicate_of.lines == (13, 13)


def test_three_copies_keep_exactly_one():
    text = page(*article_blocks(LIBRARY), noisy(PASSAGE), *article_blocks(RIVER),
                "中间一段与前后都无关的文字，讲的是另外一件事情。", PASSAGE)
    _, removed = run(text)
    assert len(removed) == 2
    kept_lines = {r.duplicate_of.lines for r in removed}
    assert len(kept_lines) == 1
    assert kept_lines.pop() not in {r.lines for r in removed}


@pytest.mark.parametrize(("keep", "kept_line"), [("first", 11), ("longest", 17),
                                                  ("cleanest", 17)])
def test_keep_policies(keep, kept_line):
    # noisier (a stray symbol) and, with two dropped characters, shorter
    dirty = noisy(PASSAGE).replace("余处", "处").replace("居民", "居").replace("淤泥", "淤#泥")
    text = page(*article_blocks(LIBRARY), dirty, *article_blocks(RIVER))
    _, removed = run(text, keep=keep)
    assert removed[0].duplicate_of.lines == (kept_line, kept_line)
    assert removed[0].detail.startswith(f"keep={keep}")


def test_duplicates_across_files_name_the_other_file():
    first = prepare(SourceText("a.txt", "utf-8", _lines(page(*article_blocks(RIVER)))))
    stray = page(*article_blocks(LIBRARY, byline=False), noisy(PASSAGE))
    second = prepare(SourceText("b.txt", "utf-8", _lines(stray)))
    results = finish_pages([first, second], Options())
    assert results[0].removed == ()
    (removal,) = [r for r in results[1].removed if r.reason == "duplicate"]
    assert removal.duplicate_of.source == "a.txt" and removal.duplicate_of.lines == (5, 5)


def test_across_files_decisions_do_not_depend_on_input_order():
    river = prepare(SourceText("a.txt", "utf-8", _lines(page(*article_blocks(RIVER)))))
    copy = prepare(SourceText("b.txt", "utf-8", _lines(page(
        *article_blocks(LIBRARY, byline=False), noisy(PASSAGE)))))
    again = prepare(SourceText("c.txt", "utf-8", _lines(page(
        LIBRARY["title"], PASSAGE, LIBRARY["paragraphs"][2]))))

    def removals(pages):
        return sorted((result.source.name, r.lines, r.duplicate_of)
                      for result in finish_pages(pages, Options()) for r in result.removed)

    assert removals([river, copy, again]) == removals([again, copy, river])
    assert len(removals([river, copy, again])) == 3  # PASSAGE twice, a LIBRARY paragraph once


def test_copy_behind_a_glued_headline_is_cut_at_the_copy_itself():
    """A headline joined onto a copy by mistake is not part of the copy: the cut starts
    where the copy does, not inside the word before it (found by fuzzing idempotence)."""
    body = ("Dortmund engineers refused the offer on Monday and the owners answered that "
            "the boats would stay in the harbor until the question of wages was settled.")
    tail = ("Tailed building goose wrestler opera never echo appearance project tops work. "
            "Pcs dreyfus times price bowles to bombarded hermit first where the children "
            "women steroid.")
    text = page("INTERRUPTIONS WHOLE GASP " + body, tail + " " + body, "CLOSING NOTES.", tail)
    result = clean_text(text)
    cut = [r.text for r in result.removed if r.reason == "duplicate"]
    assert any(t.startswith("Dortmund engineers") for t in cut) or any(
        t.startswith("Tailed building") for t in cut)
    kept = [p for a in result.articles for p in a.paragraphs] + [
        a.title or "" for a in result.articles]
    assert not any(p.endswith(" s") or p.startswith("teroid") for p in kept)


def test_cut_paragraph_mended_past_a_folio_and_a_stray_copy():
    """A paragraph cut at a column's foot goes on at the next column's head, after the folio
    line and a stray copy of another article's opening: the copy goes, the folio is
    furniture, and the two halves are one paragraph again."""
    opening = ("The harbour board met on Tuesday evening and agreed that the long delayed works "
               "on the northern breakwater should begin before the winter storms, with the "
               "contractor bringing two dredgers and a crane from the southern yards.")
    head = ("Members of the council spent most of the afternoon on the estimates for the coming "
            "year, and after a long debate on the roads and the lighting of the market square the")
    tail = ("budget was carried by nine votes to four, the minority holding that the rates would "
            "press too hard on the small shopkeepers of the town.")
    text = "\n\n".join(["HARBOUR WORKS TO BEGIN", opening, "COUNCIL VOTES THE BUDGET", head,
                        "PAGE 4", opening[:150], tail]) + "\n"
    result = clean_text(text)
    paragraphs = [p for a in result.articles for p in a.paragraphs]
    assert f"{head} {tail}" in paragraphs
    assert sorted(r.reason for r in result.removed) == ["duplicate", "page-furniture"]



def test_stray_copy_of_most_of_an_opening_run_on_into_other_text_is_removed():
    """An OCR engine runs a stray copy of an article's opening (three fifths of it) and the
    text under it into one block, longer than the opening itself: more of the opening lies
    outside the copy than its edges may move in, so the copy is the stretch where the two
    agree. The stray goes, and the opening stays whole under its headline."""
    opening = ("市港务局昨晚召开会议，决定北防波堤的延误工程在冬季风暴来临之前开工，承包商将从南部船厂调来两艘"
               "挖泥船和一台吊车。渔民们则要求在整个捕捞季节为鲱鱼船保留内港的通道，港务局表示将在下月的会议上"
               "作出答复。")
    stray = opening[:opening.index("吊车。") + 3]
    assert 0.5 < len(stray) / len(opening) < 0.65
    head = "市议会昨天下午讨论了明年的预算，在道路和市场广场照明问题上争论了很久。"
    tail = ("预算最终以九票对四票获得通过，少数委员认为税负将使镇上的小店主难以承受，市场广场的照明工程可以"
            "推迟到明年再议，会议直到晚上十点才结束。")
    text = "\n\n".join(["港口工程将于冬季前开工", opening, "市议会通过明年预算", head,
                        "第4版", stray + tail]) + "\n"
    assert len(stray) + len(tail) > len(opening)
    result = clean_text(text)
    paragraphs = [p for a in result.articles for p in a.paragraphs]
    assert opening in paragraphs
    assert tail in paragraphs
    (copy,) = [r for r in result.removed if r.reason == "duplicate"]
    assert copy.text == stray


def _column(text: str, width: int = 13) -> str:
    """Chinese as an OCR engine writes a narrow column: one printed line per line."""
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


#: A paragraph cut at a column bottom, its two halves, on the topic of the copy between.
CUT_HEAD = "南部船厂的承包商昨天说，北防波堤的延误工程要在冬季风暴来临之前开工，船厂的两艘挖泥船和吊车已经"
CUT_TAIL = "检修完毕，承包商调来的工人也在船厂等候开工。"


def _stray_outcome(text: str, opening: str, stray: str) -> None:
    """The cut paragraph whole, the opening whole, and the stray the one copy removed."""
    result = clean_text(text)
    paragraphs = [p for a in result.articles for p in a.paragraphs]
    assert CUT_HEAD + CUT_TAIL in paragraphs
    assert opening in paragraphs
    (copy,) = [r for r in result.removed if r.reason == "duplicate"]
    first = text.splitlines().index(stray[:13]) + 1  # the stray, not the opening
    assert copy.lines == (first, first + len(_column(stray).splitlines()) - 1)


def test_stray_inside_a_cut_paragraph_goes_and_the_opening_under_its_headline_stays():
    """Line-per-line Chinese: a paragraph cut at a column bottom goes on in the next column
    after a stray copy of another article's opening, in the same block. The opening itself
    goes on after the copied part, under a headline whose second line stands apart. Both
    copies start a longer paragraph, the stray among words of its own topic; the stray is
    the one whose neighbours run on without it, and a headline above a copy is no text it
    interrupts."""
    copied = "市港务局昨晚召开会议，决定北防波堤的延误工程在冬季风暴来临之前开工，承包商将从南部船厂调来两艘挖泥船"
    opening = copied + "，渔民们则要求在整个捕捞季节为鲱鱼船保留内港的通道，港务局表示将在下月的会议上作出答复。"
    text = "\n\n".join(["渔民要求保留内港通道", _column(CUT_HEAD), "第4版",
                        _column(copied) + "\n" + _column(CUT_TAIL),
                        "港口防波堤工程将于冬季\n开工", _column(opening)]) + "\n"
    _stray_outcome(text, opening, copied)


def test_stray_block_glued_between_the_halves_of_a_cut_paragraph_goes():
    """A stray copy of an opening's first lines, set as a block of its own between two
    halves of a paragraph cut at a column bottom: the join stage continues the paragraph
    across it, so the copy sits inside running text, but only by column-break joins at
    its block edges. That is no passage bound into its text; the copy under its headline
    stays."""
    opening = ("市港务局昨晚召开会议，决定北防波堤的延误工程在冬季风暴来临之前开工，承包商将从南部船厂调来两艘"
               "挖泥船。渔民们则要求在整个捕捞季节为鲱鱼船保留内港的通道。")
    stray = opening[:opening.index("两艘") + 2]  # cut mid-sentence: joined on both sides
    text = "\n\n".join(["渔民要求保留内港通道", _column(CUT_HEAD), _column(stray),
                        _column(CUT_TAIL), "港口防波堤工程将于冬季开工",
                        _column(opening)]) + "\n"
    _stray_outcome(text, opening, stray)


def _column_lines(text: str, width: int = 12) -> str:
    return "\n".join(text[i:i + width] for i in range(0, len(text), width))


def test_a_stray_copy_of_a_paragraphs_middle_run_into_another_cut_paragraph_is_dropped():
    """An engine set the stray copy (the middle of the library's second paragraph) in one
    block with the second half of a river paragraph cut at a column's foot: neither
    paragraph holds the other, the stretch they share is the copy. Dropped, the halves
    of the cut paragraph meet again."""
    original = LIBRARY["paragraphs"][1] + LIBRARY["paragraphs"][2]
    cut = RIVER["paragraphs"][1] + RIVER["paragraphs"][2]
    middle = original[36:84]  # under half of either paragraph
    text = "\n\n".join([LIBRARY["title"], _column_lines(LIBRARY["paragraphs"][0]),
                        _column_lines(original), RIVER["title"],
                        _column_lines(RIVER["paragraphs"][0]),
                        _column_lines(cut[:24]), _column_lines(middle + cut[24:])])
    result = clean_text(text)
    (stray,) = [r for r in result.removed if r.reason == "duplicate"]
    assert "".join(stray.text.split()).rstrip("，") == middle.rstrip("，")
    river = next(a for a in result.articles if a.title == RIVER["title"])
    assert river.paragraphs[1:] == [cut]
    library = next(a for a in result.articles if a.title == LIBRARY["title"])
    assert library.paragraphs[1:] == [original]


def test_a_short_chinese_stray_standing_as_a_paragraph_of_its_own_is_no_stock_phrase():
    """The first sentence of a paragraph (31 letters, under the stock-phrase length) printed
    again as a paragraph of its own, between two paragraphs of another article: a stray,
    dropped; a phrase two paragraphs share inside their text stays (the test above)."""
    opening = LIBRARY["paragraphs"][1][:34]  # its first sentence
    river = article_blocks(RIVER)
    text = page(*article_blocks(LIBRARY), *river[:2], opening, *river[2:])
    kept, removed = run(text)
    assert [r.text for r in removed] == [opening]
    assert LIBRARY["paragraphs"][1] in [p.text for p in kept]

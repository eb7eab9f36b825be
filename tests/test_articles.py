import pytest
from conftest import LIBRARY, RIVER, article_blocks, page

from cleaner import clean_bytes, clean_text
from cleaner.articles import dash_subtitle, heading_roles, text_features
from cleaner.model import Paragraph
from cleaner.signals import split_dateline


def test_two_articles_with_titles_datelines_and_bylines(two_articles):
    result = clean_text(two_articles)
    first, second = result.articles
    assert first.title == LIBRARY["title"] and second.title == RIVER["title"]
    assert first.dateline == second.dateline == "本报讯"
    assert first.paragraphs[0].startswith("近日，")
    assert first.byline == "王晓明" and second.byline == "李红 张伟"
    assert first.lines == (1, 9) and second.lines == (11, 19)
    assert {r.role for r in result.roles} == {"title", "dateline", "byline"}


def test_article_without_byline_ends_where_the_next_title_starts():
    text = page(*article_blocks(LIBRARY, byline=False), *article_blocks(RIVER))
    first, second = clean_text(text).articles
    assert first.byline is None and first.paragraphs[-1] == LIBRARY["paragraphs"][-1]
    assert second.title == RIVER["title"]


def test_two_subheads_in_a_row():
    text = page(RIVER["title"], RIVER["paragraphs"][0], "建设成效显著", "水质持续改善",
                *RIVER["paragraphs"][1:], RIVER["byline"])
    (article,) = clean_text(text).articles
    assert article.subheads == ["建设成效显著", "水质持续改善"]
    assert article.paragraphs[1:3] == ["建设成效显著", "水质持续改善"]
    assert article.byline == RIVER["byline"]


def test_kicker_and_title():
    text = page("市文化局召开工作会议提出", "让公共文化服务惠及更多市民", *LIBRARY["paragraphs"])
    (article,) = clean_text(text).articles
    assert article.kicker == "市文化局召开工作会议提出"
    assert article.title == "让公共文化服务惠及更多市民"


def test_dashed_second_heading_is_a_subtitle():
    roles = heading_roles([Paragraph("清河治理工程全面完工", 1, 1),
                           Paragraph("——河道水质明显改善", 3, 3)])
    assert [r for r, _ in roles] == ["title", "subtitle"]


@pytest.mark.parametrize("sizes, roles", [
    ((0.0, 0.6), ["kicker", "title"]),
    ((0.6, 0.0), ["title", "subtitle"]),
    ((0.6, 0.1, 0.0), ["title", "subtitle", "subtitle"]),
    ((0.0, 0.6, 0.1), ["kicker", "title", "subtitle"]),
])
def test_a_chinese_title_is_the_heading_set_in_the_largest_type(sizes, roles):
    """Where the layout gives type sizes, the largest heading of a run is the title, one
    above it the kicker, those under it subtitles; without sizes the order decides."""
    headings = [Paragraph(text, k, k) for k, text in
                enumerate(["清河治理工程全面完工", "河道水质明显改善", "两岸居民受益"][:len(sizes)])]
    assert [r for r, _ in heading_roles(headings, sizes)] == roles
    assert [r for r, _ in heading_roles(headings[:2])] == ["kicker", "title"]


def test_a_speck_among_chinese_headings_is_noise_however_tall():
    """A rule's edge read as one character (`和`) among the headings, measured taller
    than the headline: noise, and the headings around it take their roles as if it were
    not there; a paragraph holding a full stop is no heading."""
    headings = [Paragraph(text, k, k) for k, text in
                enumerate(["清河治理工程全面完工", "和", "——河道水质明显改善"])]
    assert [r for r, _ in heading_roles(headings, (0.6, 0.9, 0.0))] == [
        "title", "noise", "subtitle"]
    assert [r for r, _ in heading_roles(headings[:2])] == ["title", "noise"]
    assert text_features("工程共清理淤泥，治理河段。沿岸绿道也向市民开放", 2)["rule-heading"] == 0
    assert text_features("沿岸绿道向市民开放", 1)["rule-heading"] == 1


def test_continuation_markers_from_and_to():
    text = page("（上接第2版）", *RIVER["paragraphs"][1:], "（下转第8版）")
    result = clean_text(text)
    (article,) = result.articles
    assert (article.continued_from, article.continued_to) == ("2", "8")
    assert [(r.reason, r.text) for r in result.removed] == [
        ("continuation-marker", "（上接第2版）"), ("continuation-marker", "（下转第8版）")]
    assert article.title is None and article.paragraphs == RIVER["paragraphs"][1:]


def test_reporter_byline_with_prefix():
    text = page(*article_blocks(LIBRARY, byline=False), "记者 王晓明 通讯员 赵丽")
    (article,) = clean_text(text).articles
    assert article.byline == "记者 王晓明 通讯员 赵丽"


def test_a_full_width_space_read_as_a_quote_still_separates_the_reporter():
    """Tesseract's chi_sim reads the full-width space of `本报记者　王晓明` as a quote."""
    text = page(*article_blocks(LIBRARY, byline=False), "本报记者”王晓明")
    (article,) = clean_text(text).articles
    assert article.byline == "本报记者”王晓明"


def test_body_before_any_heading_is_kept_in_an_untitled_article():
    text = page(RIVER["paragraphs"][2], *article_blocks(LIBRARY))
    articles = clean_text(text).articles
    assert articles[0].title is None and articles[0].paragraphs == [RIVER["paragraphs"][2]]
    assert articles[1].title == LIBRARY["title"]


def test_english_page_with_blank_lines():
    text = page("HARBOR TIEUP AVERTED", "Towing Companies Will Lay Off 150 Craft",
                "The general tieup of craft in the harbor that has been threatened for two "
                "days will not take place to-day.",
                "A conference was held yesterday afternoon between the railroads and the "
                "engineers.")
    (article,) = clean_text(text).articles
    assert article.title == "HARBOR TIEUP AVERTED"
    assert article.subtitle == "Towing Companies Will Lay Off 150 Craft"
    assert len(article.paragraphs) == 2


def test_dash_subtitle_after_a_title_is_never_joined_to_it():
    text = page(RIVER["title"], "——沿岸绿道向市民开放", *RIVER["paragraphs"])
    result = clean_text(text)
    (article,) = result.articles
    assert (article.title, article.subtitle) == (RIVER["title"], "——沿岸绿道向市民开放")
    assert not result.joins


def test_editor_line_closes_its_article_and_is_not_a_heading():
    text = page(*article_blocks(RIVER, byline=False), "（编辑：孙小梅）",
                LIBRARY["title"], *LIBRARY["paragraphs"])
    result = clean_text(text)
    first, second = result.articles
    assert first.notes == ["（编辑：孙小梅）"] and first.paragraphs[1:] == RIVER["paragraphs"][1:]
    assert second.title == LIBRARY["title"] and second.kicker is None
    assert not result.joins


def test_byline_in_brackets_with_ornament():
    text = page(*article_blocks(LIBRARY, byline=False), "■（记者 王晓明 赵丽）")
    (article,) = clean_text(text).articles
    assert article.byline == "■（记者 王晓明 赵丽）"


def test_markers_inside_paragraphs_are_taken_out_and_read():
    closing = RIVER["paragraphs"][1] + "（下转第三版）"
    opening = "（紧接第十二版）" + LIBRARY["paragraphs"][2]
    text = page(RIVER["title"], RIVER["paragraphs"][0], closing, opening)
    result = clean_text(text)
    first, second = result.articles
    assert first.continued_to == "3" and first.paragraphs[-1] == RIVER["paragraphs"][1]
    assert second.continued_from == "12" and second.paragraphs == [LIBRARY["paragraphs"][2]]
    assert [(r.reason, r.text, r.lines) for r in result.removed] == [
        ("continuation-marker", "（下转第三版）", (5, 5)),
        ("continuation-marker", "（紧接第十二版）", (7, 7))]
    assert not result.joins


def test_english_continued_on_at_the_end_of_a_paragraph():
    text = page("HARBOR STRIKE ENDED",
                "The engineers met the owners on the pier and agreed to arbitrate the "
                "question of wages before the end of the month. (Continued on Page 5.)")
    (article,) = clean_text(text).articles
    assert article.continued_to == "5"
    assert article.paragraphs[-1].endswith("end of the month.")


def test_photo_caption_stays_with_the_article_beside_it():
    caption = "图为开放后的夜间阅读区。 本报记者 周航 摄"
    text = page(*article_blocks(LIBRARY, byline=False), caption, *article_blocks(RIVER))
    result = clean_text(text)
    first, second = result.articles
    assert first.notes == [caption] and second.title == RIVER["title"]
    assert second.kicker is None
    assert ("caption", caption) in {(r.role, r.text) for r in result.roles}


def test_reporter_set_under_the_headline_is_the_byline():
    text = page("城市服务", LIBRARY["title"], "本报记者 王晓明", *LIBRARY["paragraphs"][1:])
    (article,) = clean_text(text).articles
    assert (article.kicker, article.title, article.byline) == (
        "城市服务", LIBRARY["title"], "本报记者 王晓明")
    assert article.subtitle is None


def test_a_section_word_after_an_article_is_not_its_byline():
    text = page(*article_blocks(LIBRARY, byline=False), "乡村振兴", *article_blocks(RIVER))
    first, second = clean_text(text).articles
    assert first.byline is None
    assert (second.kicker, second.title) == ("乡村振兴", RIVER["title"])


def test_english_folio_with_weekday_and_date_is_page_furniture():
    folio = "THE DAILY COURIER, RIVERTON, MONDAY, MARCH 6, 2023."
    text = page(folio, "HARBOR STRIKE ENDED",
                "The engineers met the owners on the pier and agreed to arbitrate the wages.")
    result = clean_text(text)
    assert [(r.reason, r.text) for r in result.removed] == [("page-furniture", folio)]
    assert result.articles[0].title == "HARBOR STRIKE ENDED"


@pytest.mark.parametrize(("paragraph", "dateline"), [
    ("人民网上海5月1日电 （记者 王五）市政府今天举行发布会，介绍有关情况。",
     "人民网上海5月1日电 （记者 王五）"),
    ("本报讯 记者张三报道：市政府今天举行发布会，介绍有关情况。", "本报讯 记者张三报道："),
    ("■本报记者 张三 近日，市政府举行发布会，介绍有关情况。", "■本报记者 张三"),
    ("城市晚报 日前，新馆正式开放。", "城市晚报"),
    ("据了解 此次改造坚持先地下后地上，对管网进行了全面更新。", None),
    ("近日 市政府召开会议，部署全年工作。", None),
])
def test_chinese_datelines(paragraph, dateline):
    split = split_dateline(paragraph)
    assert (split[0] if split else None) == dateline


def test_traditional_chinese_page_in_big5():
    text = page("臺北市推動智慧交通",
                "本報訊 臺北市政府昨日宣布，將於明年全面推動智慧交通系統，整合公車及捷運資訊。",
                "據了解，市府已編列預算，預計分三年完成建置。（下轉第三版）",
                "記者 林志明", "（責任編輯：陳美玲）")
    result = clean_bytes(text.encode("big5"), "tw.txt")
    (article,) = result.articles
    assert result.source.encoding == "big5"
    assert (article.title, article.dateline, article.byline) == (
        "臺北市推動智慧交通", "本報訊", "記者 林志明")
    assert article.continued_to == "3" and article.notes == ["（責任編輯：陳美玲）"]
    assert article.paragraphs[-1] == "據了解，市府已編列預算，預計分三年完成建置。"


def test_english_bylines_with_a_title_and_dash_signatures():
    text = page("NEW FERRY LINE OPENS",
                "The first boat left the slip at noon with two hundred passengers aboard.",
                "— J. W. S.",
                "HARBOR STRIKE ENDED", "By Mary Johnson, Staff Writer",
                "The engineers met the owners on the pier and agreed to arbitrate the wages.")
    first, second = clean_text(text).articles
    assert first.title == "NEW FERRY LINE OPENS" and first.byline == "— J. W. S."
    assert second.byline == "By Mary Johnson, Staff Writer" and second.subtitle is None


def test_a_marker_cut_by_a_column_break_is_mended_and_read():
    text = page(RIVER["title"], RIVER["paragraphs"][0], "（接第9版", "）" + RIVER["paragraphs"][2])
    result = clean_text(text)
    first, second = result.articles
    assert first.title == RIVER["title"] and first.continued_to is None
    assert second.continued_from == "9" and second.paragraphs == [RIVER["paragraphs"][2]]
    assert [(r.reason, r.text) for r in result.removed] == [("continuation-marker", "（接第9版）")]


def test_dash_subtitle_stays_apart_from_the_text_even_when_a_word_spans_the_gap():
    # `…两` | `年…` reads as the word 两年 across the break; the subtitle still stands alone
    text = page(RIVER["title"], "——治理历时两", "年清河水质明显改善，沿岸绿道也向市民开放。")
    result = clean_text(text)
    (article,) = result.articles
    assert article.subtitle == "——治理历时两"
    assert article.paragraphs == ["年清河水质明显改善，沿岸绿道也向市民开放。"]
    assert not result.joins


def test_a_closing_marker_cut_after_its_first_character_is_mended():
    text = page(RIVER["title"], RIVER["paragraphs"][1] + "（下", "转第9版）", RIVER["byline"])
    result = clean_text(text)
    (article,) = result.articles
    assert article.continued_to == "9" and article.paragraphs == [RIVER["paragraphs"][1]]
    assert article.byline == RIVER["byline"]


#: An invented English article, its headline and one paragraph, to stand above another.
HARBOUR_BOARD = ("HARBOUR BOARD MEETS",
                 "The harbour board met on Tuesday and heard the engineer's report on the "
                 "new wharf, which is to be finished before the winter sets in.")


def test_an_english_headline_broken_for_the_column_is_one_title():
    """Tesseract sets a headline in large type over two lines of one block, the first a
    single word: that is the headline's first line, not a signature closing the article
    above it (invented text)."""
    text = page(*HARBOUR_BOARD,
                "UNSEASONABLE\nWEATHER",
                "Heavy frosts were reported from the upland farms on Monday night, and "
                "the growers fear for the early fruit.")
    result = clean_text(text)
    assert [a.title for a in result.articles] == ["HARBOUR BOARD MEETS",
                                                   "UNSEASONABLE WEATHER"]
    assert result.articles[0].byline is None


def test_a_headline_in_title_case_broken_for_the_column_is_one_title():
    """A headline set in title case over two lines of one block (`Council Votes New` /
    `Harbour Rates`) is one title of a new article (invented text)."""
    text = page(*HARBOUR_BOARD,
                "Council Votes New\nHarbour Rates",
                "Shipowners object to the increase, which they say will drive trade away.",
                "The council resolved on Monday night, after a long debate, to raise the "
                "harbour rates by one penny a ton from the first of next month.")
    result = clean_text(text)
    assert [a.title for a in result.articles] == ["HARBOUR BOARD MEETS",
                                                   "Council Votes New Harbour Rates"]


def test_a_signature_in_its_own_block_still_closes_the_article():
    text = page(*HARBOUR_BOARD,
                "PUBLIUS",
                "UNSEASONABLE WEATHER",
                "Heavy frosts were reported from the upland farms on Monday night, and "
                "the growers fear for the early fruit.")
    result = clean_text(text)
    assert result.articles[0].byline == "PUBLIUS"
    assert result.articles[1].title == "UNSEASONABLE WEATHER"


def _lines(text: str, width: int = 15) -> list[str]:
    """Chinese text printed one column line per line, as OCR engines write it."""
    return [text[i:i + width] for i in range(0, len(text), width)]


def test_chinese_headline_over_two_lines_opens_an_article():
    """An OCR engine writes a headline broken for its column as two lines, each a block
    (`新建的跨江大桥昨日` / `正式通车`): one title of a new article, not two subheads of the
    article before."""
    first = ("市民期待已久的滨江公园改造工程日前完成验收，园内新增步道和观景平台，"
             "周边居民纷纷前来散步休闲。公园管理处表示，今后将定期开展维护工作。")
    second = ("新建的跨江大桥经过三年施工，于昨日上午正式通车，两岸往来时间大为缩短。"
              "交通部门提醒驾驶人注意限速标志，按照指示牌有序通行。")
    text = page("滨江公园改造完成", "\n".join(_lines(first)), "新建的跨江大桥昨日",
                "正式通车", "\n".join(_lines(second)))
    articles = clean_text(text).articles
    assert [a.title for a in articles] == ["滨江公园改造完成", "新建的跨江大桥昨日正式通车"]
    assert articles[0].subheads == []
    assert articles[1].paragraphs == [second]


def test_a_speck_of_noise_over_a_headline_is_not_its_title():
    """OCR reads a rule or a smudge over a headline as `L.` or `-`: the headline under it
    is the title, and the speck stays with the article as a note (invented text)."""
    text = page(*HARBOUR_BOARD, "L.\n\nUNSEASONABLE WEATHER",
                "Heavy frosts were reported from the upland farms on Monday night, and "
                "the growers fear for the early fruit.")
    result = clean_text(text)
    assert [a.title for a in result.articles] == ["HARBOUR BOARD MEETS",
                                                   "UNSEASONABLE WEATHER"]
    assert "L." in result.articles[1].notes
    assert [r.role for r in result.roles if r.text == "L."] == ["noise"]


def test_specks_over_a_chinese_headline_are_not_its_kicker_or_title():
    """An engine reads a rule or a picture's edge over a Chinese headline as one
    character (`O`, `台`): the headline under it is the title, and the specks are notes
    of the article, never lost (invented text)."""
    text = page(*article_blocks(LIBRARY), "O\n加", "台", RIVER["title"],
                *RIVER["paragraphs"])
    result = clean_text(text)
    assert [a.title for a in result.articles] == [LIBRARY["title"], RIVER["title"]]
    second = result.articles[1]
    assert second.kicker is None and {"O", "加", "台"} <= set(second.notes)
    assert {r.role for r in result.roles if r.text in ("O", "加", "台")} == {"noise"}


def test_a_reporters_line_never_runs_into_the_text_under_it():
    """Tesseract sets the reporter's line and the text under it in one block, line per
    printed line: the reporter's line is the byline, not the paragraph's first words."""
    body = LIBRARY["paragraphs"][1]
    lines = [body[i:i + 13] for i in range(0, len(body), 13)]
    text = page(LIBRARY["title"], "\n".join(["本报记者”王晓明", *lines]),
                LIBRARY["paragraphs"][2])
    (article,) = clean_text(text).articles
    assert article.byline == "本报记者”王晓明"
    assert article.paragraphs == LIBRARY["paragraphs"][1:]


def test_a_folio_whose_fields_an_engine_set_apart_is_furniture_not_a_kicker():
    """Tesseract sets a folio's fields apart with wide spaces and drops the characters at
    its edge (`日`, `三`): the line is a folio as a whole, not two columns' lines, and
    no kicker over the first headline (invented folio)."""
    text = "2024年3月10      星期\n\n" + page(*article_blocks(LIBRARY))
    result = clean_text(text)
    assert [r.reason for r in result.removed] == ["page-furniture"]
    assert result.articles[0].kicker is None
    assert result.articles[0].title == LIBRARY["title"]


def test_a_subtitle_whose_dash_the_engine_read_as_one_is_the_subtitle():
    """Tesseract reads the dash of `——副题` as `一`: a `一` that makes no word with what
    follows opens the subtitle under the title, not a title under a kicker; a heading
    that starts with the word `一年` is no subtitle (invented text)."""
    text = page("城北新区公园开放", "一湖畔步道连通三个社区", *LIBRARY["paragraphs"])
    (article,) = clean_text(text).articles
    assert (article.kicker, article.title, article.subtitle) == (
        None, "城北新区公园开放", "一湖畔步道连通三个社区")
    assert dash_subtitle("——湖畔步道连通三个社区")
    assert not dash_subtitle("一年来城北新区的变化")


@pytest.mark.parametrize("subtitle", ["一发展夜间经济的新尝试", "一一湖畔步道连通三个社区"])
def test_a_misread_dash_the_next_words_leave_alone_is_still_a_dash(subtitle):
    """`——` read as `一` before words that make `一` a word of two (`一发`), or read as
    two of them (`一一`, itself a word): the words that follow leave the `一` alone, so it
    is the dash; `一带一路…` and `一个…` open with words and are no subtitles."""
    text = page("城北新区公园开放", subtitle, *LIBRARY["paragraphs"])
    (article,) = clean_text(text).articles
    assert (article.kicker, article.title, article.subtitle) == (
        None, "城北新区公园开放", subtitle)
    assert not dash_subtitle("一带一路建设成果丰硕") and not dash_subtitle("一个人的长征")


def test_a_chinese_headline_with_its_last_character_wrapped_is_one_title():
    """A headline one character too long for its line leaves that character alone on the
    next line (`…两千多年情` / `急`): one title, not a kicker over a one-character title
    (invented text)."""
    text = page("夜间阅读服务覆盖全市二十个街", "道", *LIBRARY["paragraphs"])
    (article,) = clean_text(text).articles
    assert article.kicker is None and article.title == "夜间阅读服务覆盖全市二十个街道"


def test_two_chinese_headline_lines_of_one_block_are_one_title():
    """A headline in large type broken over two lines of one block, the first short of a
    text line (`城北新区公园` / `今日开放`): one title, not a kicker over a title; a kicker
    stands in a block of its own (invented text)."""
    text = page("城北新区公园\n今日开放", *LIBRARY["paragraphs"])
    (article,) = clean_text(text).articles
    assert article.kicker is None and article.title == "城北新区公园今日开放"
    kicked = clean_text(page("城北新区公园", "今日开放", *LIBRARY["paragraphs"])).articles[0]
    assert (kicked.kicker, kicked.title) == ("城北新区公园", "今日开放")


def test_the_run_length_of_a_start_counts_printed_headlines():
    """Headings as an engine reads a modern page: a headline in capitals broken for the
    column, a deck broken after a minor word, a byline. The start decision weighs the run
    as two headings (the headline, the deck; a byline is no heading), not three or four
    (invented text)."""
    text = page(*HARBOUR_BOARD, "DOCK WORKERS VOTE\nTO RETURN",
                "Strike Committee Accepts the", "Owners' Offer", "By JOHN SMITH",
                "The dock workers voted on Thursday evening to return to work on Monday, "
                "after the owners agreed to arbitrate the question of wages.")
    (start,) = [s for s in clean_text(text).starts if s.text.startswith("DOCK")]
    assert {f.name: f.value for f in start.evidence}["run-length"] == 2.0


def test_spaces_an_engine_put_between_chinese_characters_leave_the_text():
    """Tesseract's text puts spaces inside Chinese lines (`市图书 馆`): running text loses
    them; the dateline before it and a headline in parts keep theirs (invented text)."""
    first = LIBRARY["paragraphs"][0].replace("市图书馆正式", "市图书 馆正式")
    (article,) = clean_text(page("夜读服务上线 周末开放至十点", first,
                                 *LIBRARY["paragraphs"][1:])).articles
    assert article.title == "夜读服务上线 周末开放至十点"
    assert article.dateline == "本报讯"
    assert article.paragraphs[0] == LIBRARY["paragraphs"][0].removeprefix("本报讯 ")

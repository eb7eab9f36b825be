"""Articles on newspaper pages as OCR gives them: one printed line per line, no blank lines,
folios, signatures, captions and headlines over two lines; layout from ALTO; a floor on a
real page with METS article truth, scored as bench/article_score.py scores the corpus."""

import gzip
import json
import sys
from pathlib import Path

import pytest

from cleaner import clean_bytes, clean_text
from cleaner.layout import type_height
from cleaner.model import LineBox
from cleaner.write import manifest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from article_score import score_record  # noqa: E402

REAL = ROOT / "tests" / "fixtures" / "real"
BRIDGE = ("NEW BRIDGE OPENED",
          "The new bridge over the river was opened yesterday by the mayor in the",
          "presence of a large crowd of citizens, who cheered as the first carriage crossed.")
LETTER = ("THE TARIFF QUESTION",
          "To the Editor: The question of the tariff is one that has long occupied the",
          "minds of the people of this country, and it is time that it was settled.")


def lines(*parts: str) -> str:
    return "\n".join(parts)


@pytest.mark.parametrize("signature", ["PUBLIUS", "JOHN SMITH."])
def test_a_closing_signature_signs_its_article_not_the_next(signature):
    first, second = clean_text(lines(*LETTER, signature, *BRIDGE)).articles
    assert first.title == "THE TARIFF QUESTION" and first.byline == signature
    assert second.title == "NEW BRIDGE OPENED" and second.byline is None


def test_a_headline_ending_with_a_period_over_its_deck_is_no_signature():
    text = lines(*LETTER, "RIOTOUS STUDENTS.", "Serious Outbreak at the University.",
                 "The students of the university broke the windows of the hall last night",
                 "and were dispersed by the police after an hour of disorder.")
    first, second = clean_text(text).articles
    assert first.byline is None
    assert second.title == "RIOTOUS STUDENTS."


def test_a_folio_with_ocr_noise_is_furniture_not_a_title():
    folio = "TWELFTH YEAB. DENVER. FRIDAY , MORNING , APRIL 7 , 1893. NUMHER 112"
    result = clean_text(lines(folio, *BRIDGE))
    assert [(r.reason, r.text) for r in result.removed] == [("page-furniture", folio)]
    (article,) = result.articles
    assert article.title == "NEW BRIDGE OPENED"


def test_a_dateline_after_the_headline_opens_the_body_of_the_same_article():
    text = lines("FLOOD IN THE VALLEY",
                 "PITTSBURG, May 3.—The river rose four feet in the night and the lower",
                 "streets of the town are under water. Many families have left their homes.")
    (article,) = clean_text(text).articles
    assert article.title == "FLOOD IN THE VALLEY"
    assert article.dateline == "PITTSBURG, May 3.—"
    assert article.paragraphs[0].startswith("The river rose")


def test_a_caption_in_capitals_is_a_note_not_a_title():
    caption = "THE NEW COURTHOUSE AS IT WILL APPEAR WHEN COMPLETED."
    result = clean_text(lines(*BRIDGE, caption, *LETTER))
    assert caption in result.articles[0].notes
    assert all(a.title != caption for a in result.articles)
    assert "caption" in {r.role for r in result.roles}


def test_on_a_page_whose_headlines_end_with_a_period_a_sentence_in_capitals_is_a_headline():
    headline = "GREAT STORM ALONG THE NORTHERN COAST YESTERDAY."
    text = lines("NEW BRIDGE OPENED.", *BRIDGE[1:], "THE TARIFF QUESTION.", *LETTER[1:],
                 headline, "MANY BOATS LOST.",
                 "A storm of great violence swept the coast last night and many of the",
                 "fishing boats in the harbour were driven ashore and broken up.")
    result = clean_text(text)
    assert result.articles[-1].title == headline
    assert result.articles[-1].subtitle == "MANY BOATS LOST."
    assert "caption" not in {r.role for r in result.roles}


@pytest.mark.parametrize("end", ["(TO BE CONTINUED.)", "[THE END.]", "(Fortsetzung folgt.)"])
def test_the_end_of_a_serials_instalment_closes_it_and_the_next_heading_opens_an_article(end):
    story = ("CHAPTER VI.",
             "She turned from the window and looked at him for a long time before she",
             "answered, and when she spoke her voice was low and very steady.")
    first, second = clean_text(lines(*story, end, "Diplomacy.", *LETTER[1:])).articles
    assert first.title == "CHAPTER VI." and end in first.notes
    assert second.title == "Diplomacy." and second.paragraphs[0].startswith("To the Editor")
    assert first.lines[1] == 4 and second.lines[0] == 5


def test_a_headline_over_two_lines_is_one_title():
    text = lines("GREAT FIRE IN THE", "BUSINESS DISTRICT",
                 "Fire broke out last night in the store of Smith and Jones and spread to",
                 "the buildings on either side before the firemen could check it.")
    (article,) = clean_text(text).articles
    assert article.title == "GREAT FIRE IN THE BUSINESS DISTRICT"
    assert article.subtitle is None
    # the last line a word of two capitals, too short for `mostly_upper` to tell
    text = lines("CATTLE HERD STOPPED BY ONE OX", "US",
                 "A herd of cattle broke loose on Main street yesterday and was turned back",
                 "at the bridge by a single team of oxen.")
    (article,) = clean_text(text).articles
    assert article.title == "CATTLE HERD STOPPED BY ONE OX US"


def test_a_headlines_last_word_set_in_a_block_of_its_own_is_still_the_title():
    """Tesseract sets the last word of a headline broken for its column in a block of
    its own (`VIADUCT` after a blank line): one word is no deck, so it ends the title;
    a headline that closes with a full stop keeps a one-word heading apart."""
    body = ("The new viaduct over the river was opened to traffic yesterday morning by",
            "the mayor, who drove the first carriage across it.")
    text = "\n\n".join(["RIVER SPANNED BY NEW", "VIADUCT", "\n".join(body)]) + "\n"
    (article,) = clean_text(text).articles
    assert article.title == "RIVER SPANNED BY NEW VIADUCT"
    assert article.subtitle is None
    text = "\n\n".join(["COUNCIL VOTES THE BRIDGE.", "VIADUCT", "\n".join(body)]) + "\n"
    article = clean_text(text).articles[0]
    assert article.title == "COUNCIL VOTES THE BRIDGE."


def alto_page(rows: list[tuple[str, int, int]], bold: bool = False) -> bytes:
    """ALTO with one TextBlock per row: (text, line height, left offset); every word
    styled bold when `bold`."""
    blocks, top = [], 100
    style = ' STYLE="bold"' if bold else ""
    for n, (text, height, left) in enumerate(rows, start=1):
        width = 40 * len(text) * height // 30
        words = "<SP/>".join(f'<String CONTENT="{w}"{style}/>' for w in text.split())
        blocks.append(f'<TextBlock ID="TB{n}"><TextLine HPOS="{100 + left}" VPOS="{top}" '
                      f'WIDTH="{width}" HEIGHT="{height}">{words}</TextLine></TextBlock>')
        top += height + 10
    return _alto("".join(blocks))


def _alto(print_space: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<alto xmlns="http://www.loc.gov/standards/'
            f'alto/ns-v3#"><Layout><Page><PrintSpace>{print_space}</PrintSpace></Page>'
            "</Layout></alto>").encode()


def test_alto_line_boxes_are_read_with_their_block():
    result = clean_bytes(alto_page([("SMALL LINE", 20, 0), ("BIG HEADLINE", 60, 0)]), "p.xml")
    boxes = result.source.layout
    assert [(b.height, b.block) for b in boxes] == [(20, 0), (60, 1)]


def test_a_line_in_capitals_is_measured_by_its_type_not_its_glyphs():
    """A line of capitals has no descenders: an engine's box of it is the capital height,
    so the same box holds larger type than a line in lower case."""
    box = LineBox(0, 0, 400, 30)
    assert type_height("BRIDGE OPENED TO TRAFFIC", box) > 1.3 * type_height("Bridge opened", box)
    assert type_height("Bridge opened", box) == type_height("第B4版 经济", box) == 30


def test_a_short_line_in_smaller_type_over_the_headline_is_the_kicker():
    body = ("The new bridge over the river was opened yesterday by the mayor in the "
            "presence of a large crowd of citizens.")
    rows = [("LOCAL AFFAIRS", 30, 0), ("BRIDGE OPENED TO TRAFFIC", 90, 0)]
    rows += [(body[i:i + 60], 30, 0) for i in range(0, len(body), 60)]
    (article,) = clean_bytes(alto_page(rows), "p.xml").articles
    assert (article.kicker, article.title) == ("LOCAL AFFAIRS", "BRIDGE OPENED TO TRAFFIC")


def test_a_page_an_engine_marked_bold_throughout_reads_as_one_in_plain_type():
    """Some engines mark every word of a page bold: bold then says nothing of a headline,
    and the page must come out as it does with no bold at all."""
    rows = [(text, 30, 0) for text in (*LETTER, *BRIDGE)]
    plain, bold = (clean_bytes(alto_page(rows, bold=b), "p.xml") for b in (False, True))
    assert all(box.bold == 1.0 for box in bold.source.layout)
    assert [(a.title, a.lines) for a in bold.articles] == [(a.title, a.lines)
                                                           for a in plain.articles]


def test_bold_type_counts_against_the_pages_running_text():
    from cleaner.layout import page_style, setting
    from cleaner.model import Paragraph, SourceText

    def bold_feature(body_bold: float) -> float:
        texts = ("SHORT HEADLINE", *(["a line of running text of the page"] * 5))
        layout = tuple(LineBox(0, 40 * n, 600, 30, bold=1.0 if n == 0 else body_bold)
                       for n in range(len(texts)))
        source = SourceText("p.xml", "utf-8", texts, layout=layout)
        return setting(Paragraph(texts[0], 1, 1), source, page_style(source))["bold"]

    assert bold_feature(0.0) == 1.0  # a bold line over plain text
    assert bold_feature(1.0) == 0.0  # every line bold: the headline is not bolder


HEADLINES = ("NEW BRIDGE OPENED", "FIRE AT THE MILL", "THE TARIFF DEBATE", "SCHOOL BOARD MEETS",
             "FLOOD IN THE VALLEY", "RAILROAD EXTENDED", "CHURCH FAIR A SUCCESS",
             "COURT NEWS", "THE HARVEST", "A NEW POST OFFICE", "CITY COUNCIL", "LOCAL BREVITIES")


def one_block_alto(rows: list[str]) -> bytes:
    """ALTO with every line in one TextBlock, as an engine's zoning may hold a column."""
    lines = "".join(f'<TextLine HPOS="100" VPOS="{100 + 40 * n}" WIDTH="{14 * len(text)}" '
                    f'HEIGHT="30">' + "<SP/>".join(f'<String CONTENT="{w}"/>'
                                                   for w in text.split()) + "</TextLine>"
                    for n, text in enumerate(rows))
    return _alto(f'<TextBlock ID="TB1">{lines}</TextBlock>')


def test_a_page_whose_blocks_hold_headlines_and_text_together_is_read_by_its_words():
    """The layout weights learnt that articles start blocks (METS articles are made of
    blocks); where an engine put a whole column in one block, the page is weighed as
    plain text is, and its articles come apart as they do in its .txt."""
    import random

    words = ("river mayor crowd citizens carriage market harvest railway station farmers "
             "council street evening morning church school letter county office weather "
             "people families travellers merchants").split()
    pick = random.Random(7)

    def line() -> str:
        return " ".join(pick.choice(words) for _ in range(11))

    rows = [row for title in HEADLINES
            for row in (title, " ".join(pick.choice(words) for _ in range(4)).title(),
                        f"The {line()} and", f"the {line()}.")]
    zoned = clean_bytes(one_block_alto(rows), "p.xml")
    plain = clean_text("\n".join(rows))
    assert len(plain.articles) >= len(HEADLINES) // 2
    assert [a.title for a in zoned.articles] == [a.title for a in plain.articles]


def test_a_run_of_headings_inside_an_article_is_a_recorded_start_decision():
    result = clean_text(lines(*LETTER, *BRIDGE))
    (start,) = manifest(result)["starts"]
    assert tuple(start["lines"]) == (4, 4) and start["text"] == "NEW BRIDGE OPENED"
    assert start["decision"] == ("new-article" if len(result.articles) == 2 else "same-article")
    total = sum(f["value"] * f["weight"] for f in start["evidence"])
    assert total == pytest.approx(start["score"], abs=0.01)


# --- a real page with METS article truth ---------------------------------------------------

BEAVER = "beavercountynews-1916-05-12-p2"
#: Floors of B-cubed F1 and titles right on this page (a training page of
#: bench/fit_articles.py; measured 0.73 / 11 of 22 for .txt, 0.80 / 19 of 22 for ALTO).
FLOORS = {"txt": (0.68, 9), "alto": (0.75, 16)}


@pytest.mark.parametrize("fmt", FLOORS)
def test_real_page_articles_keep_their_floor(fmt):
    truth = json.loads((REAL / f"{BEAVER}.articles.json").read_text(encoding="utf-8"))
    text = (REAL / f"{BEAVER}.txt").read_text(encoding="utf-8").split("\n")
    data = ((REAL / f"{BEAVER}.txt").read_bytes() if fmt == "txt"
            else gzip.decompress((REAL / f"{BEAVER}.alto.xml.gz").read_bytes()))
    score = score_record(manifest(clean_bytes(data, f"{BEAVER}.{fmt}")), text, truth)
    f1_floor, titles_floor = FLOORS[fmt]
    assert score.f1 >= f1_floor, score.line()
    assert score.title_all_ok >= titles_floor, score.line()


@pytest.mark.parametrize("speck", ["4'", "_", "I", "~"])
def test_a_speck_of_ocr_noise_inside_an_article_neither_opens_nor_titles_one(speck):
    text = "\n\n".join([BRIDGE[0], " ".join(BRIDGE[1:]), speck,
                        "The mayor thanked the engineers and the men who had built it.", speck,
                        "The toll will be a penny for a man on foot and sixpence a carriage."])
    result = clean_text(text)
    (article,) = result.articles
    assert article.title == "NEW BRIDGE OPENED"
    assert all(sum(map(str.isalpha, a.title or "x")) >= 3 for a in result.articles)
    assert speck in "\n".join(article.notes + article.paragraphs)


def test_a_reporters_line_under_a_deck_ending_on_a_minor_word_is_the_byline():
    """`Delighted an the` ends on a minor word, as a headline line broken for the column
    does; the line after it is the reporter's, not the rest of the deck."""
    text = "\n\n".join(["GREAT STORM ALONG THE COAST",
                        "Boats Driven Ashore And Broken Up On\nThe Rocks by the",
                        "By Clark SMITH",
                        "\n".join(BRIDGE[1:])])
    (article,) = clean_text(text).articles
    assert article.title == "GREAT STORM ALONG THE COAST"
    assert article.byline == "By Clark SMITH"
    assert "SMITH" not in (article.subtitle or "")

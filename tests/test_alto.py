"""ALTO input: versions and namespaces, TextBlocks as blocks, HypPart words, bad files."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import clean_bytes
from cleaner.alto import looks_like_alto, read_alto
from cleaner.cli import app
from cleaner.read import InputError

NAMESPACES = {
    "none": "",
    "v1-ccs": ' xmlns="http://schema.ccs-gmbh.com/ALTO"',
    "v2": ' xmlns="http://www.loc.gov/standards/alto/ns-v2#"',
    "v3": ' xmlns="http://www.loc.gov/standards/alto/ns-v3#"',
    "v4": ' xmlns="http://www.loc.gov/standards/alto/ns-v4#"',
}


def alto(namespace: str = "", blocks: str | None = None) -> bytes:
    blocks = blocks if blocks is not None else """
      <TextBlock ID="TB1" HPOS="10" VPOS="20" WIDTH="300" HEIGHT="40">
        <TextLine><String CONTENT="HARBOR"/><SP/><String CONTENT="STRIKE."/></TextLine>
      </TextBlock>
      <TextBlock ID="TB2" HPOS="10" VPOS="70" WIDTH="300" HEIGHT="90.5">
        <TextLine><String CONTENT="The"/><SP/><String CONTENT="strike"/><SP/>
          <String CONTENT="of"/><SP/><String CONTENT="the"/><SP/>
          <String CONTENT="Har" SUBS_TYPE="HypPart1" SUBS_CONTENT="Harbor"/><HYP CONTENT="-"/>
        </TextLine>
        <TextLine><String CONTENT="bor" SUBS_TYPE="HypPart2" SUBS_CONTENT="Harbor"/><SP/>
          <String CONTENT="men"/><SP/><String CONTENT="ended."/></TextLine>
      </TextBlock>"""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<alto{namespace}><Layout><Page>'
            f"<PrintSpace>{blocks}</PrintSpace></Page></Layout></alto>").encode()


@pytest.mark.parametrize("version", NAMESPACES)
def test_alto_versions_and_namespaces(version):
    data = alto(NAMESPACES[version])
    assert looks_like_alto(data)
    page = read_alto(data, "p.xml")
    assert page.source.lines == ("HARBOR STRIKE.", "The strike of the Har-", "bor men ended.")
    assert [(b.id, b.first, b.last, b.box) for b in page.blocks] == [
        ("TB1", 1, 1, (10, 20, 300, 40)), ("TB2", 2, 3, (10, 70, 300, 90))]
    assert page.hints[2].word == "Harbor"


def test_alto_cleaned_with_its_blocks_and_hyphen_words():
    result = clean_bytes(alto(NAMESPACES["v4"]), "page.txt")  # found by content, not name
    (article,) = result.articles
    assert article.title == "HARBOR STRIKE."
    assert article.paragraphs == ["The strike of the Harbor men ended."]
    assert article.blocks == ["TB1", "TB2"]
    (join,) = result.joins
    assert (join.lines, join.rule, join.word, join.confidence) == ((2, 3), "hyphen", "Harbor", 1.0)


@pytest.mark.parametrize(("data", "reason"), [
    (alto()[:-40], "not well-formed"),
    (alto(' xmlns="http://example.com/not-alto"'), "unknown namespace"),
    (alto(blocks=""), "without any TextBlock"),
])
def test_bad_alto(data, reason):
    with pytest.raises(InputError, match=reason):
        read_alto(data, "bad.xml")


def test_bad_alto_fails_alone_in_a_batch(tmp_path):
    (tmp_path / "good.xml").write_bytes(alto())
    (tmp_path / "truncated.xml").write_bytes(alto()[:-40])
    (tmp_path / "empty.alto.xml").write_bytes(alto(blocks=""))
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [str(tmp_path / "good.xml"), str(tmp_path / "truncated.xml"),
                                      str(tmp_path / "empty.alto.xml"), "-o", str(out)])
    assert result.exit_code == 1
    assert "truncated.xml: not well-formed ALTO XML" in result.stderr
    assert "empty.alto.xml: ALTO file without any TextBlock" in result.stderr
    manifest = json.loads((out / "good" / "manifest.json").read_text("utf-8"))
    assert manifest["encoding"] == "alto-xml"
    assert manifest["blocks"][1] == {"id": "TB2", "lines": [2, 3],
                                     "box": {"hpos": 10, "vpos": 70, "width": 300, "height": 90}}


def _cjk_strings(text: str, step: int = 2) -> str:
    """A line as Tesseract's chi_sim ALTO writes it: one String per one or two characters,
    an SP between each."""
    pieces = [text[i:i + step] for i in range(0, len(text), step)]
    return "<SP/>".join(f'<String CONTENT="{p}"/>' for p in pieces)


def test_chinese_alto_strings_are_not_spaced():
    """`中 国 总 理` from one String per character: no space between two CJK characters in
    the lines, the articles or the manifest's text."""
    from conftest import LIBRARY

    body = LIBRARY["paragraphs"][1]  # a paragraph with no space of its own
    lines = [body[i:i + 12] for i in range(0, len(body), 12)]
    blocks = (f'<TextBlock ID="T1"><TextLine>{_cjk_strings(LIBRARY["title"], 1)}</TextLine>'
              "</TextBlock><TextBlock ID=\"T2\">"
              + "".join(f"<TextLine>{_cjk_strings(line)}</TextLine>" for line in lines)
              + "</TextBlock>")
    page = read_alto(alto(blocks=blocks), "p.alto.xml")
    assert page.source.lines[0] == LIBRARY["title"]
    assert " " not in body and "".join(page.source.lines[1:]) == body
    result = clean_bytes(alto(blocks=blocks), "p.alto.xml")
    (article,) = result.articles
    assert article.title == LIBRARY["title"]
    text = "".join(article.paragraphs)
    assert text == body


def test_english_alto_strings_keep_their_spaces():
    page = read_alto(alto(), "p.alto.xml")
    assert page.source.lines[0] == "HARBOR STRIKE."


TESSERACT = Path(__file__).resolve().parent / "fixtures" / "tesseract"


@pytest.mark.parametrize("kind", ["alto.xml", "txt"])
def test_tesseract_chinese_page_has_no_cjk_spaces_and_loses_nothing(kind):
    """A page read by Tesseract 5 chi_sim (fixture, see its README): its ALTO has a String
    per one or two characters. The cleaned articles hold no space between two Chinese
    characters, both titles are found, and every character of the OCR output is kept."""
    import re

    data = (TESSERACT / f"zh-two-articles.{kind}").read_bytes()
    truth = json.loads((TESSERACT / "truth.json").read_text("utf-8"))["zh-two-articles"]
    result = clean_bytes(data, f"zh-two-articles.{kind}")
    texts = [t for a in result.articles for t in (a.title or "", *a.paragraphs)]
    assert not [t for t in texts if re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", t)]
    titles = [a.title for a in result.articles]
    assert all(article["title"] in titles for article in truth["articles"])
    source = "".join("".join(result.source.lines).split())
    kept = "".join("".join(t.split()) for a in result.articles
                   for t in (a.kicker or "", a.title or "", a.subtitle or "", a.dateline or "",
                             a.byline or "", *a.paragraphs, *a.credits, *a.notes))
    kept += "".join("".join(r.text.split()) for r in result.removed)
    assert sorted(source) == sorted(kept)


def _cjk_line(text: str, top: int, height: int, glyph_height: int | None = None) -> str:
    """A Chinese TextLine of one String per character; its box `height` tall, each
    character's `glyph_height` (the type size)."""
    glyph = glyph_height or height
    strings = "<SP/>".join(
        f'<String CONTENT="{c}" HPOS="{100 + 32 * k}" VPOS="{top}" WIDTH="30" '
        f'HEIGHT="{glyph}"/>' for k, c in enumerate(text))
    return (f'<TextLine HPOS="100" VPOS="{top}" WIDTH="{32 * len(text)}" '
            f'HEIGHT="{height}">{strings}</TextLine>')


def test_a_chinese_line_the_engine_stretched_is_no_headline_in_display_type():
    """Tesseract stretched one body line's box over a speck beside it (60 pixels over
    30-pixel characters): measured by its characters it is body type, so it neither
    opens an article nor titles one, and its paragraph comes out whole."""
    from conftest import LIBRARY

    title, body = LIBRARY["title"], LIBRARY["paragraphs"][1]
    rows = [body[i:i + 12] for i in range(0, len(body), 12)]
    lines = [_cjk_line(title, 20, 48)]
    top = 90
    for k, row in enumerate(rows):
        stretched = k == 2
        lines.append(_cjk_line(row, top, 60 if stretched else 30, 30))
        top += 70 if stretched else 40
    page = alto(blocks=f'<TextBlock ID="T1">{lines[0]}</TextBlock>'
                       f'<TextBlock ID="T2">{"".join(lines[1:])}</TextBlock>')
    (article,) = clean_bytes(page, "p.alto.xml").articles
    assert article.title == title
    assert article.paragraphs == [body]


def _latin_line(text: str, top: int, height: int) -> str:
    """A Latin TextLine of one String per word, `height` pixels tall."""
    strings = '<SP WIDTH="10"/>'.join(
        f'<String CONTENT="{word}" HPOS="{100 + 120 * k}" VPOS="{top}" WIDTH="110" '
        f'HEIGHT="{height}"/>' for k, word in enumerate(text.split()))
    return (f'<TextLine HPOS="100" VPOS="{top}" WIDTH="{120 * len(text.split())}" '
            f'HEIGHT="{height}">{strings}</TextLine>')


def test_a_title_case_headline_over_a_deck_in_smaller_type_is_no_one_headline():
    """Both in title case with no closing punctuation, as a headline broken for the column
    would be; but the engine put the deck in a block of its own, set a size smaller (25
    pixels against 40), so it is the deck, not the headline's second line."""
    body = ["The new bridge over the river was opened yesterday by the mayor in",
            "the presence of a large crowd of citizens, who cheered loudly as the",
            "first carriage crossed it and the band played on the bank below them."]
    text = "".join(_latin_line(line, 200 + 30 * k, 22) for k, line in enumerate(body))
    page = alto(blocks=f'<TextBlock ID="T1">{_latin_line("Council Opens Bridge", 20, 40)}'
                       f'</TextBlock><TextBlock ID="T2">'
                       f'{_latin_line("Crowds Cheer Mayor On Opening Day", 120, 25)}</TextBlock>'
                       f'<TextBlock ID="T3">{text}</TextBlock>')
    (article,) = clean_bytes(page, "p.alto.xml").articles
    assert article.title == "Council Opens Bridge"
    assert article.subtitle == "Crowds Cheer Mayor On Opening Day"
    assert article.paragraphs == [" ".join(body)]

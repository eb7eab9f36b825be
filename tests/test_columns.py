"""Lines an OCR engine read across a column gutter: split into their columns, numbered
back to the input's lines, nothing lost."""

import re
import sys
from pathlib import Path

from conservation import lost_characters
from test_alto import alto

from cleaner import clean_bytes, clean_text
from cleaner.alto import read_alto
from cleaner.columns import split_columns, thread_order
from cleaner.model import SourceText
from cleaner.read import read_lines, text_gaps
from cleaner.write import manifest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

HARBOUR = ("市港务局昨晚召开会议，决定北防波堤的延误工程在冬季风暴来临之前开工，承包商将从南部船厂调来两艘"
           "挖泥船和一台吊车。")
COUNCIL = ("市议会昨天下午讨论了明年的预算，在道路和市场广场照明问题上争论了很久，预算最终以九票对四票获得"
           "通过。")


def _column(text: str, width: int = 13) -> list[str]:
    return [text[i:i + width] for i in range(0, len(text), width)]


def test_a_run_of_spaces_between_two_texts_is_a_gutter():
    assert text_gaps("港口工程开工          市议会昨天下午", "港口工程开工 市议会昨天下午") == (7,)
    assert text_gaps("Price  two cents", "Price two cents") == ()  # two spaces: a word gap
    assert text_gaps("        indented", "indented") == ()
    lines, _, splits = read_lines("a\nHEADLINE ONE      HEADLINE TWO\n")
    assert lines[1] == "HEADLINE ONE HEADLINE TWO"
    assert [(s.line, s.offsets) for s in splits] == [(2, (13,))]


def test_headline_read_beside_the_next_columns_first_line():
    """Tesseract reads a headline and the first line of the column beside it as one line.
    The headline titles the text under it; the other column's line is kept as a note, and
    every line number still points into the input."""
    body = _column(HARBOUR)
    text = "\n".join(["港口工程将于冬季开工          " + COUNCIL[:11], "", *body, ""])
    result = clean_text(text)
    (article,) = result.articles
    assert article.title == "港口工程将于冬季开工"
    assert article.paragraphs == [HARBOUR]
    assert article.notes == [COUNCIL[:11]]
    assert not lost_characters(result)
    record = manifest(result)
    count = len(text.splitlines())
    assert all(1 <= n <= count for a in record["articles"] for n in a["lines"])
    assert all(1 <= n <= count for j in record["joins"] for n in j["lines"])
    assert result.source.lines[0] == "港口工程将于冬季开工 " + COUNCIL[:11]  # the input as read


def test_two_columns_read_across_come_out_column_by_column():
    """An engine that did not see the gutter reads both columns line by line; the split
    page reads the first column to its end, then the second."""
    left, right = _column(HARBOUR), _column(COUNCIL)
    rows = len(min(left, right, key=len))
    text = "\n".join(f"{a}      {b}" for a, b in zip(left[:rows], right[:rows],
                                                         strict=True)) + "\n"
    lines, indents, splits = read_lines(text)
    columned = split_columns(SourceText("p.txt", "utf-8", lines, indents=indents,
                                        splits=splits))
    read = [line for line in columned.source.lines if line]
    assert read == left[:rows] + right[:rows]
    assert columned.source_line == (*range(1, rows + 1), rows, *range(1, rows + 1))
    result = clean_text(text)
    # the first column stops mid-sentence, so its text runs on at the second's top
    assert [p for a in result.articles for p in a.paragraphs] == ["".join(read)]
    assert not lost_characters(result)


def test_one_character_beside_the_next_column_is_a_column_of_its_own():
    """A paragraph's last line of one character (`。` excepted, `车`) read with the next
    column's line beside it: one Chinese character is a word, so the gutter splits the
    line as it does two longer texts, and no space is left between two characters."""
    left, right = _column(HARBOUR[:-1], 9), _column(COUNCIL + HARBOUR, 9)
    assert len(left[-1]) == 1
    rows = len(left)
    text = "\n".join(f"{a}      {b}" for a, b in zip(left, right[:rows], strict=True))
    text += "\n" + "\n".join(right[rows:]) + "\n"
    *_, splits = read_lines(text)
    assert [s.line for s in splits] == list(range(1, rows + 1))
    result = clean_text(text)
    assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", p)
                   for a in result.articles for p in a.paragraphs)
    assert not lost_characters(result)


def _strings(text: str, left: int, height: int = 40, top: int = 10) -> str:
    return "<SP WIDTH=\"4\"/>".join(
        f'<String CONTENT="{c}" HPOS="{left + 40 * k}" VPOS="{top}" WIDTH="36" '
        f'HEIGHT="{height}"/>' for k, c in enumerate(text))


def _alto_line(gap: int) -> bytes:
    """A headline and, `gap` pixels to its right, a line of the next column."""
    head, other = "港口工程开工", COUNCIL[:8]
    right = 100 + 40 * len(head) + gap
    line = (f'<TextLine HPOS="100" VPOS="10" WIDTH="{right + 320 - 100}" HEIGHT="40">'
            f'{_strings(head, 100)}<SP WIDTH="{gap}"/>{_strings(other, right)}</TextLine>')
    body = "".join(f'<TextLine HPOS="100" VPOS="{60 + 40 * k}" WIDTH="380" HEIGHT="36">'
                   f'{_strings(part, 100, 36)}</TextLine>'
                   for k, part in enumerate(_column(HARBOUR)))
    return alto(blocks=f'<TextBlock ID="T1">{line}</TextBlock>'
                       f'<TextBlock ID="T2">{body}</TextBlock>')


def test_alto_line_with_a_gutter_wide_gap_is_split():
    """An `SP` three line heights wide inside a TextLine is a gutter; a folio's gaps (about
    two heights between its fields) are not."""
    page = read_alto(_alto_line(200), "p.alto.xml")
    (split,) = page.source.splits
    assert split.line == 1 and page.source.lines[0][split.offsets[0]:] == COUNCIL[:8]
    assert split.boxes[0].width < split.boxes[1].hpos - split.boxes[0].hpos
    assert not read_alto(_alto_line(80), "p.alto.xml").source.splits
    result = clean_bytes(_alto_line(200), "p.alto.xml")
    (article,) = result.articles
    assert article.title == "港口工程开工"
    assert article.notes == [COUNCIL[:8]]
    assert article.paragraphs == [HARBOUR]
    assert not lost_characters(result)
    assert {b.first for b in result.blocks} <= set(range(1, 1 + len(result.source.lines)))


def test_blocks_are_read_column_by_column_under_a_spanning_block():
    """Tesseract lists a column's head, then the next column's head, then the first column
    again; read by position, a block across the columns opens a band, and in a band the
    first column is read to its foot before the next."""
    from cleaner.columns import reading_order

    boxes = [(80, 60, 1100, 40),   # masthead across both columns
             (80, 120, 500, 300),  # column 1, top
             (640, 120, 500, 100),  # column 2, top
             (80, 440, 500, 400),  # column 1, foot
             (640, 240, 500, 600)]  # column 2, under its head
    assert reading_order(boxes) == [0, 1, 3, 2, 4]
    assert reading_order([(80, 60, 500, 40), None]) == [0, 1]  # no box: the file's order


def test_tesseract_alto_is_read_in_column_order_and_numbered_as_the_file():
    """A Tesseract ALTO whose second block is the head of the next column: the first
    column's paragraph, cut by it, is read whole; the lines keep the file's numbers."""
    def block(ident: str, left: int, top: int, texts: list[str]) -> str:
        rows = "".join(f'<TextLine HPOS="{left}" VPOS="{top + 40 * k}" WIDTH="520" HEIGHT="36">'
                       f'{_strings(t, left, 36)}</TextLine>' for k, t in enumerate(texts))
        return (f'<TextBlock ID="{ident}" HPOS="{left}" VPOS="{top}" WIDTH="520" '
                f'HEIGHT="{40 * len(texts)}">{rows}</TextBlock>')

    first, second = _column(HARBOUR), _column(COUNCIL)
    blocks = (block("b1", 100, 100, first[:2]) + block("b2", 700, 100, second)
              + block("b3", 100, 180, first[2:]))
    data = alto(blocks=blocks).replace(
        b"<Layout>", b"<Description><OCRProcessing><ocrProcessingStep><processingSoftware>"
        b"<softwareName>tesseract 5.3.0</softwareName></processingSoftware>"
        b"</ocrProcessingStep></OCRProcessing></Description><Layout>")
    page = read_alto(data, "p.alto.xml")
    assert page.source.reading_order[:3] == (1, 2, 2 + len(second) + 1)
    result = clean_bytes(data, "p.alto.xml")
    paragraphs = [p for a in result.articles for p in a.paragraphs]
    assert HARBOUR in paragraphs and COUNCIL in paragraphs
    assert not lost_characters(result)
    assert all(1 <= n <= len(page.source.lines) for a in result.articles for n in a.lines)
    without = clean_bytes(data.replace(b"tesseract 5.3.0", b"docWorks"), "p.alto.xml")
    assert HARBOUR not in [p for a in without.articles for p in a.paragraphs]


def _ruled_page(left: list[str], right: list[str], mark: str = "|", tail: int = 0) -> bytes:
    """Two columns an engine read line by line across the rule between them, the rule read
    as a `mark` String in each line (`tail`: lines of the first column alone at the foot)."""
    rows = []
    for k, (a, b) in enumerate(zip(left, right, strict=False)):
        top = 100 + 40 * k
        rule = f'<String CONTENT="{mark}" HPOS="640" VPOS="{top}" WIDTH="6" HEIGHT="36"/>'
        rows.append(f'<TextLine HPOS="100" VPOS="{top}" WIDTH="1100" HEIGHT="36">'
                    f"{_strings(a, 100, 36, top)}"
                    f'<SP WIDTH="20"/>{rule}<SP WIDTH="20"/>'
                    f"{_strings(b, 700, 36, top)}"
                    "</TextLine>")
    for k, a in enumerate(left[len(right):len(right) + tail]):
        top = 100 + 40 * (len(right) + k)
        rows.append(f'<TextLine HPOS="100" VPOS="{top}" WIDTH="520" HEIGHT="36">'
                    f"{_strings(a, 100, 36, top)}"
                    "</TextLine>")
    return alto(blocks=f'<TextBlock ID="T1">{"".join(rows)}</TextBlock>')


def test_columns_read_across_their_rule_come_out_column_by_column():
    """Tesseract reads narrow ruled columns across the page, the rule as `|` in each line:
    each String goes to the column its place says, the first column is read to its foot
    before the second, and the marks are taken out as column rules, not lost."""
    left, right = _column(HARBOUR + FERRY), _column(COUNCIL + MARKET)
    data = _ruled_page(left, right[:len(left) - 2], tail=2)
    page = read_alto(data, "p.alto.xml")
    assert [s.columns for s in page.source.splits[:2]] == [(0, 1), (0, 1)]
    result = clean_bytes(data, "p.alto.xml")
    text = "".join(p for a in result.articles for p in a.paragraphs)
    assert text.index(FERRY[-10:]) < text.index(COUNCIL[:10])
    assert HARBOUR + FERRY in text
    rules = [r for r in result.removed if r.label == "column-rule"]
    assert [r.text for r in rules] == ["|"] * (len(left) - 2)
    assert rules[0].lines == (1, 1)
    assert not lost_characters(result)
    assert all(1 <= n <= len(page.source.lines) for a in result.articles for n in a.lines)


def test_a_mark_at_a_column_edge_is_no_rule():
    """A vendor's ALTO catches a character of the next column and its rule at a line's
    start (`; | agreement by which`): too little text on one side to be read across."""
    left = ["，"] * 8
    right = _column(COUNCIL + MARKET)[:8]
    page = read_alto(_ruled_page(left, right), "p.alto.xml")
    assert not any(s.columns for s in page.source.splits)


# --- blocks read into each other (columns.thread_order) ------------------------------------

FERRY = ("渡口管理处昨天宣布，从下个月起早班渡船提前半小时开航，晚班渡船延长到夜里十点，方便在对岸工厂上夜班"
         "的工人回家，票价保持不变，月票也照常发售，学生和老人仍然可以半价乘船，管理处还将在码头增设候船座椅。")
MARKET = ("南门菜市场改造工程上周完工，新市场分为蔬菜、水产和熟食三个区域，摊位比原来多了四十个，顶棚换成了"
          "透光的材料，地面重新铺设了防滑砖，市场管理员说，周末的顾客比改造前多了一倍，附近居民都说买菜方便多了。")


def _set(text: str, width: int = 13, indent: int = 2) -> list[str]:
    """A paragraph set in a column `width` characters wide, its first line an indent short
    (an engine's text keeps no indent)."""
    first = width - indent
    return [text[:first], *(text[i:i + width] for i in range(first, len(text), width))]


def _interleaved() -> str:
    ferry, market = _set(FERRY), _set(MARKET)
    assert not any(line.endswith("。") for line in ferry[:3] + market[:3])
    blocks = [["渡船延长夜班"], ferry[:3], ["南门菜市场完工"], market[:3], ferry[3:], market[3:]]
    return "\n\n".join("\n".join(b) for b in blocks) + "\n"


def test_blocks_read_into_each_other_are_threaded_back():
    """Tesseract read two columns block by block in turn: the first column's opening, the
    second's headline and opening, then the rest of each. Each paragraph comes out whole,
    with nothing lost, and every join names the input's two lines it joined."""
    text = _interleaved()
    result = clean_text(text)
    paragraphs = [p for a in result.articles for p in a.paragraphs]
    assert FERRY in paragraphs and MARKET in paragraphs
    assert not lost_characters(result)
    lines = text.split("\n")
    record = manifest(result)
    for join in record["joins"]:
        left, right = join["lines"]
        assert lines[left - 1].endswith(join["left"].lstrip("…")[-3:])
        assert lines[right - 1].startswith(join["right"].rstrip("…")[:3])
    assert {tuple(j["lines"]) for j in record["joins"]} >= {(5, 13), (11, 19)}


STREET = ("老街改造工程今天正式开工，施工队将在三个月内完成路面翻修，让这条历经风雨岁月的老街重新焕发"
          "活力，沿街商户都表示支持，居民也期待早日完工。")
LIBRARY = ("城东图书馆新馆昨天开门迎接读者，馆内藏书超过三十万册，设有儿童阅览室自习区。每天开放十二个"
           "小时，周末还有讲座和展览，市民可以凭身份证免费办理借书证。")


def test_a_column_top_read_before_the_foot_it_continues_is_threaded_by_its_words():
    """Tesseract read the top of column 2 (`。每天…`, the rest of the second story's
    paragraph) between the two halves of the first story's paragraph, and that story's
    second half (`月的老街…`) after it: the oldest open block is not the one it goes on
    from. The word across the break (`…风雨岁` | `月的…`: 岁月) says which block the
    second half finishes, and the block opening with a full stop goes after the second
    story's open foot, read later. Both paragraphs come out whole; nothing is lost."""
    street, library = _set(STREET), _set(LIBRARY)
    assert street[2].endswith("岁") and library[3].startswith("。")
    blocks = [["老街改造开工"], street[:3], library[3:], street[3:], ["图书馆新馆开门"],
              library[:3]]
    text = "\n\n".join("\n".join(b) for b in blocks) + "\n"
    result = clean_text(text)
    paragraphs = [p for a in result.articles for p in a.paragraphs]
    assert STREET in paragraphs and LIBRARY in paragraphs
    assert not lost_characters(result)


def test_a_page_in_its_reading_order_is_not_threaded():
    """The same blocks in the order they were printed, and an open block followed by its
    own continuation, move nothing."""
    ferry, market = _set(FERRY), _set(MARKET)
    for blocks in ([["渡船延长夜班"], ferry, ["南门菜市场完工"], market],
                   [["渡船延长夜班"], ferry[:3], ferry[3:], ["南门菜市场完工"], market]):
        text = "\n\n".join("\n".join(b) for b in blocks)
        lines, indents, _ = read_lines(text)
        assert thread_order(SourceText("p.txt", "utf-8", lines, indents=indents)) == ()


def test_generated_pages_in_reading_order_are_not_threaded():
    """Chinese pages set line per line in columns, in their order, with paragraphs cut at
    column ends and blocks of several paragraphs (`synth.cjk_column_page`): none moves."""
    import random

    from synth import article, cjk_column_page

    for seed in range(40):
        rng = random.Random(seed)
        text = cjk_column_page(rng, [article(rng, "zh") for _ in range(3)])
        lines, indents, _ = read_lines(text)
        assert thread_order(SourceText("p.txt", "utf-8", lines, indents=indents)) == (), seed

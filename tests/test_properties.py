"""Properties over generated pages: nothing lost, idempotent, deterministic, never crashes.

A few hundred examples here; `bench/fuzz.py` runs 10,000.
"""

from collections import Counter

from conftest import LIBRARY
from conservation import lost_characters
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import pages, raw_text

from cleaner import clean_bytes, clean_text
from cleaner.write import manifest, render

#: The same examples on every run (CI must not pass or fail by chance); bench/fuzz.py
#: draws new ones, 10,000 per property.
SETTINGS = settings(max_examples=150, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(pages())
def test_nothing_is_lost(text):
    assert lost_characters(clean_text(text)) == Counter()


@SETTINGS
@given(pages())
def test_cleaning_clean_text_changes_nothing(text):
    cleaned = render(clean_text(text), "text")
    again = clean_text(cleaned)
    assert again.joins == ()
    assert again.removed == ()


@SETTINGS
@given(pages())
def test_same_input_same_output(text):
    assert manifest(clean_text(text)) == manifest(clean_text(text))


@SETTINGS
@given(raw_text)
def test_no_exception_on_any_text(text):
    result = clean_text(text)
    assert lost_characters(result) == Counter()


@SETTINGS
@given(raw_text.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_no_exception_on_any_bytes(data):
    from cleaner.read import InputError

    try:
        clean_bytes(data, "x.txt")
    except InputError:
        pass


@SETTINGS
@given(pages(), st.integers(0, 2**16), st.integers(4, 12))
def test_lines_read_across_a_gutter_lose_nothing_and_point_into_the_input(text, seed, gap):
    """Some lines of a page glued to the lines below them across a gutter, as an engine
    reads two columns side by side: nothing is lost, and every line number of the
    manifest is a line of the input, every range in order."""
    import random

    lines = text.splitlines()
    rng = random.Random(seed)
    for k in sorted(rng.sample(range(len(lines) - 1), min(3, len(lines) - 1)), reverse=True):
        lines[k:k + 2] = [lines[k] + " " * gap + lines[k + 1]]
    glued = "\n".join(lines) + "\n"
    result = clean_text(glued)
    assert lost_characters(result) == Counter()
    record = manifest(result)
    count = len(lines)
    ranges = [a["lines"] for a in record["articles"]] + [r["lines"] for r in record["removed"]]
    assert all(1 <= first <= last <= count for first, last in ranges)
    assert all(1 <= n <= count for j in record["joins"] for n in j["lines"])


@SETTINGS
@given(st.integers(0, 2**32 - 1), st.integers(1, 4))
def test_blocks_in_any_order_lose_nothing_and_point_into_the_input(seed, count):
    """A Chinese page set line per line with its blocks shuffled, as an engine's layout
    analysis may list them: threading them back (`columns.thread_order`) moves whole
    lines, so nothing is lost and every line number of the manifest is a line of the input."""
    import random

    from synth import article, cjk_column_page

    from cleaner.columns import SEPARATOR, thread_order
    from cleaner.model import SourceText
    from cleaner.read import read_lines

    rng = random.Random(seed)
    blocks = cjk_column_page(rng, [article(rng, "zh") for _ in range(count)]).split("\n\n")
    rng.shuffle(blocks)
    text = "\n\n".join(blocks)
    lines, indents, _ = read_lines(text)
    order = thread_order(SourceText("p.txt", "utf-8", lines, indents=indents))
    if order:
        assert sorted(n for n in order if n != SEPARATOR) == [
            n for n, line in enumerate(lines, 1) if line.strip()]
    result = clean_text(text)
    assert lost_characters(result) == Counter()
    record = manifest(result)
    ranges = [a["lines"] for a in record["articles"]] + [r["lines"] for r in record["removed"]]
    assert all(1 <= first <= last <= len(lines) for first, last in ranges)
    assert all(1 <= n <= len(lines) for j in record["joins"] for n in j["lines"])


def test_the_page_reference_written_under_a_chinese_title_stands_apart_when_cleaned_again():
    """A hypothesis example (bench/fuzz.py, 1,500 examples): `[from page 7]`, the text
    output's page reference, ran on from the title above it and into the text below it,
    both Chinese and both by a small margin of the Chinese weights."""
    title = "间歇性跨度储量大大小小友善夫妇"  # the generator's words (tests/strategies.py)
    text = "\n\n".join([title, "（接第7版）" + LIBRARY["paragraphs"][1], LIBRARY["paragraphs"][2]])
    result = clean_text(text)
    assert result.articles[0].continued_from == "7"
    again = clean_text(render(result, "text"))
    assert again.joins == () and again.removed == ()
    assert [a.title for a in again.articles] == [title]


def test_a_chinese_caption_written_as_a_note_stands_apart_when_cleaned_again():
    """A hypothesis example (bench/fuzz.py, 1,620 examples): the caption the text output
    writes at its article's end, closed by its photographer's credit, ran on into the next
    article's text when cleaned again (`left-is-signed-caption` is a veto now)."""
    caption = "图为春秋公平比利牛斯项目男仆。 本报记者 张华 摄"  # the generator's words
    text = "\n\n".join([LIBRARY["title"], *LIBRARY["paragraphs"], caption,
                        "餐饮自由派玻璃精神文明四十年丹东抗日书法家立刻，所有心上合称。",
                        "美术馆幸得城郊了解，解决征讨，襄阳完成现在。体面第一步雁门关。"])
    result = clean_text(text)
    assert caption in result.articles[0].notes
    again = clean_text(render(result, "text"))
    assert again.joins == () and again.removed == ()

"""Articles continued on another page of the run name the input that holds the rest."""

from cleaner.links import page_markers, page_number, page_ref, plan_links
from cleaner.pipeline import finish_pages, prepare_bytes
from cleaner.write import manifest

FRONT = """PAGE 1

BRIDGE WORKS BEGIN

The county board voted yesterday to begin work on the new river bridge before the
spring floods, and the contractor will bring two dredgers from the southern yard.

The engineers said the old piers would be taken down first, and that ferry service
would run every half hour while the work goes on. (Continued on Page 4)

MARKET HALL OPENS

The new market hall on South Street opened on Saturday with forty more stalls than
the old one, and the traders said the crowd was twice the usual size.
"""
INSIDE = """PAGE 4

BRIDGE WORKS BEGIN

(Continued from Page 1)

The ferry company has promised extra boats on market days, and the board will meet
again next month to hear the first report of the engineers on the river bed.
"""


def _articles(*pages: tuple[str, str]) -> dict[str, list[dict]]:
    prepared = [prepare_bytes(text.encode(), name) for name, text in pages]
    return {r.source.name: manifest(r)["articles"] for r in finish_pages(prepared)}


def test_an_article_continued_on_a_page_of_the_run_names_it():
    articles = _articles(("front.txt", FRONT), ("inside.txt", INSIDE))
    bridge, market = articles["front.txt"]
    assert (bridge["title"], bridge["continued_to"], bridge["continues"]) == (
        "BRIDGE WORKS BEGIN", "4", "inside.txt")
    assert "continues" not in market
    (rest,) = articles["inside.txt"]
    assert rest["continued_from"] == "1" and "continues" not in rest


def test_no_link_without_the_page_that_answers():
    """The continuation page must be in the run and name this page in its own marker."""
    alone = _articles(("front.txt", FRONT), ("other.txt", INSIDE.replace("Page 1", "Page 7")))
    assert all("continues" not in a for a in alone["front.txt"])
    twice = _articles(("front.txt", FRONT), ("inside.txt", INSIDE), ("again.txt", INSIDE))
    assert all("continues" not in a for a in twice["front.txt"])  # two pages 4: say nothing


def test_page_numbers_from_folios_and_file_names():
    assert page_number("x.txt", ["PAGE 4        THE EVENING LEDGER"]) == "4"
    assert page_number("x.txt", ["第B4版　　经济观察导报"]) == "B4"
    assert page_number("beaver-1916-05-12-p10.txt", ["no folio here"]) == "10"
    assert page_number("sn123-seq0006.txt", ["no folio here"]) is None  # a scan's sequence
    assert page_number("inside-p4.txt", ["(Continued from Page 1)", "More text."]) == "4"
    assert page_ref("A-03") == page_ref("a3") == "A3"


def test_markers_are_read_on_their_own_lines_and_in_brackets():
    marks = page_markers("p.txt", ["（上接A3版）", "全文如下。（下转第3版）", "(Continued on Page 5)"])
    assert marks.came_from == {"A3"} and marks.to == {"3", "5"}
    assert plan_links([marks]) == [{}]

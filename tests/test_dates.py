"""Dates in the languages the tool reads: folios that name the day, and the place-and-date
lines that open news items in French, German, Dutch and Danish papers as well as English."""

from __future__ import annotations

import pytest

from cleaner.articles import segment_articles
from cleaner.model import Paragraph
from cleaner.signals import is_furniture, split_dateline


@pytest.mark.parametrize("line", [
    "JEUDI, 3 Mars 1870.",
    "Sonnabend, den 12. Oktober 1872.",
    "Woensdag 7 Augustus 1861.",
    "Torsdag den 4 Juli 1799.",
    "SATURDAY, APRIL 2nd, 1881.",
    "LANCASTER DAILY INTELLIGENCER THURSDAY, DECEMBER 29,1881.",  # the space lost
    "2021年1月22星期",  # Tesseract's ALTO: `日` and the weekday dropped, the gap closed up
    "2021年1月22      星期",  # and its text
])
def test_a_folio_date_in_any_of_the_languages_is_furniture(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "Le conseil s'est réuni jeudi, 3 mars 1870, pour voter le budget.",
    "Town Council.—Saturday, April 2nd, 1881.",  # a report's heading with its date
])
def test_a_date_in_a_sentence_or_a_heading_is_not_furniture(line):
    assert not is_furniture(line)


@pytest.mark.parametrize(("text", "dateline"), [
    ("Lyon, 14 juin. — Le préfet a reçu hier les délégués des ouvriers.", "Lyon, 14 juin. —"),
    ("Toulon, 2 février.— On annonce le départ de l'escadre pour Brest.",
     "Toulon, 2 février.—"),
    ("Köln, 12. Oktober. Die Versammlung der Weinhändler tagte gestern.",
     "Köln, 12. Oktober."),
    ("Utrecht den 9 Maart. De Staten hebben besloten de vaart te verdiepen.",
     "Utrecht den 9 Maart."),
    ("Aarhus, 3 Marts. Skibet kom i Havn i Gaar med en Ladning Korn.", "Aarhus, 3 Marts."),
])
def test_a_continental_news_item_opens_with_its_place_and_date(text, dateline):
    head, body = split_dateline(text)
    assert head == dateline
    assert text.endswith(body) and body[:1].isupper()


@pytest.mark.parametrize("text", [
    "Im Oktober. Die Versammlung der Weinhändler tagte gestern in Köln.",  # no place, no day
    "per Mai-Juni 168,25—168,75 bez., per Juni-Juli 167,50 bez. und Brief.",  # a price list
    "Lyon, 14 juin. le préfet a reçu hier les délégués des ouvriers.",  # runs on in lower case
])
def test_a_month_in_running_text_is_no_dateline(text):
    assert split_dateline(text) is None


def test_a_dated_news_item_keeps_its_dateline_apart_in_the_article():
    texts = ["LE PRÉFET EN TOURNÉE.",
             "Lyon, 14 juin. — Le préfet a reçu hier les délégués des ouvriers de la soie, "
             "qui lui ont remis leurs demandes."]
    paragraphs = [Paragraph(t, n + 1, n + 1, (n,), ((n + 1, 0),)) for n, t in enumerate(texts)]
    articles, *_ = segment_articles(paragraphs)
    assert [a.title for a in articles] == ["LE PRÉFET EN TOURNÉE."]
    assert articles[0].dateline == "Lyon, 14 juin. —"
    assert articles[0].paragraphs[0].startswith("Le préfet a reçu hier")

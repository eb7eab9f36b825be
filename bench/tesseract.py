"""Real OCR-engine output: render pages from text we choose, read them back with
Tesseract 5 (txt and ALTO, `--psm` left as users leave it), clean what it wrote, score it.

    apt-get install tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng
    pip install '.[bench]'                      # Pillow, for rendering
    python bench/tesseract.py --out /tmp/tess   # render, OCR, clean, print the figures
    python bench/tesseract.py --out tests/fixtures/tesseract --fixtures   # refresh fixtures

The pages are the invented articles of `tests/conftest.py` (not text of any sample page),
set one column wide, a title in larger type over each article. Figures, per page and
format: characters of the OCR output lost by `clean` (must be 0), spaces left between two
Chinese characters in the cleaned articles (must be 0; before the ALTO fix every String
boundary had one), and the article titles found.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402 -- word lists for invented articles
from conftest import LIBRARY, RIVER  # noqa: E402 -- the invented test articles

from cleaner import clean_bytes  # noqa: E402
from cleaner.write import manifest  # noqa: E402

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#: Characters per printed line of a Chinese column, and its type sizes in pixels.
ZH_LINE, BODY_PX, TITLE_PX = 16, 36, 52
_CJK_SPACE_RE = re.compile(r"[\u4e00-\u9fff] +[\u4e00-\u9fff]")


def render(articles: list[dict], path: Path) -> None:
    """A page image: for each article its title in large type, then its paragraphs set
    ZH_LINE characters to a line, a blank line between paragraphs."""
    from PIL import Image, ImageDraw, ImageFont

    body = ImageFont.truetype(FONT, BODY_PX, index=2)  # the SC face of the collection
    title = ImageFont.truetype(FONT, TITLE_PX, index=2)
    rows: list[tuple[str, ImageFont.FreeTypeFont]] = []
    for article in articles:
        rows.append((article["title"], title))
        for paragraph in article["paragraphs"]:
            text = "　　" + paragraph.replace(" ", "　")
            rows += [(text[i:i + ZH_LINE], body) for i in range(0, len(text), ZH_LINE)]
            rows.append(("", body))
    height = sum(int(font.size * 1.6) for _, font in rows) + 120
    image = Image.new("L", (ZH_LINE * BODY_PX + 160, height), 255)
    draw = ImageDraw.Draw(image)
    y = 60
    for text, font in rows:
        draw.text((80, y), text, font=font, fill=0)
        y += int(font.size * 1.6)
    image.save(path)


def ocr(image: Path, lang: str) -> dict[str, bytes]:
    """Tesseract's text and ALTO of one image."""
    out = {}
    for kind, config in (("txt", []), ("alto.xml", ["alto"])):
        stem = image.with_suffix("")
        subprocess.run(["tesseract", str(image), str(stem), "-l", lang, *config],
                       check=True, capture_output=True)
        produced = stem.with_suffix(".xml" if kind == "alto.xml" else ".txt")
        out[kind] = produced.read_bytes()
        produced.unlink()
    return out


def visible(text: str) -> str:
    return "".join(text.split())


def score(name: str, result, record: dict) -> dict:
    """What cleaning the engine's output did (`result` and its manifest `record`):
    characters lost, CJK spaces, titles."""
    kept = "".join(visible(a["kicker"] or "") + visible(a["title"] or "")
                   + visible(a["subtitle"] or "") + visible(a["dateline"] or "")
                   + visible(a["byline"] or "") + "".join(map(visible, a["paragraphs"]))
                   + "".join(map(visible, a["credits"] + a["notes"]))
                   for a in record["articles"])
    removed = "".join(visible(r["text"]) for r in record["removed"])
    removed += "".join(j.get("dropped", "") for j in record["joins"])  # a word cut's hyphen
    source = visible("".join(result.source.lines))
    lost = sum(max(0, source.count(c) - (kept + removed).count(c)) for c in set(source))
    spaced = sum(len(_CJK_SPACE_RE.findall(p)) for a in record["articles"]
                 for p in [a["title"] or "", *a["paragraphs"]])
    source_spaced = sum(len(_CJK_SPACE_RE.findall(line)) for line in result.source.lines)
    return {"input": name, "lost": lost, "cjk_spaces": spaced,
            "cjk_spaces_in_lines": source_spaced,
            "titles": [a["title"] for a in record["articles"]]}


# --- newspaper pages: a folio line, columns with rules, headlines, cut paragraphs, strays ---

LATIN_FONT = "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf"
LATIN_BOLD = "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf"
CJK_BOLD = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


@dataclass
class Item:
    """One thing set in a column: a headline, a paragraph (or the part of one that runs on
    from the previous column: `cont`), or a stray copy of text printed elsewhere."""

    kind: str  # title | para | cont | stray
    text: str
    article: int = -1


@dataclass
class Style:
    """How a `flow` page is set: drawn from a seed, so held-out pages differ in layout as
    well as in text."""

    columns: int
    column_px: int
    body_px: int
    title_px: int
    paragraph_gap: float  # extra space between paragraphs, in body lines (0: none)
    indent: bool  # a paragraph's first line indented
    title_case: bool  # English headlines in title case, not capitals


@dataclass
class Spec:
    lang: str
    folio: str
    columns: list[list[Item]]
    articles: list[dict] = field(default_factory=list)  # truth: title, paragraphs
    strays: list[str] = field(default_factory=list)
    flow: list[Item] = field(default_factory=list)  # set by `render_flow` when there is a style
    style: Style | None = None


def _fonts(lang: str):
    from PIL import ImageFont

    if lang == "zh":
        return (ImageFont.truetype(FONT, 34, index=2), ImageFont.truetype(CJK_BOLD, 48, index=2),
                ImageFont.truetype(FONT, 30, index=2))
    return (ImageFont.truetype(LATIN_FONT, 30), ImageFont.truetype(LATIN_BOLD, 44),
            ImageFont.truetype(LATIN_FONT, 26))


def _wrap(text: str, font, width: float, lang: str, indent: float,
          hyphenate: bool = True) -> list[tuple[float, str]]:
    """(x offset, text) of each printed line. Chinese breaks anywhere; English at spaces,
    a long word that does not fit hyphenated as compositors did (not in headlines)."""
    lines: list[tuple[float, str]] = []
    if lang == "zh":
        line, x = "", indent
        for char in text:
            if font.getlength(line + char) + x > width:
                lines.append((x, line))
                line, x = "", 0.0
            line += char
        return [*lines, (x, line)] if line else lines
    line, x = "", indent
    for word in text.split():
        trial = f"{line} {word}" if line else word
        if font.getlength(trial) + x <= width:
            line = trial
            continue
        if hyphenate and len(word) >= 7:
            for cut in range(len(word) - 3, 2, -1):
                head = f"{line} {word[:cut]}-" if line else f"{word[:cut]}-"
                if font.getlength(head) + x <= width:
                    lines.append((x, head))
                    line, x, word = "", 0.0, word[cut:]
                    break
        if line:
            lines.append((x, line))
            x = 0.0
        line = word
    return [*lines, (x, line)] if line else lines


def render_page(spec: Spec, path: Path, column_px: int = 520, gutter: int = 44) -> None:
    """A newspaper page: the folio line over a rule, then the columns side by side with a
    rule between them; headlines centred in bold, paragraphs with an indented first line
    and no blank line between them, as papers set them."""
    from PIL import Image, ImageDraw

    body, title, folio = _fonts(spec.lang)
    indent = body.size * (2 if spec.lang == "zh" else 1.5)
    leading = int(body.size * 1.45)
    placed: list[list[tuple[int, float, str, object]]] = []
    for column in spec.columns:
        rows, y = [], 0
        for item in column:
            if item.kind == "title":
                for _, line in _wrap(item.text, title, column_px, spec.lang, 0, False):
                    rows.append((y, (column_px - title.getlength(line)) / 2, line, title))
                    y += int(title.size * 1.35)
                y += leading // 3
                continue
            first = 0 if item.kind == "cont" else indent
            for x, line in _wrap(item.text, body, column_px, spec.lang, first):
                rows.append((y, x, line, body))
                y += leading
        placed.append(rows)
    top = 60 + int(folio.size * 2.2)
    height = top + max((r[-1][0] for r in placed if r), default=0) + 160
    width = len(spec.columns) * (column_px + gutter) - gutter + 160
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    draw.text((80, 60), spec.folio, font=folio, fill=0)
    draw.line((80, top - 20, width - 80, top - 20), fill=0, width=3)
    for k, rows in enumerate(placed):
        left = 80 + k * (column_px + gutter)
        for y, x, line, font in rows:
            draw.text((left + x, top + y), line, font=font, fill=0)
        if k:
            draw.line((left - gutter // 2, top, left - gutter // 2, height - 100), fill=0, width=2)
    image.save(path)


#: Minor words an English headline in title case keeps in lower case.
_MINOR = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def _title_case(text: str) -> str:
    words = text.lower().split()
    return " ".join(w if k and w in _MINOR else w[:1].upper() + w[1:] for k, w in enumerate(words))


def draw_style(rng: random.Random, lang: str) -> Style:
    if lang == "zh":
        body = rng.randint(26, 34)
        return Style(rng.randint(2, 4), body * rng.randint(12, 18), body,
                     int(body * rng.uniform(1.3, 1.8)), rng.choice([0.0, 0.0, 0.6]),
                     rng.random() < 0.8, False)
    body = rng.randint(22, 30)
    return Style(rng.randint(2, 4), body * rng.randint(14, 20), body,
                 int(body * rng.uniform(1.3, 1.9)), rng.choice([0.0, 0.0, 0.5]),
                 rng.random() < 0.7, rng.random() < 0.5)


def flow_specs(seed: int) -> dict[str, Spec]:
    """Pages of another layout family: 2-4 columns, type sizes, paragraph spacing and
    headline case drawn from the seed; articles with bylines and decks, set one after
    another and flowed down the columns (a paragraph cut wherever a column ends)."""
    rng = random.Random(seed * 7919 + 1)
    specs = {}
    folios = {"zh": [f"第{rng.randint(2, 16)}版　城市晨报　{rng.randint(1990, 2024)}年"
                     f"{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
                     f"{rng.randint(1990, 2024)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"
                     f"　星期三　要闻　第{rng.randint(2, 16)}版"],
              "en": [f"{rng.randint(2, 16)}    THE MORNING COURIER, TUESDAY, JUNE "
                     f"{rng.randint(1, 28)}, {rng.randint(1890, 1930)}",
                     f"THE WEEKLY SENTINEL    SATURDAY, APRIL {rng.randint(1, 28)}, "
                     f"{rng.randint(1890, 1930)}    PAGE {rng.randint(2, 16)}"]}
    for lang in ("zh", "en"):
        style = draw_style(rng, lang)
        items, articles = [], []
        for k in range(rng.randint(3, 3 + style.columns)):
            made = synth.article(rng, lang, rng.randint(2, 4))
            title = made.title if lang == "zh" or not style.title_case else _title_case(made.title)
            articles.append({"title": title, "paragraphs": made.paragraphs, "index": k})
            items.append(Item("title", title, k))
            if lang == "en" and rng.random() < 0.4:
                deck = _title_case(synth.sentence(rng, "en", words=rng.randint(4, 8)).rstrip("."))
                items.append(Item("deck", deck, k))
            elif lang == "zh" and rng.random() < 0.3:
                items.append(Item("deck", "——" + synth._unpunctuated(
                    synth.sentence(rng, "zh", words=rng.randint(3, 5))), k))
            if made.byline and rng.random() < 0.6:
                byline = made.byline if lang == "en" else f"本报记者　{made.byline}"
                items.append(Item("byline", byline, k))
            items += [Item("para", p, k) for p in made.paragraphs]
        specs[f"{lang}-flow"] = Spec(lang, rng.choice(folios[lang]), [], articles, [], items, style)
    return specs


def render_flow(spec: Spec, path: Path) -> None:
    """A page of `flow_specs`: the items wrapped once, then poured down the columns in
    turn, a column ending wherever it is full (never on a headline)."""
    from PIL import Image, ImageDraw, ImageFont

    style = spec.style
    assert style is not None
    if spec.lang == "zh":
        face = lambda px, bold=False: ImageFont.truetype(CJK_BOLD if bold else FONT, px, index=2)  # noqa: E731
    else:
        face = lambda px, bold=False: ImageFont.truetype(LATIN_BOLD if bold else LATIN_FONT, px)  # noqa: E731
    body, title = face(style.body_px), face(style.title_px, True)
    deck, folio = face(int(style.body_px * 1.15), True), face(int(style.body_px * 0.9))
    leading = int(style.body_px * 1.45)
    width = style.column_px
    rows: list[tuple[int, float, str, object, str]] = []  # height, x, text, font, kind
    for item in spec.flow:
        if item.kind in ("title", "deck", "byline"):
            font = {"title": title, "deck": deck, "byline": body}[item.kind]
            if rows:
                rows.append((leading // 2, 0, "", body, "gap"))
            for _, line in _wrap(item.text, font, width, spec.lang, 0, False):
                rows.append((int(font.size * 1.3), (width - font.getlength(line)) / 2, line,
                             font, item.kind))
            continue
        indent = (body.size * (2 if spec.lang == "zh" else 1.5)) if style.indent else 0
        text = item.text
        for x, line in _wrap(text, body, width, spec.lang, indent):
            rows.append((leading, x, line, body, "para"))
        if style.paragraph_gap:
            rows.append((int(leading * style.paragraph_gap), 0, "", body, "gap"))
    total = sum(r[0] for r in rows)
    per_column = total / style.columns + leading
    columns: list[list] = [[]]
    used = 0
    for row in rows:
        heading_last = row[4] in ("title", "deck", "byline") and used > per_column * 0.85
        if (used + row[0] > per_column or heading_last) and len(columns) < style.columns:
            columns.append([])
            used = 0
        if row[4] == "gap" and not columns[-1]:
            continue
        columns[-1].append(row)
        used += row[0]
    gutter = int(style.body_px * 1.5)
    top = 60 + int(folio.size * 2.2)
    height = top + int(max(sum(r[0] for r in c) for c in columns)) + 160
    page_width = style.columns * (width + gutter) - gutter + 160
    image = Image.new("L", (page_width, height), 255)
    draw = ImageDraw.Draw(image)
    draw.text((80, 60), spec.folio, font=folio, fill=0)
    draw.line((80, top - 20, page_width - 80, top - 20), fill=0, width=3)
    for k, column in enumerate(columns):
        left, y = 80 + k * (width + gutter), top
        for h, x, line, font, _ in column:
            if line:
                draw.text((left + x, y), line, font=font, fill=0)
            y += h
        if k:
            draw.line((left - gutter // 2, top, left - gutter // 2, height - 100), fill=0, width=2)
    image.save(path)


def _article(rng, lang: str, index: int, paragraphs: int) -> dict:
    made = synth.article(rng, lang, paragraphs)
    return {"title": made.title, "paragraphs": made.paragraphs, "index": index}


def _items(article: dict) -> list[Item]:
    return [Item("title", article["title"], article["index"]),
            *(Item("para", p, article["index"]) for p in article["paragraphs"])]


def _cut(text: str, lang: str, share: float = 0.5) -> tuple[str, str]:
    """A paragraph cut where a column ends (at a space in English)."""
    at = int(len(text) * share)
    if lang != "zh":
        at = text.index(" ", at)
        return text[:at], text[at + 1:]
    return text[:at], text[at:]


def page_specs(seed: int = 14) -> dict[str, Spec]:
    """Two layouts per language, made from `synth`'s word lists (no text of a sample page):
    `heads`: three articles whose headlines stand side by side at the top of three ruled
    columns; `cuts`: articles running over column ends, a paragraph cut in two with a stray
    copy of an earlier passage printed at the top of the next column between its halves."""
    rng = random.Random(seed)
    specs = {}
    folios = {"zh": "第B4版　　经济观察导报　　2024年3月10日　星期一",
              "en": "PAGE 4        THE EVENING LEDGER, MONDAY, MARCH 10, 1924"}
    for lang in ("zh", "en"):
        size = 2 if lang == "en" else 3
        heads = [_article(rng, lang, k, size) for k in range(3)]
        specs[f"{lang}-heads"] = Spec(lang, folios[lang], [_items(a) for a in heads], heads)
        arts = [_article(rng, lang, k, n) for k, n in enumerate((4, 3, 3))]
        first, second = _cut(arts[0]["paragraphs"][2], lang)
        stray = _cut(arts[1]["paragraphs"][0], lang, 0.6)[0]
        columns = [
            [*_items(arts[0])[:3], Item("para", first, 0)],
            [Item("stray", stray), Item("cont", second, 0),
             *(Item("para", p, 0) for p in arts[0]["paragraphs"][3:]), *_items(arts[1])[:2]],
            [*(Item("para", p, 1) for p in arts[1]["paragraphs"][1:]), *_items(arts[2])],
        ]
        specs[f"{lang}-cuts"] = Spec(lang, folios[lang], columns, arts, [stray])
    return specs


# --- scoring at the text level -----------------------------------------------------------

#: Two texts (whitespace removed) count as one paragraph at this rapidfuzz ratio: the
#: engine's own misreadings stay, the tool's joins and splits show.
SAME = 90
#: A piece of text counts as taken from a paragraph at this partial ratio, when it has at
#: least PIECE characters.
PIECE = 12


def _inside(piece: str, whole: str) -> bool:
    short, long = sorted((piece, whole), key=len)
    return len(short) >= PIECE and fuzz.partial_ratio(short, long) >= SAME


def paragraph_figures(outputs: list[tuple[int, str]], articles: list[dict]) -> dict:
    """Paragraphs recovered whole, split, and output paragraphs merging two articles.
    `outputs` are (article, paragraph) of what came out, `articles` the truth."""
    truth = [(a["index"], visible(p)) for a in articles for p in a["paragraphs"]]
    found = [(k, visible(p)) for k, p in outputs if visible(p)]
    whole = sum(any(fuzz.ratio(t, p) >= SAME for _, p in found) for _, t in truth)
    split = sum(not any(fuzz.ratio(t, p) >= SAME for _, p in found)
                and sum(_inside(p, t) for _, p in found) >= 2 for _, t in truth)
    titles = [(a["index"], visible(a["title"])) for a in articles]
    merged = sum(len({k for k, t in truth + titles if _inside(t, p) or _inside(p, t)}) >= 2
                 for _, p in found)
    return {"paragraphs": len(truth), "whole": whole, "split": split, "merged": merged}


def raw_blocks(data: bytes, kind: str, lang: str) -> list[str]:
    """The engine's own paragraphs: blank-line blocks of its text, TextBlocks of its ALTO."""
    glue = "" if lang == "zh" else " "
    if kind == "txt":
        blocks = re.split(r"\n\s*\n", data.decode("utf-8"))
        return [glue.join(b.split("\n")) for b in blocks if b.strip()]
    from xml.etree import ElementTree

    root = ElementTree.fromstring(data)
    out = []
    for block in root.iterfind(".//{*}TextBlock"):
        lines = [" ".join(s.get("CONTENT", "") for s in line.iterfind(".//{*}String"))
                 for line in block.iterfind(".//{*}TextLine")]
        out.append(glue.join(lines))
    return out


#: How closely an output paragraph reads as a stray's original paragraph to be it (below
#: SAME: the original may be whole but for the engine's misreadings of the stray's end).
KEPT_ORIGINAL = 80


def _source(stray: str, articles: list[dict]) -> str:
    """The truth paragraph a stray was copied from (visible characters)."""
    return next(visible(p) for a in articles for p in a["paragraphs"]
                if _inside(visible(stray), visible(p)))


def score_page(name: str, kind: str, data: bytes, spec: Spec) -> dict:
    """Every figure of one OCR output of a page, cleaned."""
    result = clean_bytes(data, f"{name}.{kind}")
    record = manifest(result)
    base = score(f"{name}.{kind}", result, record)
    outputs = [(k, p) for k, a in enumerate(record["articles"]) for p in a["paragraphs"]]
    owners = {}
    for k, a in enumerate(record["articles"]):  # which truth article each output one is
        text = visible(" ".join(a["paragraphs"]))
        best = max(spec.articles, key=lambda t: fuzz.partial_ratio(
            visible(t["paragraphs"][0])[:40], text) if text else 0)
        owners[k] = best["index"]
    figures = paragraph_figures([(owners[k], p) for k, p in outputs], spec.articles)
    raw = paragraph_figures([(-1, b) for b in raw_blocks(data, kind.split(".")[0], spec.lang)],
                            spec.articles)
    titles = [visible(a["title"] or "") for a in record["articles"]]
    found_titles = sum(any(fuzz.ratio(visible(a["title"]), t) >= 85 for t in titles)
                       for a in spec.articles)
    removed = [visible(r["text"]) for r in record["removed"]]
    # a stray is removed when a copy of it went and its original paragraph is still there,
    # read as that paragraph: keeping the stray (run on into other text) does not count
    strays = sum(any(_inside(visible(s), r) for r in removed)
                 and any(fuzz.ratio(visible(p), _source(s, spec.articles)) >= KEPT_ORIGINAL
                         for _, p in outputs)
                 for s in spec.strays)
    folio_titles = sum(bool(t) and fuzz.partial_ratio(t, visible(spec.folio)) >= 80
                       and len(t) >= 4 for t in titles)
    return {**base, **figures, "raw_whole": raw["whole"], "titles_found": found_titles,
            "titles_wanted": len(spec.articles), "strays_removed": strays,
            "strays": len(spec.strays), "folio_titles": folio_titles,
            "articles_out": len(record["articles"])}


#: The seed of the committed fixtures' articles.
FIXTURE_SEED = 14


def all_specs(seed: int = FIXTURE_SEED, layouts: str = "all") -> dict[str, Spec]:
    """The one-column page of the invented test articles and the newspaper layouts; with
    another seed, only newspaper pages of other articles (text the tool was not fixed on):
    the ruled `columns` layouts and the `flow` pages of a layout drawn from the seed."""
    if seed != FIXTURE_SEED:
        chosen = {**(page_specs(seed) if layouts in ("all", "columns") else {}),
                  **(flow_specs(seed) if layouts in ("all", "flow") else {})}
        return {f"{name}-{seed}": spec for name, spec in chosen.items()}
    river, library = ({"title": a["title"], "paragraphs": a["paragraphs"], "index": k}
                      for k, a in enumerate((RIVER, LIBRARY)))
    return {"zh-two-articles": Spec("zh", "", [], [river, library]), **page_specs()}


def make(specs: dict[str, Spec], out: Path, keep_images: bool, column_px: int = 520) -> None:
    """Render each page, read it with Tesseract, keep its outputs and the truth."""
    truth = {}
    for name, spec in specs.items():
        image = out / f"{name}.png"
        if spec.style is not None:
            render_flow(spec, image)
        elif spec.columns:
            render_page(spec, image, column_px=column_px)
        else:
            render([RIVER, LIBRARY], image)
        for kind, data in ocr(image, "chi_sim" if spec.lang == "zh" else "eng").items():
            (out / f"{name}.{kind}").write_bytes(data)
        truth[name] = {"lang": spec.lang, "folio": spec.folio, "articles": spec.articles,
                       "strays": spec.strays}
        if not keep_images:
            image.unlink()
    (out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                    encoding="utf-8")


def load_truth(folder: Path) -> dict[str, Spec]:
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
    return {name: Spec(t["lang"], t["folio"], [], t["articles"], t["strays"])
            for name, t in truth.items()}


def score_folder(folder: Path) -> list[dict]:
    """Every figure of every OCR output in `folder` (written by `make`)."""
    rows = []
    for name, spec in load_truth(folder).items():
        for kind in ("txt", "alto.xml"):
            rows.append(score_page(name, kind, (folder / f"{name}.{kind}").read_bytes(), spec))
    return rows


def print_table(rows: list[dict]) -> None:
    print(f"{'input':24} {'lost':>4} {'CJK sp':>6} {'whole (raw)':>12} {'split':>5} "
          f"{'merged':>6} {'titles':>6} {'strays':>6} {'folio':>5}")
    for r in rows:
        print(f"{r['input']:24} {r['lost']:>4} {r['cjk_spaces']:>6} "
              f"{r['whole']:>3}/{r['paragraphs']:<2} ({r['raw_whole']:>2})  {r['split']:>5} "
              f"{r['merged']:>6} {r['titles_found']:>3}/{r['titles_wanted']:<2} "
              f"{r['strays_removed']:>3}/{r['strays']:<2} {r['folio_titles']:>5}")
    sums = {k: sum(r[k] for r in rows) for k in ("whole", "paragraphs", "raw_whole",
                                                 "titles_found", "titles_wanted",
                                                 "strays_removed", "strays", "lost")}
    for lang in ("zh", "en"):
        for kind in ("txt", "alto.xml"):
            some = [r for r in rows if r["input"].startswith(lang + "-")
                    and r["input"].endswith("." + kind)]
            if some:
                print(f"{lang} {kind:8}: paragraphs whole {sum(r['whole'] for r in some)}/"
                      f"{sum(r['paragraphs'] for r in some)}, titles "
                      f"{sum(r['titles_found'] for r in some)}/"
                      f"{sum(r['titles_wanted'] for r in some)}")
    print(f"all: paragraphs whole {sums['whole']}/{sums['paragraphs']} "
          f"(Tesseract's blocks {sums['raw_whole']}), titles {sums['titles_found']}/"
          f"{sums['titles_wanted']}, strays removed {sums['strays_removed']}/{sums['strays']}, "
          f"characters lost {sums['lost']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True, nargs="+",
                        help="the folder to write to; with --rescore, one or more to score "
                             "together (the held-out seeds)")
    parser.add_argument("--fixtures", action="store_true",
                        help="keep only the OCR outputs and truth.json (test fixtures)")
    parser.add_argument("--rescore", action="store_true",
                        help="score the OCR outputs already in --out (no Tesseract needed)")
    parser.add_argument("--seed", type=int, default=FIXTURE_SEED,
                        help="articles of another seed, and a column width drawn from it: "
                             "pages the tool was not fixed on")
    parser.add_argument("--layouts", choices=("all", "columns", "flow"), default="all",
                        help="with --seed: the ruled column pages, the flowed pages of a "
                             "drawn layout, or both")
    args = parser.parse_args()
    if not args.rescore and len(args.out) > 1:
        parser.error("one --out folder to render into (several only with --rescore)")
    if not args.rescore:
        out = args.out[0]
        if not shutil.which("tesseract"):
            print("tesseract is not installed: apt-get install tesseract-ocr "
                  "tesseract-ocr-chi-sim tesseract-ocr-eng", file=sys.stderr)
            return 2
        out.mkdir(parents=True, exist_ok=True)
        column_px = 520 if args.seed == FIXTURE_SEED else random.Random(args.seed).randint(400, 640)
        make(all_specs(args.seed, args.layouts), out, keep_images=not args.fixtures,
             column_px=column_px)
    print_table([row for folder in args.out for row in score_folder(folder)])
    return 0


if __name__ == "__main__":
    sys.exit(main())

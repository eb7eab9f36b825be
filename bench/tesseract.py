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
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
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


def score(name: str, data: bytes) -> dict:
    """What cleaning the engine's output did: characters lost, CJK spaces, titles."""
    result = clean_bytes(data, name)
    record = manifest(result)
    kept = "".join(visible(a["kicker"] or "") + visible(a["title"] or "")
                   + visible(a["subtitle"] or "") + visible(a["dateline"] or "")
                   + visible(a["byline"] or "") + "".join(map(visible, a["paragraphs"]))
                   + "".join(map(visible, a["credits"] + a["notes"]))
                   for a in record["articles"])
    removed = "".join(visible(r["text"]) for r in record["removed"])
    source = visible("".join(result.source.lines))
    lost = sum(max(0, source.count(c) - (kept + removed).count(c)) for c in set(source))
    spaced = sum(len(_CJK_SPACE_RE.findall(p)) for a in record["articles"]
                 for p in [a["title"] or "", *a["paragraphs"]])
    source_spaced = sum(len(_CJK_SPACE_RE.findall(line)) for line in result.source.lines)
    return {"input": name, "lost": lost, "cjk_spaces": spaced,
            "cjk_spaces_in_lines": source_spaced,
            "titles": [a["title"] for a in record["articles"]]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--fixtures", action="store_true",
                        help="keep only the OCR outputs and truth.json (test fixtures)")
    args = parser.parse_args()
    if not shutil.which("tesseract"):
        print("tesseract is not installed: apt-get install tesseract-ocr "
              "tesseract-ocr-chi-sim tesseract-ocr-eng", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    pages = {"zh-two-articles": [RIVER, LIBRARY]}
    truth, rows = {}, []
    for name, articles in pages.items():
        image = args.out / f"{name}.png"
        render(articles, image)
        for kind, data in ocr(image, "chi_sim").items():
            (args.out / f"{name}.{kind}").write_bytes(data)
            rows.append(score(f"{name}.{kind}", data))
        truth[name] = {"titles": [a["title"] for a in articles],
                       "paragraphs": [p for a in articles for p in a["paragraphs"]]}
        if args.fixtures:
            image.unlink()
    (args.out / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=2) + "\n",
                                         encoding="utf-8")
    found = {r["input"]: sum(t in truth[r["input"].split(".")[0]]["titles"] for t in r["titles"])
             for r in rows}
    print(f"{'input':28} {'lost':>5} {'CJK spaces (lines)':>19} {'titles':>7}")
    for r in rows:
        wanted = len(truth[r["input"].split(".")[0]]["titles"])
        print(f"{r['input']:28} {r['lost']:>5} {r['cjk_spaces']:>7} ({r['cjk_spaces_in_lines']:>5})"
              f"      {found[r['input']]}/{wanted}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

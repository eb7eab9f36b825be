"""Synthetic newspaper text with OCR-like noise, for benchmarks and property tests.

Chinese is sampled from jieba's dictionary and English from wordfreq's word list, both by
frequency, so n-gram statistics look like real text (common words recur, rare ones do
not). Noise imitates OCR: confusable characters (己/已, 未/末, rn/m, l/1), dropped and
doubled characters. Everything is driven by a `random.Random`, so a seed reproduces a run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate

CJK_CONFUSIONS = ["己已巳", "未末", "日曰", "人入八", "士土", "大太犬", "王玉主", "天夫",
                  "刀力", "千干于", "白自", "办为", "析折", "候侯", "经轻", "区匹"]
LATIN_CONFUSIONS = [("rn", "m"), ("m", "rn"), ("l", "1"), ("1", "l"), ("I", "l"), ("O", "0"),
                    ("e", "c"), ("c", "e"), ("h", "b"), ("u", "n"), ("n", "u"), ("cl", "d"),
                    ("i", "l"), ("t", "f"), ("a", "o"), ("s", "a")]
CJK_PUNCT = "，，，。、；"


@cache
def _cjk_vocabulary() -> tuple[list[str], list[float]]:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    items = sorted(((w, f) for w, f in jieba.dt.FREQ.items()
                    if f > 20 and 1 < len(w) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in w)),
                   key=lambda x: -x[1])[:40000]
    return [w for w, _ in items], list(accumulate(f ** 0.7 for _, f in items))


@cache
def _latin_vocabulary() -> tuple[list[str], list[float]]:
    """wordfreq's top words, weighted by rank (Zipf's law) to avoid 30k look-ups."""
    from wordfreq import top_n_list

    words = [w for w in top_n_list("en", 30000) if w.isalpha()]
    return words, list(accumulate((1 / rank) ** 0.7 for rank in range(1, len(words) + 1)))


def sentence(rng: random.Random, lang: str, words: int | None = None) -> str:
    vocabulary, cumulative = _cjk_vocabulary() if lang == "zh" else _latin_vocabulary()
    count = words or rng.randint(6, 16)
    chosen = rng.choices(vocabulary, cum_weights=cumulative, k=count)
    if lang == "zh":
        parts = []
        for i, word in enumerate(chosen):
            parts.append(word)
            if i < count - 1 and rng.random() < 0.15:
                parts.append(rng.choice(CJK_PUNCT[:4]))
        return "".join(parts) + "。"
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def passage(rng: random.Random, lang: str, chars: int) -> str:
    """Sentences until the passage is about `chars` characters long."""
    out = ""
    while len(out) < chars:
        out += sentence(rng, lang) + ("" if lang == "zh" else " ")
    return out.strip()


def ocr_noise(text: str, rate: float, rng: random.Random) -> str:
    """Corrupt about `rate` of the characters: 60% substituted, 20% dropped, 20% doubled."""
    out: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace() or rng.random() >= rate:
            out.append(char)
            i += 1
            continue
        roll = rng.random()
        if roll < 0.6:
            out.append(_confuse(text, i, rng))
            i += 2 if (not ("\u4e00" <= char <= "\u9fff") and text[i:i + 2] in ("rn", "cl")) else 1
        elif roll < 0.8:
            i += 1  # dropped
        else:
            out.append(char * 2)  # doubled
            i += 1
    return "".join(out)


def _confuse(text: str, i: int, rng: random.Random) -> str:
    char = text[i]
    if "\u4e00" <= char <= "\u9fff":
        for group in CJK_CONFUSIONS:
            if char in group:
                return rng.choice([c for c in group if c != char])
        vocabulary, _ = _cjk_vocabulary()
        return rng.choice(rng.choice(vocabulary[:3000]))
    for a, b in LATIN_CONFUSIONS:
        if text.startswith(a, i):
            return b
    return rng.choice("abcdefghijklmnopqrstuvwxyz") if char.isalpha() else char


@dataclass
class PlantedBatch:
    """Passages with planted copies; `groups` lists, per source, the copies of it as
    (passage index, start, end) spans -- the source itself first, as a whole passage."""

    passages: list[str] = field(default_factory=list)
    groups: list[list[tuple[int, int, int]]] = field(default_factory=list)
    near_misses: list[tuple[int, int]] = field(default_factory=list)


def planted_batch(count: int, rate: float, rng: random.Random,
                  langs: tuple[str, ...] = ("zh", "en"), copy_share: float = 0.05,
                  partial_share: float = 0.3, near_miss_share: float = 0.02,
                  lengths: dict[str, tuple[int, int]] | None = None) -> PlantedBatch:
    """`count` passages, `copy_share` of them planted copies of others (some inside a longer
    passage), and pairs of different passages sharing a stock phrase (must not match)."""
    batch = PlantedBatch()
    lengths = lengths or {"zh": (40, 160), "en": (90, 400)}
    copies = int(count * copy_share)
    misses = int(count * near_miss_share)
    originals = count - copies - 2 * misses
    for _ in range(originals):
        lang = rng.choice(langs)
        batch.passages.append(passage(rng, lang, rng.randint(*lengths[lang])))
    sources: dict[int, list[tuple[int, int, int]]] = {}
    for _ in range(copies):
        source = rng.randrange(originals)
        text = batch.passages[source]
        lang = "zh" if "\u4e00" <= text[0] <= "\u9fff" else "en"
        copy = ocr_noise(text, rate, rng)
        if rng.random() < partial_share:
            before = passage(rng, lang, rng.randint(*lengths[lang]) // 2)
            after = passage(rng, lang, rng.randint(*lengths[lang]) // 2)
            glue = "" if lang == "zh" else " "
            start = len(before) + len(glue)
            batch.passages.append(before + glue + copy + glue + after)
            span = (len(batch.passages) - 1, start, start + len(copy))
        else:
            batch.passages.append(copy)
            span = (len(batch.passages) - 1, 0, len(copy))
        sources.setdefault(source, [(source, 0, len(text))]).append(span)
    for _ in range(misses):
        lang = rng.choice(langs)
        stock = sentence(rng, lang, words=8 if lang == "zh" else 7)
        first = len(batch.passages)
        for _ in range(2):
            body = passage(rng, lang, rng.randint(*lengths[lang]))
            batch.passages.append(stock + ("" if lang == "zh" else " ") + body)
        batch.near_misses.append((first, first + 1))
    batch.groups = list(sources.values())
    order = list(range(len(batch.passages)))
    rng.shuffle(order)
    where = {old: new for new, old in enumerate(order)}
    batch.passages = [batch.passages[old] for old in order]
    batch.groups = [[(where[p], s, e) for p, s, e in group] for group in batch.groups]
    batch.near_misses = [(where[a], where[b]) for a, b in batch.near_misses]
    return batch


# --- whole pages -------------------------------------------------------------------------

CJK_SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
LATIN_NAMES = ["SMITH", "BROWN", "JONES", "MILLER", "DAVIS", "WILSON", "TAYLOR", "CLARK"]


@dataclass
class Article:
    title: str
    paragraphs: list[str]
    byline: str | None
    subtitle: str | None = None  # `——…` under a Chinese title
    note: str | None = None  # `（编辑：…）` or a photo caption after the article
    continued_to: int | None = None  # `（下转第N版）` closing the last paragraph
    continued_from: int | None = None  # `（接第N版）` opening the first paragraph


def _unpunctuated(text: str) -> str:
    return "".join(c for c in text if c not in CJK_PUNCT)


def dress(rng: random.Random, item: Article) -> Article:
    """Give a Chinese article the furniture real pages carry: a dash subtitle, an editor's
    line or a photo caption, continuation markers inside its first or last paragraph."""
    name = rng.choice(CJK_SURNAMES) + rng.choice("明华强伟芳")
    if rng.random() < 0.3:
        item.subtitle = "——" + _unpunctuated(sentence(rng, "zh", words=rng.randint(3, 6)))
    if rng.random() < 0.3:
        item.note = rng.choice([f"（编辑：{name}）", f"图为{item.title}。 本报记者 {name} 摄"])
    if rng.random() < 0.2:
        item.continued_to = rng.randint(2, 12)
    elif rng.random() < 0.2:
        item.continued_from = rng.randint(1, 12)
    return item


def dress_latin(rng: random.Random, item: Article) -> Article:
    """Give an English article a deck in title case under its headline, as papers of the
    time set them (`Towing Companies Will Lay Off Craft.`)."""
    if rng.random() < 0.5:
        words = sentence(rng, "en", words=rng.randint(3, 9)).rstrip(".").split()
        words = [w[:1].upper() + w[1:] for w in words]
        if len(words) >= 6 and rng.random() < 0.5:  # a deck set over two lines, running on
            cut = rng.randint(3, len(words) - 2)
            words[cut - 1] = rng.choice(["of", "and", "the", "in", "to", "for"])
            words[cut - 1] += "\n"
        item.subtitle = " ".join(words).replace("\n ", "\n") + rng.choice([".", ""])
    return item


def article(rng: random.Random, lang: str, paragraphs: int | None = None) -> Article:
    count = paragraphs or rng.randint(2, 7)
    size = (60, 260) if lang == "zh" else (150, 700)
    body = [passage(rng, lang, rng.randint(*size)) for _ in range(count)]
    if lang == "zh":
        title = _unpunctuated(sentence(rng, "zh", words=rng.randint(3, 6)))
        byline = "".join(rng.choice(CJK_SURNAMES) + rng.choice(CJK_SURNAMES[::-1])
                         for _ in range(1)) + rng.choice("明华强伟芳")
    else:
        title = sentence(rng, "en", words=rng.randint(2, 5)).rstrip(".").upper()
        byline = f"By {rng.choice(LATIN_NAMES).title()} {rng.choice(LATIN_NAMES)}"
    return Article(title, body, byline if rng.random() < 0.7 else None)


def _with_markers(item: Article) -> list[str]:
    """A Chinese article's paragraphs with its continuation markers inside the first and
    the last, as papers print them."""
    paragraphs = list(item.paragraphs)
    if item.continued_from:
        paragraphs[0] = f"（接第{item.continued_from}版）" + paragraphs[0]
    if item.continued_to:
        paragraphs[-1] += f"（下转第{item.continued_to}版）"
    return paragraphs


def cjk_page(rng: random.Random, articles: list[Article], cut_share: float = 0.3,
             cuts: set[int] | None = None) -> str:
    """Blocks separated by blank lines; some paragraphs cut in two at a column break.
    `cuts`, when given, receives the indices of the blocks whose paragraph goes on in the
    next block (the truth of the join decisions)."""
    blocks: list[str] = []
    for item in articles:
        blocks.append(item.title)
        if item.subtitle:
            blocks.append(item.subtitle)
        paragraphs = _with_markers(item)
        for paragraph in paragraphs:
            if len(paragraph) > 20 and rng.random() < cut_share:
                cut = rng.randint(5, len(paragraph) - 5)
                if cuts is not None:
                    cuts.add(len(blocks))
                blocks += [paragraph[:cut], paragraph[cut:]]
            else:
                blocks.append(paragraph)
        if item.byline:
            blocks.append(item.byline)
        if item.note:
            blocks.append(item.note)
    return "\n\n".join(blocks) + "\n"


#: Marks a Chinese line does not start with (kinsoku): the typesetter hangs them on the
#: line above.
CJK_NO_LINE_START = "，。、；：！？）」』”"


def _cjk_lines(text: str, width: int, indent: int) -> list[str]:
    """`text` set in a column of `width` characters, its first line `indent` short (the
    indent's spaces are gone, as in an OCR engine's text), no line starting with a mark
    of CJK_NO_LINE_START (it hangs on the line above)."""
    lines, start, room = [], 0, width - indent
    while start < len(text):
        end = start + room
        while end < len(text) and text[end] in CJK_NO_LINE_START:
            end += 1
        lines.append(text[start:end])
        start, room = end, width
    return lines


def cjk_column_page(rng: random.Random, articles: list[Article],
                    starts: set[int] | None = None) -> str:
    """Chinese as an OCR engine writes a page in columns: one printed line per line, each
    paragraph's first line two characters short (its indent dropped, or on some pages kept
    as two ideographic spaces), a blank line after many paragraphs (the engine's own
    paragraph guess), every headline line a block of its own, and a blank line where a
    column ends, inside a paragraph or between two.
    `starts`, when given, receives the (1-based) numbers of the lines that open a new
    paragraph, heading or byline (the truth of the join decisions)."""
    width = rng.randint(10, 20)
    column = rng.randint(18, 45)
    blank_after = rng.choice([0.0, 0.5, 0.9, 1.0])
    indent = "　　" if rng.random() < 0.3 else ""  # some engines keep the indent's spaces
    lines: list[str] = []
    in_column = 0

    def put(piece_lines: list[str], opens: bool, blank: bool) -> None:
        nonlocal in_column
        for k, line in enumerate(piece_lines):
            if in_column >= column:  # the column ends: the engine leaves a blank line
                if lines and lines[-1]:
                    lines.append("")
                in_column = 0
            if k == 0 and opens and starts is not None:
                starts.add(len(lines) + 1)
            lines.append(line)
            in_column += 1
        if blank and lines[-1]:
            lines.append("")

    for item in articles:
        title_width = max(6, int(width * rng.uniform(0.6, 0.9)))  # display type
        for line in _cjk_lines(item.title, title_width, 0):  # each a paragraph of its own:
            put([line], True, True)  # the article stage reads a wrapped headline as one
        if item.subtitle:
            put(_cjk_lines(item.subtitle, width, 0), True, True)
        paragraphs = _with_markers(item)
        for paragraph in paragraphs:
            first, *rest = _cjk_lines(paragraph, width, 2)
            put([indent + first, *rest], True, rng.random() < blank_after)
        for extra in (item.byline, item.note):
            if extra:
                put(_cjk_lines(extra, width, 0), True, True)
    return "\n".join(lines).strip("\n") + "\n"


def latin_page(rng: random.Random, articles: list[Article], width: int = 45,
               hyphen_share: float = 0.5, breaks: set[int] | None = None) -> str:
    """One printed line per line, no blank lines; long words cut at a line end, the hyphen
    printed or dropped as OCR engines do. `breaks`, when given, receives the (1-based)
    numbers of the lines after which a new paragraph, heading or byline starts."""
    lines: list[str] = []
    for item in articles:
        if breaks is not None and lines:
            breaks.add(len(lines))
        lines.append(item.title)
        if item.subtitle:
            if breaks is not None:
                breaks.add(len(lines))
            lines += item.subtitle.split("\n")  # a deck over two lines runs on
        for paragraph in item.paragraphs:
            if breaks is not None:
                breaks.add(len(lines))
            line = ""
            for word in paragraph.split():
                if len(line) + 1 + len(word) <= width:
                    line = f"{line} {word}".strip()
                    continue
                room = width - len(line) - 2
                if len(word) >= 7 and room >= 3:
                    cut = min(room, len(word) - 3)
                    lines.append(f"{line} {word[:cut]}" + ("-" if rng.random() < hyphen_share
                                                           else ""))
                    line = word[cut:]
                else:
                    lines.append(line)
                    line = word
            lines.append(line)
        if item.byline:
            if breaks is not None:
                breaks.add(len(lines))
            lines.append(item.byline)
    return "\n".join(lines) + "\n"


def page(rng: random.Random, lang: str, articles: int | None = None) -> str:
    items = [article(rng, lang) for _ in range(articles or rng.randint(3, 7))]
    return cjk_page(rng, items) if lang == "zh" else latin_page(rng, items)


def noisy_page(rng: random.Random, lang: str, *, articles: int = 3, width: int = 45,
               crlf: bool = False, full_width_spaces: bool = False, blank_noise: bool = False,
               repeat_rate: float | None = None, dressed: bool = False) -> str:
    """A page with the troubles real scans have: a passage printed twice with OCR noise,
    stray blank lines, CRLF line ends, full-width spaces."""
    items = [article(rng, lang, paragraphs=rng.randint(1, 4)) for _ in range(articles)]
    if dressed and lang == "zh":
        items = [dress(rng, item) for item in items]
    if repeat_rate is not None and items:
        source = rng.choice(items).paragraphs[0]
        target = rng.choice(items)
        target.paragraphs.insert(rng.randint(0, len(target.paragraphs)),
                                 ocr_noise(source, repeat_rate, rng))
    text = cjk_page(rng, items) if lang == "zh" else latin_page(rng, items, width=width)
    lines = text.split("\n")
    if blank_noise:
        lines = [line + ("\n" * rng.randint(1, 3) if rng.random() < 0.2 else "")
                 for line in lines]
    text = "\n".join(lines)
    if full_width_spaces:
        text = text.replace(" ", "\u3000", rng.randint(1, 5))
        text = "\u3000\u3000" + text
    if crlf:
        text = text.replace("\n", "\r\n")
    return text

"""Stage 1: bytes -> `SourceText`, with the encoding detected and every line numbered.

Line i+1 of the result is line i+1 of the file as the user sees it in an editor, so every
later decision can point back to the source. Only spacing is normalised here (CRLF, BOM,
full-width and no-break spaces); no visible character is changed.
"""

from __future__ import annotations

import codecs
import io
import math
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from .columns import GAP_SPACES, column_text
from .model import InputError, SourceText, Split
from .patterns import INVISIBLE, PAGE_MARKER_RE, SPACE_LIKE
from .signals import is_furniture

_NEWLINE_RE = re.compile(r"\r\n|\r|\n")
#: Runs of spacing to make one plain space. A single plain space is left alone, so a line
#: of running text is not rebuilt piece by piece (which costs ~10x its size in memory).
_SPACE_RUN_RE = re.compile(f"[ \t\f\v{SPACE_LIKE}]{{2,}}|[\t\f\v{SPACE_LIKE}]")
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Magic numbers of formats people drop into a scan folder by mistake.
_BINARY_MAGIC = (b"\x89PNG", b"\x1f\x8b", b"%PDF", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8",
                 b"II*\x00", b"MM\x00*")
#: Share of bytes that may be invalid UTF-8 before we stop calling the file UTF-8.
_MOSTLY_UTF8 = 0.01


def normalise_line(line: str) -> str:
    """One visible line with its spacing made plain: what the later stages compare."""
    line = _INVISIBLE_RE.sub("", line)
    return _SPACE_RUN_RE.sub(" ", line).strip()


def split_lines(text: str) -> tuple[str, ...]:
    """Source lines, numbered as an editor numbers them (CR, LF and CRLF all end a line)."""
    return number_lines(text)[0]


_INDENT_RE = re.compile(rf"^(?:[{SPACE_LIKE}\t\u3000]| {{2,}})[ \t{SPACE_LIKE}\u3000]*\S")


def number_lines(text: str) -> tuple[tuple[str, ...], frozenset[int]]:
    """The source lines (see `split_lines`) and the numbers of those that are indented."""
    return read_lines(text)[:2]


def read_lines(text: str) -> tuple[tuple[str, ...], frozenset[int], tuple[Split, ...]]:
    """The source lines, the indented ones, and the lines read across a column gutter."""
    raw = _NEWLINE_RE.split(text)
    if raw and raw[-1] == "":
        raw.pop()
    indents = frozenset(n for n, line in enumerate(raw, start=1) if _INDENT_RE.match(line))
    lines = tuple(normalise_line(line) for line in raw)
    return lines, indents, _splits(raw, lines)


_GAP = " " * GAP_SPACES
_GAP_RE = re.compile(rf"(?<=\S) {{{GAP_SPACES},}}(?=\S)")


def _splits(raw: Sequence[str], lines: Sequence[str]) -> tuple[Split, ...]:
    """Lines read across a gutter; not a folio, whose fields an engine sets apart with as
    wide spaces (`2021年1月22      星期`): split, each field reads as a line of a column."""
    return tuple(Split(n, gaps) for n, (line, text) in enumerate(zip(raw, lines, strict=True),
                                                                   start=1)
                 if (gaps := text_gaps(line, text)) and not is_furniture(text))


def text_gaps(raw: str, normalised: str) -> tuple[int, ...]:
    """Offsets in the normalised line where a part after a column gutter (a wide run of
    spaces) starts; none when the parts do not make up the line.

    >>> text_gaps("生前一具发达          螺旋改革", "生前一具发达 螺旋改革")
    (7,)
    >>> text_gaps("    An indented  line", "An indented line")
    ()
    """
    if _GAP not in raw:  # the common case, at the cost of one substring search
        return ()
    parts = [normalise_line(p) for p in _GAP_RE.split(raw)]
    if len(parts) < 2 or " ".join(parts) != normalised or not column_text(parts):
        return ()
    offsets, at = [], 0
    for part in parts[:-1]:
        at += len(part) + 1
        offsets.append(at)
    return tuple(offsets)


def _plausible(text: str) -> float:
    """Share of characters a newspaper page is made of (ASCII, Latin-1, CJK, CJK punctuation)."""
    if not text:
        return 0.0
    good = sum(1 for c in text if c in "\n\r\t" or " " <= c <= "\u024f"
               or "\u2000" <= c <= "\u206f" or "\u3000" <= c <= "\u303f"
               or "\u3400" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef")
    return good / len(text)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: the byte order whose decoding reads as text.

    Latin text shows as NUL bytes on every other position; Chinese text does not, so both
    byte orders are decoded and the one made of plausible characters wins.
    """
    sample = data[:8192]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) // 2 * 2]
    scores = {name: _plausible(sample.decode(name, errors="replace"))
              for name in ("utf-16-le", "utf-16-be")}
    name = max(scores, key=scores.__getitem__)
    return name if scores[name] >= 0.95 else None


def detect_encoding(data: bytes, complete: bool = True) -> tuple[str, str, int]:
    """Decode `data`; return (text, encoding name, count of bytes replaced).

    Order: BOM, BOM-less UTF-16 (NUL bytes; ASCII saved so is valid UTF-8 too), strict
    UTF-8 (by far the most common and never a false positive on multibyte text), then the
    legacy code page that reads best (GB18030/GBK, Big5, cp1252...). Mostly-UTF-8 text
    with a few broken bytes is decoded with replacement and the count is reported rather
    than guessed into another code page.
    With `complete=False`, `data` is the head of a larger file: a character cut at its end
    does not count against UTF-8.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data.decode(name, errors="replace")
            return text, name, text.count("\ufffd")
    utf16 = _looks_utf16(data)  # before UTF-8: ASCII saved as UTF-16 is valid UTF-8 too
    if utf16:
        text = data.decode(utf16, errors="replace")
        return text, utf16, text.count("\ufffd")
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=complete), "utf-8", 0
    except UnicodeDecodeError:
        pass
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data[:65536]:
        raise InputError("not a text file (binary content)")
    lossy = data.decode("utf-8", errors="replace")
    replaced = lossy.count("\ufffd")
    multibyte = any(ord(c) > 127 and c != "\ufffd" for c in lossy)
    if multibyte and replaced <= max(1, len(data) * _MOSTLY_UTF8):
        return lossy, "utf-8", replaced  # UTF-8 with a few broken bytes, not a code page
    return _legacy_code_page(data)


#: Code pages by how widely newspapers were printed in them: every one is a candidate
#: reading of legacy bytes, and the first named when several give the same reading.
COMMON_CODE_PAGES = ("gb18030", "gbk", "big5", "cp1252", "latin_1", "iso8859_15", "shift_jis",
                     "euc_jp", "euc_kr", "cp1251", "koi8_r", "cp1250", "iso8859_2")
#: Bytes of a file decoded to judge how familiar each reading's words are.
READING_BYTES = 16384
#: Readings whose scores differ by less than this (mean Zipf) read equally well.
READING_TIE = 0.002
#: What a code page outside COMMON_CODE_PAGES (one only charset-normalizer proposes, such
#: as hp_roman8 or cp855) must read better by: they are rarely what a page was saved in.
UNCOMMON_CODE_PAGE = 0.5
#: Least share of Han, kana and Hangul among the letters of a double-byte reading: real
#: Chinese, Japanese or Korean lines are made of them; Latin bytes misread as GBK give a
#: stray `遖` among ASCII words.
CJK_SHARE = 0.2
#: Most share of Latin-1 and Latin Extended characters (`é`, `ø`, `«`, `³`) among the
#: visible characters of a reading: Western lines hold a few per line (under 0.05 on the
#: real corpus); Chinese bytes read as cp1252 are nearly all of them (`»O¥_¥«ªø³X°Ý`).
ACCENTED_SHARE = 0.25


def _legacy_code_page(data: bytes) -> tuple[str, str, int]:
    """A single- or double-byte code page: the reading whose non-ASCII words and signs are
    the most common ones (`lexicon.reading_score`), named by its commonest code page.

    charset-normalizer ranks its readings by mess, then by a language guess that is weak
    on short pages and on pages with few accented letters: a latin-1 English page came
    out as shift_jis (`«` read `ｫ`), cp1252 as cp1250 (`£` read `Ł`), `café` as `cafť`.
    Its readings stay candidates, next to the common code pages.
    """
    from charset_normalizer import from_bytes

    from .lexicon import reading_score

    sample = _non_ascii_lines(data)
    candidates = list(COMMON_CODE_PAGES)
    candidates += [m.encoding for m in from_bytes(sample)
                   if m.encoding and m.encoding not in candidates]
    readings = []  # (bytes misread, score, rank, name)
    for rank, name in enumerate(candidates):
        try:
            reading = sample.decode(name, errors="replace")
        except LookupError:
            continue
        score = reading_score(reading)
        score = 0.0 if math.isnan(score) else score
        if name not in COMMON_CODE_PAGES:
            score -= UNCOMMON_CODE_PAGE
        readings.append((_misread(reading), score, rank, name))
    fewest = min(r[0] for r in readings)
    clean = [r for r in readings if r[0] == fewest]
    best = max(r[1] for r in clean)
    name = min(r[2:] for r in clean if r[1] >= best - READING_TIE)[1]
    text = data.decode(name, errors="replace")
    return text, name, text.count("\ufffd")


def _non_ascii_lines(data: bytes) -> bytes:
    """The lines holding non-ASCII bytes, up to READING_BYTES: all that tells code pages
    apart, even when the first accented letter comes late in a long page."""
    lines, size = [], 0
    for line in data.splitlines():
        if not line.isascii():
            lines.append(line)
            size += len(line) + 1
            if size >= READING_BYTES:
                break
    return b"\n".join(lines)


def _misread(reading: str) -> int:
    """Characters of a reading that show bytes misread: replacement characters, C0 and C1
    controls (other than line and tab spacing), East Asian characters scattered among far
    more Latin letters, and accented Latin letters and signs making up much of the text."""
    bad = sum(1 for c in reading if c == "\ufffd" or (c < " " and c not in "\t\n\r\f\v")
              or "\x80" <= c <= "\x9f")
    east_asian = sum(1 for c in reading if "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af"
                     or "\uff61" <= c <= "\uff9f")
    latin = sum(1 for c in reading if c.isascii() and c.isalpha())
    if east_asian and east_asian < CJK_SHARE * (east_asian + latin):
        bad += east_asian
    accented = sum(1 for c in reading if "\x80" <= c <= "\u024f")
    if accented > ACCENTED_SHARE * sum(1 for c in reading if not c.isspace()):
        bad += accented
    return bad


def decode(data: bytes, name: str, encoding: str | None = None) -> SourceText:
    """Turn raw bytes into numbered, normalised lines (`encoding` forces a code page)."""
    if encoding:
        try:
            text = data.decode(encoding, errors="replace")
        except LookupError as exc:
            raise InputError(f"unknown encoding {encoding!r}") from exc
        replaced = text.count("\ufffd")
    else:
        text, encoding, replaced = detect_encoding(data)
    if _has_control_noise(text):
        raise InputError("not a text file (control characters)")
    lines, indents, splits = read_lines(text)
    return SourceText(name=name, encoding=encoding, lines=lines, replaced_bytes=replaced,
                      indents=indents, splits=splits)


def _has_control_noise(text: str) -> bool:
    """Binary data decoded as a code page shows as C0 control characters."""
    sample = text[:65536]
    if not sample:
        return False
    controls = sum(1 for c in sample if c < " " and c not in "\t\n\r\f\v")
    return controls > max(2, len(sample) // 200)


# --- large inputs, page by page ------------------------------------------------------------

#: Inputs larger than this are read page by page rather than held whole. An English input
#: held whole takes some 140 times its size in memory with its decision records (a 4 MB
#: file peaked at 560 MB), so one larger than a few newspaper issues is cleaned as the
#: batch of pages it is: each page alone, duplicates within each page, as for files.
STREAM_BYTES = 2 * 1024 * 1024
#: Bytes read to choose the encoding of a large input.
SNIFF_BYTES = 1 << 20


def stream_pages(path: Path, name: str, encoding: str | None = None,
                 ) -> Iterator[tuple[int, SourceText]]:
    """(number of the page's first line in the file, the page) for each page of a large
    file: pages end at form feeds and at page-marker lines. Holds one page at a time."""
    with open(path, "rb") as raw:
        head = raw.read(SNIFF_BYTES)
        if head.startswith(_BINARY_MAGIC) or (b"\x00" in head and not _looks_utf16(head)):
            raise InputError("not a text file (binary content)")
        encoding = encoding or detect_encoding(head, complete=False)[1]
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
        lines: list[str] = []
        indents: set[int] = set()
        splits: list[Split] = []
        first = number = 1
        replaced = 0
        for line in text:
            pieces = line.rstrip("\r\n").split("\f")
            for k, piece in enumerate(pieces):
                if (k > 0 or PAGE_MARKER_RE.match(piece)) and any(lines):
                    yield first, SourceText(name, encoding, tuple(lines), replaced,
                                            frozenset(indents), splits=tuple(splits))
                    lines, first, replaced, indents, splits = [], number, 0, set(), []
                replaced += piece.count("\ufffd")
                if _INDENT_RE.match(piece):
                    indents.add(len(lines) + 1)
                lines.append(normalise_line(piece))
                if gaps := text_gaps(piece, lines[-1]):
                    splits.append(Split(len(lines), gaps))
            number += 1
        if any(lines):
            yield first, SourceText(name, encoding, tuple(lines), replaced, frozenset(indents),
                                    splits=tuple(splits))

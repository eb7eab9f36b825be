"""Stage 7: show the page against the result, every change with its reason and score.

Built only from the decision records of a `PageResult` (joins, removals, flags, roles,
articles): the preview adds no logic of its own, so what it shows is what the manifest
says. One view model -- rows of (line number, margin label, styled text, notes) -- feeds
the terminal rendering (rich, which also gives the SVG) and the HTML report.

Chinese text is laid out by display cells, not characters: wide characters take two
cells, and characters of ambiguous width (quotes, ellipses) take two when the terminal
draws them so (`--ambiguous-width wide`). Rows are folded here to the console width, so
the gutter and margin stay aligned either way.
"""

from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz.distance import Levenshtein
from rich.console import Console
from rich.text import Text

from .model import PageResult
from .signals import is_cjk

#: Joins below this confidence stand out.
LOW_CONFIDENCE = 0.8
#: Lines of context around each decision in `changes` mode.
CONTEXT_LINES = 2
#: Width of the margin that names each line's role.
MARGIN = 12

STYLES = {  # terminal styles; the HTML report uses the same names as CSS classes
    "removed": "strike dim red",
    "flag": "bold magenta",
    "join": "yellow",
    "wrap": "yellow",
    "join-low": "bold red",
    "break": "blue",
    "role": "cyan",
    "article": "bold green",
    "diff-del": "bold white on red",
    "diff-ins": "bold white on green",
    "note": "",
    "dim": "dim",
}


@dataclass(frozen=True)
class Note:
    """One annotation under a source line: its kind (a style name) and styled parts."""

    kind: str
    parts: tuple[tuple[str, str], ...]  # (text, style name)
    lines: tuple[int, int] = (0, 0)

    @property
    def text(self) -> str:
        return "".join(t for t, _ in self.parts)


@dataclass
class Row:
    """One source line as the preview shows it."""

    number: int
    text: str
    style: str = ""
    role: str = ""
    notes: list[Note] = field(default_factory=list)
    article: str | None = None  # an article starts here: its label
    #: Continued on the next line by a plain line-wrap (what `compact` folds).
    wraps: bool = False


#: Preview modes: every line; the decisions with a few lines around them; every line with
#: plain line-wraps folded into one row per paragraph.
MODES = ("all", "changes", "compact")


@dataclass(frozen=True)
class PreviewOptions:
    mode: str = "all"  # one of MODES
    ambiguous_wide: bool = False
    width: int | None = None


# --- the view model ------------------------------------------------------------------------

def _diff_parts(removed: str, kept: str) -> tuple[tuple[str, str], ...]:
    """The removed copy with the characters (Chinese) or words (English) that differ from
    the kept copy highlighted: OCR noise made visible."""
    cjk = is_cjk(removed)
    a = list(removed) if cjk else removed.split()
    b = list(kept) if cjk else kept.split()
    glue = "" if cjk else " "
    parts: list[tuple[str, str]] = []
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            parts.append((glue.join(a[op.src_start:op.src_end]), "dim"))
        else:
            if op.src_end > op.src_start:
                parts.append((glue.join(a[op.src_start:op.src_end]), "diff-del"))
            if op.dest_end > op.dest_start:
                parts.append((glue.join(b[op.dest_start:op.dest_end]), "diff-ins"))
        parts.append((glue, ""))
    return tuple(p for p in parts if p[0])


def build_rows(result: PageResult) -> list[Row]:
    """Every source line with its decisions attached (the shared view model)."""
    lines = result.source.lines
    rows = [Row(n, text) for n, text in enumerate(lines, start=1)]

    def row(number: int) -> Row:
        return rows[min(max(number, 1), len(rows)) - 1]

    for article_number, article in enumerate(result.articles, start=1):
        label = article.title or (f"continued from {article.continued_from}"
                                  if article.continued_from else "untitled")
        row(article.lines[0]).article = f"article {article_number}: {label}"
    for role in result.roles:  # a line split at a gutter has a role for each part
        line = row(role.lines[0])
        line.role = f"{line.role}+{role.role}" if line.role else role.role
    for removal in result.removed:
        span = "\n".join(lines[removal.lines[0] - 1:removal.lines[1]])
        whole = "".join(span.split()) == "".join(removal.text.split())
        for number in range(removal.lines[0], removal.lines[1] + 1):
            if whole and number <= len(rows):
                rows[number - 1].style = "removed"
                rows[number - 1].role = rows[number - 1].role or removal.reason
        # part of a line (a marker closing a paragraph): the line stays, the part is quoted
        quoted = "" if whole else f" {removal.text}"
        parts: list[tuple[str, str]] = []
        if removal.duplicate_of is not None:
            ref = removal.duplicate_of
            where = (f"lines {ref.lines[0]}-{ref.lines[1]}" if ref.source == result.source.name
                     else f"{ref.source} lines {ref.lines[0]}-{ref.lines[1]}")
            parts.append((f"✗ removed{quoted}: duplicate of {where} (similarity "
                          f"{removal.similarity:.2f})", "removed"))
            if ref.source == result.source.name:
                kept = "\n".join(lines[ref.lines[0] - 1:ref.lines[1]])
                if "".join(kept.split()) != "".join(removal.text.split()):
                    parts.append(("  differences: ", "note"))
                    parts += _diff_parts(" ".join(removal.text.split()), " ".join(kept.split()))
        else:
            detail = f" ({removal.detail})" if removal.detail else ""
            parts.append((f"✗ removed{quoted}: {removal.reason}{detail}", "removed"))
        row(removal.lines[0]).notes.append(Note("removed", tuple(parts), removal.lines))
    for join in result.joins:
        kind = "join-low" if join.confidence < LOW_CONFIDENCE else "join"
        if _plain_wrap(join) and kind == "join":
            kind = "wrap"
            row(join.lines[0]).wraps = True
        word = f" -> {join.word}" if join.word else ""
        row(join.lines[0]).notes.append(Note(kind, (
            (f"↵ joined to line {join.lines[1]}: ", "note"),
            (f"{join.left}|{join.right}", kind),
            (f"{word}  {join.rule} {join.confidence:.2f}", "note")), join.lines))
    for brk in result.breaks:
        row(brk.lines[0]).notes.append(Note("break", (
            (f"¶ kept apart from line {brk.lines[1]}: ", "note"),
            (f"{brk.left}|{brk.right}", "break"),
            (f"  break {brk.confidence:.2f} (margin {-brk.score:.1f}; "
             f"{_strongest(brk)})", "note")), brk.lines))
    for flag in result.flags:
        row(flag.lines[0]).notes.append(Note("flag", (
            (f"⚑ {flag.label}: ", "flag"), (flag.text, "flag")), flag.lines))
    return rows


def _plain_wrap(join) -> bool:
    """A confident join of one line to the very next with nothing changed: what a reader
    of `changes` or `compact` does not need to see one by one."""
    return (join.rule == "line-wrap" and not join.word and not join.dropped
            and join.lines[1] == join.lines[0] + 1)


def _folded(rows: Sequence[Row], merge: bool) -> list[Row]:
    """The rows without plain line-wrap notes; with `merge`, each run of lines joined by
    plain line-wraps as one row (numbered by its first line)."""
    out: list[Row] = []
    joining = False
    for r in rows:
        notes = [n for n in r.notes if n.kind != "wrap"]
        if joining and out and merge:
            last = out[-1]
            glue = "" if is_cjk(last.text[-1:] + r.text[:1]) else " "
            last.text = f"{last.text}{glue}{r.text}"
            last.notes += notes
            last.style = last.style if last.style == r.style else ""
        else:
            out.append(Row(r.number, r.text, r.style, r.role, notes, r.article))
        joining = r.wraps and not r.style
    return out


def _strongest(decision) -> str:
    """The two features that moved a decision most, for a one-line note."""
    ranked = sorted(decision.evidence, key=lambda f: -abs(f.contribution))[:2]
    return ", ".join(f"{f.name} {f.contribution:+.1f}" for f in ranked)


def visible_rows(rows: Sequence[Row], mode: str) -> list[Row | None]:
    """All rows; in `compact` mode with plain line-wraps folded into one row; in `changes`
    mode only the rows with decisions other than plain line-wraps, and a few lines around
    them (None marks an elided stretch)."""
    if mode != "all":
        rows = _folded(rows, merge=mode == "compact")
    if mode != "changes":
        return [r for r in rows if r.text or r.notes or r.article]
    wanted = set()
    for i, r in enumerate(rows):
        if r.notes or r.style or r.role or r.article:
            wanted |= set(range(max(0, i - CONTEXT_LINES), min(len(rows), i + CONTEXT_LINES + 1)))
    out: list[Row | None] = []
    previous = None
    for i in sorted(wanted):
        if previous is not None and i > previous + 1:
            out.append(None)
        previous = i
        if rows[i].text or rows[i].notes or rows[i].article:
            out.append(rows[i])
    return out


def summary_line(result: PageResult) -> str:
    return (f"{len(result.articles)} articles, {len(result.joins)} joins, "
            f"{len(result.removed)} removed, {len(result.flags)} flags, "
            f"{len(result.breaks)} close breaks")


def has_changes(result: PageResult) -> bool:
    return bool(result.joins or result.removed or result.flags)


# --- cells and folding ---------------------------------------------------------------------

def cell_width(char: str, ambiguous_wide: bool = False) -> int:
    """Display cells of one character, as a terminal draws it."""
    if unicodedata.combining(char):
        return 0
    kind = unicodedata.east_asian_width(char)
    if kind in ("W", "F") or (kind == "A" and ambiguous_wide):
        return 2
    return 1


def fold(parts: Iterable[tuple[str, str]], width: int,
         ambiguous_wide: bool = False) -> list[list[tuple[str, str]]]:
    """Styled text cut into rows of at most `width` cells (wide characters never split)."""
    rows: list[list[tuple[str, str]]] = [[]]
    used = 0
    for text, style in parts:
        piece = ""
        for char in text:
            cells = cell_width(char, ambiguous_wide)
            if used + cells > width and used > 0:
                if piece:
                    rows[-1].append((piece, style))
                rows.append([])
                piece, used = "", 0
            piece += char
            used += cells
        if piece:
            rows[-1].append((piece, style))
    return rows


# --- terminal ------------------------------------------------------------------------------

def render_preview(result: PageResult, console: Console,
                   options: PreviewOptions | None = None) -> None:
    """Print one page: a header, then each line with its number, role and decisions."""
    options = options or PreviewOptions()
    width = options.width or console.width
    gutter = len(str(len(result.source.lines))) + 1
    text_width = max(20, width - gutter - MARGIN - 3)
    header = f"━━ {result.source.name} ({result.source.encoding}): {summary_line(result)}"
    for piece in fold([(header, "")], width, options.ambiguous_wide):
        console.print(Text(piece[0][0], style="bold"), soft_wrap=True, overflow="ignore",
                      crop=False)
    if not has_changes(result):
        console.print(Text("no changes: nothing joined, removed or flagged", style="green"))
    for row in visible_rows(build_rows(result), options.mode):
        if row is None:
            console.print(Text(" " * gutter + "⋮", style="dim"))
            continue
        if row.article:
            label = fold([(f"┌─ {row.article}", "article")], width - gutter,
                         options.ambiguous_wide)[0]
            console.print(Text(" " * gutter + label[0][0], style=STYLES["article"]),
                          soft_wrap=True, overflow="ignore", crop=False)
        folded = fold([(row.text, row.style)], text_width, options.ambiguous_wide)
        for k, piece in enumerate(folded):
            line = Text(f"{row.number:>{gutter - 1}} " if k == 0 else " " * gutter, style="dim")
            line.append(f"{row.role[:MARGIN] if k == 0 else '':<{MARGIN}}", style=STYLES["role"])
            line.append("│ ", style="dim")
            for text, style in piece:
                line.append(text, style=STYLES.get(style, ""))
            console.print(line, soft_wrap=True, overflow="ignore", crop=False)
        for note in row.notes:
            prefix = " " * (gutter + MARGIN) + "└ "
            for k, piece in enumerate(fold(note.parts, text_width, options.ambiguous_wide)):
                line = Text(prefix if k == 0 else " " * len(prefix))
                for text, style in piece:
                    line.append(text, style=STYLES.get(style or note.kind, ""))
                console.print(line, soft_wrap=True, overflow="ignore", crop=False)


def render_previews(results: Sequence[PageResult], console: Console,
                    options: PreviewOptions | None = None) -> None:
    for result in results:
        render_preview(result, console, options)


# --- SVG -----------------------------------------------------------------------------------

#: Width of the SVG picture of the preview, in terminal cells.
SVG_WIDTH = 100
_SVG_TEXT_RE = re.compile(r'(<text\b[^>]*?\btextLength=")([\d.]+)("[^>]*>)([^<]*)(</text>)')


def preview_svg(results: Sequence[PageResult], options: PreviewOptions) -> str:
    """The terminal preview as an SVG picture (rich's recording), with wide characters
    given their two cells."""
    recorder = Console(record=True, width=SVG_WIDTH, file=io.StringIO(), highlight=False,
                       markup=False, force_terminal=True, color_system="truecolor")
    render_previews(results, recorder, replace(options, width=SVG_WIDTH))
    return fix_svg_widths(recorder.export_svg(title="clean --preview"))


def fix_svg_widths(svg: str) -> str:
    """Stretch each text run of rich's SVG over the cells it takes on a terminal.

    rich 13-15 sets a run's `textLength` to one cell per character, so a run of Chinese
    (two cells a character) is squeezed into half its width and its glyphs overlap, while
    the next run starts at the right cell. The cell width is that length over the run's
    characters; the run's length is then its cells times that."""
    def stretched(match: re.Match) -> str:
        text = html.unescape(match.group(4))
        if not text:
            return match.group(0)
        cell = float(match.group(2)) / len(text)
        cells = sum(cell_width(c) for c in text)
        return (f"{match.group(1)}{cell * cells:g}{match.group(3)}{match.group(4)}"
                f"{match.group(5)}")

    return _SVG_TEXT_RE.sub(stretched, svg)


# --- HTML ----------------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","PingFang SC",sans-serif;
margin:2em;color:#1d1d1f;background:#fff}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:2px solid #ddd}
.summary{color:#555}.page{font-family:ui-monospace,"Noto Sans Mono CJK SC",monospace;
font-size:14px;line-height:1.55}
.row{display:grid;grid-template-columns:4.5em 8em 1fr;gap:.6em}
.num{color:#999;text-align:right}.role{color:#0a7ea4;font-size:12px}
.text{white-space:pre-wrap;word-break:break-all}
.removed .text{text-decoration:line-through;color:#b3261e;opacity:.75}
.note{grid-column:3;font-size:13px;margin:.1em 0 .4em 0;padding:.15em .5em;
border-left:3px solid #ccc;background:#fafafa}
.note.join,.note.wrap{border-color:#d4a000}.note.join-low{border-color:#b3261e;background:#fff0f0}
.note.removed{border-color:#b3261e}.note.flag{border-color:#a0379f;background:#fbf0fb}
.note.break{border-color:#2f5fb3;background:#f0f4fb}
.join,.join-low,.wrap{font-weight:600}.flag{color:#a0379f;font-weight:600}
.diff-del{background:#f9c9c6;text-decoration:line-through}.diff-ins{background:#c7efcf}
.dim{color:#777}.article{grid-column:1/4;margin-top:1em;color:#1b7f3b;font-weight:700}
.elided{color:#aaa;padding-left:5em}.none{color:#1b7f3b}
"""


def _html_parts(parts: Iterable[tuple[str, str]]) -> str:
    return "".join(f'<span class="{style}">{html.escape(text)}</span>' if style
                   else html.escape(text) for text, style in parts)


def page_html(result: PageResult, mode: str = "all") -> str:
    """One page's section of the HTML report."""
    out = [f'<section class="file" data-source="{html.escape(result.source.name)}">',
           f"<h2>{html.escape(result.source.name)}</h2>",
           f'<p class="summary">{html.escape(result.source.encoding)} · '
           f"{html.escape(summary_line(result))}</p>"]
    if not has_changes(result):
        out.append('<p class="none">No changes: nothing joined, removed or flagged.</p>')
    out.append('<div class="page">')
    for row in visible_rows(build_rows(result), mode):
        if row is None:
            out.append('<div class="elided">⋮</div>')
            continue
        if row.article:
            out.append(f'<div class="row"><div class="article" data-kind="article">'
                       f"{html.escape(row.article)}</div></div>")
        role = f' data-role="{html.escape(row.role)}"' if row.role else ""
        out.append(f'<div class="row {row.style}" data-line="{row.number}"{role}>'
                   f'<span class="num">{row.number}</span>'
                   f'<span class="role">{html.escape(row.role)}</span>'
                   f'<span class="text">{html.escape(row.text)}</span>')
        for note in row.notes:
            out.append(f'<div class="note {note.kind}" data-kind="{note.kind}" '
                       f'data-lines="{note.lines[0]}-{note.lines[1]}">'
                       f"{_html_parts(note.parts)}</div>")
        out.append("</div>")
    out.append("</div></section>")
    return "\n".join(out)


def report_html(results: Sequence[PageResult], mode: str = "all",
                title: str = "clean preview") -> str:
    """A self-contained HTML report (inline CSS, no scripts, no external assets)."""
    body = "\n".join(page_html(r, mode) for r in results)
    return (f'<!DOCTYPE html>\n<html lang="mul"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>\n"
            f"<body><h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")

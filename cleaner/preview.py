"""Stage 7: show the page against the result, every change with its reason and score.

Built only from the decision records of a `PageResult` (joins, removals, flags, roles):
the preview adds no logic of its own, so what it shows is what the manifest says.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Console
from rich.text import Text

from .model import PageResult


@dataclass(frozen=True)
class Note:
    """One annotation attached to a source line."""

    kind: str  # join | removed | flag | role
    label: str
    style: str


def line_notes(result: PageResult) -> dict[int, list[Note]]:
    """Annotations keyed by the source line they belong to."""
    notes: dict[int, list[Note]] = {}

    def add(line: int, note: Note) -> None:
        notes.setdefault(line, []).append(note)

    for join in result.joins:
        style = "yellow" if join.confidence >= 0.8 else "bold red"
        add(join.lines[0], Note("join", f"joined to line {join.lines[1]}: "
                                f"{join.left}|{join.right}  {join.rule} {join.confidence:.2f}",
                                style))
    for removal in result.removed:
        if removal.duplicate_of is not None:
            where = removal.duplicate_of
            label = (f"removed: duplicate of lines {where.lines[0]}-{where.lines[1]}"
                     + ("" if where.source == result.source.name else f" of {where.source}")
                     + f" (similarity {removal.similarity:.2f})")
        else:
            label = f"removed: {removal.reason}"
            if removal.detail:
                label += f" ({removal.detail})"
        add(removal.lines[0], Note("removed", label, "red"))
    for flag in result.flags:
        add(flag.lines[0], Note("flag", f"flag {flag.kind}: {flag.text}", "bold magenta"))
    for role in result.roles:
        add(role.lines[0], Note("role", f"{role.role} ({role.reason})", "cyan"))
    return notes


def render_preview(result: PageResult, console: Console) -> None:
    """Print the source with line numbers; removed lines struck through, decisions noted."""
    removed_lines = {n for r in result.removed for n in range(r.lines[0], r.lines[1] + 1)}
    notes = line_notes(result)
    width = len(str(len(result.source.lines)))
    console.rule(Text(f"{result.source.name} ({result.source.encoding})", style="bold"))
    if not (result.joins or result.removed or result.flags):
        console.print(Text("no changes: nothing joined, nothing removed", style="green"))
    for number, line in enumerate(result.source.lines, start=1):
        if not line and number not in notes:
            continue
        text = Text(f"{number:>{width}} ", style="dim")
        text.append(line, style="strike dim red" if number in removed_lines else "")
        console.print(text)
        for note in notes.get(number, []):
            console.print(Text(" " * (width + 1) + "└ " + note.label, style=note.style))
    console.rule(Text(f"{len(result.articles)} articles, {len(result.joins)} joins, "
                      f"{len(result.removed)} removed, {len(result.flags)} flags"))

"""Terminal conventions, through real subprocesses on a pseudo-terminal: the pager gets -R
(or plain text), NO_COLOR and FORCE_COLOR, the preview word anywhere, folded line-wraps,
SVG cells."""

import fcntl
import html
import os
import re
import struct
import subprocess
import sys
import termios
from itertools import pairwise
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner import clean_bytes
from cleaner.cli import app
from cleaner.preview import PreviewOptions, build_rows, cell_width, preview_svg, visible_rows

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "000_cdcccbc17d5f7ba6.txt"
ENGLISH = ROOT / "samples" / "nytribune-1903-05-01.txt"
COLOUR_CODE = re.compile(r"\x1b\[[0-9;]*(?:3[0-7]|38;[0-9;]+|9[0-7])m")


def on_terminal(args: list[str], env: dict[str, str], rows: int = 24, columns: int = 100,
                ) -> tuple[int, str, str]:
    """Run `clean ARGS` with stdout on a pseudo-terminal: (exit code, what the terminal
    showed, stderr)."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    base = {k: v for k, v in os.environ.items()
            if k not in ("NO_COLOR", "FORCE_COLOR", "PAGER", "LESS", "COLUMNS", "LINES")}
    process = subprocess.Popen([sys.executable, "-m", "cleaner", *args], stdin=subprocess.DEVNULL,
                               stdout=slave, stderr=subprocess.PIPE,
                               env={**base, "TERM": "xterm-256color", **env})
    os.close(slave)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    stderr = process.stderr.read().decode()
    return process.wait(timeout=120), shown.decode("utf-8", "replace"), stderr


@pytest.fixture
def fake_pager(tmp_path):
    """A pager that writes down how it was called and what it was given."""
    def make(name: str) -> tuple[Path, Path]:
        folder = tmp_path / f"bin-{name}"
        folder.mkdir()
        log = tmp_path / f"{name}.log"
        script = folder / name
        script.write_text("#!/bin/sh\n"
                          f'printf "%s\\n" "$@" > "{log}.args"\n'
                          f'printf "%s" "${{LESS-unset}}" > "{log}.less"\n'
                          f'cat > "{log}.in"\n', encoding="utf-8")
        script.chmod(0o755)
        return script, log

    return make


def test_less_gets_dash_r_and_the_colours(fake_pager):
    pager, log = fake_pager("less")
    code, _, stderr = on_terminal([str(SAMPLE), "--preview"], {"PAGER": str(pager)})
    assert code == 0, stderr
    assert "-R" in Path(f"{log}.args").read_text().split("\n")
    assert Path(f"{log}.less").read_text() == "FRX"
    assert COLOUR_CODE.search(Path(f"{log}.in").read_text(encoding="utf-8"))


def test_less_keeps_the_users_less_options(fake_pager):
    pager, log = fake_pager("less")
    code, _, _ = on_terminal([str(SAMPLE), "--preview"], {"PAGER": str(pager), "LESS": "-i"})
    assert code == 0
    assert Path(f"{log}.less").read_text() == "-i"
    assert "-R" in Path(f"{log}.args").read_text().split("\n")


def test_a_pager_without_colour_gets_plain_text(fake_pager):
    pager, log = fake_pager("more")
    code, _, _ = on_terminal([str(SAMPLE), "--preview"], {"PAGER": str(pager)})
    assert code == 0
    shown = Path(f"{log}.in").read_text(encoding="utf-8")
    assert "\x1b" not in shown and "removed" in shown


def test_no_color_is_honoured_on_a_terminal():
    code, shown, _ = on_terminal([str(SAMPLE), "--preview", "--no-pager"], {})
    assert code == 0 and COLOUR_CODE.search(shown)
    code, shown, _ = on_terminal([str(SAMPLE), "--preview", "--no-pager"], {"NO_COLOR": "1"})
    assert code == 0 and "removed" in shown and not COLOUR_CODE.search(shown)


def test_force_color_colours_a_pipe():
    plain = subprocess.run([sys.executable, "-m", "cleaner", str(SAMPLE), "--preview"],
                           capture_output=True, timeout=120)
    assert plain.returncode == 0 and b"\x1b" not in plain.stdout
    forced = subprocess.run([sys.executable, "-m", "cleaner", str(SAMPLE), "--preview"],
                            capture_output=True, timeout=120,
                            env={**os.environ, "FORCE_COLOR": "1"})
    assert forced.returncode == 0 and COLOUR_CODE.search(forced.stdout.decode())


def test_preview_word_in_any_order():
    runner = CliRunner()
    before = runner.invoke(app, ["--preview", "changes", str(SAMPLE)])
    after = runner.invoke(app, [str(SAMPLE), "--preview", "changes"])
    whole = runner.invoke(app, [str(SAMPLE), "--preview"])
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout
    assert len(before.stdout) < len(whole.stdout)


@pytest.fixture(scope="module")
def english():
    return clean_bytes(ENGLISH.read_bytes(), ENGLISH.name)


def test_changes_folds_plain_line_wraps_on_a_line_per_line_page(english):
    """The NY Tribune page is set one printed line per line: most joins are plain
    line-wraps, which `changes` and `compact` must not show one by one."""
    rows = build_rows(english)
    shown = {mode: visible_rows(rows, mode) for mode in ("all", "changes", "compact")}
    assert sum(n.kind == "wrap" for r in shown["all"] if r for n in r.notes) > 400
    notes = [n.kind for r in shown["changes"] if r for n in r.notes]
    assert "wrap" not in notes and {"join", "join-low", "break"} <= set(notes)
    assert "wrap" not in [n.kind for r in shown["compact"] for n in r.notes]
    assert len(shown["compact"]) < 0.5 * len(shown["all"])
    printed = {mode: len(CliRunner().invoke(app, [str(ENGLISH), "--preview", mode]).stdout
                         .splitlines()) for mode in ("all", "changes", "compact")}
    assert printed["changes"] < 0.7 * printed["all"]
    assert printed["compact"] < 0.7 * printed["all"]


def test_compact_loses_no_text(english):
    rows = build_rows(english)
    words = " ".join(r.text for r in visible_rows(rows, "all") if r).split()
    assert " ".join(r.text for r in visible_rows(rows, "compact") if r).split() == words


def test_svg_gives_wide_characters_two_cells():
    """rich squeezes a run of Chinese into one cell per character; each run must span its
    cells and end where the next run on its row starts."""
    result = clean_bytes(SAMPLE.read_bytes(), SAMPLE.name)
    svg = preview_svg([result], PreviewOptions(mode="changes"))
    texts = re.findall(r'<text [^>]*?x="([\d.]+)" y="([\d.]+)" textLength="([\d.]+)"[^>]*>'
                       r"([^<]*)</text>", svg)
    assert texts
    cell = min(float(length) / len(html.unescape(text)) for _, _, length, text in texts
               if html.unescape(text).isascii())
    wide = 0
    for _, _, length, text in texts:
        chars = html.unescape(text)
        cells = sum(cell_width(c) for c in chars)
        assert float(length) == pytest.approx(cells * cell, rel=1e-3)
        wide += cells > len(chars)
    assert wide > 10
    by_row: dict[str, list[tuple[float, float]]] = {}
    for x, y, length, _ in texts:
        by_row.setdefault(y, []).append((float(x), float(length)))
    for spans in by_row.values():
        spans.sort()
        for (x, length), (next_x, _) in pairwise(spans):
            assert x + length <= next_x + 0.01

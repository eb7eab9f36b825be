"""The preview: snapshot of the real page, HTML checked against the records, wide text."""

import io
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import LIBRARY, RIVER, article_blocks, page
from rich.console import Console
from typer.testing import CliRunner

from cleaner import clean_bytes, clean_text
from cleaner.cli import app
from cleaner.preview import (
    PreviewOptions,
    build_rows,
    cell_width,
    fold,
    render_preview,
    render_previews,
    report_html,
)

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "000_cdcccbc17d5f7ba6.txt"
ENGLISH = ROOT / "samples" / "nytribune-1903-05-01.txt"


def plain(results, mode="all", width=100):
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False,
                      highlight=False, markup=False)
    render_previews(results, console, PreviewOptions(mode=mode))
    return buffer.getvalue()


@pytest.fixture(scope="module")
def sample():
    return clean_bytes(SAMPLE.read_bytes(), SAMPLE.name)


@pytest.mark.parametrize("mode", ["all", "changes"])
def test_snapshot_of_the_sample_page(sample, mode):
    expected = (ROOT / "tests" / "snapshots" / f"preview-{SAMPLE.stem}-{mode}.txt").read_text()
    assert plain([sample], mode) == expected


def test_every_decision_is_shown(sample):
    text = plain([sample])
    assert "duplicate of lines 117-123 (similarity 1.00)" in text
    assert "…坚持启动、立|项、招标、完…  cjk-column-break" in text
    assert "repeated-char-at-break: 新兴产业|业、" in text
    assert "continuation-marker (continued from page D1)" in text
    for role in ("kicker", "title", "dateline", "byline", "subhead"):
        assert f" {role} " in text


def test_rows_fit_the_width_in_display_cells(sample):
    for width in (60, 80, 120):
        for line in plain([sample], width=width).splitlines():
            assert sum(cell_width(c) for c in line) <= width, line


def test_ambiguous_width_changes_the_folding():
    text = [("“引号”……" * 4, "")]
    assert all(sum(cell_width(c, True) for t, _ in row for c in t) <= 10
               for row in fold(text, 10, ambiguous_wide=True))
    assert len(fold(text, 10, ambiguous_wide=True)) > len(fold(text, 10))


def test_noisy_copy_shows_word_level_differences():
    para = ("The general tieup of craft in New-York Harbor that has been threatened for the last "
            "two or three days will not take place to-day, the owners said.")
    noisy = para.replace("threatened", "threatcned").replace("owners", "ownors")
    result = clean_text(page("HARBOR STRIKE.", para, "DOCKS QUIET.", noisy + " And more.",
                             "TUGS IDLE.", noisy))
    notes = [n for row in build_rows(result) for n in row.notes if n.kind == "removed"]
    assert notes
    changed = {text for n in notes for text, style in n.parts if style in ("diff-del", "diff-ins")}
    assert "threatened" in changed or "threatcned" in changed


def test_page_without_changes_says_so():
    result = clean_text(page(*article_blocks(RIVER)))
    assert "no changes" in plain([result])
    assert "No changes" in report_html([result])


def test_batch_has_one_section_per_file(sample):
    english = clean_bytes(ENGLISH.read_bytes(), ENGLISH.name)
    text = plain([sample, english], mode="changes")
    assert f"━━ {SAMPLE.name}" in text and f"━━ {ENGLISH.name}" in text
    assert report_html([sample, english]).count("<section") == 2


class _Report(HTMLParser):
    def __init__(self):
        super().__init__()
        self.notes, self.roles, self.tags, self.articles = [], [], set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if attrs.get("data-kind") in ("join", "join-low", "removed", "flag"):
            self.notes.append((attrs["data-kind"], attrs["data-lines"]))
        if attrs.get("data-role"):
            self.roles.append((attrs["data-role"], attrs["data-line"]))
        if attrs.get("data-kind") == "article":
            self.articles += 1
        for name in ("src", "href"):
            assert name not in attrs, "the report uses no external assets"


def test_html_report_holds_every_removal_join_and_heading(sample):
    report = _Report()
    report.feed(report_html([sample]))
    notes = set(report.notes)
    for removal in sample.removed:
        assert ("removed", f"{removal.lines[0]}-{removal.lines[1]}") in notes
    for join in sample.joins:
        kind = "join-low" if join.confidence < 0.8 else "join"
        assert (kind, f"{join.lines[0]}-{join.lines[1]}") in notes
    for flag in sample.flags:
        assert ("flag", f"{flag.lines[0]}-{flag.lines[1]}") in notes
    roles = set(report.roles)
    for role in sample.roles:
        if role.role in ("kicker", "title", "subtitle", "dateline", "byline", "subhead"):
            assert (role.role, str(role.lines[0])) in roles
    assert report.articles == len(sample.articles)
    assert "script" not in report.tags and "link" not in report.tags


def test_cli_preview_writes_nothing_and_can_be_plain(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, [str(SAMPLE), "--preview", "changes", "--no-color",
                                 "--preview-html", str(tmp_path / "r.html"),
                                 "--preview-svg", str(tmp_path / "r.svg")])
    assert result.exit_code == 0, result.stderr
    assert "\x1b[" not in result.stdout
    assert "duplicate of lines 117-123" in result.stdout and "⋮" in result.stdout
    assert (tmp_path / "r.html").read_text("utf-8").startswith("<!DOCTYPE html>")
    assert "<svg" in (tmp_path / "r.svg").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.svg"]


def test_preview_with_output_also_writes(tmp_path):
    result = CliRunner().invoke(app, [str(SAMPLE), "--preview", "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert (tmp_path / "out" / SAMPLE.stem / "manifest.json").exists()
    assert "━━ " in result.stdout


def test_preview_for_a_file_named_changes(tmp_path, monkeypatch):
    """A real input called `changes` is an input, not the preview mode."""
    monkeypatch.chdir(tmp_path)
    Path("changes").write_text(page(*article_blocks(LIBRARY)), encoding="utf-8")
    result = CliRunner().invoke(app, ["--preview", "changes"])
    assert result.exit_code == 0 and "━━ changes" in result.stdout


def test_render_preview_on_one_page(sample):
    buffer = io.StringIO()
    render_preview(sample, Console(file=buffer, width=80, color_system=None))
    assert buffer.getvalue().startswith("━━ 000_cdcccbc17d5f7ba6.txt")

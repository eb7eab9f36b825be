"""The `clean` command through typer's CliRunner: outputs, streams and error handling."""

import json
from pathlib import Path

import pytest
from conftest import LIBRARY, RIVER, article_blocks, page
from typer.testing import CliRunner

from cleaner.cli import app

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "000_cdcccbc17d5f7ba6.txt"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def page_file(tmp_path, two_articles):
    path = tmp_path / "page.txt"
    path.write_text(two_articles, encoding="utf-8")
    return path


def test_writes_one_folder_with_articles_and_manifest(runner, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, [str(SAMPLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    folder = out / SAMPLE.stem
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["source"] == SAMPLE.name and manifest["encoding"] == "utf-8"
    files = sorted(p.name for p in folder.iterdir())
    assert files == sorted([a["file"] for a in manifest["articles"]] + ["manifest.json"])
    first = (folder / manifest["articles"][0]["file"]).read_text("utf-8")
    assert first.startswith(manifest["articles"][0]["kicker"] + "\n" + manifest["articles"][0]["title"])
    assert manifest["articles"][0]["paragraphs"][0] in first
    assert "articles" in result.stderr and result.stdout == ""
    assert not list(out.glob(".*")), "no temporary folders left behind"


def test_rerun_replaces_the_folder(runner, tmp_path, page_file):
    out = tmp_path / "out"
    assert runner.invoke(app, [str(page_file), "-o", str(out)]).exit_code == 0
    (out / "page" / "stale.txt").write_text("old", encoding="utf-8")
    assert runner.invoke(app, [str(page_file), "-o", str(out)]).exit_code == 0
    assert not (out / "page" / "stale.txt").exists()


def test_stdout_text_and_nothing_else_on_stdout(runner, page_file):
    result = runner.invoke(app, [str(page_file)])
    assert result.exit_code == 0
    assert LIBRARY["title"] in result.stdout and RIVER["paragraphs"][2] in result.stdout
    assert "summary" not in result.stdout and "summary" in result.stderr


def test_stdout_jsonl(runner, page_file):
    result = runner.invoke(app, [str(page_file), "--format", "jsonl", "-q"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in rows] == [LIBRARY["title"], RIVER["title"]]
    assert all(r["source"] == "page.txt" for r in rows)
    assert result.stderr == ""


def test_stdout_markdown(runner, page_file):
    result = runner.invoke(app, [str(page_file), "--format", "md"])
    assert f"# {LIBRARY['title']}" in result.stdout


def test_stdin(runner, two_articles):
    result = runner.invoke(app, ["-", "--format", "jsonl"], input=two_articles.encode("gb18030"))
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["title"] == LIBRARY["title"]


def test_preview_writes_nothing_without_output(runner, tmp_path):
    result = runner.invoke(app, [str(SAMPLE), "--preview"])
    assert result.exit_code == 0
    assert "duplicate of lines 117-123" in result.stdout
    assert "cjk-column-break" in result.stdout
    assert not list(tmp_path.iterdir())


def test_missing_file_fails_with_a_message(runner, tmp_path, page_file):
    out = tmp_path / "out"
    result = runner.invoke(app, [str(tmp_path / "nope.txt"), str(page_file), "-o", str(out)])
    assert result.exit_code == 1
    assert "clean: " in result.stderr and "nope.txt" in result.stderr
    assert "no such file" in result.stderr and "Traceback" not in result.output
    assert (out / "page" / "manifest.json").exists(), "the good input is still written"


def test_folder_without_inputs(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("x")
    result = runner.invoke(app, [str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "no .txt or ALTO .xml files" in result.stderr


def test_empty_file_writes_nothing_and_says_so(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n  \n\u3000\n")
    result = runner.invoke(app, [str(empty), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "empty input" in result.stderr
    assert not (tmp_path / "out").exists()


def test_binary_file_is_not_text(runner, tmp_path):
    png = tmp_path / "scan.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    result = runner.invoke(app, [str(png)])
    assert result.exit_code == 1
    assert "scan.txt: not a text file" in result.stderr
    assert "Traceback" not in result.output


def test_usage_error_exits_2(runner, page_file):
    assert runner.invoke(app, []).exit_code == 2
    assert runner.invoke(app, [str(page_file), "--format", "pdf"]).exit_code == 2
    assert runner.invoke(app, [str(page_file), "--similarity", "3"]).exit_code == 2


def test_output_that_is_a_file_is_a_usage_error(runner, tmp_path, page_file):
    target = tmp_path / "out"
    target.write_text("x")
    result = runner.invoke(app, [str(page_file), "-o", str(target)])
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_help_explains_with_examples(runner):
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Examples:" in result.stdout and "--format" in result.stdout


def test_folder_and_glob_inputs(runner, tmp_path):
    scans = tmp_path / "scans" / "1903"
    scans.mkdir(parents=True)
    for name in ("a.txt", "b.txt"):
        (scans / name).write_text(page(*article_blocks(RIVER)), encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, [str(tmp_path / "scans"), "-o", str(out), "-q"]).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["a", "b"]
    result = runner.invoke(app, [str(scans / "*.txt"), "--format", "jsonl"])
    assert len(result.stdout.splitlines()) == 2


def test_across_files(runner, tmp_path):
    (tmp_path / "a.txt").write_text(page(*article_blocks(RIVER)), encoding="utf-8")
    (tmp_path / "b.txt").write_text(page(*article_blocks(LIBRARY, byline=False),
                                         RIVER["paragraphs"][1]), encoding="utf-8")
    out = tmp_path / "out"
    alone = runner.invoke(app, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out)])
    assert alone.exit_code == 0
    manifest = json.loads((out / "b" / "manifest.json").read_text("utf-8"))
    assert not [r for r in manifest["removed"] if r["reason"] == "duplicate"]
    across = runner.invoke(app, [str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out),
                                 "--across-files"])
    assert across.exit_code == 0
    manifest = json.loads((out / "b" / "manifest.json").read_text("utf-8"))
    (removal,) = [r for r in manifest["removed"] if r["reason"] == "duplicate"]
    assert removal["duplicate_of"] == {"source": "a.txt", "lines": [5, 5]}

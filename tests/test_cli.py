"""The `clean` command through typer's CliRunner: outputs, streams and error handling."""

import hashlib
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
    assert manifest["source"] == str(SAMPLE) and manifest["encoding"] == "utf-8"
    assert manifest["sha256"] == hashlib.sha256(SAMPLE.read_bytes()).hexdigest()
    files = sorted(p.name for p in folder.iterdir())
    assert files == sorted([a["file"] for a in manifest["articles"]] + ["manifest.json"])
    first = (folder / manifest["articles"][0]["file"]).read_text("utf-8")
    assert first.startswith(manifest["articles"][0]["kicker"] + "\n\n"
                            + manifest["articles"][0]["title"])
    assert manifest["articles"][0]["paragraphs"][0] in first
    assert "articles" in result.stderr and result.stdout == ""
    assert not list(out.glob(".*")), "no temporary folders left behind"


def test_rerun_skips_what_is_written_unless_overwrite(runner, tmp_path, page_file):
    out = tmp_path / "out"
    assert runner.invoke(app, [str(page_file), "-o", str(out)]).exit_code == 0
    (out / "page" / "stale.txt").write_text("old", encoding="utf-8")
    again = runner.invoke(app, [str(page_file), "-o", str(out)])
    assert again.exit_code == 0 and "skipped (already written" in again.stderr
    assert (out / "page" / "stale.txt").exists()
    assert runner.invoke(app, [str(page_file), "-o", str(out), "--overwrite"]).exit_code == 0
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
    assert all(r["source"] == str(page_file) for r in rows)
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
    assert "joined to line 13" in result.stdout
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
    assert sorted(p.relative_to(out).as_posix() for p in out.glob("*/*")) == ["1903/a", "1903/b"]
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
                                 "--across-files", "--overwrite"])
    assert across.exit_code == 0
    manifest = json.loads((out / "b" / "manifest.json").read_text("utf-8"))
    (removal,) = [r for r in manifest["removed"] if r["reason"] == "duplicate"]
    assert removal["duplicate_of"] == {"source": str(tmp_path / "a.txt"), "lines": [5, 5]}


def _batch(tmp_path, count=6):
    scans = tmp_path / "scans"
    scans.mkdir()
    for i in range(count):
        blocks = article_blocks(LIBRARY if i % 2 else RIVER)
        (scans / f"p{i}.txt").write_text(page(*blocks), encoding="utf-8")
    (scans / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    return scans


def test_output_is_the_same_for_any_number_of_jobs(runner, tmp_path):
    scans = _batch(tmp_path)
    one = runner.invoke(app, [str(scans), "--format", "jsonl", "-j", "1"])
    two = runner.invoke(app, [str(scans), "--format", "jsonl", "-j", "2"])
    assert one.exit_code == two.exit_code == 1, "the broken file fails, the others go through"
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == 6
    assert "broken.txt: not a text file" in two.stderr


def test_parallel_writes_match_serial_writes(runner, tmp_path):
    scans = _batch(tmp_path)
    runner.invoke(app, [str(scans), "-o", str(tmp_path / "a"), "-j", "1"])
    runner.invoke(app, [str(scans), "-o", str(tmp_path / "b"), "-j", "2"])
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*"))
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*"))
    assert files_a == files_b and len(files_a) == 6 * 3  # folder, article, manifest
    for name in files_a:
        if name.suffix:
            assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_dry_run_writes_nothing(runner, tmp_path, page_file):
    result = runner.invoke(app, [str(page_file), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0 and "dry run" in result.stderr
    assert not (tmp_path / "out").exists() and result.stdout == ""


def test_verbose_and_quiet(runner, page_file):
    loud = runner.invoke(app, [str(page_file), "-v", "--format", "jsonl"])
    assert "page.txt: 2 articles" in loud.stderr
    quiet = runner.invoke(app, [str(page_file), "-q", "--format", "jsonl"])
    assert quiet.stderr == ""


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "big5", "utf-16",
                                      "utf-16-le", "utf-16-be"])
def test_chinese_file_in_each_encoding(runner, tmp_path, encoding):
    text = page("河道整治工程完工", "本報訊 經過兩年建設，河道水質明顯改善，沿岸綠道向市民開放。",
                "李紅") if encoding == "big5" else page(*article_blocks(RIVER))
    path = tmp_path / "page.txt"
    path.write_bytes(text.replace("\n", "\r\n").encode(encoding))
    result = runner.invoke(app, [str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "page" / "manifest.json").read_text("utf-8"))
    first = manifest["articles"][0]
    assert first["title"] == text.split("\n")[0]
    assert first["byline"] == text.strip().split("\n")[-1]
    assert manifest["encoding"].replace("_", "-") in {encoding, "utf-8" if encoding == "utf-8"
                                                      else encoding, "big5", "cp950"}


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "latin-1", "utf-16"])
def test_english_file_in_each_encoding(runner, tmp_path, encoding):
    text = ("HARBOR STRIKE ENDED.\n\nThe café owners’ association met on the pier, "
            "and the engineers agreed to arbitrate the question of wages.\n")
    if encoding == "latin-1":
        text = text.replace("’", "'")
    path = tmp_path / "page.txt"
    path.write_bytes(text.encode(encoding))
    result = runner.invoke(app, [str(path), "--format", "jsonl"])
    (article,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert article["title"] == "HARBOR STRIKE ENDED."
    assert article["paragraphs"][0].startswith("The café owners")


def test_forced_encoding_option(runner, tmp_path):
    path = tmp_path / "page.txt"
    path.write_bytes(page(*article_blocks(RIVER)).encode("gb18030"))
    result = runner.invoke(app, [str(path), "--encoding", "gb18030", "--format", "jsonl"])
    assert json.loads(result.stdout.splitlines()[0])["title"] == RIVER["title"]


def test_preview_word_without_input_is_a_usage_error(runner):
    result = runner.invoke(app, ["--preview", "changes"])
    assert result.exit_code == 2 and "missing INPUT" in result.stderr


def test_reader_leaving_early_is_not_an_error(tmp_path):
    import subprocess
    import sys
    page_file = tmp_path / "p.txt"
    page_file.write_text(page(*article_blocks(RIVER)) * 200, encoding="utf-8")
    shell = subprocess.run(f"{sys.executable} -m cleaner {page_file} -q | head -1",
                           shell=True, capture_output=True, text=True, check=False)
    assert shell.stdout.strip() == RIVER["title"]
    assert "Traceback" not in shell.stderr and "Broken pipe" not in shell.stderr

"""Large inputs are cleaned page by page: same articles, the file's own line numbers."""

import json

import pytest
from conftest import LIBRARY, RIVER, article_blocks, page
from typer.testing import CliRunner

from cleaner import read
from cleaner.cli import app
from cleaner.read import stream_pages


@pytest.fixture
def big(tmp_path, monkeypatch):
    """Three pages split by form feeds and a page-marker line; 'large' above 100 bytes."""
    monkeypatch.setattr(read, "STREAM_BYTES", 100)
    first = page(*article_blocks(RIVER))
    second = page(*article_blocks(LIBRARY))
    third = page(LIBRARY["title"], LIBRARY["paragraphs"][0])
    path = tmp_path / "archive.txt"
    path.write_text(first + "\f" + second + "=== page 3 ===\n" + third, encoding="gb18030")
    return path, [first, second, third]


def test_stream_pages_numbers_lines_as_the_file_does(big):
    path, _ = big
    pages = list(stream_pages(path, path.name))
    assert [first for first, _ in pages] == [1, 10, 19]
    assert pages[0][1].encoding == "gb18030"
    assert pages[2][1].lines[0] == "=== page 3 ==="


def test_large_file_written_page_by_page(big, tmp_path):
    path, _ = big
    out = tmp_path / "out"
    result = CliRunner().invoke(app, [str(path), "-o", str(out), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    manifest = json.loads((out / "archive" / "manifest.json").read_text("utf-8"))
    titles = [a["title"] for a in manifest["articles"]]
    assert titles == [RIVER["title"], LIBRARY["title"], LIBRARY["title"]]
    assert [a["lines"] for a in manifest["articles"]] == [[1, 9], [10, 18], [20, 22]]
    assert [a["file"][:6] for a in manifest["articles"]] == ["00001-", "00002-", "00003-"]
    assert {r["reason"] for r in manifest["removed"]} == {"page-furniture"}
    files = sorted(p.name for p in (out / "archive").iterdir())
    assert files == sorted([a["file"] for a in manifest["articles"]] + ["manifest.json"])
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_large_file_to_stdout(big):
    path, _ = big
    result = CliRunner().invoke(app, [str(path), "--format", "jsonl", "-j", "1"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["title"] for r in rows] == [RIVER["title"], LIBRARY["title"], LIBRARY["title"]]

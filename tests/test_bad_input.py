"""Strange files and failing disks: a clear message, the right exit code, no partial output."""

import errno
import gzip
import json
from pathlib import Path

import pytest
from conftest import LIBRARY, RIVER, article_blocks, page
from typer.testing import CliRunner

from cleaner import write
from cleaner.cli import app
from cleaner.model import Article, PageResult, SourceText


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def good(tmp_path):
    path = tmp_path / "good.txt"
    path.write_text(page(*article_blocks(RIVER)), encoding="utf-8")
    return path


def _leftovers(folder: Path) -> list[Path]:
    """Staging folders or files a failed write could leave behind."""
    return [p for p in folder.rglob("*") if ".tmp" in p.name or p.name.startswith(".")]


@pytest.mark.parametrize("name,data", [
    ("nul.txt", b"some text\x00\x00\x00 with NUL bytes\x00" * 20),
    ("scan.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
    ("page.txt.gz", gzip.compress(page(*article_blocks(RIVER)).encode())),
])
def test_binary_files_are_not_text_and_are_skipped(runner, tmp_path, good, name, data):
    bad = tmp_path / name
    bad.write_bytes(data)
    out = tmp_path / "out"
    result = runner.invoke(app, [str(bad), str(good), "-o", str(out)])
    assert result.exit_code == 1
    assert f"{name}: not a text file" in result.stderr
    assert "Traceback" not in result.output
    assert (out / "good" / "manifest.json").exists()


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n", "\u3000\u3000\n\r\n".encode()])
def test_empty_and_whitespace_only(runner, tmp_path, content):
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    result = runner.invoke(app, [str(path), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "blank.txt: empty input, nothing written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_single_huge_line(runner, tmp_path):
    """20 MB on one line (bench/memory.py runs 200 MB): cleaned, nothing lost."""
    sentence = "The engineers of the harbor agreed to arbitrate the wages question. "
    path = tmp_path / "line.txt"
    path.write_text(sentence * (20_000_000 // len(sentence)) + "\n", encoding="utf-8")
    result = runner.invoke(app, [str(path), "-o", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0
    manifest = json.loads((tmp_path / "out" / "line" / "manifest.json").read_text("utf-8"))
    kept = "".join(p for a in manifest["articles"] for p in a["paragraphs"])
    assert len(kept) >= 19_900_000


def test_invalid_bytes_in_utf8_are_replaced_and_reported(runner, tmp_path):
    path = tmp_path / "mixed.txt"
    text = page(*article_blocks(RIVER)).encode()
    path.write_bytes(text[:60] + b"\xff\xfe" + text[60:])
    result = runner.invoke(app, [str(path), "--format", "jsonl"])
    assert result.exit_code == 0
    assert "mixed.txt: 2 undecodable bytes replaced by U+FFFD" in result.stderr


def test_unreadable_file(runner, tmp_path, good, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    real = Path.read_bytes

    def deny(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", deny)
    result = runner.invoke(app, [str(secret), str(good), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1
    assert "secret.txt: permission denied" in result.stderr
    assert (tmp_path / "out" / "good" / "manifest.json").exists()


def test_output_folder_not_writable(runner, tmp_path, good, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(write.tempfile, "mkdtemp", refuse)
    result = runner.invoke(app, [str(good), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 1
    out = tmp_path / "out" / "good"
    assert f"good.txt: cannot write {out}: Permission denied" in result.stderr


def test_disk_full_during_a_write_leaves_no_partial_file(runner, tmp_path, good, monkeypatch):
    real_open = open

    class FullDisk:
        """A manifest file on a disk that fills up halfway through it."""

        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            self.handle.write(text[:len(text) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")

    def filling(path, *args, **kwargs):
        handle = real_open(path, *args, **kwargs)
        return FullDisk(handle) if str(path).endswith("manifest.json") else handle

    monkeypatch.setattr(write, "open", filling, raising=False)
    out = tmp_path / "out"
    result = runner.invoke(app, [str(good), "-o", str(out), "-j", "1"])
    monkeypatch.delattr(write, "open")
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert not (out / "good").exists()
    assert _leftovers(out) == []


def test_interrupted_batch_keeps_finished_folders_whole(runner, tmp_path, monkeypatch):
    scans = tmp_path / "scans"
    scans.mkdir()
    for i in range(5):
        (scans / f"p{i}.txt").write_text(page(*article_blocks(LIBRARY if i % 2 else RIVER)),
                                         encoding="utf-8")
    real = write.write_result
    calls = []

    def interrupt_third(result, target):
        calls.append(target)
        if len(calls) == 3:
            (target.parent / f".{target.name}.partial.tmp").mkdir(parents=True)
            raise KeyboardInterrupt
        return real(result, target)

    monkeypatch.setattr(write, "write_result", interrupt_third)
    out = tmp_path / "out"
    result = runner.invoke(app, [str(scans), "-o", str(out), "-j", "1"])
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    written = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert written == ["p0", "p1"]
    for name in written:
        manifest = json.loads((out / name / "manifest.json").read_text("utf-8"))
        assert manifest["articles"]
    rerun = runner.invoke(app, [str(scans), "-o", str(out), "-j", "1"])
    monkeypatch.setattr(write, "write_result", real)
    assert "skipped (already written" in rerun.stderr


def test_interrupted_write_removes_its_staging_folder(tmp_path, monkeypatch):
    result = PageResult(SourceText("p.txt", "utf-8", ("标题", "", "正文。")),
                        (Article(title="标题", paragraphs=["正文。"], lines=(1, 3)),))

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(write, "write_manifest", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write.write_result(result, tmp_path / "p")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("title", [
    "../../etc/passwd", "/absolute/path", "a/b\\c", "nul\x00byte", "x" * 300, "CON", "aux.txt",
    "...", "", "   ", "COM1", "title: with * and ? and |",
])
def test_dangerous_titles_make_safe_unique_names(tmp_path, title):
    articles = tuple(Article(title=title, paragraphs=[f"正文{i}。"], lines=(i, i))
                     for i in range(1, 3))
    result = PageResult(SourceText("p.txt", "utf-8", ("正文1。", "正文2。")), articles)
    target = tmp_path / "out" / "p"
    paths = write.write_result(result, target)
    names = [p.name for p in paths]
    assert len(set(names)) == len(names) == 3
    for path in paths:
        assert path.parent == target and path.exists()
        assert len(path.name.encode()) <= 255 and "\x00" not in path.name
        assert path.stem.split("-", 1)[-1].upper() not in {"CON", "AUX", "COM1", "NUL"}
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["p"]

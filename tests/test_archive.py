"""Archives as users hold them: input trees mirrored under -o, resume by source path and
content hash, standard input, usage errors, Options validated like the command line."""

import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LIBRARY, RIVER, article_blocks, page
from typer.testing import CliRunner

from cleaner import Options
from cleaner.cli import app

ROOT = Path(__file__).resolve().parent.parent
ALTO = ROOT / "samples" / "nytribune-1903-05-01.alto.xml"
REAL_ALTO = ROOT / "tests" / "fixtures" / "real" / "beavercountynews-1916-05-12-p2.alto.xml.gz"


@pytest.fixture
def runner():
    return CliRunner()


def manifests(out: Path) -> dict[str, dict]:
    """Every manifest under `out`, by its folder relative to `out`."""
    return {p.parent.relative_to(out).as_posix(): json.loads(p.read_text("utf-8"))
            for p in sorted(out.rglob("manifest.json"))}


def river_page() -> str:
    return page(*article_blocks(RIVER))


def test_same_stem_different_inputs_get_their_own_folders(runner, tmp_path):
    """`page.txt` then `page.alto.xml` into one -o: the second is cleaned, not skipped."""
    (tmp_path / "page.txt").write_text(river_page(), encoding="utf-8")
    (tmp_path / "page.alto.xml").write_bytes(ALTO.read_bytes())
    out = tmp_path / "o"
    assert runner.invoke(app, [str(tmp_path / "page.txt"), "-o", str(out)]).exit_code == 0
    second = runner.invoke(app, [str(tmp_path / "page.alto.xml"), "-o", str(out)])
    assert second.exit_code == 0 and "skipped" not in second.stderr
    found = manifests(out)
    assert sorted(found) == ["page", "page-alto-xml"]
    assert found["page"]["source"] == str(tmp_path / "page.txt")
    assert found["page-alto-xml"]["source"] == str(tmp_path / "page.alto.xml")
    again = runner.invoke(app, [str(tmp_path / "page.txt"), str(tmp_path / "page.alto.xml"),
                                "-o", str(out)])
    assert again.exit_code == 0 and "skipped" in again.stderr
    assert sorted(manifests(out)) == ["page", "page-alto-xml"]


def test_chronicling_america_tree_is_mirrored(runner, tmp_path):
    """A batch tree `sn…/date/ed-1/seq-N/ocr.txt` + `ocr.xml`: every page keeps its place,
    no two share a folder, each manifest names its own file."""
    batch = tmp_path / "batch_curiv_ahwahnee_ver01" / "data" / "sn86069873"
    alto = gzip.decompress(REAL_ALTO.read_bytes())
    for seq, text in (("seq-1", river_page()), ("seq-2", page(*article_blocks(LIBRARY)))):
        folder = batch / "1900-01-01" / "ed-1" / seq
        folder.mkdir(parents=True)
        (folder / "ocr.txt").write_text(text, encoding="utf-8")
    (batch / "1900-01-01" / "ed-1" / "seq-1" / "ocr.xml").write_bytes(alto)
    out = tmp_path / "out"
    result = runner.invoke(app, [str(tmp_path / "batch_curiv_ahwahnee_ver01"), "-o", str(out),
                                 "-j", "1"])
    assert result.exit_code == 0, result.stderr
    found = manifests(out)
    base = "data/sn86069873/1900-01-01/ed-1"
    assert sorted(found) == [f"{base}/seq-1/ocr", f"{base}/seq-1/ocr-xml", f"{base}/seq-2/ocr"]
    root = tmp_path / "batch_curiv_ahwahnee_ver01"
    assert found[f"{base}/seq-1/ocr-xml"]["source"] == str(root / base / "seq-1" / "ocr.xml")
    assert found[f"{base}/seq-2/ocr"]["source"] == str(root / base / "seq-2" / "ocr.txt")
    assert found[f"{base}/seq-2/ocr"]["articles"][0]["title"] == LIBRARY["title"]
    rerun = runner.invoke(app, [str(root), "-o", str(out), "-j", "1"])
    assert "skipped (already written" in rerun.stderr
    assert re.search(r"files cleaned\s+0\b", rerun.stderr)


def test_glob_then_folder_resumes_instead_of_cleaning_twice(runner, tmp_path, monkeypatch):
    """`clean samples/*.txt -o g/` then `clean samples -o g/`: the .txt pages are skipped,
    the ALTO file (not matched before) is cleaned, nothing lands in `…-2`."""
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "a.txt").write_text(river_page(), encoding="utf-8")
    (samples / "a.alto.xml").write_bytes(ALTO.read_bytes())
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, ["samples/*.txt", "-o", "g"]).exit_code == 0
    assert sorted(manifests(tmp_path / "g")) == ["a"]
    second = runner.invoke(app, ["samples", "-o", "g"])
    assert second.exit_code == 0
    assert "skipped (already written" in second.stderr
    found = manifests(tmp_path / "g")
    assert sorted(found) == ["a", "a-alto-xml"]
    assert found["a"]["source"] == "samples/a.txt"
    assert found["a-alto-xml"]["source"] == "samples/a.alto.xml"


def test_output_inside_the_input_tree_is_not_read_back(runner, tmp_path, monkeypatch):
    """`clean . -o out/` twice: the article .txt files under out/ are no inputs."""
    (tmp_path / "page.txt").write_text(river_page(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(app, [".", "-o", "out"]).exit_code == 0
    again = runner.invoke(app, [".", "-o", "out"])
    assert again.exit_code == 0 and re.search(r"files cleaned\s+0\b", again.stderr)
    assert sorted(manifests(tmp_path / "out")) == ["page"]


def test_changed_input_is_redone_and_unchanged_skipped(runner, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(river_page(), encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, [str(path), "-o", str(out)]).exit_code == 0
    path.write_text(page(*article_blocks(LIBRARY)), encoding="utf-8")
    again = runner.invoke(app, [str(path), "-o", str(out)])
    assert again.exit_code == 0 and "skipped" not in again.stderr
    (only,) = manifests(out).values()
    assert only["articles"][0]["title"] == LIBRARY["title"]
    assert only["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_stdin_runs_get_folders_by_content_or_name(runner, tmp_path):
    out = tmp_path / "out"
    one, two = river_page(), page(*article_blocks(LIBRARY))
    assert runner.invoke(app, ["-", "-o", str(out)], input=one).exit_code == 0
    second = runner.invoke(app, ["-", "-o", str(out)], input=two)
    assert second.exit_code == 0 and "skipped" not in second.stderr
    found = manifests(out)
    assert len(found) == 2 and all(name.startswith("stdin-") for name in found)
    assert {m["source"] for m in found.values()} == {"<stdin>"}
    same = runner.invoke(app, ["-", "-o", str(out)], input=one)
    assert "skipped (already written" in same.stderr
    named = runner.invoke(app, ["-", "-o", str(out), "--name", "p0001"], input=one)
    assert named.exit_code == 0
    assert manifests(out)["p0001"]["source"] == "p0001"


def test_pipe_without_dash_is_read(tmp_path):
    """`cat page | clean`, as with cat, grep and jq: no `-` needed."""
    result = subprocess.run([sys.executable, "-m", "cleaner"], input=river_page().encode(),
                            capture_output=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr.decode()
    assert RIVER["title"] in result.stdout.decode()
    empty = subprocess.run([sys.executable, "-m", "cleaner"], input=b"", capture_output=True,
                           cwd=tmp_path, timeout=120)
    assert empty.returncode == 2 and b"missing INPUT" in empty.stderr


def test_format_with_output_is_a_usage_error(runner, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(river_page(), encoding="utf-8")
    result = runner.invoke(app, [str(path), "-f", "jsonl", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "--format jsonl" in result.stderr
    assert not (tmp_path / "out").exists()


def test_summary_does_not_say_written_when_nothing_was(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    result = runner.invoke(app, [str(bad), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "failed" in result.stderr and "written to" not in result.stderr


def test_unknown_encoding_is_a_usage_error(runner, tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(river_page(), encoding="utf-8")
    result = runner.invoke(app, [str(path), "--encoding", "no-such-codec"])
    assert result.exit_code == 2 and "unknown encoding 'no-such-codec'" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("field", "value", "words"), [
    ("similarity", 2, "similarity must be between 0.5 and 1.0"),
    ("similarity", 0.1, "similarity must be between"),
    ("min_length", 0, "min_length must be a whole number"),
    ("keep", "best", "keep must be one of context, first, longest, cleanest"),
    ("encoding", "no-such-codec", "unknown encoding"),
    ("audit_margin", float("nan"), "audit_margin must be a finite number"),
])
def test_library_options_are_validated_like_the_cli(field, value, words):
    with pytest.raises(ValueError, match=words):
        Options(**{field: value})


def test_library_options_accept_what_the_cli_accepts():
    assert Options(similarity=0.5).similarity == 0.5
    assert Options(similarity=None, keep="longest", encoding="gb18030").keep == "longest"


def test_schema_is_printed_and_catches_a_broken_manifest(runner, tmp_path):
    from jsonschema import Draft202012Validator

    result = runner.invoke(app, ["--schema"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    Draft202012Validator.check_schema(schema)
    path = tmp_path / "page.txt"
    path.write_text(river_page(), encoding="utf-8")
    assert runner.invoke(app, [str(path), "-o", str(tmp_path / "out")]).exit_code == 0
    (record,) = manifests(tmp_path / "out").values()
    validator = Draft202012Validator(schema)
    assert list(validator.iter_errors(record)) == []
    broken = dict(record, articles=[dict(record["articles"][0], lines=[3])])
    del broken["source"]
    messages = [e.message for e in validator.iter_errors(broken)]
    assert any("'source' is a required property" in m for m in messages)
    assert any("is too short" in m for m in messages)


def test_shell_completion_is_offered():
    env = dict(os.environ, _CLEAN_COMPLETE="source_bash")
    result = subprocess.run([sys.executable, "-c", "from cleaner.cli import app; app("
                             "prog_name='clean')"], env=env, capture_output=True, timeout=60)
    assert b"complete" in result.stdout and b"_CLEAN_COMPLETE" in result.stdout
    helped = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in helped.stdout

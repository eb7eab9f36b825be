"""The Dask engine on a LocalCluster gives exactly the local engine's output."""

import json
from pathlib import Path

import pytest
from conftest import LIBRARY, RIVER, article_blocks, page
from test_links import FRONT, INSIDE

from cleaner.batch import Delivery, Input, Job, LocalEngine, Summary, run
from cleaner.model import Options
from cleaner.write import manifest

distributed = pytest.importorskip("distributed")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dask_engine():
    from cleaner.distributed import DaskEngine

    engine = DaskEngine(None, 2)
    yield engine
    engine.close()


@pytest.fixture
def items(tmp_path):
    (tmp_path / "a.txt").write_text(page(*article_blocks(RIVER)), encoding="utf-8")
    (tmp_path / "b.txt").write_text(page(*article_blocks(LIBRARY, byline=False),
                                         RIVER["paragraphs"][1]), encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    for sample in ("000_cdcccbc17d5f7ba6.txt", "nytribune-1903-05-01.txt"):
        (tmp_path / sample).write_bytes((ROOT / "samples" / sample).read_bytes())
    (tmp_path / "d-front.txt").write_text(FRONT, encoding="utf-8")
    (tmp_path / "e-inside.txt").write_text(INSIDE, encoding="utf-8")
    return [Input(p.name, p) for p in sorted(tmp_path.glob("*.txt"))]


def _run(engine, items, across):
    manifests, summary = [], Summary()
    jobs = [Job(item, Delivery(keep=True)) for item in items]
    for _ in run(jobs, Options(across_files=across), summary,
                 lambda outcome: manifests.append(json.dumps(manifest(outcome.result))), engine):
        pass
    return manifests, [(f.name, f.reason) for f in summary.failures]


@pytest.mark.parametrize("across", [False, True], ids=["per-page", "across-files"])
def test_dask_output_equals_local_output(dask_engine, items, across):
    local = _run(LocalEngine(1), items, across)
    on_dask = _run(dask_engine, items, across)
    assert on_dask == local
    assert local[1] == [("c.txt", "not a text file (binary content)")]
    assert len(local[0]) == 6


def test_across_files_on_dask_finds_the_copy_in_the_other_file(dask_engine, items):
    manifests, _ = _run(dask_engine, items, True)
    (b,) = [m for m in map(json.loads, manifests) if m["source"] == "b.txt"]
    (removal,) = [r for r in b["removed"] if r["reason"] == "duplicate"]
    assert removal["duplicate_of"] == {"source": "a.txt", "lines": [5, 5]}


def test_across_files_on_dask_links_an_article_to_its_continuation(dask_engine, items):
    manifests, _ = _run(dask_engine, items, True)
    (front,) = [m for m in map(json.loads, manifests) if m["source"] == "d-front.txt"]
    assert [a.get("continues") for a in front["articles"]] == ["e-inside.txt", None]

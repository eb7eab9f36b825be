"""`--engine dask`: the batch on a Dask distributed cluster (the `cleaner[dask]` extra).

Pages are read and cleaned on the workers; results come back in input order, so the
output equals the local engine's. With `--across-files`, no worker -- and not this
process -- holds the whole archive:

1. each chunk of pages is prepared on a worker, which keeps it, and emits the postings
   (sampled n-gram hash, passage id) of its paragraphs split into hash buckets;
2. one task per hash bucket receives that bucket from every chunk (the shuffle), finds
   the passage pairs sharing rare n-grams there, and splits the pair keys into buckets;
3. one task per key bucket sums the counts of its pairs and keeps the candidates;
4. candidates are verified on the workers that hold their pages; only the pages that
   have matches come here, to decide which copy stays; each page is then finished where
   it lies.

Workers must see the input paths (a shared file system) when a remote scheduler is used.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Sequence

import numpy as np
from distributed import Client, LocalCluster

from . import shingles
from .batch import IN_FLIGHT_PER_WORKER, Job, Outcome, deliver, prepare_task
from .duplicates import CopyPlan, PageCopies, apply, decide, indexed, merge_runs, verify_pairs
from .links import PageMarkers, plan_links
from .model import Options
from .pipeline import Prepared, finish

#: Pages prepared per task when looking across files.
CHUNK_PAGES = 64


class DaskEngine:
    """Runs the batch on a Dask cluster: a remote scheduler, or a local one started here."""

    def __init__(self, scheduler: str | None = None, jobs: int = 2) -> None:
        self.cluster = None if scheduler else LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
        self.client = Client(scheduler or self.cluster)
        self.jobs = max(1, len(self.client.scheduler_info()["workers"]))

    def map(self, task: Callable[[Job, Options], Outcome], jobs: list[Job],
            options: Options) -> Iterator[Outcome]:
        """Results in input order, a bounded number of tasks in flight."""
        window = self.jobs * IN_FLIGHT_PER_WORKER
        pending = [self.client.submit(task, job, options, pure=False) for job in jobs[:window]]
        for k in range(len(jobs)):
            outcome = pending[k].result()
            pending[k] = None  # let the cluster forget it
            if k + window < len(jobs):
                pending.append(self.client.submit(task, jobs[k + window], options, pure=False))
            yield outcome

    def across(self, jobs: list[Job], options: Options) -> Iterator[Outcome]:
        client = self.client
        chunks = [jobs[i:i + CHUNK_PAGES] for i in range(0, len(jobs), CHUNK_PAGES)]
        prepared = [client.submit(_prepare_chunk, chunk, options, pure=False) for chunk in chunks]
        sizes = client.gather([client.submit(_unit_counts, p, options) for p in prepared])
        offsets = np.concatenate(([0], np.cumsum([sum(s) for s in sizes])))
        total = int(offsets[-1])
        page_offsets = np.concatenate(([0], np.cumsum([len(s) for s in sizes])))
        buckets = max(1, self.jobs * 2)
        split = [client.submit(_bucketed_postings, p, int(offsets[c]), buckets, options)
                 for c, p in enumerate(prepared)]
        per_passage = client.gather([client.submit(operator.itemgetter(1), s) for s in split])
        per_passage = np.concatenate(per_passage) if per_passage else np.empty(0, np.int64)
        bucketed = [client.submit(shingles.bucket_pairs,
                                  [client.submit(_part, s, b) for s in split], total, buckets)
                    for b in range(buckets)]
        for common in client.gather([client.submit(operator.itemgetter(1), b)
                                     for b in bucketed]):
            per_passage -= np.bincount(common, minlength=total)
        pair_parts = [client.submit(operator.itemgetter(0), b) for b in bucketed]
        selected = [client.submit(shingles.select_pairs,
                                  [client.submit(operator.getitem, part, r) for part in pair_parts],
                                  per_passage, total)
                    for r in range(buckets)]
        candidates = sorted(pair for part in client.gather(selected) for pair in part)
        units = client.gather([client.submit(_units, p, options) for p in prepared])
        where = [(int(page_offsets[c]) + page, paragraph)
                 for c, chunk_units in enumerate(units) for page, paragraph in chunk_units]
        chunk_of = np.repeat(np.arange(len(chunks)), [len(s) for s in sizes])
        by_chunks: dict[tuple[int, int], list] = {}
        for x, y in candidates:
            (pa, ia), (pb, ib) = where[x], where[y]
            by_chunks.setdefault((int(chunk_of[pa]), int(chunk_of[pb])), []).append(
                ((pa, ia), (pb, ib)))
        verified = [client.submit(_verify, prepared[ca], prepared[cb], int(page_offsets[ca]),
                                  int(page_offsets[cb]), pairs, options)
                    for (ca, cb), pairs in sorted(by_chunks.items())]
        matches = [m for part in client.gather(verified) for m in part]
        involved = sorted({s.page for m in matches for s in (m.a, m.b)})
        pages = {}
        for page in involved:
            chunk = int(chunk_of[page])
            outcome = client.submit(operator.getitem, prepared[chunk],
                                    page - int(page_offsets[chunk])).result()
            pages[page] = outcome.result.page_text()
        decisions = decide(pages, merge_runs(matches, pages), options)
        marks = [m for part in client.gather([client.submit(_markers, p) for p in prepared])
                 for m in part]
        ready = [k for k, m in enumerate(marks) if m is not None]
        links = dict(zip(ready, plan_links([marks[k] for k in ready]), strict=True))
        finished = [client.submit(_finish_chunk, p, chunks[c],
                                  [decisions.get(int(page_offsets[c]) + k)
                                   for k in range(len(sizes[c]))],
                                  [links.get(int(page_offsets[c]) + k)
                                   for k in range(len(sizes[c]))])
                    for c, p in enumerate(prepared)]
        for future in finished:
            yield from future.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


# --- tasks (run on the workers) --------------------------------------------------------

def _prepare_chunk(chunk: Sequence[Job], options: Options) -> list[Outcome]:
    return [prepare_task(job, options) for job in chunk]


def _units(outcomes: list[Outcome], options: Options) -> list[tuple[int, int]]:
    """(page in chunk, paragraph) of every indexed paragraph, in index order."""
    return [(k, i) for k, o in enumerate(outcomes) if o.result is not None
            for i in indexed(o.result.paragraphs)]


def _unit_counts(outcomes: list[Outcome], options: Options) -> list[int]:
    return [len(indexed(o.result.paragraphs)) if o.result is not None else 0 for o in outcomes]


def _bucketed_postings(outcomes: list[Outcome], offset: int, buckets: int,
                       options: Options) -> tuple[list[shingles.Part], np.ndarray]:
    """This chunk's postings, global passage ids, split into hash buckets; and the
    number of sampled n-grams of each of its passages."""
    texts = [o.result.paragraphs[i].text for o in outcomes if o.result is not None
             for i in indexed(o.result.paragraphs)]
    parts = list(shingles.postings(texts, options.min_length))
    hashes = np.concatenate([h for h, _ in parts]) if parts else np.empty(0, np.uint64)
    owners = np.concatenate([o for _, o in parts]) if parts else np.empty(0, np.int64)
    counts = np.bincount(owners, minlength=len(texts))
    return shingles.split_by_hash(hashes, owners + offset, buckets), counts


def _part(split: tuple[list, np.ndarray], bucket: int) -> shingles.Part:
    return split[0][bucket]


def _verify(chunk_a: list[Outcome], chunk_b: list[Outcome], offset_a: int, offset_b: int,
            pairs: list, options: Options) -> list:
    pages = {}
    for chunk, offset in ((chunk_a, offset_a), (chunk_b, offset_b)):
        for k, outcome in enumerate(chunk):
            if outcome.result is not None:
                pages[offset + k] = outcome.result.page_text()
    return verify_pairs(pages, pairs, options)


def _markers(outcomes: list[Outcome]) -> list[PageMarkers | None]:
    return [o.result.markers() if o.result is not None else None for o in outcomes]


def _finish_chunk(outcomes: list[Outcome], jobs: list[Job], decisions: list[CopyPlan | None],
                  links: list[dict[str, str] | None]) -> list[Outcome]:
    """Finish and deliver (write or render) each page of a chunk where it lies."""
    done = []
    for outcome, job, decision, link in zip(outcomes, jobs, decisions, links, strict=True):
        if outcome.result is None:
            done.append(outcome)
            continue
        prepared: Prepared = outcome.result
        copies: PageCopies = apply(prepared.page_text(), decision or CopyPlan())
        done.append(deliver(job.item, finish(prepared, copies, links=link), job.delivery))
    return done


"""Many inputs: expand files, folders and globs, clean each on a pool of workers, tally.

Separate from `cli.py` so that the CLI only parses and renders, and from `pipeline.py` so
that a page can be cleaned without any notion of a batch. Results come back in input
order whatever the number of workers, so output is the same for any `--jobs`.
"""

from __future__ import annotations

import glob
import os
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .alto import looks_like_alto
from .model import Options, PageResult
from .pipeline import Prepared, clean_large_file, finish_pages, prepare_bytes
from .read import STREAM_BYTES, InputError

#: File suffixes picked up when a folder is given.
INPUT_SUFFIXES = (".txt", ".xml")
STDIN = "-"
#: Tasks in flight per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class Input:
    """One thing to clean: a path, or bytes already read (standard input)."""

    name: str
    path: Path | None
    data: bytes | None = None

    @property
    def stem(self) -> str:
        if self.path is None:
            return "stdin"
        name = self.path.name
        for suffix in (".alto.xml", ".txt", ".xml"):
            if name.lower().endswith(suffix):
                return name[: -len(suffix)]
        return self.path.stem

    @property
    def source_name(self) -> str:
        return self.path.name if self.path else self.name

    def read(self) -> bytes:
        if self.data is not None:
            return self.data
        if self.path is None:
            return sys.stdin.buffer.read()
        try:
            return self.path.read_bytes()
        except FileNotFoundError as exc:
            raise InputError("no such file") from exc
        except IsADirectoryError as exc:
            raise InputError("is a directory") from exc
        except PermissionError as exc:
            raise InputError("permission denied") from exc
        except OSError as exc:
            raise InputError(exc.strerror or str(exc)) from exc


@dataclass(frozen=True)
class Failure:
    name: str
    reason: str
    trace: str = ""  # the traceback of an unexpected error, shown with --debug


@dataclass(frozen=True)
class Stats:
    """What one page's cleaning did, small enough to send back from a worker."""

    articles: int = 0
    removed: tuple[tuple[str, int], ...] = ()
    joins: int = 0
    flags: int = 0
    bytes: int = 0
    replaced_bytes: int = 0
    empty: bool = True

    def plus(self, other: Stats) -> Stats:
        """Both pages' counts together (the pages of one large input)."""
        removed: dict[str, int] = dict(self.removed)
        for reason, count in other.removed:
            removed[reason] = removed.get(reason, 0) + count
        return Stats(self.articles + other.articles, tuple(sorted(removed.items())),
                     self.joins + other.joins, self.flags + other.flags,
                     self.bytes + other.bytes, self.replaced_bytes + other.replaced_bytes,
                     self.empty and other.empty)

    @classmethod
    def of(cls, result: PageResult) -> Stats:
        reasons: dict[str, int] = {}
        for removal in result.removed:
            reasons[removal.reason] = reasons.get(removal.reason, 0) + 1
        return cls(len(result.articles), tuple(sorted(reasons.items())), len(result.joins),
                   len(result.flags), sum(len(line) + 1 for line in result.source.lines),
                   result.source.replaced_bytes, not result.articles and not result.removed)


@dataclass
class Summary:
    """What a batch did, for the closing table and the exit code."""

    files: int = 0
    totals: Stats = Stats()
    empty: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, name: str, stats: Stats) -> None:
        if stats.empty:
            self.empty.append(name)
            return
        self.files += 1
        self.totals = self.totals.plus(stats)
        if stats.replaced_bytes:
            self.warnings.append(f"{name}: {stats.replaced_bytes} undecodable bytes replaced "
                                 "by U+FFFD")


def _folder_inputs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def expand_inputs(args: Iterable[str]) -> tuple[list[Input], list[Failure]]:
    """Turn command-line arguments into inputs; arguments that name nothing are failures."""
    inputs: list[Input] = []
    failures: list[Failure] = []
    seen: set[Path] = set()

    def add(path: Path, name: str) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            inputs.append(Input(name, path))

    for arg in args:
        if arg == STDIN:
            inputs.append(Input("<stdin>", None, sys.stdin.buffer.read()))
            continue
        path = Path(arg)
        if path.is_dir():
            found = _folder_inputs(path)
            if not found:
                failures.append(Failure(arg, "no .txt or ALTO .xml files in this folder"))
            for item in found:
                add(item, str(item))
        elif path.exists():
            add(path, arg)
        elif glob.has_magic(arg):
            matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                failures.append(Failure(arg, "no file matches this pattern"))
            for item in files:
                add(item, str(item))
        else:
            failures.append(Failure(arg, "no such file or folder"))
    return inputs, failures


# --- work done on a worker -----------------------------------------------------------------

@dataclass(frozen=True)
class Delivery:
    """Where one page's result goes, done on the worker that cleaned it, so that only
    counts (or the rendered text) travel back."""

    folder: Path | None = None  # write the articles and manifest.json here
    fmt: str | None = None  # or render the articles for stdout in this format
    keep: bool = False  # and send the whole result back (the preview needs it)


@dataclass(frozen=True)
class Job:
    item: Input
    delivery: Delivery = Delivery()


@dataclass(frozen=True)
class Outcome:
    """One input's fate, as it travels back from a worker."""

    item: Input
    stats: Stats | None = None
    text: str | None = None  # rendered for stdout
    result: PageResult | Prepared | None = None  # kept for the preview, or not yet finished
    failure: Failure | None = None


def _guarded(item: Input, work: Callable[[], Outcome]) -> Outcome:
    try:
        return work()
    except InputError as exc:
        return Outcome(item, failure=Failure(item.name, str(exc)))
    except OSError as exc:
        return Outcome(item, failure=Failure(item.name, f"cannot write output: "
                                                        f"{exc.strerror or exc}"))
    except MemoryError:
        return Outcome(item, failure=Failure(item.name, "out of memory"))
    except Exception as exc:  # a bug must not sink the rest of the batch
        return Outcome(item, failure=Failure(item.name, f"internal error: {exc!r}",
                                             traceback.format_exc()))


def deliver(item: Input, result: PageResult, delivery: Delivery) -> Outcome:
    """Write or render one finished page; report what it held."""
    from .write import render, write_result

    def work() -> Outcome:
        stats = Stats.of(result)
        text = None
        if not stats.empty:
            if delivery.folder is not None:
                write_result(result, delivery.folder)
            if delivery.fmt is not None:
                text = render(result, delivery.fmt)
        return Outcome(item, stats, text, result if delivery.keep else None)

    return _guarded(item, work)


def clean_task(job: Job, options: Options) -> Outcome:
    """Read, clean and deliver one input (duplicates within each page)."""
    def work() -> Outcome:
        if _is_large(job.item):
            return _deliver_large(job, options)
        result = finish_pages([prepare_bytes(job.item.read(), job.item.source_name, options)],
                              options)[0]
        return deliver(job.item, result, job.delivery)

    return _guarded(job.item, work)


def _is_large(item: Input) -> bool:
    """A plain-text file too large to hold whole: it is cleaned page by page."""
    if item.path is None or item.data is not None:
        return False
    try:
        if item.path.stat().st_size <= STREAM_BYTES:
            return False
        with open(item.path, "rb") as handle:
            return not looks_like_alto(handle.read(4096))
    except OSError:
        return False  # reading it will say what is wrong


def _deliver_large(job: Job, options: Options) -> Outcome:
    """Clean a large file page by page, writing (or rendering) each page as it is done."""
    from .write import PagesWriter, render

    item, delivery = job.item, job.delivery
    writer = None
    texts: list[str] = []
    totals = Stats()
    try:
        for result in clean_large_file(item.path, item.source_name, options):
            stats = Stats.of(result)
            totals = totals.plus(stats)
            if stats.empty:
                continue
            if delivery.folder is not None:
                writer = writer or PagesWriter(delivery.folder, item.source_name,
                                               result.source.encoding)
                writer.add(result)
            if delivery.fmt is not None:
                texts.append(render(result, delivery.fmt))
        if writer:
            writer.close()
    except BaseException:
        if writer:
            writer.abort()
        raise
    separator = "" if delivery.fmt == "jsonl" else "\n\n"
    return Outcome(item, totals, separator.join(texts) if delivery.fmt else None)


def prepare_task(job: Job, options: Options) -> Outcome:
    """Read one page and take it up to the duplicate stage (for --across-files)."""
    return _guarded(job.item, lambda: Outcome(job.item, result=prepare_bytes(
        job.item.read(), job.item.source_name, options)))


# --- engines: ordered maps over workers ----------------------------------------------------

class LocalEngine:
    """Runs tasks in this process (one job) or on a pool of processes, in input order."""

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)

    def map(self, task: Callable[[Job, Options], Outcome], jobs: list[Job],
            options: Options) -> Iterator[Outcome]:
        if self.jobs == 1 or len(jobs) <= 1:
            for job in jobs:
                yield task(job, options)
            return
        with ProcessPoolExecutor(max_workers=min(self.jobs, len(jobs))) as pool:
            yield from ordered(pool, task, jobs, options, self.jobs * IN_FLIGHT_PER_WORKER)

    def across(self, jobs: list[Job], options: Options) -> Iterator[Outcome]:
        """Prepare every page (in parallel), look for duplicates across all of them here,
        then finish and deliver each: outcomes in input order, failures included."""
        outcomes = list(self.map(prepare_task, jobs, options))
        ready = [o.result for o in outcomes if o.result is not None]
        results = iter(finish_pages(ready, options))
        for job, outcome in zip(jobs, outcomes, strict=True):
            yield outcome if outcome.result is None else deliver(job.item, next(results),
                                                                 job.delivery)

    def close(self) -> None:
        pass


def ordered(pool: Executor, task: Callable[[Job, Options], Outcome], jobs: list[Job],
            options: Options, window: int) -> Iterator[Outcome]:
    """Results in input order with at most `window` tasks submitted ahead, so a slow early
    file never makes later results pile up in memory."""
    pending: deque[Future[Outcome]] = deque()
    queue = iter(jobs)
    for job in queue:
        pending.append(pool.submit(task, job, options))
        if len(pending) >= window:
            break
    while pending:
        yield pending.popleft().result()
        job = next(queue, None)
        if job is not None:
            pending.append(pool.submit(task, job, options))


# --- the batch -----------------------------------------------------------------------------

def run(jobs: list[Job], options: Options, summary: Summary,
        on_outcome: Callable[[Outcome], None] | None = None,
        engine: LocalEngine | None = None) -> Iterator[Input]:
    """Clean every job's input and deliver it; tally the outcomes in input order and hand
    each to `on_outcome` (stdout, preview). Yields after each input so the caller can
    advance a progress bar. Bad inputs become failures, never exceptions.

    With `options.across_files`, the engine prepares all pages first, looks for
    duplicates across all of them, then finishes each.
    """
    engine = engine or LocalEngine(1)
    outcomes = (engine.across(jobs, options) if options.across_files
                else engine.map(clean_task, jobs, options))
    for outcome in outcomes:
        if outcome.failure:
            summary.failures.append(outcome.failure)
        else:
            summary.add(outcome.item.name, outcome.stats)
            if on_outcome and not outcome.stats.empty:
                on_outcome(outcome)
        yield outcome.item

"""Many inputs: expand files, folders and globs, clean each on a pool of workers, tally.

Separate from `cli.py` so that the CLI only parses and renders, and from `pipeline.py` so
that a page can be cleaned without any notion of a batch. Results come back in input
order whatever the number of workers, so output is the same for any `--jobs`.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .model import InputError, Options, PageResult

if TYPE_CHECKING:  # the stages are imported where a page is cleaned, so that `clean
    from .pipeline import Prepared  # --help` and the parent of a pool do not load them

#: File suffixes picked up when a folder is given.
INPUT_SUFFIXES = (".txt", ".xml")
STDIN = "-"
#: Tasks in flight per worker: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 4


#: What standard input is called in messages and in the manifest's `source`.
STDIN_NAME = "<stdin>"
#: Suffixes taken off a file name to name its output folder, longest first.
_STEM_SUFFIXES = (".alto.xml", ".txt", ".xml")


@dataclass(frozen=True)
class Input:
    """One thing to clean: a path, or bytes already read (standard input).

    `name` is the path as the user gave it (or as found under a folder they gave): it is
    the manifest's `source`, so two inputs never share one. `under` is the input's folder
    relative to the argument it was found under, mirrored under `-o`."""

    name: str
    path: Path | None
    data: bytes | None = None
    under: str = ""

    @classmethod
    def stdin(cls, data: bytes, name: str | None = None) -> Input:
        """Standard input, named `name`, or `stdin-<start of its SHA-256>` so that two
        different streams cleaned into one `-o` never take each other's folder."""
        return cls(name or STDIN_NAME, None, data)

    @property
    def stem(self) -> str:
        """The output folder's name: the file name without its suffix."""
        if self.path is None:
            return (self.name if self.name != STDIN_NAME
                    else f"stdin-{hashlib.sha256(self.data or b'').hexdigest()[:12]}")
        name = self.path.name
        for suffix in _STEM_SUFFIXES:
            if name.lower().endswith(suffix):
                return name[: -len(suffix)]
        return self.path.stem

    @property
    def suffix(self) -> str:
        """The file name's suffix as a word (`xml`, `alto-xml`): the folder's name when
        another input of the same folder already took the stem (`ocr.txt`, `ocr.xml`)."""
        if self.path is None:
            return ""
        return self.path.name[len(self.stem):].strip(".").replace(".", "-")

    def sha256(self) -> str:
        """SHA-256 of the input's bytes, read in chunks (a large file is not held)."""
        if self.path is None or self.data is not None:
            return hashlib.sha256(self.read()).hexdigest()
        digest = hashlib.sha256()
        with open(self.path, "rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

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


def _folder_inputs(folder: Path, skip: Path | None = None) -> list[Path]:
    """The .txt and .xml files under `folder`, hidden ones and those under `skip` (the
    output folder, when it lies inside: its article files are .txt too) left out."""
    skip = skip.resolve() if skip is not None else None
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts)
                  and not (skip is not None and p.resolve().is_relative_to(skip)))


def expand_inputs(args: Iterable[str], stdin_name: str | None = None,
                  output: Path | None = None) -> tuple[list[Input], list[Failure]]:
    """Turn command-line arguments into inputs; arguments that name nothing are failures.

    A file found under a folder (or a glob's fixed leading folders) keeps its place below
    it, so `-o` mirrors the tree (`scans/sn1/seq-1/ocr.txt` -> `out/sn1/seq-1/ocr/`)."""
    inputs: list[Input] = []
    failures: list[Failure] = []
    seen: set[Path] = set()

    def add(path: Path, name: str, base: Path | None = None) -> None:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            under = path.parent.relative_to(base).as_posix() if base is not None else "."
            inputs.append(Input(name, path, under="" if under == "." else under))

    for arg in args:
        if arg == STDIN:
            inputs.append(Input.stdin(sys.stdin.buffer.read(), stdin_name))
            continue
        path = Path(arg)
        if path.is_dir():
            found = _folder_inputs(path, output)
            if not found:
                failures.append(Failure(arg, "no .txt or ALTO .xml files in this folder"))
            for item in found:
                add(item, str(item), path)
        elif path.exists():
            add(path, arg)
        elif glob.has_magic(arg):
            matches = sorted(Path(m) for m in glob.glob(arg, recursive=True))
            files = [m for m in matches if m.is_file()]
            if not files:
                failures.append(Failure(arg, "no file matches this pattern"))
            base = _fixed_folder(arg)
            for item in files:
                add(item, str(item), base)
        else:
            failures.append(Failure(arg, "no such file or folder"))
    return inputs, failures


def _fixed_folder(pattern: str) -> Path:
    """The folders of a glob before its first wildcard: `scans/**/*.txt` -> `scans`."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def _sha256_or_none(item: Input) -> str | None:
    try:
        return item.sha256()
    except OSError:
        return None  # unreadable now: cleaning it will say why


@dataclass(frozen=True)
class Placement:
    """Where one input's output goes, and whether it is already there."""

    folder: Path
    #: The folder holds this input's manifest, written from these very bytes.
    written: bool = False


def place_outputs(items: list[Input], out_dir: Path, resume: bool = True,
                  ) -> dict[Input, Placement]:
    """Each input's output folder under `out_dir`, mirroring its place under its argument.

    The folder is named after the input's stem; when that is another input's (in this
    run, or by the `source` its manifest records), the stem with the suffix (`ocr-xml`),
    then `-2`, `-3`... A folder whose manifest names this input is its own: it is written
    when the recorded SHA-256 is that of the input now (a changed input is redone); with
    `resume` off (`--overwrite`, `--dry-run`) that is not asked, and no input is hashed.
    Placing is the same on every run, so a rerun finds what an earlier run wrote."""
    from .write import folder_names, written_source

    taken: set[Path] = set()
    placed: dict[Input, Placement] = {}
    for item in items:
        parent = out_dir / item.under if item.under else out_dir
        for name in folder_names(item.stem, item.suffix):
            folder = parent / name
            if folder in taken:
                continue
            recorded = written_source(folder)
            if recorded is not None and recorded[0] != item.name:
                continue  # another input's output
            taken.add(folder)
            placed[item] = Placement(folder, resume and recorded is not None
                                     and recorded[1] in ("", _sha256_or_none(item)))
            break
    return placed


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
    except WriteError as exc:
        return Outcome(item, failure=Failure(item.name, f"cannot write {exc.folder}: "
                                                        f"{exc.reason}"))
    except OSError as exc:
        return Outcome(item, failure=Failure(item.name, f"cannot write output: "
                                                        f"{exc.strerror or exc}"))
    except MemoryError:
        return Outcome(item, failure=Failure(item.name, "out of memory"))
    except Exception as exc:  # a bug must not sink the rest of the batch
        return Outcome(item, failure=Failure(item.name, f"internal error: {exc!r}",
                                             traceback.format_exc()))


class WriteError(Exception):
    """The output folder of an input cannot be written (read-only, disk full)."""

    def __init__(self, folder: Path, error: OSError) -> None:
        super().__init__(f"{folder}: {error}")
        self.folder, self.reason = folder, error.strerror or str(error)


def deliver(item: Input, result: PageResult, delivery: Delivery) -> Outcome:
    """Write or render one finished page; report what it held."""
    from .write import render, write_result

    def work() -> Outcome:
        stats = Stats.of(result)
        text = None
        if not stats.empty:
            if delivery.folder is not None:
                try:
                    write_result(result, delivery.folder)
                except OSError as exc:
                    raise WriteError(delivery.folder, exc) from exc
            if delivery.fmt is not None:
                text = render(result, delivery.fmt)
        return Outcome(item, stats, text, result if delivery.keep else None)

    return _guarded(item, work)


def clean_task(job: Job, options: Options) -> Outcome:
    """Read, clean and deliver one input (duplicates within each page)."""
    def work() -> Outcome:
        if _is_large(job.item):
            return _deliver_large(job, options)
        from .pipeline import finish_pages, prepare_bytes

        result = finish_pages([prepare_bytes(job.item.read(), job.item.name, options)],
                              options)[0]
        return deliver(job.item, result, job.delivery)

    outcome = _guarded(job.item, work)
    _settle()
    return outcome


_settled: list[bool] = []


def _settle() -> None:
    """After a process's first input: what it loaded for it (word lists, models, profiles,
    modules) lives as long as the process, so the cycle collector is told not to walk it
    again (`gc.freeze`; each full collection walked it: 5 % of a batch's time)."""
    if not _settled:
        _settled.append(True)
        gc.freeze()


def _is_large(item: Input) -> bool:
    """A plain-text file too large to hold whole: it is cleaned page by page."""
    if item.path is None or item.data is not None:
        return False
    from . import read
    from .alto import looks_like_alto

    try:
        if item.path.stat().st_size <= read.STREAM_BYTES:
            return False
        with open(item.path, "rb") as handle:
            return not looks_like_alto(handle.read(4096))
    except OSError:
        return False  # reading it will say what is wrong


def _deliver_large(job: Job, options: Options) -> Outcome:
    """Clean a large file page by page, writing (or rendering) each page as it is done."""
    from .pipeline import clean_large_file
    from .write import PagesWriter, render

    item, delivery = job.item, job.delivery
    writer = None
    texts: list[str] = []
    totals = Stats()
    try:
        for result in clean_large_file(item.path, item.name, options):
            stats = Stats.of(result)
            totals = totals.plus(stats)
            if stats.empty:
                continue
            if delivery.folder is not None:
                writer = writer or PagesWriter(delivery.folder, item.name,
                                               result.source.encoding, item.sha256())
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
    from .pipeline import prepare_bytes

    return _guarded(job.item, lambda: Outcome(job.item, result=prepare_bytes(
        job.item.read(), job.item.name, options)))


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
        from .pipeline import finish_pages

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

"""Many inputs: expand files, folders and globs, clean each, and tally the outcome.

Separate from `cli.py` so that the CLI only parses and renders, and from `pipeline.py` so
that a page can be cleaned without any notion of a batch.
"""

from __future__ import annotations

import glob
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .model import Options, PageResult
from .pipeline import Prepared, clean_pages, prepare_bytes
from .read import InputError

#: File suffixes picked up when a folder is given.
INPUT_SUFFIXES = (".txt", ".xml")
STDIN = "-"


@dataclass(frozen=True)
class Input:
    """One thing to clean: a path, or standard input when `path` is None."""

    name: str
    path: Path | None

    @property
    def stem(self) -> str:
        if self.path is None:
            return "stdin"
        name = self.path.name
        for suffix in (".alto.xml", ".txt", ".xml"):
            if name.lower().endswith(suffix):
                return name[: -len(suffix)]
        return self.path.stem

    def read(self) -> bytes:
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


@dataclass
class Summary:
    """What a batch did, for the closing table and the exit code."""

    files: int = 0
    articles: int = 0
    removed: dict[str, int] = field(default_factory=dict)
    joins: int = 0
    flags: int = 0
    empty: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, result: PageResult) -> None:
        self.files += 1
        self.articles += len(result.articles)
        for removal in result.removed:
            self.removed[removal.reason] = self.removed.get(removal.reason, 0) + 1
        self.joins += len(result.joins)
        self.flags += len(result.flags)
        if result.source.replaced_bytes:
            self.warnings.append(f"{result.source.name}: {result.source.replaced_bytes} "
                                 "undecodable bytes replaced by U+FFFD")


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
            inputs.append(Input("<stdin>", None))
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


def prepare_input(item: Input, options: Options) -> Prepared:
    """Read one input and take it through the page stages before duplicates."""
    return prepare_bytes(item.read(), item.path.name if item.path else item.name, options)


@contextmanager
def _guard(item: Input, summary: Summary) -> Iterator[None]:
    """Turn whatever goes wrong with one input into a failure of that input alone."""
    try:
        yield
    except InputError as exc:
        summary.failures.append(Failure(item.name, str(exc)))
    except OSError as exc:
        summary.failures.append(Failure(item.name, f"cannot write output: {exc.strerror or exc}"))
    except Exception as exc:  # a bug must not sink the rest of the batch
        summary.failures.append(Failure(item.name, f"internal error: {exc!r}",
                                        traceback.format_exc()))


def _deliver(item: Input, result: PageResult, summary: Summary,
             on_result: Callable[[Input, PageResult], None]) -> None:
    if not result.articles and not result.removed:
        summary.empty.append(item.name)
    else:
        on_result(item, result)
        summary.add(result)


def run(inputs: list[Input], options: Options, summary: Summary,
        on_result: Callable[[Input, PageResult], None]) -> Iterator[Input]:
    """Clean inputs, handing each result to `on_result`; yields after each step so the
    caller can advance a progress bar. Bad inputs become failures, never exceptions.

    Page by page; or, with `options.across_files`, all pages are prepared first so that
    duplicates between them are found, then each is finished and handed on.
    """
    if not options.across_files:
        for item in inputs:
            with _guard(item, summary):
                prepared = prepare_input(item, options)
                _deliver(item, clean_pages([prepared], options)[0], summary, on_result)
            yield item
        return
    ready: list[tuple[Input, Prepared]] = []
    for item in inputs:
        with _guard(item, summary):
            ready.append((item, prepare_input(item, options)))
        yield item
    results = clean_pages([p for _, p in ready], options)
    for (item, _), result in zip(ready, results, strict=True):
        with _guard(item, summary):
            _deliver(item, result, summary, on_result)

"""Word lists kept as compact files in the user's cache, read back in hundredths of a second.

jieba's dictionary and wordfreq's lists are large Python objects that take most of a
one-page run to load. Each list we need is written once per machine as sorted UTF-8 entries
with their offsets and a few columns of machine numbers (stdlib `array`), and searched in
place: no unpickling, no half a million `str` objects.

The folder is `$CLEANER_CACHE_DIR`, else `$XDG_CACHE_HOME/cleaner`, else `~/.cache/cleaner`.
A file is named by the data it was built from, so an upgrade of a package builds it anew; a
folder that cannot be written only means the list is built in memory on each run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

#: Lookups of one list after which a process builds a dict of it: a one-page run stays
#: under it (a Chinese page makes ~3,000, an English one ~400).
LOOKUPS_BEFORE_INDEX = 20_000


@dataclass(frozen=True)
class SortedWords:
    """Entries in sorted order as one UTF-8 string and their offsets (UTF-8 sorts as code
    points do, so the bytes are searched as the strings would be)."""

    text: bytes  # the entries in UTF-8, in order, one after another
    starts: array  # where each entry starts in `text`, then where the last one ends
    #: [lookups so far, entry -> index once built]: a long run (a batch) searches a dict.
    _state: list = field(default_factory=lambda: [0, None], compare=False, repr=False,
                         kw_only=True)

    @staticmethod
    def pack(entries: list[str]) -> tuple[bytes, array]:
        """`text` and `starts` of `entries` (already sorted)."""
        encoded = [entry.encode("utf-8") for entry in entries]
        starts = array("i", [0])
        for entry in encoded:
            starts.append(starts[-1] + len(entry))
        return b"".join(encoded), starts

    def __len__(self) -> int:
        return len(self.starts) - 1

    def holds(self, *columns: array) -> bool:
        """Whether the offsets cover the text and each column has a value per entry (a file
        read back whole)."""
        return (bool(self.starts) and self.starts[-1] == len(self.text)
                and all(len(column) == len(self) for column in columns))

    def __getitem__(self, at: int) -> bytes:
        return self.text[self.starts[at]:self.starts[at + 1]]

    def entry(self, at: int) -> str:
        return self[at].decode("utf-8")

    def find(self, text: str) -> int:
        """The entry's index, or -1. Searched in place at first; after LOOKUPS_BEFORE_INDEX
        lookups the process is a long run, and the entries go into a dict (0.2-0.4 s, paid
        back within pages)."""
        state = self._state
        if state[1] is not None:
            return state[1].get(text, -1)
        state[0] += 1
        if state[0] > LOOKUPS_BEFORE_INDEX:
            state[1] = {self.entry(at): at for at in range(len(self))}
            return state[1].get(text, -1)
        key = text.encode("utf-8")
        at = bisect_left(self, key)
        return at if at < len(self) and self[at] == key else -1


def cache_folder() -> Path:
    """Where the lists are kept, by the XDG convention (overridable for CI or a cluster)."""
    if folder := os.environ.get("CLEANER_CACHE_DIR"):
        return Path(folder)
    if base := os.environ.get("XDG_CACHE_HOME"):
        return Path(base) / "cleaner"
    try:
        return Path.home() / ".cache" / "cleaner"
    except (RuntimeError, KeyError):  # no home (a container user without one)
        return Path(tempfile.gettempdir()) / "cleaner"


def data_key(settings: str, sources: tuple[tuple[str, str], ...]) -> str:
    """Names a list by its settings and its source files ((package, path inside it)), by
    path, size and time, found without importing the packages."""
    parts = [settings]
    for package, name in sources:
        spec = find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            parts.append(f"{package}:missing")
            continue
        data = Path(next(iter(spec.submodule_search_locations))) / name
        try:
            stat = data.stat()
            parts.append(f"{data}:{stat.st_size}:{stat.st_mtime_ns}")
        except OSError:
            parts.append(f"{data}:missing")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:16]


def read(path: Path, codes: str) -> tuple[list[int], bytes, list[array]]:
    """A list file: a header line (its numbers, then each part's size in bytes), the
    entries' UTF-8, then one column per type code of `codes`. Raises ValueError on a
    file cut short or not of this layout."""
    with path.open("rb") as handle:
        header = [int(field) for field in handle.readline().split()]
        data = handle.read()
    numbers, sizes = header[:-1 - len(codes)], header[-1 - len(codes):]
    if len(sizes) != 1 + len(codes) or sum(sizes) != len(data):
        raise ValueError(f"{path}: cut short")
    columns, at = [], sizes[0]
    for code, size in zip(codes, sizes[1:], strict=True):
        column = array(code)
        column.frombytes(data[at:at + size])
        columns.append(column)
        at += size
    return numbers, data[:sizes[0]], columns


def write_quietly(path: Path, numbers: list[int], text: bytes, columns: list[array]) -> None:
    """Write a list file whole or not at all (a temporary file renamed); say nothing if
    the folder cannot be written."""
    parts = [text, *(column.tobytes() for column in columns)]
    header = " ".join(str(n) for n in [*numbers, *(len(part) for part in parts)]) + "\n"
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(header.encode("ascii"))
            for part in parts:
                out.write(part)
        os.replace(temporary, path)
    except OSError:
        if temporary:
            with contextlib.suppress(OSError):
                os.unlink(temporary)

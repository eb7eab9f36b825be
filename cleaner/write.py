"""Stage 6: results -> files and streams (manifest.json, article files, text/jsonl/md).

Writes are atomic: one input's folder is assembled under a temporary name and renamed into
place, so a crash never leaves a folder whose manifest looks complete but is not. Files are
not fsync'ed: that would guard against power loss only, at the price of a disk round-trip
per page that does not get faster with more workers (run `sync` after a batch if needed).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import count
from pathlib import Path
from typing import TextIO

from .model import Article, Block, Decision, Feature, PageResult

#: Longest file-name slug, in characters, before the extension.
SLUG_MAX = 48
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                     *(f"lpt{i}" for i in range(10))}
_UNSAFE_RE = re.compile(r"[^\w.\s-]+")


def slug(text: str, limit: int = SLUG_MAX) -> str:
    """A file-name-safe, readable rendering of a title (keeps Chinese characters).

    >>> slug("春风送暖入万家 新馆开门迎读者")
    '春风送暖入万家-新馆开门迎读者'
    >>> slug("../../etc/passwd")
    'etc-passwd'
    >>> slug("PRESIDENT'S SPEECH.")
    'PRESIDENT-S-SPEECH'
    """
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE_RE.sub(" ", text)
    text = re.sub(r"[\s.\-]+", "-", text.strip()).strip("-.")
    text = text[:limit].rstrip("-.")
    if text.lower().split(".")[0] in _WINDOWS_RESERVED:
        text = "_" + text
    return text


def article_label(article: Article) -> str:
    """What names an article when it has no title."""
    if article.title:
        return article.title
    if article.continued_from:
        return f"continued from {article.continued_from}"
    if article.subheads:
        return article.subheads[0]
    return article.paragraphs[0][:20] if article.paragraphs else "untitled"


def named(article: Article, number: int, width: int) -> Article:
    """The article with its file name: `NN-<title slug>.txt`, unique by its number."""
    return replace(article, file=f"{number:0{width}d}-{slug(article_label(article)) or 'untitled'}"
                                 ".txt")


def name_articles(articles: Iterable[Article]) -> list[Article]:
    """Give each article of a page its file name, numbered from 1."""
    articles = list(articles)
    width = max(2, len(str(len(articles))))
    return [named(a, i, width) for i, a in enumerate(articles, start=1)]


def article_record(article: Article) -> dict:
    return {
        "file": article.file,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "dateline": article.dateline,
        "byline": article.byline,
        "continued_from": article.continued_from,
        "continued_to": article.continued_to,
        "subheads": list(article.subheads),
        "paragraphs": list(article.paragraphs),
        "credits": list(article.credits),
        "notes": list(article.notes),
        "lines": list(article.lines),
        "blocks": list(article.blocks),
        **({"continues": article.continues} if article.continues else {}),
    }


#: Features listed in a record's evidence, the strongest first; weaker ones are summed.
EVIDENCE_MAX = 12


def evidence_record(decision: Decision) -> list[dict]:
    """The features a decision was based on, with value and weight, strongest first.

    Every feature counts in the score; a record lists the EVIDENCE_MAX that moved it most
    and sums the rest as `(other features)`, so a manifest stays readable."""
    ranked = sorted(decision.evidence, key=_weakness)
    out = []
    for name, value, weight, detail in ranked[:EVIDENCE_MAX]:
        item: dict = {"feature": name, "value": round(value, 4), "weight": round(weight, 4)}
        if detail:
            item["detail"] = detail
        out.append(item)
    rest = ranked[EVIDENCE_MAX:]
    if rest:
        out.append({"feature": "(other features)", "value": 1.0,
                    "weight": round(sum(f.contribution for f in rest), 4),
                    "detail": f"{len(rest)} features, their contributions summed"})
    return out


def _weakness(feature: Feature) -> float:
    """Sort key, strongest first: minus the size of the feature's contribution (value
    times weight, read by position: a property per feature costs a call a page can feel)."""
    return -abs(feature[1] * feature[2])


def _common(decision: Decision) -> dict:
    record: dict = {"confidence": decision.confidence,
                    "evidence": evidence_record(decision)}
    if decision.kind in ("join", "break", "role", "start"):
        record["score"] = decision.score
    if decision.language:
        record["language"] = decision.language
    return record


def removal_record(removal: Decision) -> dict:
    record: dict = {"lines": list(removal.lines), "reason": removal.reason}
    if removal.duplicate_of is not None:
        record["duplicate_of"] = {"source": removal.duplicate_of.source,
                                  "lines": list(removal.duplicate_of.lines)}
    if removal.similarity is not None:
        record["similarity"] = removal.similarity
    record["text"] = removal.text
    if removal.detail:
        record["detail"] = removal.detail
    return record | _common(removal)


def _join_record(join: Decision) -> dict:
    record = {"lines": list(join.lines), "left": join.left, "right": join.right,
              "rule": join.rule}
    if join.word:
        record["word"] = join.word
    if join.dropped:
        record["dropped"] = join.dropped
    return record | _common(join)


def _break_record(brk: Decision) -> dict:
    return {"lines": list(brk.lines), "left": brk.left, "right": brk.right,
            "kind": "break"} | _common(brk)


def _flag_record(flag: Decision) -> dict:
    return {"lines": list(flag.lines), "kind": flag.label, "text": flag.text} | _common(flag)


def _role_record(role: Decision) -> dict:
    return {"lines": list(role.lines), "role": role.role, "text": role.text,
            "reason": role.reason} | _common(role)


def _start_record(start: Decision) -> dict:
    return {"lines": list(start.lines), "decision": start.label, "text": start.text,
            "reason": start.detail} | _common(start)


def _block_record(block: Block) -> dict:
    record: dict = {"id": block.id, "lines": [block.first, block.last]}
    if block.box:
        record["box"] = dict(zip(("hpos", "vpos", "width", "height"), block.box, strict=True))
    return record


#: The manifest's arrays other than the articles, each a field of the result, and the
#: record each of its decisions is written as.
_DECISION_ARRAYS = (
    ("removed", removal_record),
    ("joins", _join_record),
    ("breaks", _break_record),
    ("flags", _flag_record),
    ("roles", _role_record),
    ("starts", _start_record),
    ("blocks", _block_record),
)


def decision_items(result: PageResult) -> Iterator[tuple[str, Iterator[dict]]]:
    """The manifest's arrays other than the articles: every decision, as records made one
    at a time as they are read."""
    for key, record in _DECISION_ARRAYS:
        yield key, map(record, getattr(result, key))


def manifest_fields(result: PageResult) -> Iterator[tuple[str, object]]:
    """The manifest's fields in order, its arrays as iterators: a writer can take one
    record at a time (an English manifest is 13 times its page's text)."""
    yield "source", result.source.name
    if result.source.sha256:
        yield "sha256", result.source.sha256
    yield "encoding", result.source.encoding
    yield "articles", map(article_record, name_articles(result.articles))
    yield from decision_items(result)
    if result.source.replaced_bytes:
        yield "replaced_bytes", result.source.replaced_bytes


def manifest(result: PageResult) -> dict:
    """The audit record of one input, as docs/manifest.md and its JSON Schema describe it."""
    return {key: list(value) if isinstance(value, Iterator) else value
            for key, value in manifest_fields(result)}


# --- renderings of one article -------------------------------------------------------------

def _credit(article: Article) -> str:
    return " · ".join(x for x in (article.dateline, article.byline) if x)


def article_text(article: Article) -> str:
    """Plain text in the page's own order: headings, credits and dateline on top, the
    paragraphs, the byline, then editor lines and captions; every item a block of its own,
    so that cleaning this text again finds nothing to join or remove (a byline moved above
    the body would leave an unfinished last paragraph facing the next article's title; the
    page references are worded so as not to read as continuation markers)."""
    parts = [x for x in (article.kicker, article.title) if x]
    parts += (article.subtitle or "").split("\n") if article.subtitle else []
    parts += article.credits
    if article.dateline:
        parts.append(article.dateline)
    pages = [f"from page {article.continued_from}" if article.continued_from else "",
             f"to page {article.continued_to}" if article.continued_to else ""]
    if any(pages):
        parts.append("[" + "; ".join(p for p in pages if p) + "]")
    parts += article.paragraphs
    if article.byline:
        parts.append(article.byline)
    parts += article.notes
    return "\n\n".join(parts) + "\n"


def article_markdown(article: Article) -> str:
    subheads = set(article.subheads)
    out = []
    if article.kicker:
        out.append(f"*{article.kicker}*")
    out.append(f"# {article.title or article_label(article)}")
    if article.subtitle:
        out.append(f"## {article.subtitle}")
    out += [f"*{credit}*" for credit in article.credits]
    if _credit(article):
        out.append(f"**{_credit(article)}**")
    if article.continued_from:
        out.append(f"> continued from page {article.continued_from}")
    out += [f"### {p}" if p in subheads else p for p in article.paragraphs]
    if article.continued_to:
        out.append(f"> continued on page {article.continued_to}")
    out += [f"*{note}*" for note in article.notes]
    return "\n\n".join(out) + "\n"


def render(result: PageResult, fmt: str) -> str:
    """One input's articles as the stdout stream in `fmt` (text, jsonl or md)."""
    articles = name_articles(result.articles)
    if fmt == "jsonl":
        return "".join(json.dumps({"source": result.source.name, **article_record(a)},
                                  ensure_ascii=False) + "\n" for a in articles)
    one = article_markdown if fmt == "md" else article_text
    separator = "\n" if fmt == "md" else "\n\n"
    return separator.join(one(a) for a in articles)


# --- files ---------------------------------------------------------------------------------

def folder_names(stem: str, suffix: str = "") -> Iterator[str]:
    """Names an input's output folder may take, in the order tried: the stem, the stem
    with the file's suffix (`ocr-xml` beside `ocr`), then `stem-2`, `stem-3`..."""
    base = slug(stem, limit=120) or "input"
    yield base
    if suffix and slug(suffix):
        yield f"{base}-{slug(suffix)}"
    for n in count(2):
        yield f"{base}-{n}"


#: Bytes read from the head of a manifest to find its `source` and `sha256`.
MANIFEST_HEAD = 65536
_HEAD_FIELD_RE = re.compile(r'^\s*"(source|sha256)":\s*("(?:[^"\\]|\\.)*")', re.MULTILINE)


def written_source(folder: Path) -> tuple[str, str] | None:
    """(source, sha256) that `folder/manifest.json` records, None when there is none; the
    sha256 is "" in manifests of older releases. Only the head is read: the two fields
    come first, and a large input's manifest can be hundreds of MB."""
    try:
        with open(folder / "manifest.json", encoding="utf-8", errors="replace") as handle:
            head = handle.read(MANIFEST_HEAD)
    except OSError:
        return None
    fields: dict[str, str] = {}
    for key, literal in _HEAD_FIELD_RE.findall(head):
        fields.setdefault(key, json.loads(literal))
    return (fields["source"], fields.get("sha256", "")) if "source" in fields else None


def write_manifest(record: dict | Iterable[tuple[str, object]], handle: TextIO) -> None:
    """A manifest as JSON text: its fields one per line, each array item on a line of its
    own, as the writer of large inputs lays them out. `json.dump(..., indent=2)` runs the
    pure-Python encoder, a sixth of an English page's time; each line here is one call of
    the C encoder, written as it comes. Given `manifest_fields`, each record is made as it
    is written, so neither the manifest's text nor its records are ever held whole."""
    fields = record.items() if isinstance(record, dict) else record
    handle.write("{")
    for k, (key, value) in enumerate(fields):
        handle.write(("," if k else "") + f"\n  {json.dumps(key, ensure_ascii=False)}: ")
        if isinstance(value, list | Iterator):
            written = 0
            for written, item in enumerate(value, 1):
                handle.write(("," if written > 1 else "[") + "\n    "
                             + json.dumps(item, ensure_ascii=False))
            handle.write("\n  ]" if written else "[]")
        else:
            handle.write(json.dumps(value, ensure_ascii=False))
    handle.write("\n}\n")


def write_result(result: PageResult, target: Path) -> list[Path]:
    """Write one input's articles and manifest into `target`, atomically as a folder."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        written = []
        for article in name_articles(result.articles):
            path = staging / article.file
            path.write_text(article_text(article), encoding="utf-8")
            written.append(target / article.file)
        with open(staging / "manifest.json", "w", encoding="utf-8") as handle:
            write_manifest(manifest_fields(result), handle)
        _swap_in(staging, target)
        return [*written, target / "manifest.json"]
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: Path, target: Path) -> None:
    """Replace `target` by `staging`; the old folder is only deleted once the new is in."""
    if target.exists():
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(target, old)
        os.replace(staging, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(staging, target)


class PagesWriter:
    """One output folder for a large input cleaned page by page.

    Article files go straight into the staging folder; each manifest array goes to a part
    file as its items come, and manifest.json is assembled from the parts at the end, so
    nothing of a page is held once it is written. The folder is renamed into place only
    when complete, as for any other input.
    """

    ARRAYS = ("articles", "removed", "joins", "breaks", "flags", "roles", "starts", "blocks")
    #: Article numbers are zero-padded to this width (the total is not known in advance).
    WIDTH = 5

    def __init__(self, target: Path, source: str, encoding: str, sha256: str = "") -> None:
        self.target, self.source, self.encoding = target, source, encoding
        self.sha256 = sha256
        target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp",
                                             dir=target.parent))
        self.parts = {name: open(self.staging / f".{name}.part", "w+", encoding="utf-8")  # noqa: SIM115 -- open for the life of the writer, closed in close/abort
                      for name in self.ARRAYS}
        self.counts = dict.fromkeys(self.ARRAYS, 0)
        self.replaced_bytes = 0

    def _item(self, name: str, record: dict) -> None:
        self.parts[name].write((",\n    " if self.counts[name] else "\n    ")
                               + json.dumps(record, ensure_ascii=False))
        self.counts[name] += 1

    def add(self, result: PageResult) -> None:
        """Write one page's articles and append its records to the manifest parts."""
        for article in result.articles:
            article = named(article, self.counts["articles"] + 1, self.WIDTH)
            (self.staging / article.file).write_text(article_text(article), encoding="utf-8")
            self._item("articles", article_record(article))
        for name, items in decision_items(result):
            for item in items:
                self._item(name, item)
        self.replaced_bytes += result.source.replaced_bytes

    def close(self) -> None:
        """Assemble manifest.json from the parts and move the folder into place."""
        try:
            with open(self.staging / "manifest.json", "w", encoding="utf-8") as out:
                out.write("{\n  \"source\": " + json.dumps(self.source, ensure_ascii=False)
                          + (f",\n  \"sha256\": \"{self.sha256}\"" if self.sha256 else "")
                          + ",\n  \"encoding\": " + json.dumps(self.encoding) + ",")
                for k, name in enumerate(self.ARRAYS):
                    part = self.parts[name]
                    part.seek(0)
                    out.write(f"\n  \"{name}\": [")
                    shutil.copyfileobj(part, out)
                    out.write(("\n  ]" if self.counts[name] else "]")
                              + ("," if k < len(self.ARRAYS) - 1 else ""))
                if self.replaced_bytes:
                    out.write(f",\n  \"replaced_bytes\": {self.replaced_bytes}")
                out.write("\n}\n")
            for name, part in self.parts.items():
                part.close()
                (self.staging / f".{name}.part").unlink()
            _swap_in(self.staging, self.target)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        for part in self.parts.values():
            part.close()
        shutil.rmtree(self.staging, ignore_errors=True)

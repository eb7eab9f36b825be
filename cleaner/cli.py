"""The `clean` command: parse arguments, build `Options`, run the batch, render to stderr.

No cleaning logic lives here; see `pipeline.py` for the stages and `batch.py` for the loop.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .batch import Summary, expand_inputs, run
from .model import Options
from .write import render, unique_dir, write_result

EPILOG = """\
\b
Examples:
  clean page.txt -o out/             one folder per page: articles + manifest.json
  clean scans/ -o out/               every .txt and ALTO .xml under scans/
  cat page.txt | clean - | less      clean articles as text on stdout
  clean page.txt --format jsonl | jq .title
  clean page.txt --preview           see every change before writing anything

\b
Exit codes: 0 success, 1 some inputs failed (the others are written), 2 usage error.
"""


class Format(StrEnum):
    text = "text"
    jsonl = "jsonl"
    md = "md"


class Keep(StrEnum):
    context = "context"
    first = "first"
    longest = "longest"
    cleanest = "cleanest"


app = typer.Typer(add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _version(value: bool) -> None:
    if value:
        print(f"clean {__version__}")
        raise typer.Exit()


@app.command(epilog=EPILOG)
def main(
    inputs: Annotated[list[str], typer.Argument(
        help="Files, folders (all *.txt and ALTO *.xml under them), globs, or - for stdin.",
        show_default=False, metavar="INPUT")],
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write one folder per input here (articles + manifest.json). "
        "Without it, articles go to stdout.")] = None,
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="Stdout format when no -o is given.")] = Format.text,
    preview: Annotated[bool, typer.Option(
        "--preview", help="Show a diff of the input against the result, with the reason and "
        "score of every change; writes nothing unless -o is also given.")] = False,
    similarity: Annotated[float, typer.Option(
        min=0.5, max=1.0, help="Lowest similarity (0.5-1) for two passages to be copies.")] =
        Options.similarity,
    min_length: Annotated[int, typer.Option(
        min=1, help="Shortest passage (non-space characters) that can be a duplicate.")] =
        Options.min_length,
    across_files: Annotated[bool, typer.Option(
        "--across-files", help="Also drop passages that repeat between the inputs of this run "
        "(a wire story on many pages); each removal names the file of the copy kept.")] = False,
    keep: Annotated[Keep, typer.Option(
        help="Which copy of a duplicate stays: the one in context, the first, the longest or "
        "the one with the fewest OCR-noise signs.")] = Keep.context,
    encoding: Annotated[str | None, typer.Option(
        help="Force the input encoding (e.g. gb18030, big5, utf-16) instead of detecting it.")]
        = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
    debug: Annotated[bool, typer.Option(
        "--debug", help="Show tracebacks of unexpected errors.")] = False,
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True, help="Show the version and exit.")] =
        False,
) -> None:
    """Clean the OCR text of scanned newspaper pages into articles.

    Repairs words cut at column and line breaks, drops passages printed twice, and splits
    the page into articles (kicker, title, subtitle, dateline, byline, subheads, body).
    Every change is recorded with its reason and score in manifest.json.
    """
    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
    options = Options(similarity=similarity, min_length=min_length, keep=keep.value,
                      encoding=encoding, across_files=across_files)
    items, failures = expand_inputs(inputs)
    summary = Summary(failures=list(failures))
    taken: set[str] = set()
    stdout_parts = 0

    def on_result(item, result) -> None:
        nonlocal stdout_parts
        if preview:
            from .preview import render_preview

            render_preview(result, Console(highlight=False))
        if output is not None:
            write_result(result, unique_dir(output, item.stem, taken))
        elif not preview:
            text = render(result, fmt.value)
            if stdout_parts and fmt is not Format.jsonl:
                sys.stdout.write("\n\n")
            if len(items) > 1 and fmt is Format.text:
                sys.stdout.write(f"==> {item.name} <==\n\n")
            sys.stdout.write(text)
            sys.stdout.flush()
            stdout_parts += 1

    if output is not None and output.exists() and not output.is_dir():
        err.print(f"clean: {output}: output exists and is not a folder")
        raise typer.Exit(2)
    try:
        for _ in run(items, options, summary, on_result):
            pass
    except KeyboardInterrupt:
        err.print("clean: interrupted; finished inputs are complete, the current one was "
                  "not written")
        raise typer.Exit(130) from None
    _report(err, summary, quiet, output, debug)
    raise typer.Exit(1 if summary.failures else 0)


def _report(err: Console, summary: Summary, quiet: bool, output: Path | None,
            debug: bool) -> None:
    for failure in summary.failures:
        if failure.trace and debug:
            err.print(failure.trace)
        hint = " (run with --debug for the traceback)" if failure.trace and not debug else ""
        err.print(f"clean: {failure.name}: {failure.reason}{hint}")
    for name in summary.empty:
        err.print(f"clean: {name}: empty input, nothing written")
    for warning in summary.warnings:
        err.print(f"clean: warning: {warning}")
    if quiet or not summary.files:
        return
    table = Table(title="clean summary", title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("files cleaned", str(summary.files))
    table.add_row("articles", str(summary.articles))
    for reason, count in sorted(summary.removed.items()):
        table.add_row(f"removed ({reason})", str(count))
    table.add_row("joins", str(summary.joins))
    table.add_row("flags", str(summary.flags))
    if summary.failures:
        table.add_row("failed", str(len(summary.failures)))
    if output is not None:
        table.add_row("written to", str(output))
    err.print(table)

"""The `clean` command: parse arguments, build `Options`, run the batch, render to stderr.

No cleaning logic lives here; see `pipeline.py` for the stages and `batch.py` for the loop.
"""

from __future__ import annotations

import io
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from . import __version__
from .batch import Delivery, Input, Job, LocalEngine, Outcome, Summary, expand_inputs, run
from .model import Options
from .write import unique_dir

EPILOG = """\
\b
Examples:
  clean page.txt -o out/             one folder per page: articles + manifest.json
  clean scans/ -o out/ -j 8          every .txt and ALTO .xml under scans/, 8 workers
  cat page.txt | clean - | less      clean articles as text on stdout
  clean page.txt --format jsonl | jq .title
  find scans -name '*.txt' | xargs clean -o out/
  clean page.txt --preview           see every change before writing anything
  clean scans/ -o out/ --engine dask --scheduler tcp://host:8786

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


class Width(StrEnum):
    wide = "wide"
    narrow = "narrow"


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


app = typer.Typer(add_completion=False, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _version(value: bool) -> None:
    if value:
        print(f"clean {__version__}")
        raise typer.Exit()


class _PagesPerSecond(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:.1f} pages/s" if speed else "", style="cyan")


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
        "--preview", help="Show every line of the input with the decisions made on it (joins, "
        "removals with a diff against the kept copy, headings, flags), each with its reason "
        "and score; writes nothing unless -o is also given. Follow it with the word 'changes' "
        "to see only the decisions and a few lines around them.")] = False,
    preview_html: Annotated[Path | None, typer.Option(
        "--preview-html", help="Also write the preview as one self-contained HTML file.",
        metavar="FILE")] = None,
    preview_svg: Annotated[Path | None, typer.Option(
        "--preview-svg", help="Also write the terminal preview as an SVG picture.",
        metavar="FILE")] = None,
    no_pager: Annotated[bool, typer.Option(
        "--no-pager", help="Print a long preview straight to the terminal.")] = False,
    no_color: Annotated[bool, typer.Option(
        "--no-color", help="Plain text preview (also the default when stdout is not a "
        "terminal).")] = False,
    ambiguous_width: Annotated[Width, typer.Option(
        help="Width of quotes and ellipses in the preview: 'wide' for terminals that draw "
        "them in two cells (common with CJK fonts).")] = None,
    similarity: Annotated[float | None, typer.Option(
        min=0.5, max=1.0, help="Call two passages copies when their similarity (0.5-1) is at "
        "least this, instead of the fitted copy decision (which weighs similarity, length "
        "and how much of the shorter passage is copied); 0.85 tolerates about 10% of "
        "characters misread.", show_default="the fitted decision")] = Options.similarity,
    min_length: Annotated[int, typer.Option(
        min=1, help="Shortest passage (letters and digits) that can be a duplicate; a copy "
        "cut from inside a longer paragraph must be 1.5-2 times as long.")] =
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
    jobs: Annotated[int, typer.Option(
        "--jobs", "-j", min=1, help="Worker processes (default: the number of cores). "
        "Output is the same for any number.")] = os.cpu_count() or 1,
    engine: Annotated[EngineName, typer.Option(
        help="Where the work runs: local processes, or a Dask cluster (pip install "
        "'cleaner[dask]').")] = EngineName.local,
    scheduler: Annotated[str | None, typer.Option(
        help="Dask scheduler address (tcp://host:8786); without it a local cluster starts.")]
        = None,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="Replace output folders that already hold a manifest (by default "
        "those inputs are skipped, so an interrupted run can be resumed).")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Clean everything and report, but write nothing.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress and no summary "
                                        "on stderr; errors are still reported.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="One line per input on "
                                          "stderr.")] = False,
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
    mode = "all"
    if preview and inputs and inputs[-1] in ("changes", "all") and not Path(inputs[-1]).exists():
        mode = inputs.pop()  # `--preview changes`: the word after the flag is its mode
    if not inputs:
        err.print("clean: missing INPUT (a file, folder, glob or - for stdin)")
        raise typer.Exit(2)
    previewing = preview or preview_html is not None or preview_svg is not None
    if output is not None and output.exists() and not output.is_dir():
        err.print(f"clean: {output}: output exists and is not a folder")
        raise typer.Exit(2)
    if scheduler and engine is not EngineName.dask:
        err.print("clean: --scheduler needs --engine dask")
        raise typer.Exit(2)
    options = Options(similarity=similarity, min_length=min_length, keep=keep.value,
                      encoding=encoding, across_files=across_files)
    items, failures = expand_inputs(inputs)
    summary = Summary(failures=list(failures))
    targets = _targets(items, output)
    if output is not None and not overwrite and not dry_run:
        done = [i for i in items if (targets[i] / "manifest.json").exists()]
        summary.skipped = [i.name for i in done]
        items = [i for i in items if i not in done]
    to_stdout = output is None and not previewing and not dry_run
    delivery = {item: Delivery(folder=targets[item] if output is not None and not dry_run
                               else None,
                               fmt=fmt.value if to_stdout else None, keep=previewing)
                for item in items}
    stdout = sys.stdout
    stdout_parts = 0
    previews = []

    def on_outcome(outcome: Outcome) -> None:
        nonlocal stdout_parts
        item, stats = outcome.item, outcome.stats
        if verbose:
            removed = sum(count for _, count in stats.removed)
            err.print(f"clean: {item.name}: {stats.articles} articles, {removed} removed, "
                      f"{stats.joins} joins")
        if previewing and outcome.result is not None:
            previews.append(outcome.result)
        if outcome.text is not None:
            if stdout_parts and fmt is not Format.jsonl:
                stdout.write("\n\n")
            if len(items) > 1 and fmt is Format.text:
                stdout.write(f"==> {item.name} <==\n\n")
            stdout.write(outcome.text)
            stdout.flush()
            stdout_parts += 1

    runner = _engine(engine, jobs, scheduler, err)
    steps = run([Job(item, delivery[item]) for item in items], options, summary, on_outcome,
                runner)
    try:
        if err.is_terminal and not quiet and len(items) > 1:
            with Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(),
                          _PagesPerSecond(), TimeRemainingColumn(), console=err,
                          transient=True) as progress:
                task = progress.add_task("pages", total=len(items))
                for _ in steps:
                    progress.advance(task)
        else:
            for _ in steps:
                pass
    except KeyboardInterrupt:
        err.print("clean: interrupted; inputs already written are complete, none is "
                  "half-written")
        raise typer.Exit(130) from None
    except BrokenPipeError:  # `clean ... | head`: the reader left, which is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    finally:
        runner.close()
    if previewing:
        _show_previews(previews, mode, preview, preview_html, preview_svg, no_pager, no_color,
                       ambiguous_width is Width.wide, err)
    _report(err, summary, quiet, output, debug, dry_run)
    raise typer.Exit(1 if summary.failures else 0)


def _show_previews(results, mode: str, terminal: bool, html_file: Path | None,
                   svg_file: Path | None, no_pager: bool, no_color: bool, wide: bool,
                   err: Console) -> None:
    """Render the collected previews: the terminal (through a pager when long), HTML, SVG."""
    from .preview import PreviewOptions, render_previews, report_html

    options = PreviewOptions(mode=mode, ambiguous_wide=wide)
    if terminal:
        console = Console(highlight=False, markup=False, no_color=no_color)
        long = sum(len(r.source.lines) for r in results) > console.height
        if console.is_terminal and long and not no_pager:
            with console.pager(styles=not no_color):
                render_previews(results, console, options)
        else:
            render_previews(results, console, options)
    if html_file is not None:
        html_file.write_text(report_html(results, mode), encoding="utf-8")
        err.print(f"clean: preview written to {html_file}")
    if svg_file is not None:
        recorder = Console(record=True, width=100, file=io.StringIO(), highlight=False,
                           markup=False, force_terminal=True, color_system="truecolor")
        render_previews(results, recorder, PreviewOptions(mode=mode, ambiguous_wide=wide,
                                                          width=100))
        svg_file.write_text(recorder.export_svg(title="clean --preview"), encoding="utf-8")
        err.print(f"clean: preview picture written to {svg_file}")


def _targets(items: list[Input], output: Path | None) -> dict[Input, Path]:
    """Each input's output folder, named in input order so a rerun finds the same ones."""
    taken: set[str] = set()
    return {item: unique_dir(output or Path("."), item.stem, taken) for item in items}


def _engine(name: EngineName, jobs: int, scheduler: str | None, err: Console):
    if name is EngineName.local:
        return LocalEngine(jobs)
    try:
        from .distributed import DaskEngine
    except ImportError:
        err.print("clean: --engine dask needs the dask extra: pip install 'cleaner[dask]'")
        raise typer.Exit(2) from None
    return DaskEngine(scheduler, jobs)


def _report(err: Console, summary: Summary, quiet: bool, output: Path | None,
            debug: bool, dry_run: bool) -> None:
    for failure in summary.failures:
        if failure.trace and debug:
            err.print(failure.trace)
        hint = " (run with --debug for the traceback)" if failure.trace and not debug else ""
        err.print(f"clean: {failure.name}: {failure.reason}{hint}")
    for name in summary.empty:
        err.print(f"clean: {name}: empty input, nothing written")
    for warning in summary.warnings:
        err.print(f"clean: warning: {warning}")
    if quiet or not (summary.files or summary.skipped or summary.failures):
        return
    table = Table(title="clean summary" + (" (dry run: nothing written)" if dry_run else ""),
                  title_justify="left", show_header=False, box=None)
    table.add_column(style="bold")
    table.add_column(justify="right")
    table.add_row("files cleaned", str(summary.files))
    totals = summary.totals
    table.add_row("articles", str(totals.articles))
    for reason, count in totals.removed:
        table.add_row(f"removed ({reason})", str(count))
    table.add_row("joins", str(totals.joins))
    table.add_row("flags", str(totals.flags))
    if summary.skipped:
        table.add_row("skipped (already written; --overwrite to redo)", str(len(summary.skipped)))
    if summary.failures:
        table.add_row("failed", str(len(summary.failures)))
    if output is not None and not dry_run:
        table.add_row("written to", str(output))
    err.print(table)

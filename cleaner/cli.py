"""The `clean` command: parse arguments, build `Options`, run the batch, render to stderr.

No cleaning logic lives here; see `pipeline.py` for the stages and `batch.py` for the loop.
"""

from __future__ import annotations

import io
import os
import shlex
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from . import __version__
from .model import KEEP_POLICIES, SIMILARITY_RANGE, Options

if TYPE_CHECKING:  # rich and the batch are imported when a run starts: `clean --help` fast
    from rich.console import Console

    from .batch import Outcome, Summary

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

\b
The first Chinese page builds a word list from jieba and wordfreq (about 25 s, once per
machine) in $CLEANER_CACHE_DIR, else $XDG_CACHE_HOME/cleaner, else ~/.cache/cleaner.
"""


class Format(StrEnum):
    text = "text"
    jsonl = "jsonl"
    md = "md"


Keep = StrEnum("Keep", {policy: policy for policy in KEEP_POLICIES})
DEFAULT_KEEP = Keep(Options.keep)


class Width(StrEnum):
    wide = "wide"
    narrow = "narrow"


class EngineName(StrEnum):
    local = "local"
    dask = "dask"


app = typer.Typer(add_completion=True, rich_markup_mode=None,
                  context_settings={"help_option_names": ["-h", "--help"]})


def _version(value: bool) -> None:
    if value:
        print(f"clean {__version__}")
        raise typer.Exit()


def _schema(value: bool) -> None:
    if value:
        from .schema import schema_text

        sys.stdout.write(schema_text())
        raise typer.Exit()


@app.command(epilog=EPILOG)
def main(
    inputs: Annotated[list[str] | None, typer.Argument(
        help="Files, folders (all *.txt and ALTO *.xml under them, mirrored under -o), "
        "globs, or - for stdin (also read when no INPUT is given and stdin is a pipe).",
        show_default=False, metavar="INPUT")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write one folder per input here (articles + manifest.json). "
        "Without it, articles go to stdout.")] = None,
    fmt: Annotated[Format | None, typer.Option(
        "--format", "-f", help="Stdout format (without -o; with -o the articles are files "
        "and manifest.json).", show_default="text")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="Name of standard input: its output folder and the manifest's "
        "source (default: stdin-<start of its SHA-256>).")] = None,
    preview: Annotated[bool, typer.Option(
        "--preview", help="Show every line of the input with the decisions made on it (joins, "
        "removals with a diff against the kept copy, headings, flags), each with its reason "
        "and score; writes nothing unless -o is also given. Add the word 'changes' (anywhere) "
        "to see only the decisions and a few lines around them, plain line-wraps folded; "
        "'compact' for the whole page with plain line-wraps folded.")] = False,
    preview_html: Annotated[Path | None, typer.Option(
        "--preview-html", help="Also write the preview as one self-contained HTML file.",
        metavar="FILE")] = None,
    preview_svg: Annotated[Path | None, typer.Option(
        "--preview-svg", help="Also write the terminal preview as an SVG picture.",
        metavar="FILE")] = None,
    no_pager: Annotated[bool, typer.Option(
        "--no-pager", help="Print a long preview straight to the terminal.")] = False,
    no_color: Annotated[bool, typer.Option(
        "--no-color", help="Plain text preview (also when stdout is not a terminal, or "
        "NO_COLOR is set; FORCE_COLOR forces colour).")] = False,
    ambiguous_width: Annotated[Width, typer.Option(
        help="Width of quotes and ellipses in the preview: 'wide' for terminals that draw "
        "them in two cells (common with CJK fonts).")] = None,
    similarity: Annotated[float | None, typer.Option(
        min=SIMILARITY_RANGE[0], max=SIMILARITY_RANGE[1], help="Call two passages copies "
        "when their similarity (0.5-1) is at least this, instead of the fitted copy "
        "decision (which weighs similarity, length and how much of the shorter passage "
        "is copied); 0.85 tolerates about 10% of characters misread.",
        show_default="the fitted decision")] = Options.similarity,
    min_length: Annotated[int, typer.Option(
        min=1, help="Shortest passage (letters and digits) that can be a duplicate; a copy "
        "cut from inside a longer paragraph must be 1.5-2 times as long.")] =
        Options.min_length,
    across_files: Annotated[bool, typer.Option(
        "--across-files", help="Also drop passages that repeat between the inputs of this run "
        "(a wire story on many pages); each removal names the file of the copy kept.")] = False,
    keep: Annotated[Keep, typer.Option(
        help="Which copy of a duplicate stays: the one in context, the first, the longest or "
        "the one with the fewest OCR-noise signs.")] = DEFAULT_KEEP,
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
    schema: Annotated[bool, typer.Option(
        "--schema", callback=_schema, is_eager=True, help="Print the JSON Schema of "
        "manifest.json and exit.")] = False,
) -> None:
    """Clean the OCR text of scanned newspaper pages into articles.

    Repairs words cut at column and line breaks, drops passages printed twice, and splits
    the page into articles (kicker, title, subtitle, dateline, byline, subheads, body).
    Every change is recorded with its reason and score in manifest.json.
    """
    from rich.console import Console

    from .batch import STDIN, Delivery, Job, Summary, expand_inputs, place_outputs, run

    err = Console(stderr=True, highlight=False, markup=False, soft_wrap=True,
                  no_color=True if no_color else None)
    inputs = list(inputs or [])
    previewing = preview or preview_html is not None or preview_svg is not None
    mode = "all"
    if previewing:  # `--preview changes` in any order: the word is a mode, not a file
        from .preview import MODES

        words = [i for i in inputs if i in MODES and not Path(i).exists()]
        if words:
            mode = words[-1]
            inputs = [i for i in inputs if i not in words]
    piped = not inputs and not sys.stdin.isatty()
    if piped:
        inputs = [STDIN]  # `cat page.txt | clean`, as `cat`, `grep` and `jq` read a pipe
    if not inputs:
        _missing_input(err)
    _check_output(err, output, fmt, dry_run)
    if scheduler and engine is not EngineName.dask:
        err.print("clean: --scheduler needs --engine dask")
        raise typer.Exit(2)
    fmt = fmt or Format.text
    try:
        options = Options(similarity=similarity, min_length=min_length, keep=keep.value,
                          encoding=encoding, across_files=across_files)
    except ValueError as exc:  # what typer cannot check itself (an unknown --encoding)
        err.print(f"clean: {str(exc).removeprefix('Options: ')}")
        raise typer.Exit(2) from None
    items, failures = expand_inputs(inputs, name, output)
    if piped and not items[0].data:
        _missing_input(err)  # nothing came down the pipe either
    summary = Summary(failures=list(failures))
    resume = output is not None and not overwrite and not dry_run
    placed = place_outputs(items, output, resume) if output is not None else {}
    if resume:
        done = [i for i in items if placed[i].written]
        summary.skipped = [i.name for i in done]
        items = [i for i in items if i not in done]
    to_stdout = output is None and not previewing and not dry_run
    delivery = {item: Delivery(folder=placed[item].folder if output is not None and not dry_run
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
            with _progress(err) as progress:
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


def _progress(err: Console):
    """The progress bar of a batch on a terminal: pages done, pages/s, time left."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class PagesPerSecond(ProgressColumn):
        def render(self, task) -> Text:
            speed = task.finished_speed or task.speed
            return Text(f"{speed:.1f} pages/s" if speed else "", style="cyan")

    return Progress(TextColumn("cleaning"), BarColumn(), MofNCompleteColumn(),
                    PagesPerSecond(), TimeRemainingColumn(), console=err, transient=True)


def _show_previews(results, mode: str, terminal: bool, html_file: Path | None,
                   svg_file: Path | None, no_pager: bool, no_color: bool, wide: bool,
                   err: Console) -> None:
    """Render the collected previews: the terminal (through a pager when long), HTML, SVG."""
    from rich.console import Console

    from .preview import PreviewOptions, preview_svg, render_previews, report_html

    options = PreviewOptions(mode=mode, ambiguous_wide=wide)
    if terminal:
        console = Console(highlight=False, markup=False, no_color=True if no_color else None)
        long = sum(len(r.source.lines) for r in results) > console.height
        if sys.stdout.isatty() and long and not no_pager:
            _page(results, options, console)
        else:
            render_previews(results, console, options)
    if html_file is not None:
        html_file.write_text(report_html(results, mode), encoding="utf-8")
        err.print(f"clean: preview written to {html_file}")
    if svg_file is not None:
        svg_file.write_text(preview_svg(results, options), encoding="utf-8")
        err.print(f"clean: preview picture written to {svg_file}")


#: Pagers known to show colour from ANSI escapes (less only with -R, which it is given).
COLOUR_PAGERS = frozenset({"less", "most", "bat", "batcat", "moar", "moor", "ov"})


def _page(results, options, console: Console) -> None:
    """Show a long preview through $PAGER (default `less`), as git does: less gets -R so
    it shows the colours instead of `ESC[1m`, and LESS=FRX when LESS is unset (quit when
    the preview fits the screen, leave it on the screen); a pager not known to show colour
    gets plain text. A pager that cannot be started means printing straight out."""
    from rich.console import Console

    from .preview import render_previews

    command = shlex.split(os.environ.get("PAGER") or "less") or ["less"]
    program = Path(command[0]).name
    env = dict(os.environ)
    if program == "less":
        env.setdefault("LESS", "FRX")
        if "-R" not in command:
            command.append("-R")
    colour = console.is_terminal and not console.no_color and program in COLOUR_PAGERS
    paged = Console(file=io.StringIO(), width=console.width, highlight=False, markup=False,
                    force_terminal=colour, no_color=console.no_color,
                    color_system=(console.color_system or "standard") if colour else None)
    render_previews(results, paged, options)
    try:
        subprocess.run(command, input=paged.file.getvalue(), env=env, check=False,
                       encoding=sys.stdout.encoding or "utf-8", errors="replace")
    except OSError:
        render_previews(results, console, options)


def _missing_input(err: Console) -> NoReturn:
    err.print("clean: missing INPUT (a file, folder, glob or - for stdin); "
              "clean --help for examples")
    raise typer.Exit(2)


def _check_output(err: Console, output: Path | None, fmt: Format | None,
                  dry_run: bool) -> None:
    """Usage errors about -o, before any work: a file in its place, a folder that cannot
    be written, a --format that would be ignored."""
    if output is None:
        return
    if fmt is not None:
        err.print(f"clean: --format {fmt.value} sets the stdout format; with -o the articles "
                  "are written as files with manifest.json (drop one of the two)")
        raise typer.Exit(2)
    if output.exists() and not output.is_dir():
        err.print(f"clean: {output}: output exists and is not a folder")
        raise typer.Exit(2)
    if output.is_dir() and not dry_run and not os.access(output, os.W_OK | os.X_OK):
        err.print(f"clean: {output}: output folder is not writable")
        raise typer.Exit(2)


def _engine(name: EngineName, jobs: int, scheduler: str | None, err: Console):
    if name is EngineName.local:
        from .batch import LocalEngine

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
    from rich.table import Table

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
    if output is not None and not dry_run and summary.files:
        table.add_row("written to", str(output))
    err.print(table)

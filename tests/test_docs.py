"""Every option of `clean` is documented in the README, and the README's commands are CI's."""

from pathlib import Path

import typer.main

from cleaner.cli import app

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_every_option_is_documented():
    command = typer.main.get_command(app)
    names = [name for param in command.params for name in param.opts if name.startswith("--")]
    assert len(names) > 15
    missing = [name for name in names if f"`{name}" not in README]
    assert missing == []


def test_ci_runs_the_readme_test_command():
    ci = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
          if line and not line.startswith(("#", "set "))]
    head = README.split("```", 2)[1]
    assert ci == [head.strip().splitlines()[-1]]

"""`python -m cleaner` runs the `clean` command."""

from .cli import app

app(prog_name="clean")

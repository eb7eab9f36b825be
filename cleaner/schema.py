"""The JSON Schema of manifest.json, shipped in the package (`clean --schema` prints it).

Kept as a data file beside the code that writes the manifest (`write.py`); the tests
validate every manifest the suite writes against it.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

SCHEMA_FILE = "manifest.schema.json"


def schema_text() -> str:
    """The schema as published: JSON text."""
    return files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


@cache
def manifest_schema() -> dict:
    """The schema as a dict."""
    return json.loads(schema_text())

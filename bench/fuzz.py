"""The property tests of tests/test_properties.py with many more examples.

    python bench/fuzz.py [--examples 10000] [--only NAME]

Prints, per property, how many examples ran and how many failed (hypothesis stops at
the first failure and prints the smallest failing page it can find).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "bench")]

import test_properties as properties  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from strategies import pages, raw_text  # noqa: E402

CASES = {
    "nothing_is_lost": (properties.test_nothing_is_lost, pages()),
    "cleaning_clean_text_changes_nothing": (
        properties.test_cleaning_clean_text_changes_nothing, pages()),
    "same_input_same_output": (properties.test_same_input_same_output, pages()),
    "no_exception_on_any_text": (properties.test_no_exception_on_any_text, raw_text),
    "no_exception_on_any_bytes": (
        properties.test_no_exception_on_any_bytes,
        raw_text.map(lambda t: t.encode("utf-8", "surrogatepass"))),
}


def main(argv: list[str]) -> int:
    args = dict(zip(argv[::2], argv[1::2], strict=False))
    examples = int(args.get("--examples", 10_000))
    only = args.get("--only")
    failed = 0
    for name, (test, strategy) in CASES.items():
        if only and name != only:
            continue
        inner = test.hypothesis.inner_test
        count = 0

        def counted(value):
            nonlocal count
            count += 1
            inner(value)  # noqa: B023 -- run before the loop moves on

        run = settings(max_examples=examples, deadline=None, database=None,
                       suppress_health_check=list(HealthCheck))(given(strategy)(counted))
        started = time.perf_counter()
        try:
            run()
            verdict = "0 failures"
        except Exception as exc:  # hypothesis re-raises the smallest failing example
            failed += 1
            notes = "\n".join(getattr(exc, "__notes__", []))
            verdict = f"FAILED: {type(exc).__name__}: {str(exc)[:500]}\n{notes}"
        print(f"{name:40} {count:6} examples  {time.perf_counter() - started:7.0f} s  {verdict}",
              flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

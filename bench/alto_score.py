"""Score line-break repair and block finding on a plain-text page against its ALTO twin.

Line N of a Chronicling America .txt is TextLine N of the ALTO file. The ALTO marks every
word hyphenated across lines (`SUBS_TYPE="HypPart1"/"HypPart2"`, the whole word in
`SUBS_CONTENT`) and groups lines into `TextBlock`s; that is the truth here.

    python bench/alto_score.py PAGE.txt PAGE.alto.xml

Prints:
- hyphen repair precision and recall: a HypPart pair is repaired when the tool joined the
  two lines without a space and the word across the break equals SUBS_CONTENT (trailing
  punctuation stripped); precision is over all no-space joins the tool made at line ends
  whose left line has no visible hyphen (a kept visible hyphen, `New-|York`, is a
  compound, counted apart);
- false no-space joins: such joins at line ends that are not HypPart pairs, as a share of
  all non-HypPart line ends;
- block boundary precision, recall and F1 against TextBlock boundaries.

The parser here is deliberately independent of `cleaner`'s own ALTO reader.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

TRAILING = ".,;:!?\"'’”)]}»-—"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


@dataclass
class Truth:
    lines: int = 0
    hyphen_pairs: dict[int, str] = field(default_factory=dict)  # left line -> whole word
    boundaries: set[int] = field(default_factory=set)  # line i where a block ends, i < lines


def read_truth(alto: Path) -> Truth:
    truth = Truth()
    block_ends: list[int] = []
    for _, element in ET.iterparse(alto, events=("end",)):
        tag = _local(element.tag)
        if tag == "TextLine":
            truth.lines += 1
            for string in element:
                if (_local(string.tag) == "String"
                        and string.get("SUBS_TYPE") == "HypPart1"):
                    truth.hyphen_pairs[truth.lines] = string.get("SUBS_CONTENT", "")
        elif tag == "TextBlock":
            if not block_ends or block_ends[-1] != truth.lines:
                block_ends.append(truth.lines)
            element.clear()
    truth.boundaries = {n for n in block_ends if 0 < n < truth.lines}
    return truth


@dataclass
class Score:
    hyphen_pairs: int
    repaired: int
    nospace_joins: int
    nospace_correct: int
    kept_hyphen_joins: int
    false_nospace: int
    non_hyphen_ends: int
    boundaries_true: int
    boundaries_found: int
    boundaries_hit: int
    misses: list[str]
    false_joins: list[str]

    @property
    def hyphen_precision(self) -> float:
        return self.nospace_correct / self.nospace_joins if self.nospace_joins else 1.0

    @property
    def hyphen_recall(self) -> float:
        return self.repaired / self.hyphen_pairs if self.hyphen_pairs else 1.0

    @property
    def false_nospace_rate(self) -> float:
        return self.false_nospace / self.non_hyphen_ends if self.non_hyphen_ends else 0.0

    @property
    def block_precision(self) -> float:
        return self.boundaries_hit / self.boundaries_found if self.boundaries_found else 0.0

    @property
    def block_recall(self) -> float:
        return self.boundaries_hit / self.boundaries_true if self.boundaries_true else 0.0

    @property
    def block_f1(self) -> float:
        p, r = self.block_precision, self.block_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def report(self) -> str:
        return "\n".join([
            f"hyphen repair   P {self.hyphen_precision:.3f}  R {self.hyphen_recall:.3f}  "
            f"({self.repaired}/{self.hyphen_pairs} pairs, {self.nospace_correct}/"
            f"{self.nospace_joins} no-space joins right)",
            f"false no-space  {self.false_nospace} of {self.non_hyphen_ends} non-hyphen line "
            f"ends = {self.false_nospace_rate:.2%}   (kept visible hyphens: "
            f"{self.kept_hyphen_joins})",
            f"block bounds    P {self.block_precision:.3f}  R {self.block_recall:.3f}  "
            f"F1 {self.block_f1:.3f}  ({self.boundaries_hit} hit, {self.boundaries_found} "
            f"found, {self.boundaries_true} true)",
        ])


def _word_across(left: str, right: str) -> str:
    """The token that spans the break once the two lines are glued without a space."""
    tail = left.split()[-1] if left.split() else ""
    head = right.split()[0] if right.split() else ""
    return tail + head


def score(manifest: dict, lines: list[str], truth: Truth) -> Score:
    """Compare one manifest (the tool's output for the .txt) with the ALTO truth."""
    nospace: dict[int, str] = {}
    kept_hyphen = 0
    for join in manifest["joins"]:
        left_no, right_no = join["lines"]
        if right_no != left_no + 1 or join["rule"] not in ("hyphen", "dropped-hyphen"):
            continue
        left, right = lines[left_no - 1].rstrip(), lines[right_no - 1]
        if left.endswith("-"):
            if "-" in (join.get("word") or "-"):
                kept_hyphen += 1
                continue
            left = left[:-1]
        nospace[left_no] = _word_across(left, right)
    repaired = 0
    misses = []
    for left_no, whole in sorted(truth.hyphen_pairs.items()):
        want = whole.rstrip(TRAILING)
        got = nospace.get(left_no, "").rstrip(TRAILING)
        if got and got == want:
            repaired += 1
        else:
            misses.append(f"{left_no}: want {want!r} got {got or '(space/break)'!r}")
    correct = sum(1 for n, w in nospace.items()
                  if n in truth.hyphen_pairs
                  and w.rstrip(TRAILING) == truth.hyphen_pairs[n].rstrip(TRAILING))
    false_joins = [f"{n}: {w!r}" for n, w in sorted(nospace.items())
                   if n not in truth.hyphen_pairs]
    ends = truth.lines - 1
    found = set()
    blocks = sorted(tuple(b["lines"]) for b in manifest.get("blocks", []))
    for (_, last), (first, _) in pairwise(blocks):
        if first == last + 1:
            found.add(last)
    return Score(
        hyphen_pairs=len(truth.hyphen_pairs), repaired=repaired,
        nospace_joins=len(nospace), nospace_correct=correct, kept_hyphen_joins=kept_hyphen,
        false_nospace=len(false_joins), non_hyphen_ends=ends - len(truth.hyphen_pairs),
        boundaries_true=len(truth.boundaries), boundaries_found=len(found),
        boundaries_hit=len(found & truth.boundaries), misses=misses, false_joins=false_joins)


def score_files(txt: Path, alto: Path) -> Score:
    from cleaner import clean_bytes
    from cleaner.write import manifest

    result = clean_bytes(txt.read_bytes(), txt.name)
    return score(manifest(result), list(result.source.lines), read_truth(alto))


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        print("usage: python bench/alto_score.py PAGE.txt PAGE.alto.xml [--details]",
              file=sys.stderr)
        return 2
    result = score_files(Path(argv[0]), Path(argv[1]))
    print(result.report())
    if "--details" in argv:
        print("\nmissed hyphen pairs:\n  " + "\n  ".join(result.misses))
        print("\nfalse no-space joins:\n  " + "\n  ".join(result.false_joins))
    if "--json" in argv:
        print(json.dumps(result.__dict__, default=list))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

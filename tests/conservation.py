"""Check that a result lost nothing: every visible character of the input is accounted for."""

from collections import Counter

from cleaner.model import PageResult


def kept_text(result: PageResult) -> str:
    parts = []
    for a in result.articles:
        parts += [a.kicker or "", a.title or "", a.subtitle or "", a.dateline or "",
                  a.byline or "", *a.credits, *a.notes]
        parts += [p for p in a.paragraphs if p not in a.subheads] + a.subheads
    parts += [r.text for r in result.removed]
    return "".join(parts)


def lost_characters(result: PageResult) -> Counter:
    """Characters of the source missing from the output, minus those the joins say they
    dropped (break hyphens). An empty Counter means nothing was lost silently."""
    source = Counter("".join("".join(result.source.lines).split()))
    output = Counter("".join(kept_text(result).split()))
    declared = Counter("".join(j.dropped for j in result.joins))
    return +(source - output - declared)

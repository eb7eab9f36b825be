"""Fit the decision weights of `cleaner` on real labelled pages and write the profile files.

    pip install '.[fit]'
    python bench/fit.py                 # build word models, fit, report, write cleaner/profiles/
    python bench/fit.py --report-only   # the leave-one-title-out figures, nothing written
    python bench/fit_articles.py        # then the article decisions (heading, article start)

Steps, all reproducible from `../shared/corpus/alto/` and wordfreq:
1. lexical data per language profile: function words (wordfreq's commonest words of a
   language that are not among the commonest of the others) and a character trigram model
   of its 60,000 commonest words (`charlm-LANG.json.gz`), for word-likeness under OCR noise;
2. the word-cut decision: features (`cleaner.cuts.features`) at every line end of every
   page whose last and first words are letters, labelled by the ALTO's own hyphenation marks
   (a HypPart1/HypPart2 pair on lines a|a+1 is a cut, any other line end is not);
3. logistic regression (scikit-learn), evaluated leave-one-newspaper-title-out: the model
   that scores a title never saw a page of it; the threshold is picked on the training
   titles only (the lowest score whose precision there is at least TARGET_PRECISION);
4. the model fitted on all titles is written into every Latin profile;
5. the paragraph decision: features at every break of the same pages (read as .txt and as
   ALTO, extracted under the prior weights so that the fit does not depend on the last
   one), labelled from the ALTO layout and the METS article truth, plus the NY Tribune
   sample, Tesseract's text and ALTO of the rendered English pages committed as test
   fixtures (labelled by the paragraphs they were rendered from) and synthetic English
   pages for the Latin profiles, the hand-checked seed page
   and synthetic Chinese pages for `zh`; logistic regression pulled towards the old
   hand-set weights (PARAGRAPH_PRIOR), held out by title (Latin) or by page (Chinese).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from cleaner import wordshape  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "alto"
PROFILES = ROOT / "cleaner" / "profiles"
#: wordfreq languages whose words make each profile's lexicon (`latin`: the fallback).
LEXICONS = {"en": ("en",), "de": ("de",), "fr": ("fr",), "nl": ("nl",),
            "latin": ("en", "de", "fr", "nl", "da", "sv", "it", "es", "pt")}
CHAR_MODEL_WORDS = 60_000
#: Elided articles and pronouns (`l'homme`, `d'un`, `'t huis`), by language.
ELISIONS = {"fr": ["l", "d", "qu", "j", "n", "s", "c", "m", "t", "jusqu", "lorsqu", "puisqu"],
            "nl": ["t", "s", "k"], "en": [], "de": []}
FUNCTION_WORDS = 150
#: A function word of one language must not be this common in another.
FUNCTION_EXCLUSIVE = 400
#: The precision the threshold is chosen for, on the training titles.
TARGET_PRECISION = 0.93
#: L2 regularisation strength (scikit-learn's C).
REGULARISATION = 1.0


def title_of(page: str) -> str:
    """The newspaper title of a corpus page name (`lunion-1860-11-30-p1-fr` -> `lunion`);
    synthetic pages make one group per language."""
    if page.startswith("synthetic"):
        return page.rsplit("-", 1)[0]
    if page.startswith("tesseract"):
        return "tesseract"  # pages rendered from invented text, one group
    match = re.match(r"(.*?)-(?:sn\d+-)?\d{4}-", page)
    return re.sub(r"-(ark|sn\d+)$", "", match.group(1)) if match else page


# --- 1. lexical data -----------------------------------------------------------------------

def build_lexicon() -> None:
    from wordfreq import top_n_list

    PROFILES.mkdir(parents=True, exist_ok=True)
    common = {lang: set(top_n_list(lang, FUNCTION_EXCLUSIVE)) for lang in ("en", "de", "fr", "nl")}
    for name, langs in LEXICONS.items():
        words: list[str] = []
        for lang in langs:
            words += top_n_list(lang, CHAR_MODEL_WORDS // len(langs) if len(langs) > 1
                                else CHAR_MODEL_WORDS)
        model = wordshape.build(words)
        (PROFILES / f"charlm-{name}.json.gz").write_bytes(
            gzip.compress(json.dumps(model, ensure_ascii=False, sort_keys=True).encode(), mtime=0))
        path = PROFILES / f"{name}.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        data.update(language=name, wordfreq=list(langs))
        if name in common:
            others = set().union(*(c for lang, c in common.items() if lang != name))
            data["function_words"] = [w for w in top_n_list(name, FUNCTION_WORDS)
                                      if w.isalpha() and w not in others]
        else:
            data.setdefault("function_words", [])
        data.setdefault("compound_min_part", 3)
        data["elisions"] = ELISIONS.get(name, sorted({e for v in ELISIONS.values() for e in v}))
        data.setdefault("decisions", {})
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# --- 2. features at every line end ---------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def alto_truth(alto: Path) -> tuple[list[int], set[int]]:
    """(TextBlock index of each TextLine, lines a whose end is a HypPart1/HypPart2 cut),
    read as `line_score.py` reads them, so the fit and the scorer share one truth."""
    from line_score import alto_lines

    lines = alto_lines(alto)
    cuts = {a + 1 for a in range(len(lines) - 1)
            if lines[a][1] and lines[a + 1][1] and lines[a][1][-1][1] == "HypPart1"
            and lines[a + 1][1][0][1] == "HypPart2"}
    return [block for block, _ in lines], cuts


def cut_rows(txt: Path, alto: Path) -> tuple[list[dict], int, str]:
    """Feature rows of the candidate line ends of one page, the number of true cuts, and
    the language the page was read in."""
    from cleaner.cuts import features, pair_at
    from cleaner.joins import column_widths
    from cleaner.languages import detect_language, profile
    from cleaner.lexicon import PageVocabulary

    lines = txt.read_text(encoding="utf-8").split("\n")
    _, cuts = alto_truth(alto)
    language = detect_language(lines)
    prof = profile(language)
    vocabulary = PageVocabulary.from_lines(lines)
    widths = column_widths(lines)
    rows = []
    for a in range(1, len(lines)):
        pair = pair_at(lines[a - 1], lines[a])
        if pair is None or pair.hyphen:  # a printed hyphen says the word goes on
            continue
        fill = len(lines[a - 1]) / widths[a - 1] if widths[a - 1] else 1.0
        rows.append({"page": txt.name.removesuffix(".txt"), "line": a, "label": int(a in cuts),
                     "pair": f"{pair.left}|{pair.right}",
                     "features": features(pair, prof, vocabulary, fill)})
    return rows, len(cuts), language


def corpus_rows(corpus: Path):
    pages = {}
    for txt in sorted(corpus.glob("*.txt")):
        alto = txt.with_name(txt.name.removesuffix(".txt") + ".alto.xml")
        if alto.exists():
            pages[txt.name.removesuffix(".txt")] = cut_rows(txt, alto)
    return pages


# --- 3. fit and leave-one-title-out -------------------------------------------------------

def _matrix(rows, names):
    import numpy as np

    return (np.array([[r["features"].get(n, 0.0) for n in names] for r in rows]),
            np.array([r["label"] for r in rows]))


def fit(rows, names):
    from sklearn.linear_model import LogisticRegression

    x, y = _matrix(rows, names)
    model = LogisticRegression(C=REGULARISATION, max_iter=5000)
    model.fit(x, y)
    scores = model.decision_function(x)
    return model, _threshold(scores, y)


def _threshold(scores, labels) -> float:
    """The lowest score at which precision on these rows reaches TARGET_PRECISION."""
    order = sorted(zip(scores, labels, strict=True), reverse=True)
    best, true = float(order[0][0]) if order else 0.0, 0
    for rank, (score, label) in enumerate(order, start=1):
        true += label
        if true / rank >= TARGET_PRECISION:
            best = float(score)
    return best


def loto(pages, names):
    """Leave-one-title-out predictions: {page: [(row, score, threshold)]}."""
    titles = defaultdict(list)
    for page in pages:
        titles[title_of(page)].append(page)
    out = {}
    for _, held in sorted(titles.items()):
        train = [r for p, (rows, _, _) in pages.items() if p not in held for r in rows]
        model, threshold = fit(train, names)
        for page in held:
            rows = pages[page][0]
            x, _ = _matrix(rows, names)
            scores = model.decision_function(x) if rows else []
            out[page] = [(r, float(s), threshold) for r, s in zip(rows, scores, strict=True)]
    return out


def report(pages, predictions) -> dict:
    """P/R and false fusions per language and overall, like `score_lines.py` counts them."""
    totals = defaultdict(lambda: defaultdict(int))
    for page, (_, n_cuts, language) in pages.items():
        lines = (CORPUS / f"{page}.txt").read_text(encoding="utf-8").count("\n")
        for key in (language if language in ("en",) else "de/fr/nl/da", "all"):
            t = totals[key]
            t["cuts"] += n_cuts
            t["ends"] += lines - n_cuts
            for row, score, threshold in predictions[page]:
                if score > threshold:
                    t["tp" if row["label"] else "fp"] += 1
    out = {}
    for key, t in totals.items():
        joined = t["tp"] + t["fp"]
        out[key] = {"P": round(t["tp"] / joined, 3) if joined else 0.0,
                    "R": round(t["tp"] / t["cuts"], 3) if t["cuts"] else 0.0,
                    "fusion%": round(100 * t["fp"] / t["ends"], 2) if t["ends"] else 0.0,
                    "cuts": t["cuts"]}
    return out


# --- 5. the paragraph decision ---------------------------------------------------------

#: The hand-set weights the tool had before it was fitted: the prior the data moves. A
#: feature the training pages never show keeps its prior weight (decimal points cut by a
#: Chinese column break, say); a common one ends where the pages put it.
PARAGRAPH_PRIOR = {
    "same-block": 3.0, "number-cut-at-decimal-point": 6.0, "left-ends-sentence": -4.0,
    "left-line-full": 2.0, "left-ends-mid-sentence": 3.0, "left-long-unfinished": 2.0,
    "left-short": -1.0, "left-line-short": -1.5, "right-closes-bracket": 3.0,
    "right-starts-with-punctuation": 3.0, "right-line-indented": -4.0, "left-is-byline": -3.0,
    "right-is-byline": -3.0, "left-ends-advertisement": -5.0, "page-furniture": -5.0,
    "right-starts-with-dateline": -4.0, "left-is-credit": -4.0, "right-is-credit": -4.0,
    "left-is-caption": -4.0, "right-is-caption": -4.0,  # new: as credits
    "left-ends-with-marker": -6.0, "right-starts-with-marker": -6.0,
    "left-ends-with-closing-bracket": -2.0, "right-is-bracketed-note": -2.0,  # new priors
    "left-is-bracketed-note": -2.0, "right-short-by-indent": -3.0,
    "right-is-heading-like": -1.5, "right-starts-with-stub": 3.0, "word-across-break": 1.5,
    "word-across-break-frequency": 1.0, "left-is-spaced-heading": -2.0,
    "right-is-dash-subtitle": -6.0, "left-is-dash-subtitle": -3.0,
    "right-starts-lowercase": 2.5, "right-starts-capitalised": 0.0,
    "next-block-starts-capitalised": 0.0, "left-ends-with-function-word": 2.5,
    "left-ends-with-hyphen": 3.0, "deck-continues": 1.0, "deck-runs-on": 3.0, "headline-ends": -4.0,
    "left-is-headline": -3.0, "right-is-headline": -2.5, "word-cut": 1.0,
    "capitals-to-lower-case": 0.0, "lower-case-to-capitals": 0.0,  # new: no prior
    "left-in-title-case": 0.0, "both-in-title-case": 0.0,
}
#: Strength of the pull towards the prior (a Gaussian prior of variance 1 / (2 * this)).
PRIOR_STRENGTH = 0.5
#: An indent of this many line heights starts a paragraph (ALTO geometry, for the labels).
INDENT_HEIGHTS = 0.8
#: A line stopping this many line heights short of its block's right edge, after a
#: sentence end, ends a paragraph.
SHORT_HEIGHTS = 2.0
#: Two lines whose heights differ by this factor are set in different type (a headline).
FONT_CHANGE = 1.6
#: Synthetic Chinese pages added to the Chinese training data, and the seed page's weight.
SYNTHETIC_PAGES = 60
#: Synthetic Chinese pages set line per line in columns (`synth.cjk_column_page`).
SYNTHETIC_COLUMN_PAGES = 30
SEED_WEIGHT = 5.0
#: Weight of a synthetic English break against a real one: the generator's headlines,
#: decks and bylines are unambiguous, where real pages label them through noisy geometry.
SYNTHETIC_WEIGHT = 3.0
SAMPLES = ROOT / "samples"
SEED = "000_cdcccbc17d5f7ba6"


def fit_with_prior(x, y, names, prior, sample_weight=None, strength=None, signs=None):
    """Logistic regression whose weights are pulled towards `prior` (MAP with a Gaussian
    prior centred on it), by L-BFGS (scipy, which scikit-learn brings). `signs` may fix
    the sign a feature's weight must have ({name: +1 or -1}): evidence that can only
    speak for (or against) the decision."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import expit

    strength = PRIOR_STRENGTH if strength is None else strength
    w0 = np.array([prior.get(n, 0.0) for n in names] + [0.0])
    xb = np.hstack([x, np.ones((len(x), 1))])
    sw = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight)
    sign = 2 * y - 1

    def loss(w):
        margin = sign * (xb @ w)
        value = np.sum(sw * np.logaddexp(0, -margin)) + strength * np.sum((w - w0)[:-1] ** 2)
        grad = -(xb.T @ (sw * sign * expit(-margin))) + 2 * strength * np.append(
            (w - w0)[:-1], 0.0)
        return value, grad

    signs = signs or {}
    bounds = [(0, None) if signs.get(n) == 1 else (None, 0) if signs.get(n) == -1
              else (None, None) for n in names] + [(None, None)]
    w0 = np.clip(w0, [b[0] if b[0] is not None else -np.inf for b in bounds],
                 [b[1] if b[1] is not None else np.inf for b in bounds])
    result = minimize(loss, w0, jac=True, method="L-BFGS-B", bounds=bounds)
    return result.x[:-1], float(result.x[-1])


def _number(element, key: str) -> float:
    try:
        return float(element.get(key, "0"))
    except ValueError:
        return 0.0


def _geometry(alto: Path):
    """Per TextLine: (block index, HPOS, VPOS, WIDTH, HEIGHT, block ID)."""
    out, block, block_id = [], -1, ""
    for event, el in ET.iterparse(alto, events=("start", "end")):
        tag = _local(el.tag)
        if event == "start" and tag == "TextBlock":
            block += 1
            block_id = el.get("ID", "")
        elif event == "end" and tag == "TextLine":
            out.append((block, *(_number(el, k) for k in ("HPOS", "VPOS", "WIDTH", "HEIGHT")),
                        block_id))
            el.clear()
    return out


def _article_of_block(page: str, corpus: Path) -> dict[str, str]:
    path = corpus / f"{page}.articles.json"
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {b: a["id"] for a in data["articles"] for b in a.get("blocks", [])}


def paragraph_labels(page: str, corpus: Path, lines: list[str]):
    """label(a, b): does line b continue the paragraph of line a, by the ALTO's blocks, its
    hyphenation marks, the indentation of its lines and the METS article truth."""
    from cleaner.signals import ends_sentence

    alto = corpus / f"{page}.alto.xml"
    geometry = _geometry(alto)
    _, cuts = alto_truth(alto)
    articles = _article_of_block(page, corpus)

    def edge(n: int, side: str) -> float | None:
        """Left or right edge of line n, if line n is in the same block as line n - 1/+1."""
        if not 1 <= n <= len(geometry):
            return None
        _, hpos, _, width, _, _ = geometry[n - 1]
        return hpos if side == "left" else hpos + width

    def same_block(m: int, n: int) -> bool:
        return 1 <= m <= len(geometry) and 1 <= n <= len(geometry) and \
            geometry[m - 1][0] == geometry[n - 1][0]

    def centred(n: int) -> bool:
        """A line set in from both edges of the lines around it: a heading."""
        around = [m for m in (n - 1, n + 1) if same_block(m, n)]
        if not around:
            return False
        height = geometry[n - 1][4]
        left = min(edge(m, "left") for m in around)
        right = max(edge(m, "right") for m in around)
        return (edge(n, "left") - left > INDENT_HEIGHTS * height
                and right - edge(n, "right") > INDENT_HEIGHTS * height)

    def label(a: int, b: int) -> int | None:
        if not (1 <= a <= len(geometry) and 1 <= b <= len(geometry)):
            return None  # a line the pipeline made (a column rule's split), not the ALTO's
        if a in cuts and b == a + 1:
            return 1
        block_a, _, _, _, height_a, id_a = geometry[a - 1]
        block_b, _, _, _, height_b, id_b = geometry[b - 1]
        if block_a == block_b:
            # indented against the line before it and the line after it (so that a skewed
            # scan or a ragged block does not read as indentation)
            indented = (edge(b, "left") - edge(a, "left") > INDENT_HEIGHTS * height_b
                        and same_block(b, b + 1)
                        and edge(b, "left") - edge(b + 1, "left") > INDENT_HEIGHTS * height_b)
            before = edge(a - 1, "right") if same_block(a - 1, a) else None
            widest = max(x for x in (before, edge(b, "right")) if x is not None)
            short = (widest - edge(a, "right") > SHORT_HEIGHTS * height_a
                     and ends_sentence(lines[a - 1]))
            resized = max(height_a, height_b) > FONT_CHANGE * min(height_a, height_b)
            # a heading starts or ends here: one of the two lines is centred and the other
            # is not (two centred lines are one heading set over two lines, unless the
            # first ends a sentence), or the type changes
            heading = centred(a) != centred(b) or resized or (
                centred(a) and ends_sentence(lines[a - 1]))
            return int(not (indented or short or heading))
        if articles:  # the METS says which blocks make one article
            same_article = id_a in articles and articles.get(id_a) == articles.get(id_b)
            return int(same_article and not ends_sentence(lines[a - 1]))
        # no article truth: a block that stops mid-sentence before one going on in lower
        # case is a column break inside a paragraph; other block ends are breaks
        return int(not ends_sentence(lines[a - 1]) and lines[b - 1][:1].islower())

    return label


def _decision_rows(prepared, label, page: str, weight: float = 1.0):
    from cleaner.joins import PARAGRAPH_FEATURES, VETO_SCORE

    wanted = set(PARAGRAPH_FEATURES)
    rows = []
    for decision in (*prepared.joins, *prepared.breaks):
        if decision.score == VETO_SCORE or any(f.name == "alto-hyppart"
                                               for f in decision.evidence):
            continue  # decided by a rule or by the input, not by the weights
        value = label(*decision.lines)
        if value is None:
            continue
        rows.append({"page": page, "label": value, "weight": weight,
                     "features": {f.name: f.value for f in decision.evidence
                                  if f.name in wanted}})
    return rows


def latin_paragraph_rows(corpus: Path) -> dict[str, list[dict]]:
    """Rows of every break of every corpus page and of the NY Tribune sample, read as .txt
    and as ALTO, and of synthetic English pages (the generator knows its paragraphs)."""
    import random

    import synth

    from cleaner.model import Options
    from cleaner.pipeline import prepare_bytes

    options = Options(audit_margin=1e9)
    pages = {}
    for folder in (corpus, SAMPLES):
        for txt in sorted(folder.glob("*.txt")):
            page = txt.name.removesuffix(".txt")
            alto = folder / f"{page}.alto.xml"
            if not alto.exists():
                continue
            lines = txt.read_text(encoding="utf-8").split("\n")
            label = paragraph_labels(page, folder, lines)
            rows = []
            for path in (txt, alto):
                rows += _decision_rows(prepare_bytes(path.read_bytes(), path.name, options),
                                       label, page)
            pages[page] = rows
    pages |= tesseract_paragraph_rows(options)
    rng = random.Random(12)
    for number in range(SYNTHETIC_PAGES):
        breaks: set[int] = set()
        items = [synth.dress_latin(rng, synth.article(rng, "en"))
                 for _ in range(rng.randint(2, 5))]
        text = synth.latin_page(rng, items, width=rng.randint(35, 60), breaks=breaks)
        prepared = prepare_bytes(text.encode(), f"synthetic-en-{number}.txt", options)
        pages[f"synthetic-en-{number}"] = _decision_rows(
            prepared, lambda a, b, breaks=breaks: int(a not in breaks),
            f"synthetic-en-{number}", SYNTHETIC_WEIGHT)
    return pages


#: Tesseract's text and ALTO of English pages rendered by `bench/tesseract.py`, committed
#: as test fixtures with the paragraphs they were rendered from.
TESSERACT_FIXTURES = (ROOT / "tests" / "fixtures" / "tesseract",
                      ROOT / "tests" / "fixtures" / "tesseract-flow")
#: Shortest OCR line (visible characters) placed in a paragraph by its text.
OWNED_LINE_MIN = 8


def tesseract_paragraph_rows(options) -> dict[str, list[dict]]:
    """Rows of every break of Tesseract's English output of rendered pages: a real OCR
    engine's line and block breaks (a blank line after each paragraph it finds, lines of a
    ragged right edge), labelled by the paragraphs the page was rendered from. A break
    whose two lines lie in one paragraph is a join, one between two paragraphs a break;
    a headline, byline or folio line belongs to none, and its breaks are left out."""
    import tesseract

    from cleaner.pipeline import prepare_bytes

    pages = {}
    for folder in TESSERACT_FIXTURES:
        for name, spec in tesseract.load_truth(folder).items():
            if spec.lang != "en":
                continue
            paragraphs = [tesseract.visible(p) for a in spec.articles for p in a["paragraphs"]]
            rows = []
            for kind in ("txt", "alto.xml"):
                path = folder / f"{name}.{kind}"
                prepared = prepare_bytes(path.read_bytes(), path.name, options)
                owner = [_owner(tesseract.visible(line), paragraphs)
                         for line in prepared.source.lines]

                def label(a, b, owner=owner):
                    pa, pb = owner[a - 1], owner[b - 1]
                    return None if pa is None or pb is None else int(pa == pb)

                rows += _decision_rows(prepared, label, f"tesseract-{name}")
            pages[f"tesseract-{name}"] = rows
    return pages


def _owner(line: str, paragraphs: list[str]) -> int | None:
    """The one paragraph whose text holds the OCR line (its hyphen at a word cut aside);
    both without spaces."""
    text = line.rstrip("-")
    if len(text) < OWNED_LINE_MIN:
        return None
    owners = [k for k, p in enumerate(paragraphs) if text in p]
    return owners[0] if len(owners) == 1 else None


def chinese_paragraph_rows() -> dict[str, list[dict]]:
    """Rows of the seed page (its hand-checked joins) and of synthetic Chinese pages (the
    generator knows which blocks it cut)."""
    import random

    import synth

    from cleaner.blocks import split_blocks
    from cleaner.model import Options
    from cleaner.pipeline import prepare_bytes

    options = Options(audit_margin=1e9)
    expected = json.loads((ROOT / "tests" / f"{SEED}.expected.json").read_text(encoding="utf-8"))
    joined = {tuple(pair) for pair in expected["joins"]}
    seed = prepare_bytes((SAMPLES / f"{SEED}.txt").read_bytes(), f"{SEED}.txt", options)
    pages = {SEED: _decision_rows(seed, lambda a, b: int((a, b) in joined), SEED, SEED_WEIGHT)}
    rng = random.Random(11)
    for number in range(SYNTHETIC_PAGES):
        cut_blocks: set[int] = set()
        items = [synth.article(rng, "zh") for _ in range(rng.randint(3, 6))]
        items = [synth.dress(rng, item) for item in items]
        text = synth.cjk_page(rng, items, cuts=cut_blocks)
        blocks = split_blocks(text.split("\n"))
        ends = {block.last: i for i, block in enumerate(blocks)}
        prepared = prepare_bytes(text.encode(), f"synthetic-{number}.txt", options)

        def label(a, b, ends=ends, cut_blocks=cut_blocks):
            return int(ends.get(a) in cut_blocks) if a in ends else 1

        pages[f"synthetic-{number}"] = _decision_rows(prepared, label, f"synthetic-{number}")
    for number in range(SYNTHETIC_COLUMN_PAGES):  # line per line, as OCR engines write
        starts: set[int] = set()
        items = [synth.dress(rng, synth.article(rng, "zh")) for _ in range(rng.randint(3, 6))]
        text = synth.cjk_column_page(rng, items, starts)
        prepared = prepare_bytes(text.encode(), f"synthetic-columns-{number}.txt", options)
        pages[f"synthetic-columns-{number}"] = _decision_rows(
            prepared, lambda a, b, starts=starts: int(b not in starts),
            f"synthetic-columns-{number}")
    return pages


def fit_paragraphs(pages: dict[str, list[dict]]):
    import numpy as np

    from cleaner.joins import PARAGRAPH_FEATURES

    names = list(PARAGRAPH_FEATURES)
    rows = [r for rs in pages.values() for r in rs]
    x = np.array([[r["features"].get(n, 0.0) for n in names] for r in rows])
    y = np.array([r["label"] for r in rows])
    w = np.array([r["weight"] for r in rows])
    weights, bias = fit_with_prior(x, y, names, PARAGRAPH_PRIOR, w)
    return dict(zip(names, (round(float(v), 4) for v in weights), strict=True)), round(bias, 4)


def shipped_paragraph_decision(name: str = "en") -> dict:
    """The paragraph decision a Latin profile ships (every Latin profile ships the same)."""
    return json.loads((PROFILES / f"{name}.json").read_text(encoding="utf-8"))[
        "decisions"]["paragraph"]


def fit_new_paragraph_features(pages: dict[str, list[dict]], shipped: dict[str, float],
                               bias: float, new: list[str]) -> dict[str, float]:
    """Weights for features the shipped paragraph weights do not have yet, fitted with
    the shipped ones held as they are: a new feature is weighed on the corpus without
    moving every other weight (a full refit moves knife-edge joins, see bench/README)."""
    import numpy as np
    from scipy.optimize import minimize
    from scipy.special import expit

    rows = [r for rs in pages.values() for r in rs]
    offset = np.array([bias + sum(shipped.get(n, 0.0) * v for n, v in r["features"].items())
                       for r in rows])
    x = np.array([[r["features"].get(n, 0.0) for n in new] for r in rows])
    sign = 2 * np.array([r["label"] for r in rows]) - 1
    sw = np.array([r["weight"] for r in rows])

    def loss(w):
        margin = sign * (offset + x @ w)
        return (np.sum(sw * np.logaddexp(0, -margin)) + PRIOR_STRENGTH * np.sum(w ** 2),
                -(x.T @ (sw * sign * expit(-margin))) + 2 * PRIOR_STRENGTH * w)

    result = minimize(loss, np.zeros(len(new)), jac=True, method="L-BFGS-B")
    return {n: round(float(v), 4) for n, v in zip(new, result.x, strict=True)}


def new_feature_report(pages: dict[str, list[dict]], shipped: dict[str, float], bias: float,
                       new: list[str]) -> dict:
    """Leave-one-title-out P/R of the breaks with the new features' weights fitted
    without the title, beside the shipped weights alone."""
    groups = defaultdict(list)
    for page in pages:
        groups[title_of(page)].append(page)
    tallies = {"with new": [0, 0, 0], "shipped": [0, 0, 0]}  # true, false, missed breaks
    for _, held in sorted(groups.items()):
        train = {p: rs for p, rs in pages.items() if p not in held}
        fitted = shipped | fit_new_paragraph_features(train, shipped, bias, new)
        for page in held:
            if page.startswith("synthetic"):
                continue
            for r in pages[page]:
                for name, weights in (("with new", fitted), ("shipped", shipped)):
                    score = bias + sum(weights.get(n, 0.0) * v for n, v in r["features"].items())
                    broke, truth = score <= 0, not r["label"]
                    tallies[name][0] += broke and truth
                    tallies[name][1] += broke and not truth
                    tallies[name][2] += truth and not broke
    return {name: {"breaks P": round(tp / (tp + fp), 3) if tp + fp else 0.0,
                   "breaks R": round(tp / (tp + fn), 3) if tp + fn else 0.0}
            for name, (tp, fp, fn) in tallies.items()}


def paragraph_report(pages: dict[str, list[dict]], by_title: bool = True) -> dict:
    """Held-out accuracy of the paragraph decision (leave one title, or one page, out):
    P/R of the breaks, beside the same figures of the prior (the old hand-set weights).
    Synthetic pages train but are not counted when real pages are there."""
    from cleaner.joins import PARAGRAPH_FEATURES

    names = list(PARAGRAPH_FEATURES)
    groups = defaultdict(list)
    for page in pages:
        groups[title_of(page) if by_title else page].append(page)
    real = [p for p in pages if not p.startswith("synthetic")]
    counted = set(real) if len(real) > len(pages) // 4 else set(pages)
    tallies = {"fitted": [0, 0, 0, 0, 0], "prior": [0, 0, 0, 0, 0]}
    for _, held in sorted(groups.items()):
        train = {p: rs for p, rs in pages.items() if p not in held}
        models = {"fitted": fit_paragraphs(train), "prior": (PARAGRAPH_PRIOR, 0.0)}
        for page in held:
            if page not in counted:
                continue
            for r in pages[page]:
                truth = bool(r["label"])
                for name, (weights, bias) in models.items():
                    score = bias + sum(weights.get(n, 0.0) * r["features"].get(n, 0.0)
                                       for n in names)
                    t = tallies[name]
                    joined = score > 0
                    t[0] += 1
                    t[1] += joined == truth
                    t[2] += not joined and not truth
                    t[3] += not joined and truth
                    t[4] += joined and not truth
    out = {}
    for name, (total, right, tp, fp, fn) in tallies.items():
        out[name] = {"breaks P": round(tp / (tp + fp), 3) if tp + fp else 0.0,
                     "breaks R": round(tp / (tp + fn), 3) if tp + fn else 0.0,
                     "accuracy": round(right / total, 3) if total else 0.0}
    out["decisions"] = tallies["fitted"][0]
    return out


def _write_decision(names: tuple[str, ...], decision: str, data: dict) -> None:
    for name in names:
        path = PROFILES / f"{name}.json"
        profile = json.loads(path.read_text(encoding="utf-8"))
        profile["decisions"][decision] = data
        path.write_text(json.dumps(profile, ensure_ascii=False, indent=1) + "\n",
                        encoding="utf-8")


@contextmanager
def profiles_with(decisions: dict[str, dict], names: tuple[str, ...]):
    """Score under these decision weights in the named profiles: a temporary copy of the
    package's profiles, read instead of them until the block ends."""
    import shutil
    import tempfile

    from cleaner import languages

    with tempfile.TemporaryDirectory() as folder:
        for path in PROFILES.iterdir():
            shutil.copy(path, folder)
        for name in names:
            path = Path(folder) / f"{name}.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            data["decisions"].update(decisions)
            path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        languages.use_profiles(Path(folder))
        try:
            yield
        finally:
            languages.use_profiles(None)


@contextmanager
def _prior_paragraphs():
    """Profiles whose paragraph weights are the prior, for the feature extraction.

    The features of a break depend on the paragraph built so far, so on the decisions
    before it: extracting them under the shipped weights would make every fit depend on
    the last one. Under the prior they depend on the data alone, and the fit reproduces.
    """
    prior = {"bias": 0.0, "weights": PARAGRAPH_PRIOR, "threshold": 0.0}
    with profiles_with({"paragraph": prior}, (*LEXICONS, "zh")):
        yield


def _reload() -> None:
    from cleaner import languages as profiles

    profiles.use_profiles(None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--errors", type=Path, help="write the word-cut LOTO errors here")
    parser.add_argument("--paragraphs-only", action="store_true",
                        help="refit the paragraph decision alone (lexicon and cuts kept)")
    parser.add_argument("--new-features-only", action="store_true",
                        help="weigh only the Latin paragraph features the profiles lack, "
                             "the shipped weights held")
    args = parser.parse_args()
    if args.paragraphs_only:
        return fit_paragraph_decisions(args.corpus, args.report_only)
    if args.new_features_only:
        return fit_new_features(args.corpus, args.report_only)
    if not args.report_only:
        build_lexicon()
        _reload()
    pages = corpus_rows(args.corpus)
    names = sorted({n for rows, _, _ in pages.values() for r in rows for n in r["features"]})
    predictions = loto(pages, names)
    figures = report(pages, predictions)
    print("word cuts, leave-one-title-out (feature level, ALTO HypPart truth):")
    for key, f in sorted(figures.items()):
        print(f"  {key:12} P={f['P']:.3f} R={f['R']:.3f} fusion%={f['fusion%']:.2f} "
              f"cuts={f['cuts']}")
    if args.errors:
        with args.errors.open("w", encoding="utf-8") as out:
            for page, items in predictions.items():
                for row, score, threshold in items:
                    if (score > threshold) != bool(row["label"]):
                        kind = "FP" if row["label"] == 0 else "FN"
                        out.write(f"{kind} {page}:{row['line']} {row['pair']} "
                                  f"{score - threshold:+.2f}\n")
    if not args.report_only:
        rows = [r for rows, _, _ in pages.values() for r in rows]
        model, threshold = fit(rows, names)
        _write_decision(tuple(LEXICONS), "cut", {
            "bias": round(float(model.intercept_[0]), 4),
            "weights": {n: round(float(w), 4) for n, w in zip(names, model.coef_[0],
                                                              strict=True)},
            "threshold": round(threshold, 4),
            "fitted_on": f"{len(pages)} pages of {args.corpus.name}, {len(rows)} line ends, "
                         f"{sum(r['label'] for r in rows)} cuts",
            "leave_one_title_out": figures})
        _reload()
    return fit_paragraph_decisions(args.corpus, args.report_only)


def fit_new_features(corpus: Path, report_only: bool) -> int:
    """The Latin paragraph features the shipped weights lack (or weigh 0), fitted with the
    others held; reported leave-one-title-out and (unless `report_only`) written."""
    from cleaner.joins import PARAGRAPH_FEATURES

    decision = shipped_paragraph_decision()
    shipped, bias = decision["weights"], decision["bias"]
    new = [n for n in PARAGRAPH_FEATURES if not shipped.get(n)]
    if not new:
        print("every paragraph feature has a weight; nothing to fit")
        return 0
    with _prior_paragraphs():
        latin = latin_paragraph_rows(corpus)
    present = {n for rs in latin.values() for r in rs for n in r["features"]}
    new = [n for n in new if n in present]  # Chinese features never fire on Latin pages
    print(f"new features: {', '.join(new)}")
    print(f"paragraph breaks, Latin, leave-one-title-out: "
          f"{new_feature_report(latin, shipped, bias, new)}")
    fitted = fit_new_paragraph_features(latin, shipped, bias, new)
    print(f"fitted on every title: {fitted}")
    if report_only:
        return 0
    _write_decision(tuple(LEXICONS), "paragraph", decision | {"weights": shipped | fitted})
    print(f"wrote them to {', '.join(LEXICONS)}")
    return 0


def fit_paragraph_decisions(corpus: Path, report_only: bool) -> int:
    """Step 5: the paragraph decision, Latin and Chinese, reported and (unless
    `report_only`) written."""
    with _prior_paragraphs():
        latin = latin_paragraph_rows(corpus)
        chinese = chinese_paragraph_rows()
    latin_figures = paragraph_report(latin)
    chinese_figures = paragraph_report(chinese, by_title=False)
    print(f"paragraph breaks, Latin, leave-one-title-out: {latin_figures}")
    print(f"paragraph breaks, Chinese, leave-one-page-out: {chinese_figures}")
    if report_only:
        return 0
    for group, pages_of, figures_of, names_of in (
            (latin, "Latin", latin_figures, tuple(LEXICONS)),
            (chinese, "Chinese", chinese_figures, ("zh",))):
        weights, bias = fit_paragraphs(group)
        _write_decision(names_of, "paragraph", {
            "bias": bias, "weights": weights, "threshold": 0.0,
            "fitted_on": f"{pages_of}: {len(group)} pages, "
                         f"{sum(len(r) for r in group.values())} breaks",
            "held_out": figures_of})
    print(f"wrote {', '.join((*LEXICONS, 'zh'))} profiles to {PROFILES.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

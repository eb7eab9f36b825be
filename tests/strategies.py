"""Hypothesis strategies: whole pages built by bench/synth.py from drawn parameters."""

import random
import sys
from pathlib import Path

from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from synth import noisy_page


@st.composite
def pages(draw, langs=("zh", "en")) -> str:
    """A generated page: language, layout and noise all drawn, text from a drawn seed."""
    seed = draw(st.integers(0, 2**32 - 1))
    return noisy_page(
        random.Random(seed), draw(st.sampled_from(langs)),
        articles=draw(st.integers(1, 4)), width=draw(st.integers(25, 70)),
        crlf=draw(st.booleans()), full_width_spaces=draw(st.booleans()),
        blank_noise=draw(st.booleans()), dressed=draw(st.booleans()),
        repeat_rate=draw(st.one_of(st.none(), st.sampled_from([0.0, 0.02, 0.05, 0.1]))))


#: Text no generator would think of: any characters, any shape.
raw_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)

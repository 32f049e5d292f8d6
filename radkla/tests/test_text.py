"""Names shortened for sentences keep whole words."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from radkla.lib.text import ELLIPSIS, shortened

WORDS = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789()/", min_size=1, max_size=12),
    min_size=1,
    max_size=30,
)


def test_a_long_name_is_cut_after_a_whole_word() -> None:
    name = "Persentase anak mendapat imunisasi lengkap"
    assert shortened(name, 30) == "Persentase anak mendapat…"
    assert shortened(name, 100) == name


@given(WORDS, st.integers(min_value=2, max_value=120))
def test_shortened_fits_and_keeps_whole_words(words: list[str], limit: int) -> None:
    text = " ".join(words)
    short = shortened(text, limit)
    assert len(short) <= limit
    if short == text:
        return
    assert short.endswith(ELLIPSIS)
    kept = short.removesuffix(ELLIPSIS).split()
    if len(words[0]) < limit - 1:
        # Every word kept is a whole word of the name, in its order.
        assert kept == words[: len(kept)]

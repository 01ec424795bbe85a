"""The term a card asks about is its heading without the author's markup, in every emphasis Markdown allows."""
from __future__ import annotations

import pytest

from kb.cards.terms import clean_heading


@pytest.mark.parametrize("heading, term", [
    ("Función ***Lineal*** o ***Identidad***", "Función Lineal o Identidad"),
    ("Función **Logística** y `sigmoid`", "Función Logística y sigmoid"),
    ("The *leaky* ReLU", "The leaky ReLU"),
    ("___Softmax___ temperature", "Softmax temperature"),
    ("[Dropout](https://example.org/dropout) rate", "Dropout rate"),
    ("2.1 Batch <b>norm</b>", "Batch norm"),
])
def test_markup_of_any_emphasis_leaves_the_heading(heading, term):
    assert clean_heading(heading) == term


def test_math_in_a_heading_keeps_its_underscores_and_stars():
    assert clean_heading(r"Output size $O_h = (H - K_h)/S + 1$") == r"Output size $O_h = (H - K_h)/S + 1$"
    assert clean_heading(r"The \(x_i * w_i\) sum") == r"The $x_i * w_i$ sum"


def test_a_word_looked_up_does_not_keep_its_languages_list(tmp_path, monkeypatch):
    """A word the per-user store lacks loads wordfreq's whole list of its language; let go, a reading
    worker does not hold every language's list to the end of the build."""
    import wordfreq

    from kb.cards.terms import _zipf, is_common, let_go_of_word_lists

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # an empty store: the word is looked up
    _zipf.cache_clear()
    assert is_common("μέθοδος", "el")  # Greek words are asked of wordfreq (kb.cards.common_words answers en, ru, zh)
    assert wordfreq.get_frequency_dict.cache_info().currsize > 0
    let_go_of_word_lists()
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    assert wordfreq.get_frequency_list.cache_info().currsize == 0

"""The emoji probabilities the repair weighs candidates by are wordfreq's, read from a per-user table."""
import math

import pytest
from wordfreq import word_frequency

from kb.read import langmodel


@pytest.fixture()
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    langmodel.bmp_emoji_frequencies.cache_clear()
    yield
    langmodel.bmp_emoji_frequencies.cache_clear()


def test_every_emoji_of_the_bmp_has_wordfreqs_english_frequency(own_cache):
    emoji = [chr(code) for code in range(0x2000, 0x3300) if langmodel.is_emoji(chr(code))]
    assert len(emoji) > 50
    for char in emoji:
        expected = math.log(max(word_frequency(char, "en"), langmodel.EMOJI_FLOOR))
        assert langmodel._emoji_logp(char) == expected, char
    assert langmodel._emoji_logp("⭐") > langmodel._emoji_logp("⛎")  # a counted emoji over an uncounted one


def test_an_emoji_candidate_loads_no_word_list(own_cache):
    import wordfreq

    from kb.cards.terms import let_go_of_word_lists

    langmodel.bmp_emoji_frequencies()  # the per-user table (built once per machine)
    let_go_of_word_lists()
    assert langmodel._emoji_logp("⭐") > math.log(langmodel.EMOJI_FLOOR)
    assert wordfreq.get_frequency_list.cache_info().currsize == 0

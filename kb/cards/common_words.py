"""The words wordfreq rates common in a language, answered without loading wordfreq's word lists.

A heading is generic ("Overview", "Методы") when its words are common: wordfreq's Zipf frequency at or above
a threshold. Asking wordfreq loads its list for the language: 0.1 s of CPU for English, 0.4 s and 130 MB for
Russian. A heading word the per-user store had not seen made a note load a list, and a note drops the lists
with its cards (kb.cards.terms.let_go_of_word_lists), so in a 500-note vault of distinct notes reading spent a
fifth of its CPU loading lists, and two workers holding the Russian one at once made the build's peak memory.

The words at or above a threshold are few (about 11,000 in English, 18,000 in Russian at Zipf 3.7): they are
kept per user (kb.read.langmodel.tables_cached), each with wordfreq's own zipf_frequency. The answer is
wordfreq's exactly for a word of one alphabet's lowercase letters, which wordfreq reads as one token of itself
(every such word of both lists does): absent from the table, it is either not in wordfreq's list (Zipf 0) or
rarer than the threshold. Other words (Chinese, which wordfreq segments; mixed scripts) are not answered here.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# The languages answered here and the words of each that are one wordfreq token of themselves.
_ONE_TOKEN = {"en": re.compile(r"[a-z]+"), "ru": re.compile(r"[а-яё]+")}
_CENTIBELS_PER_ZIPF = 100  # wordfreq's lists are buckets of words, one centibel of frequency apart
_TOP_ZIPF = 9              # the first bucket's Zipf frequency (a frequency of 1)


def is_answered(word: str, lang: str) -> bool:
    """Whether common_zipf answers for this word (else ask wordfreq)."""
    pattern = _ONE_TOKEN.get(lang)
    return pattern is not None and pattern.fullmatch(word) is not None


def common_zipf(word: str, lang: str, threshold: float) -> float | None:
    """wordfreq's Zipf frequency of an answered word (is_answered) if it is at least `threshold`, else None."""
    return common_words(lang, threshold).get(word)


@lru_cache(maxsize=None)
def common_words(lang: str, threshold: float) -> dict[str, float]:
    from kb.read.langmodel import tables_cached

    return tables_cached(f"{lang}-common-words-{threshold}", lambda: _count(lang, threshold), source=Path(__file__))


def _count(lang: str, threshold: float) -> dict[str, float]:
    from wordfreq import get_frequency_list, zipf_frequency

    buckets = get_frequency_list(lang)
    # A bucket's words are at its frequency; zipf_frequency rounds, so one bucket past the threshold is read too.
    last = int((_TOP_ZIPF - threshold) * _CENTIBELS_PER_ZIPF) + 1
    table = {}
    for bucket in buckets[:last + 1]:
        for word in bucket:
            if is_answered(word, lang) and (zipf := zipf_frequency(word, lang)) >= threshold:
                table[word] = zipf
    return table

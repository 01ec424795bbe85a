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
rarer than the threshold.

Chinese, which wordfreq segments (a heading is one "word" of several tokens), is computed from a per-user
table of wordfreq's frequency of every token in its Chinese list (334,609: a compact map of a few MB),
combined as wordfreq combines them (chinese_zipf): the same tokenizer, the same formula, the same rounding.
Loading the list instead took 0.11 s of CPU and about 40 MB on every heading the per-user store of answers
(kb.cards.terms) had not seen, since a note drops the lists it loaded. Words of mixed scripts are not
answered here.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

# The languages answered here and the words of each that are one wordfreq token of themselves.
# A word with accented Latin letters (café, naïve; not ß, which wordfreq folds to ss) is one token as well, and
# a Cyrillic word whichever Cyrillic language writes it (an Ukrainian і, a Serbian ђ): left to wordfreq, a word
# such as українська asked as Russian loaded its whole Russian list (130 MB, measured) for one answer.
_ONE_TOKEN = {"en": re.compile(r"[a-z\u00e0-\u00f6\u00f8-\u00ff]+"), "ru": re.compile(r"[\u0430-\u045f\u0491]+")}
_CENTIBELS_PER_ZIPF = 100  # wordfreq's lists are buckets of words, one centibel of frequency apart
_TOP_ZIPF = 9              # the first bucket's Zipf frequency (a frequency of 1)


# Chinese words: Han characters (and digits, which wordfreq reads as it reads them in any language).
_CHINESE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff0-9]+")


def is_answered(word: str, lang: str) -> bool:
    """Whether common_zipf answers for this word (else ask wordfreq, or chinese_zipf)."""
    pattern = _ONE_TOKEN.get(lang)
    return pattern is not None and pattern.fullmatch(word) is not None


def common_zipf(word: str, lang: str, threshold: float) -> float | None:
    """wordfreq's Zipf frequency of an answered word (is_answered) if it is at least `threshold`, else None."""
    return common_words(lang, threshold).get(word)


def is_chinese(word: str) -> bool:
    """Whether chinese_zipf answers for this word: Han characters and digits."""
    return _CHINESE.fullmatch(word) is not None


def chinese_zipf(word: str) -> float:
    """wordfreq.zipf_frequency(word, "zh") of a Chinese word (is_chinese), computed as wordfreq's
    _word_frequency computes it, with the token frequencies read from the per-user table rather than from
    the list wordfreq would load."""
    import logging
    import math

    import jieba
    from wordfreq import INFERRED_SPACE_FACTOR, freq_to_zipf, zipf_to_freq
    from wordfreq.numbers import digit_freq, smash_numbers
    from wordfreq.tokens import lossy_tokenize

    jieba.setLogLevel(logging.WARNING)  # wordfreq segments Chinese with jieba, which logs to stderr
    least = zipf_to_freq(0.0)   # zipf_frequency's default minimum: what a word in no list gets
    tokens = lossy_tokenize(word, "zh")
    freqs = chinese_token_frequencies()
    one_over_result = 0.0
    for token in tokens:
        smashed = smash_numbers(token)
        freq = freqs.get(smashed)
        if freq is None:
            return round(freq_to_zipf(least), 2)
        # digits count as zeros in the list, and take the frequency of their digit sequence
        one_over_result += 1.0 / (freq * digit_freq(token) if smashed != token else freq)
    if not tokens:
        return round(freq_to_zipf(least), 2)
    # each break jieba inferred makes the whole less likely; wordfreq then keeps 3 significant digits
    freq = max(1.0 / one_over_result * INFERRED_SPACE_FACTOR ** -(len(tokens) - 1), least)
    return round(freq_to_zipf(round(freq, math.floor(-math.log(freq, 10)) + 3)), 2)


@lru_cache(maxsize=1)
def chinese_token_frequencies() -> dict[str, float]:
    from kb.read.langmodel import tables_cached

    return tables_cached("zh-token-frequencies", _chinese_tokens, source=Path(__file__))


def _chinese_tokens() -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return dict(get_frequency_dict("zh"))


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

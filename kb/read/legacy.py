"""Which legacy code page a file that is not UTF-8 was saved in: the one whose text is made of words.

Every code page in `data/legacy_encodings.toml` that decodes the bytes is a candidate, and each is scored
by the share of its non-ASCII characters that stand in words its languages know (wordfreq's lists). The
wrong code pages give letters of the right kind in the wrong order: Greek read as cp1251 is Cyrillic
("УхнелйкфйкЬ"), Lithuanian read as cp1252 is Latin ("maþus"), Korean read as GBK is common Han
characters. Statistics of letters alone take such text for a language; words that no dictionary holds
give it away. On the clean notes of tests/fixtures/legacy/ (20 languages, each saved in its code pages,
whole, three lines and the heading alone: 114 files) the rule before this one (charset-normalizer on
long files, the share of plausible characters on short ones) read 42 right, this one 114; on a wider
set of 177, charset-normalizer alone read 125 right and fastText's confidence in a code page's
languages 157.

A Han, kana or Hangul run has no spaces, so it is cut greedily into the longest dictionary words; a
character standing alone counts only when it is a common word by itself (的, の, 은), as random
characters are: Korean read as GBK is made of common characters that rarely form words.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources

# A character standing alone is a word only this common (wordfreq frequency; zipf 4: 的, и, в, の, 은).
_SINGLE_WORD_FREQ = 1e-4
_LONGEST_CJK_WORD = 6
# Enough text to decide; scoring the whole of a long file would only confirm it.
_SAMPLE_CHARS = 6000
# Which of a code page's languages are looked up: the ones fastText names in its first guesses for that
# decoding (loading every word list of cp1252's thirteen languages would take a second).
_LANGUAGE_GUESSES = 5
_LANGUAGES_LOOKED_UP = 2

_WORD = re.compile(r"[^\W\d_]+")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
# Punctuation a text in any language may hold outside words: typographic quotes and dashes, CJK and
# full-width punctuation, arrows and maths. Other symbols outside words (box drawing, ¨ ÷ ¿ ¯ º, the
# direction marks cp1255 and cp1256 decode to) are what a wrong code page leaves behind.
_PUNCTUATION = re.compile("[\u00a0\u00ab\u00bb\u00b0\u00b7\u00d7\u2013\u2014\u2018\u2019\u201c\u201d\u201e\u2022"
                          "\u2026\u20ac\u2190-\u21ff\u2200-\u22ff\u3000-\u303f\uff01-\uff65]")


def decode_legacy(data: bytes) -> tuple[str, str] | None:
    """(text, encoding) of the code page whose text reads best, or None when none decodes the bytes."""
    best = None
    for order, (encoding, languages) in enumerate(_encodings().items()):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        key = (known_share(text, languages), -order)
        if best is None or key > best[0]:
            best = (key, text, encoding)
    return None if best is None else (best[1], best[2])


def known_share(text: str, languages: tuple[str, ...]) -> float:
    """Share of the non-ASCII characters of `text` (its lines that have any) in words of `languages`."""
    sample = unicodedata.normalize("NFC", "\n".join(line for line in text.split("\n") if not line.isascii()))
    sample = sample[:_SAMPLE_CHARS]
    words = [_word_list(language) for language in _looked_up(sample, languages)]
    total = known = 0
    for char in sample:
        if not char.isascii() and not char.isspace() and not _WORD.fullmatch(char):
            total += 1
            known += bool(_PUNCTUATION.fullmatch(char))
    for token in _WORD.findall(sample):
        if token.isascii():
            continue
        for run in _CJK_RUN.findall(token):
            total += len(run)
            known += max((_covered(_simplified(run), listed) for listed in words), default=0)
        for word in _CJK_RUN.sub(" ", token).split():
            if not word.isascii():
                total += len(word)
                known += len(word) if any(_is_word(word.lower(), listed) for listed in words) else 0
    return known / total if total else 0.0


def _is_word(word: str, listed: dict[str, float]) -> bool:
    return listed.get(word, 0.0) >= (_SINGLE_WORD_FREQ if len(word) == 1 else 1e-12)


def _covered(run: str, listed: dict[str, float]) -> int:
    """Characters of a Han/kana/Hangul run inside dictionary words, cutting the longest word first."""
    at = covered = 0
    while at < len(run):
        for end in range(min(len(run), at + _LONGEST_CJK_WORD), at, -1):
            if end - at > 1 and run[at:end] in listed or end - at == 1 and _is_word(run[at], listed):
                covered += end - at
                at = end
                break
        else:
            at += 1
    return covered


def _simplified(run: str) -> str:
    """wordfreq lists Chinese in simplified characters; Big5 files are traditional."""
    from wordfreq.chinese import simplify_chinese

    return simplify_chinese(run)


def _looked_up(sample: str, languages: tuple[str, ...]) -> tuple[str, ...]:
    if len(languages) <= _LANGUAGES_LOOKED_UP:
        return languages
    from kb.read.lang import language_guesses

    aliases = _table()["aliases"]
    guesses = (aliases.get(language, language) for language in language_guesses(sample, _LANGUAGE_GUESSES))
    named = list(dict.fromkeys(language for language in guesses if language in languages))
    return tuple(named[:_LANGUAGES_LOOKED_UP]) or languages[:1]


@cache
def _word_list(language: str) -> dict[str, float]:
    from wordfreq import get_frequency_dict

    return get_frequency_dict(language, "small")


@cache
def _table() -> dict:
    return tomllib.loads(resources.files("kb.read").joinpath("data/legacy_encodings.toml").read_text("utf-8"))


@cache
def _encodings() -> dict[str, tuple[str, ...]]:
    return {encoding: tuple(languages) for encoding, languages in _table()["encodings"].items()}

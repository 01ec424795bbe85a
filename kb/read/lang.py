"""Decide a text's language (en, zh or ru) from the scripts its letters are written in."""
from __future__ import annotations

import re

Lang = str

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")
# LaTeX commands, URLs and code spans are written in Latin letters whatever language the prose is in.
_NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$|`[^`\n]*`|https?://\S+|\]\([^)]*\)|\\[A-Za-z]+", re.S)

# One Han character carries about as much as a short English word, so a few among Latin words already
# make a sentence Chinese; Russian slides quote English terms freely, so Cyrillic needs a fair share.
_HAN_WEIGHT = 4.0
_CYRILLIC_SHARE = 0.3
_MIN_LETTERS = 3


def script_counts(text: str) -> tuple[int, int, int]:
    """(Han, Cyrillic, Latin) letter counts in the prose of `text`."""
    prose = _NOT_PROSE.sub(" ", text)
    return len(_HAN.findall(prose)), len(_CYRILLIC.findall(prose)), len(_LATIN.findall(prose))


def detect_lang(text: str, default: Lang = "en") -> Lang:
    """'zh', 'ru' or 'en'; `default` when the text has too few letters to tell."""
    han, cyrillic, latin = script_counts(text)
    if han + cyrillic + latin < _MIN_LETTERS:
        return default
    if han >= 2 and han * _HAN_WEIGHT >= 0.5 * (latin + cyrillic):
        return "zh"
    if cyrillic >= _MIN_LETTERS and cyrillic >= _CYRILLIC_SHARE * (latin + han):
        return "ru"
    if latin == 0 and han:
        return "zh"
    return "en"

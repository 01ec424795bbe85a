"""Bytes -> str: BOMs, UTF-8, then real legacy encodings (`kb.read.legacy`). Never guesses on binary."""
from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_WORD = re.compile(r"\w+")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u017F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


class BinaryFileError(ValueError):
    """The file is not text in any encoding kb can read."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text with \\n line ends, encoding name)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return normalise_newlines(data[len(bom):].decode(encoding, errors="replace")), encoding
    try:
        return normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise BinaryFileError("binary file (contains NUL bytes and has no UTF-16/32 byte-order mark)")
    from kb.read.legacy import decode_legacy

    text, encoding = decode_legacy(data) or (data.decode("cp1252", errors="replace"), "cp1252")
    if plausibility(text) < 0.85:
        raise BinaryFileError("binary file (no text encoding gives readable text)")
    return normalise_newlines(text), encoding


def plausibility(text: str) -> float:
    """Share of characters a human-written text in one of the legacy code pages' scripts is made of."""
    if not text:
        return 1.0
    good = sum(1 for ch in text if _is_plausible(ch))
    # A word mixing Latin and Cyrillic letters ("Crиme") is a wrong code page, not a language.
    mixed = sum(len(w) for w in _WORD.findall(text) if _LATIN.search(w) and _CYRILLIC.search(w))
    return (good - mixed) / len(text)


def _is_plausible(ch: str) -> bool:
    code = ord(ch)
    if ch in "\n\r\t" or 0x20 <= code < 0x7F:
        return True
    if 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x30FF or 0xFF01 <= code <= 0xFF9F or 0xAC00 <= code <= 0xD7AF:
        return True  # CJK ideographs, CJK punctuation, kana, full- and half-width forms, Hangul
    if 0x0370 <= code <= 0x04FF or 0x2000 <= code <= 0x206F:
        return True  # Greek, Cyrillic, general punctuation
    if 0xA1 <= code <= 0xBF:
        return True  # Latin-1 punctuation and signs: ¿ ¡ « » ° § ·
    category = unicodedata.category(ch)
    if 0x0300 <= code <= 0x036F:
        return True  # combining accents (cp1258 writes Vietnamese tones as marks after the letter)
    # accented Latin letters, Romanian's ș ț and Vietnamese's ạ ế
    return (0xC0 <= code <= 0x24F or 0x1E00 <= code <= 0x1EFF) and category.startswith("L")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")

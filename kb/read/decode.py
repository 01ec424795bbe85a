"""Bytes -> str: BOMs, UTF-8, then real legacy encodings. Never guesses on binary.

charset-normalizer is reliable on long texts but guesses wildly on a few words (it reads "Свертка" in
cp1251 as Shift-JIS), so short texts are decided by how plausible each candidate's text is instead.
"""
from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Tried in this order when texts are short; earlier wins a tie (the notes' languages: zh, ru, en).
_SHORT_TEXT_CANDIDATES = ("gb18030", "cp1251", "cp1252", "big5", "shift_jis", "euc_kr", "koi8_r", "cp1250")
_WORD = re.compile(r"\w+")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u017F]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LONG_TEXT_BYTES = 400  # non-ASCII bytes above which charset-normalizer's statistics are trusted


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
    text, encoding = _decode_legacy(data)
    if plausibility(text) < 0.85:
        raise BinaryFileError("binary file (no text encoding gives readable text)")
    return normalise_newlines(text), encoding


def _decode_legacy(data: bytes) -> tuple[str, str]:
    non_ascii = sum(1 for b in data if b >= 0x80)
    if non_ascii >= _LONG_TEXT_BYTES:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_exclusion=["utf_16", "utf_16_le", "utf_16_be", "utf_32"]).best()
        if best is not None:
            return str(best), best.encoding
    decoded = []
    for encoding in _SHORT_TEXT_CANDIDATES:
        try:
            decoded.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    if not decoded:
        return data.decode("cp1252", errors="replace"), "cp1252"
    return max(decoded, key=lambda item: plausibility(item[0]))  # max keeps the first of equals


def plausibility(text: str) -> float:
    """Share of characters a human-written zh/ru/en/European text is made of."""
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
    if 0x4E00 <= code <= 0x9FFF or 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
        return True  # CJK ideographs, CJK punctuation, full-width forms
    if 0x0400 <= code <= 0x04FF or 0x2000 <= code <= 0x206F:
        return True  # Cyrillic, general punctuation
    if 0xA1 <= code <= 0xBF:
        return True  # Latin-1 punctuation and signs: ¿ ¡ « » ° § ·
    category = unicodedata.category(ch)
    return 0xC0 <= code <= 0x17F and category.startswith("L")  # accented Latin letters


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")

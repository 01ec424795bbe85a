"""Bytes -> str: BOMs, UTF-8, then real legacy encodings (charset-normalizer). Never guesses on binary."""
from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)


class BinaryFileError(ValueError):
    """The file is not text in any encoding kb can read."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return (text with \\n line ends, encoding name)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(encoding.replace("-sig", ""), errors="replace")
            return normalise_newlines(text), encoding
    try:
        return normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096]:
        raise BinaryFileError("binary file (NUL bytes, no text encoding fits)")
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BinaryFileError("binary file (no text encoding fits)")
    return normalise_newlines(str(best)), best.encoding


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")

"""Which files under the notes folder are notes and which are attachments (images, PDFs, audio, office
documents, data), decided by their bytes: a file type's signature, else whether it is text at all.
Attachments are never read as notes and never reported; cards that reference them get them packed."""
from __future__ import annotations

import json
import re

from kb.read.notebook import is_notebook

# Leading bytes of file types people keep next to their notes. Each is long or binary enough that no
# text starts with it ("BM25 ..." and "ID3 trees" are notes: BMP and ID3 are told apart by their NULs).
_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*",  # images
    b"\x00\x00\x01\x00", b"8BPS\x00\x01",                                                   # ico, psd
    b"%PDF-", b"PK\x03\x04", b"PK\x05\x06", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",         # pdf, zip/office
    b"fLaC", b"OggS\x00", b"\x1aE\xdf\xa3",                                                    # audio, webm
    b"7z\xbc\xaf\x27\x1c", b"\x1f\x8b\x08", b"Rar!\x1a\x07", b"SQLite format 3\x00",
)
_ID3 = re.compile(rb"^ID3[\x02-\x04]\x00")                 # mp3 with tags
_BMP = re.compile(rb"^BM.{4}\x00\x00\x00\x00", re.S)
_RIFF_TYPES = (b"WEBP", b"WAVE", b"AVI ")
_XML_IMAGE = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg\b", re.S | re.I)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def is_attachment(data: bytes) -> bool:
    """True for a file that is not a note: a known binary type, SVG, JSON data, or bytes with NUL in them
    that are not UTF-16/32 text."""
    head = data[:64]
    if head.startswith(_SIGNATURES) or (head[:4] == b"RIFF" and head[8:12] in _RIFF_TYPES):
        return True
    if head[4:8] == b"ftyp" or _ID3.match(head) or _BMP.match(head):  # mp4/mov/m4a/heic/avif, mp3, bmp
        return True
    if _XML_IMAGE.match(data[:4096]):
        return True
    if b"\x00" in data[:8192] and not data.startswith(_BOMS) and not _utf32(data):
        return True
    return _is_json(data)


def _utf32(data: bytes) -> bool:
    return data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def _is_json(data: bytes) -> bool:
    """Canvas files, settings, exports: structured data, not prose (a note never parses as JSON). A Jupyter
    notebook is JSON too, but its cells are the student's notes (kb.read.notebook reads them)."""
    stripped = data.lstrip()
    if not stripped[:1] in (b"{", b"["):
        return False
    try:
        document = json.loads(data)
    except ValueError:
        return False
    return not is_notebook(document)

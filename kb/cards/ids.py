"""Stable card identity: source note + section path + normalised front, never the back."""
from __future__ import annotations

import hashlib
import re
import unicodedata


def normalise_front(front: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", front)).strip()


def card_id(file: str, section: tuple[str, ...], front: str) -> str:
    key = "\x1f".join([file, "\x1e".join(section), normalise_front(front)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]

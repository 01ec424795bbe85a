"""Decide what kind of note a text is from its content alone (never its file name)."""
from __future__ import annotations

import re

from kb.model import NoteKind
from kb.read.webdump import looks_like_webdump

_ATX = re.compile(r"^#{1,6}\s+\S", re.M)
_QUESTION = re.compile(r"[?？]\s*$")


def detect_kind(text: str) -> NoteKind:
    if looks_like_webdump(text):
        return "webdump"
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    if not lines:
        return "outline"
    questions = sum(1 for line in lines if _QUESTION.search(line))
    if questions >= 5 and questions / len(lines) > 0.15:
        return "qa"
    if len(_ATX.findall(text)) >= 3 and len(_ATX.findall(text)) >= len(lines) / 60:
        return "markdown"
    if "$$" in text or "```" in text:
        return "slides"
    return "outline"

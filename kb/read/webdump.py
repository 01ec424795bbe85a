"""Find the note inside a web-page dump of a note editor and recover its Markdown structure."""
from __future__ import annotations


def looks_like_webdump(text: str) -> bool:
    return False


def extract_webdump(text: str) -> tuple[str, tuple[int, ...]]:
    """Return (the note's Markdown, 1-based original line for each output line)."""
    lines = text.split("\n")
    return text, tuple(range(1, len(lines) + 1))

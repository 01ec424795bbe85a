"""Repair UTF-8 text that was decoded with a single-byte Windows code page and saved again."""
from __future__ import annotations

from kb.model import RepairReport


def repair_mojibake(text: str) -> tuple[str, RepairReport] | None:
    """Return the repaired text and a report, or None when the text shows no such damage."""
    return None

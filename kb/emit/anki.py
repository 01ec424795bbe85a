"""Anki decks (.apkg) with genanki."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kb.model import Card, Note


def write_decks(notes: Sequence[Note], cards: Sequence[Card], out_dir: Path, notes_dir: Path) -> list[Path]:
    return []

"""Shared helpers for the parser and card tests: parse text or a whole note, cached per session."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from kb.model import Note
from kb.parse import parse_note
from kb.read import read_bytes, read_note
from tests.conftest import NOTES, note_with


def parse_text(text: str, file: str = "excerpt.txt") -> Note:
    return parse_note(read_bytes(text.encode("utf-8"), file))


@lru_cache(maxsize=None)
def parse_full(fragment: str) -> Note:
    path: Path = note_with(fragment)
    return parse_note(read_note(path, NOTES))


def section(note: Note, heading: str):
    return next(s for s in note.sections if s.heading == heading)

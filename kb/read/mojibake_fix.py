"""`kb repair`: write a note's repaired text back in place, keeping the original beside it.

The backup is a hidden file (`.NAME.orig`), so a build never reads it as a second note. Both writes are
atomic: the backup is complete before the note is replaced, and either write fails leaving the note as
it was.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from kb.atomic import write_bytes_atomic
from kb.model import RepairReport
from kb.read.decode import BinaryFileError, decode_bytes
from kb.read.mojibake import repair_mojibake
from kb.read.mojibake_report import guess_lines


def backup_path(path: Path) -> Path:
    """The first free `.NAME.orig`, `.NAME.orig.2`, … beside `path` (an older backup is never overwritten)."""
    candidate, number = path.with_name(f".{path.name}.orig"), 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f".{path.name}.orig.{number}")
    return candidate


def repair_file(path: Path) -> tuple[RepairReport, Path, list[str]] | None:
    """Repair `path` in place; None when it shows no damage. Raises ValueError for a binary file."""
    data = path.read_bytes()
    try:
        text, _ = decode_bytes(data)
    except BinaryFileError as exc:
        raise ValueError(str(exc)) from None
    result = repair_mojibake(text)
    if result is None:
        return None
    repaired, report = result
    out = repaired.replace("\n", "\r\n") if b"\r\n" in data else repaired
    body = out.encode("utf-8")
    if data.startswith(codecs.BOM_UTF8):
        body = codecs.BOM_UTF8 + body
    backup = backup_path(path)
    write_bytes_atomic(backup, data)
    write_bytes_atomic(path, body)
    return report, backup, guess_lines(repaired, report.restored)

"""Stage 1: a note file's bytes -> SourceText (the text the author wrote, with provenance)."""
from __future__ import annotations

from pathlib import Path

from kb.model import Diagnostic, SourcePos, SourceText


def read_bytes(data: bytes, file: str) -> SourceText:
    """Decode, repair and extract one note. `file` is its path relative to the notes folder."""
    # Imported here, not at the top: a build that finds every note unchanged imports kb.read.media only, and
    # the readers' modules (every dialect's rules and their regexes) are a third of its start-up time.
    from kb.read.decode import BinaryFileError, decode_bytes
    from kb.read.card_export import read_card_export
    from kb.read.kinds import detect_kind
    from kb.read.mojibake import repair_mojibake
    from kb.read.notebook import read_notebook
    from kb.read.webdump import extract_webdump
    from kb.read.wikidump import extract_wikidump, looks_like_wikidump

    try:
        text, encoding = decode_bytes(data)
    except BinaryFileError as exc:
        diag = Diagnostic(SourcePos(file, 1), str(exc), "error")
        return SourceText(file, "outline", "", (), "binary", None, (diag,))
    # A container format (a notebook's JSON, an exported card table) holds Markdown the student wrote.
    notebook = read_notebook(text)
    cards = None if notebook is not None else read_card_export(text)
    extracted = notebook or cards
    if extracted is not None:
        text, extracted_lines = extracted
    repaired = repair_mojibake(text)
    repair = None
    if repaired is not None:
        text, repair = repaired
    kind = detect_kind(text)
    if extracted is not None:
        line_map = extracted_lines
        kind = "markdown" if cards is not None else kind  # Obsidian-style cards, with or without deck headings
    elif kind == "webdump":
        text, line_map = extract_wikidump(text) if looks_like_wikidump(text) else extract_webdump(text)
    else:
        line_map = tuple(range(1, text.count("\n") + 2))
    return SourceText(file, kind, text, line_map, encoding, repair)


def read_note(path: Path, notes_dir: Path) -> SourceText:
    return read_bytes(path.read_bytes(), path.relative_to(notes_dir).as_posix())

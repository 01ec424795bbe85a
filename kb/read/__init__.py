"""Stage 1: a note file's bytes -> SourceText (the text the author wrote, with provenance)."""
from __future__ import annotations

from pathlib import Path

from kb.model import Diagnostic, SourcePos, SourceText


def read_bytes(data: bytes, file: str) -> SourceText:
    """Decode, repair and extract one note. `file` is its path relative to the notes folder."""
    # Imported here, not at the top: a build that finds every note unchanged imports kb.read.media only, and
    # the readers' modules (every dialect's rules and their regexes) are a third of its start-up time.
    from kb.read.decode import BinaryFileError, decode_bytes
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
    notebook = read_notebook(text)
    if notebook is not None:
        text, notebook_lines = notebook
    repaired = repair_mojibake(text)
    repair = None
    if repaired is not None:
        text, repair = repaired
    kind = detect_kind(text)
    if kind == "webdump":
        text, line_map = extract_wikidump(text) if looks_like_wikidump(text) else extract_webdump(text)
    elif notebook is not None:
        line_map = notebook_lines
    else:
        line_map = tuple(range(1, text.count("\n") + 2))
    return SourceText(file, kind, text, line_map, encoding, repair)


def read_note(path: Path, notes_dir: Path) -> SourceText:
    return read_bytes(path.read_bytes(), path.relative_to(notes_dir).as_posix())

"""Stage 2: SourceText -> Note (sections with heading paths, blocks with source lines)."""
from __future__ import annotations

from kb.model import Block, Note, Section, SourceText


def parse_note(source: SourceText) -> Note:
    """Dispatch on the note's kind. Placeholder: one section holding the text as a paragraph."""
    title = source.file.rsplit("/", 1)[-1]
    block = Block("paragraph", source.text, 1)
    section = Section(title, (title,), 1, 1, "en", (block,) if source.text.strip() else ())
    return Note(source.file, source.kind, title, "en", (section,), source, source.diagnostics)

"""What a note says about itself rather than its subject: its front matter (title, tags, aliases) and
its `#tags` lines. Tags become card tags; a paragraph that holds only tags is not content."""
from __future__ import annotations

from dataclasses import replace

from kb.model import Diagnostic, Note, Section, SourcePos, SourceText
from kb.parse.dialects.tags import is_tag_line, tag_line_tags
from kb.parse.frontmatter import FrontMatter
from kb.parse.titles import clean_title

_PROSE_KINDS = ("paragraph", "list", "quote")


def with_metadata(note: Note, matter: FrontMatter, source: SourceText) -> Note:
    """The parsed note with its front matter and tags applied, and the source as the author wrote it."""
    sections = tuple(_without_tag_lines(section) for section in note.sections)
    found = [tag for section in note.sections for block in section.blocks if block.kind in _PROSE_KINDS
             for tag in tag_line_tags(block.text)]
    diagnostics = note.diagnostics
    if matter.error:
        diagnostics += (Diagnostic(SourcePos(note.file, source.source_line(1)), matter.error),)
    note = replace(note, sections=tuple(s for s in sections if s.blocks or s.level), source=source,
                   diagnostics=diagnostics, tags=tuple(dict.fromkeys(matter.tags + tuple(found))),
                   aliases=matter.aliases)
    title = clean_title(matter.title)
    return _retitled(note, title) if title else note


def _without_tag_lines(section: Section) -> Section:
    blocks = tuple(b for b in section.blocks if not (b.kind == "paragraph" and is_tag_line(b.text)))
    return section if len(blocks) == len(section.blocks) else replace(section, blocks=blocks)


def _retitled(note: Note, title: str) -> Note:
    """The note under its front matter title; the untitled section before the first heading is named by
    the note's title, so it is renamed too."""
    sections = tuple(
        replace(s, heading=title, path=(title,)) if s.level == 0 and s.path == (note.title,) else s
        for s in note.sections
    )
    return replace(note, title=title, sections=sections)

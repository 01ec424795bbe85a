"""A note with the author's macros written out: the folder's (kb.macros.folder) and the note's own; and its formulas'
table rules kept only where they can be drawn (kb.macros.table_rules); and one warning for the macros nobody defines.

A note defines macros in its math (`$$\\newcommand{\\vx}{\\mathbf{x}}$$`, a MathJax habit of Jupyter and Markdown
notes) or in its text; MathJax would remember them from one formula to the next on one page, but a card shows
one formula alone, and kb's checks read each formula alone. So the definitions are taken out and every use in
the note's headings, text and formulas is written out; code is left as written. A formula that held nothing but
definitions is no formula any more and is dropped.
"""
from __future__ import annotations

from dataclasses import replace

from kb.macros.expand import MacroTable, expand
from kb.macros.table_rules import drawable_rules
from kb.macros.tex_definitions import definitions, without_definitions
from kb.macros.undefined import undefined_macros_warning
from kb.model import Block, Note, Section


def with_author_macros(note: Note, folder: MacroTable) -> Note:
    """`note` with its own and the folder's macros written out and its formulas' rules drawable, warned of the
    macros still undefined after that (kb.macros.undefined)."""
    written = _written_out_note(note, folder)
    warning = undefined_macros_warning(written)
    return written if warning is None else replace(written, diagnostics=(*written.diagnostics, warning))


def _written_out_note(note: Note, folder: MacroTable) -> Note:
    own = {macro.name: macro for section in note.sections for block in section.blocks if block.kind != "code"
           for macro, _, _ in definitions(block.latex or block.text)}
    table = {**folder, **own}
    if not table and not any(block.latex and ("\\hline" in block.latex or "\\cline" in block.latex)
                             for section in note.sections for block in section.blocks):
        return note
    sections = tuple(replace(section, heading=expand(section.heading, table),
                             path=tuple(expand(part, table) for part in section.path),
                             blocks=tuple(block for block in (_written_out(b, table, bool(own)) for b in section.blocks)
                                          if block is not None))
                     for section in note.sections)
    return replace(note, title=expand(note.title, table), sections=sections)


def _written_out(block: Block, table: MacroTable, defines: bool) -> Block | None:
    if block.kind == "code":
        return block
    text = expand(without_definitions(block.text) if defines else block.text, table)
    if block.kind != "formula" or block.latex is None:
        return replace(block, text=text)
    latex = drawable_rules(expand(without_definitions(block.latex) if defines else block.latex, table))
    return replace(block, text=drawable_rules(text), latex=latex) if latex.strip() else None

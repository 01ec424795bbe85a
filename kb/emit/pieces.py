"""Each note's pieces of the deck and the site, made before either output is assembled.

The deck and the site render the same cards; a card's HTML in the two differs only in how its math is
written, and parsing its Markdown is half the cost of rendering it. Made here, note by note, both pieces of
a note come from one parse of each text (kb.emit.html.one_parse_per_text), and the build shares the notes
out among worker processes; the outputs are then assembled from kept pieces, as after an edit.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from kb.emit.anki import row_maker
from kb.emit.html import one_parse_per_text
from kb.emit.site import part_maker
from kb.parts import NotePart


class NotePieces:
    """The deck's rows and the site's part of the notes of a build whose parts carry keys, kept where
    write_decks and write_site look for them."""

    def __init__(self, parts: Sequence[NotePart], out_dir: Path, notes_dir: Path) -> None:
        self.rows = row_maker(parts, out_dir, notes_dir)
        self.pages = part_maker(parts, out_dir, notes_dir)

    def missing(self, parts: Sequence[NotePart]) -> list[int]:
        """The indexes of the parts that lack a piece in either output."""
        return [index for index, part in enumerate(parts) if self.rows.to_make(part) or self.pages.to_make(part)]

    def make(self, part: NotePart) -> None:
        """Make and keep the note's missing pieces, then let go of its Note and cards."""
        try:
            with one_parse_per_text():
                if self.rows.to_make(part):
                    self.rows.piece(part)
                if self.pages.to_make(part):
                    self.pages.part(part)
        except Exception:  # noqa: BLE001 - the output renders the note again itself, and reports what fails there
            pass
        finally:
            part.release()

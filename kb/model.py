"""The document model every stage exchanges: small frozen dataclasses with to_dict/from_dict.

Pipeline: bytes --read--> SourceText --parse--> Note --cards--> [Card] --check--> [Card with Check]
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, Literal

NoteKind = Literal["markdown", "outline", "slides", "qa", "webdump", "org", "rst"]
BlockKind = Literal["paragraph", "list", "formula", "code", "table", "image", "link", "quote"]
CardKind = Literal["qa", "concept", "formula", "cloze"]
CheckStatus = Literal["verified", "note_differs", "restored", "not_checkable", "failed", "skipped", "unchecked"]


def _from_dict(cls, data: dict[str, Any]):
    """Rebuild a dataclass from to_dict output: lists become tuples, nested dataclasses are rebuilt."""
    kwargs = {}
    for name, nested in _plan(cls):
        if name not in data:
            continue
        value = data[name]
        if nested is not None and value is not None:
            value = tuple(nested.from_dict(v) for v in value) if isinstance(value, (list, tuple)) else nested.from_dict(value)
        elif isinstance(value, (list, tuple)):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        kwargs[name] = value
    return cls(**kwargs)


@lru_cache(maxsize=None)
def _plan(cls) -> tuple[tuple[str, Any], ...]:
    """(field name, nested dataclass or None) per field: worked out once per class (a build decodes every
    cached note's cards, and dataclasses.fields() per object was a third of that)."""
    return tuple((f.name, _NESTED.get((cls.__name__, f.name))) for f in fields(cls))


def _data(value: Any) -> Any:
    """A field's value as JSON data: a nested dataclass as its dict, a tuple as a list."""
    if isinstance(value, _Serial):
        return value.to_dict()
    if isinstance(value, tuple):
        return [_data(item) for item in value]
    return value


class _Serial:
    def to_dict(self) -> dict[str, Any]:
        # Not dataclasses.asdict: it deep-copies every value through a generic recursion, which was most of
        # the time of encoding a note's result for the per-note cache and of writing cards.json.
        return {name: _data(getattr(self, name)) for name, _ in _plan(type(self))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        return _from_dict(cls, data)


@dataclass(frozen=True)
class SourcePos(_Serial):
    """Where something came from: the note's path relative to the notes folder, and a 1-based line."""
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Diagnostic(_Serial):
    """A problem found in the input, reported as `path:line: message`."""
    pos: SourcePos
    message: str
    level: Literal["warning", "error"] = "warning"

    def __str__(self) -> str:
        return f"{self.pos}: {self.level}: {self.message}"


@dataclass(frozen=True)
class RestoredChar(_Serial):
    """One character the mojibake repair had to reconstruct from lost bytes."""
    line: int          # 1-based line in the repaired text
    column: int        # 0-based column in that line
    char: str
    certain: bool      # the damage allows only this character, or the language model is sure past
                       # kb.read.mojibake.CERTAIN_MARGIN (True); else a guess, marked as one (False)
    alternatives: tuple[str, ...] = ()   # the other characters the damage allows, likeliest first


@dataclass(frozen=True)
class RepairReport(_Serial):
    """What repair_mojibake did to a file."""
    codepage: str
    chars_restored: int
    chars_uncertain: int
    lines_changed: int
    restored: tuple[RestoredChar, ...] = ()


@dataclass(frozen=True)
class SourceText(_Serial):
    """The text the author wrote, after decoding, repair and extraction, as Markdown-ish text.

    `line_map[i]` is the 1-based line in the original file that line i+1 of `text` came from, so every
    later stage can report positions in the user's file.
    """
    file: str
    kind: NoteKind
    text: str
    line_map: tuple[int, ...]
    encoding: str = "utf-8"
    repair: RepairReport | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    def source_line(self, text_line: int) -> int:
        """Map a 1-based line of `text` to the 1-based line of the original file."""
        if not self.line_map:
            return max(text_line, 1)
        index = min(max(text_line, 1), len(self.line_map)) - 1
        return self.line_map[index]


@dataclass(frozen=True)
class Block(_Serial):
    """One unit of content inside a section. `text` is its Markdown source as the author wrote it."""
    kind: BlockKind
    text: str
    line: int                      # 1-based line in the original file
    lang: str = "en"
    latex: str | None = None       # formula blocks: the LaTeX without delimiters
    display: bool = False          # formula blocks: $$..$$ (True) or inline $..$ (False)
    src: str | None = None         # image/link blocks: the target
    alt: str | None = None         # image blocks: alt text or caption; formula blocks: the label a table row gives it


@dataclass(frozen=True)
class Section(_Serial):
    """A heading and the blocks under it. Q&A notes have one section per question (`is_question`)."""
    heading: str
    path: tuple[str, ...]          # headings from the top of the note down to this one
    level: int
    line: int
    lang: str = "en"
    blocks: tuple[Block, ...] = ()
    is_question: bool = False
    continues: bool = False        # the rest of the section named `heading`, after a question inside it ended


@dataclass(frozen=True)
class Note(_Serial):
    file: str
    kind: NoteKind
    title: str
    lang: str
    sections: tuple[Section, ...]
    source: SourceText | None = None
    diagnostics: tuple[Diagnostic, ...] = ()
    tags: tuple[str, ...] = ()     # the author's tags (front matter, `#tags` in the text)
    aliases: tuple[str, ...] = ()  # other names of the note (front matter)


# How a check that crashed begins its detail: kb's own bug, shown on the card as not checkable (never as a verdict)
# and counted apart by kb.eval, so that a crash is not mistaken for a formula kb cannot read
CHECK_CRASHED = "kb could not check this formula"


@dataclass(frozen=True)
class Check(_Serial):
    """What the formula registry says about a formula card."""
    status: CheckStatus
    formula_id: str | None = None
    verified_latex: str | None = None
    note_latex: str | None = None
    detail: str = ""               # counterexample, reason it is not checkable, or where it was restored from
    examples: int = 0
    mutants_caught: int = 0
    mutants_total: int = 0


@dataclass(frozen=True)
class Card(_Serial):
    """One study card. `id` depends on source note + section path + front only, never the back."""
    id: str
    kind: CardKind
    front: str                     # Markdown with $..$ math; cloze cards use {{c1::...}}
    back: str                      # Markdown with $..$ math
    lang: str
    tags: tuple[str, ...]
    section: tuple[str, ...]
    source: SourcePos
    note_title: str = ""
    check: Check | None = None


_NESTED: dict[tuple[str, str], Any] = {
    ("Diagnostic", "pos"): SourcePos,
    ("RepairReport", "restored"): RestoredChar,
    ("SourceText", "repair"): RepairReport,
    ("SourceText", "diagnostics"): Diagnostic,
    ("Section", "blocks"): Block,
    ("Note", "sections"): Section,
    ("Note", "source"): SourceText,
    ("Note", "diagnostics"): Diagnostic,
    ("Card", "source"): SourcePos,
    ("Card", "check"): Check,
}


"""The build driver: read -> parse -> cards -> checks, for every note, then write every output.

Everything is computed before anything is written, and each output is written atomically, so a failed
or killed build leaves the previous outputs intact.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kb.cards import make_cards
from kb.model import Card, Diagnostic, Note, SourcePos
from kb.parse import parse_note
from kb.read import read_note


@dataclass(frozen=True)
class BuildResult:
    notes: tuple[Note, ...]
    cards: tuple[Card, ...]
    diagnostics: tuple[Diagnostic, ...]
    outputs: tuple[Path, ...] = ()
    failed_outputs: tuple[str, ...] = field(default_factory=tuple)

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return self.diagnostics


def note_files(notes_dir: Path) -> list[Path]:
    """Every regular file under notes_dir (hidden files and folders skipped), in a stable order."""
    files = []
    for path in sorted(notes_dir.rglob("*")):
        rel = path.relative_to(notes_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file() or path.is_symlink():
            continue
        files.append(path)
    return files


def process_note(path: Path, notes_dir: Path) -> tuple[Note, list[Card]]:
    note = parse_note(read_note(path, notes_dir))
    return note, make_cards(note)


def collect(notes_dir: Path) -> tuple[list[Note], list[Card], list[Diagnostic]]:
    notes: list[Note] = []
    cards: list[Card] = []
    diagnostics: list[Diagnostic] = []
    for path in note_files(notes_dir):
        rel = path.relative_to(notes_dir).as_posix()
        try:
            note, note_cards = process_note(path, notes_dir)
        except Exception as exc:  # one broken note must not stop the others
            diagnostics.append(Diagnostic(SourcePos(rel, 1), f"could not read note: {type(exc).__name__}: {exc}", "error"))
            continue
        notes.append(note)
        cards.extend(note_cards)
        diagnostics.extend(note.diagnostics)
        if not note_cards:
            diagnostics.append(Diagnostic(SourcePos(rel, 1), "note yields no cards"))
    return notes, cards, diagnostics


# (notes, cards, out_dir, notes_dir) -> paths written
Emitter = Callable[[Sequence[Note], Sequence[Card], Path, Path], list[Path]]


def default_emitters() -> list[tuple[str, Emitter]]:
    from kb.emit.anki import write_decks
    from kb.emit.json import write_cards_json
    from kb.emit.site import write_site

    return [
        ("cards.json", lambda notes, cards, out, _notes_dir: [write_cards_json(cards, out)]),
        ("anki", write_decks),
        ("site", write_site),
    ]


def build(notes_dir: Path, out_dir: Path, *, emitters: list[tuple[str, Emitter]] | None = None) -> BuildResult:
    notes, cards, diagnostics = collect(notes_dir)
    cards = attach_checks(notes, cards)
    outputs: list[Path] = []
    failed: list[str] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, emit in emitters if emitters is not None else default_emitters():
        try:
            outputs.extend(emit(notes, cards, out_dir, notes_dir))
        except Exception as exc:  # one output failing must not lose the others
            failed.append(name)
            diagnostics.append(Diagnostic(SourcePos(str(out_dir), 0), f"writing {name} failed: {type(exc).__name__}: {exc}", "error"))
    return BuildResult(tuple(notes), tuple(cards), tuple(diagnostics), tuple(outputs), tuple(failed))


def attach_checks(notes: Sequence[Note], cards: list[Card]) -> list[Card]:
    """Give every formula card its check status from the formula registry."""
    from kb.formulas.link import attach_checks as attach

    return attach(notes, cards)

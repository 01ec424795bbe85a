"""cards.json: every card in a stable order, the contract other tools read; summary.json: the per-note
summary `kb build` prints, so `kb stats` can print it again without the notes.

cards.json is assembled from each note's cards as JSON text, kept per note (see PieceStore) when the
build gives the notes' keys, so an edit serialises one note's cards again, not all of them."""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

from kb.atomic import write_chunks_atomic, write_text_atomic
from kb.cache import code_fingerprint, key_for
from kb.emit.memo import PieceStore
from kb.model import Card, Note
from kb.parts import NotePart, as_parts, one_at_a_time
from kb.report import json_rows, summary_rows


def cards_to_json(cards: Sequence[Card]) -> str:
    """The cards as a JSON list, a card a line (see kb.report.json_rows)."""
    return json_rows([card.to_dict() for card in cards])


def _items_json(cards: Sequence[Card]) -> str:
    """The cards as they stand inside cards.json's list: cards_to_json's text without its brackets."""
    return ",\n".join(json.dumps(card.to_dict(), ensure_ascii=False) for card in cards)


def write_cards_json(notes: Sequence[Note], cards: Sequence[Card], out_dir: Path, notes_dir: Path, *,
                     diagnostics: list | None = None) -> list[Path]:
    """Given a build's cards (a kb.parts.Cards, whose notes carry keys), each note's part of cards.json is
    kept and reused while the note's key is unchanged."""
    parts = as_parts(notes, cards)
    pieces = PieceStore(out_dir / ".kb-cache" / "pieces" / "cards.json" if any(p.key for p in parts) else None)
    path = out_dir / "cards.json"
    write_chunks_atomic(path, _cards_json_chunks(parts, pieces))
    pieces.save()
    summary = out_dir / "summary.json"
    write_text_atomic(summary, json_rows(summary_rows(parts)))
    return [path, summary]


def _cards_json_chunks(parts: Sequence[NotePart], pieces: PieceStore) -> Iterator[bytes]:
    """cards_to_json of the parts' cards, one note's cards at a time, each from its kept piece when there
    is one."""
    salt = code_fingerprint("model", "emit/json")
    first = True
    for part in one_at_a_time(parts):
        if not part.ids:
            continue
        key = key_for(salt, part.key) if part.key and pieces.enabled else ""
        if key and pieces.load(key) is not None:
            text = pieces.file(key, "cards").read_bytes()
        else:
            text = _items_json(part.cards).encode("utf-8")
            if key:
                pieces.put(key, {}, {"cards": text})
        yield (b"[\n" if first else b",\n") + text
        first = False
    yield b"[]\n" if first else b"\n]\n"


def load_cards_json(path: Path) -> list[Card]:
    return [Card.from_dict(item) for item in json.loads(path.read_text(encoding="utf-8"))]


def load_summary(out_dir: Path) -> list[dict]:
    """The per-note rows of the build in out_dir (summary.json, or counted from cards.json)."""
    summary, cards = out_dir / "summary.json", out_dir / "cards.json"
    if summary.is_file():
        return json.loads(summary.read_text(encoding="utf-8"))
    if cards.is_file():
        return summary_rows(as_parts((), load_cards_json(cards)))
    raise FileNotFoundError(f"{cards}: not found; run `kb build` first")

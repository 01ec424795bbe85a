"""cards.json: every card in a stable order, the contract other tools read; summary.json: the per-note
summary `kb build` prints, so `kb stats` can print it again without the notes."""
from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from kb.atomic import write_text_atomic
from kb.model import Card, Note
from kb.report import summary_rows


def cards_to_json(cards: Sequence[Card]) -> str:
    return json.dumps([card.to_dict() for card in cards], ensure_ascii=False, indent=1) + "\n"


def write_cards_json(notes: Sequence[Note], cards: Sequence[Card], out_dir: Path, notes_dir: Path, *,
                     diagnostics: list | None = None) -> list[Path]:
    path = out_dir / "cards.json"
    write_text_atomic(path, cards_to_json(cards))
    summary = out_dir / "summary.json"
    write_text_atomic(summary, json.dumps(summary_rows(cards, notes), ensure_ascii=False, indent=1) + "\n")
    return [path, summary]


def load_cards_json(path: Path) -> list[Card]:
    return [Card.from_dict(item) for item in json.loads(path.read_text(encoding="utf-8"))]


def load_summary(out_dir: Path) -> list[dict]:
    """The per-note rows of the build in out_dir (summary.json, or counted from cards.json)."""
    summary, cards = out_dir / "summary.json", out_dir / "cards.json"
    if summary.is_file():
        return json.loads(summary.read_text(encoding="utf-8"))
    if cards.is_file():
        return summary_rows(load_cards_json(cards))
    raise FileNotFoundError(f"{cards}: not found; run `kb build` first")

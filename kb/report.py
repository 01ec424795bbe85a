"""Per-note summaries printed by `kb build` and `kb stats`."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from kb.model import Card, Note

KINDS = ("qa", "concept", "formula", "cloze")


def summary_rows(cards: Sequence[Card], notes: Sequence[Note] = ()) -> list[dict]:
    """One row per note file: cards by kind and by language, and what mojibake repair did."""
    repairs = {n.file: n.source.repair for n in notes if n.source is not None}
    titles = {n.file: n.title for n in notes}
    by_file: dict[str, list[Card]] = {}
    for card in cards:
        by_file.setdefault(card.source.file, []).append(card)
    files = list(dict.fromkeys([n.file for n in notes] + list(by_file)))
    rows = []
    for file in files:
        file_cards = by_file.get(file, [])
        kinds = Counter(c.kind for c in file_cards)
        langs = Counter(c.lang for c in file_cards)
        repair = repairs.get(file)
        rows.append({
            "file": file,
            "title": titles.get(file) or (file_cards[0].note_title if file_cards else ""),
            "cards": len(file_cards),
            **{kind: kinds.get(kind, 0) for kind in KINDS},
            "langs": dict(sorted(langs.items())),
            "repaired": repair.chars_restored if repair else 0,
            "uncertain": repair.chars_uncertain if repair else 0,
        })
    return rows


def load_summary(out_dir: Path) -> list[dict]:
    """The per-note rows of the build in out_dir (summary.json, or counted from cards.json)."""
    import json

    from kb.emit.json import load_cards_json

    summary, cards = out_dir / "summary.json", out_dir / "cards.json"
    if summary.is_file():
        return json.loads(summary.read_text(encoding="utf-8"))
    if cards.is_file():
        return summary_rows(load_cards_json(cards))
    raise FileNotFoundError(f"{cards}: not found; run `kb build` first")


def summary_table(rows: list[dict]):
    from rich.table import Table

    table = Table(title="kb: cards per note")
    for column in ("file", "title", "cards", *KINDS, "languages", "repaired", "uncertain"):
        table.add_column(column, justify="right" if column not in ("file", "title", "languages") else "left",
                         no_wrap=column in ("file", "title"))
    for row in rows:
        langs = " ".join(f"{k}:{v}" for k, v in row["langs"].items())
        table.add_row(row["file"], row["title"][:40], str(row["cards"]), *(str(row[k]) for k in KINDS),
                      langs, str(row["repaired"]), str(row["uncertain"]))
    return table

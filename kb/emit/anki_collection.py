"""The SQLite collection inside kb.apkg: written row by row, or assembled from the last build's collection.

A package's collection is kept between builds (OUT/.kb-cache/anki/) with a manifest saying where each
note's rows sit in it. An edit then copies every unchanged note's rows from the kept collection inside
SQLite (shifting their ids when an earlier note gained or lost cards) and inserts only the edited notes'
rows from Python, so an edit no longer loads and inserts every note's rows.

The same notes give the same bytes either way: note ids count up from one base in row order (as genanki's
do), every note row is inserted in id order before every card row in id order, and SQLite lays out a
fresh file the same for the same sequence of inserts (tests/test_incremental.py compares the packages).
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import genanki

from kb.atomic import write_text_atomic

MANIFEST = "manifest.json"
_NOTE_COLUMNS = "guid, mid, mod, usn, tags, flds, sfld, csum, flags, data"
_CARD_COLUMNS = "did, ord, mod, usn, type, queue, due, ivl, factor, reps, lapses, left, odue, odid, flags, data"


def deck_id(name: str) -> int:
    """A stable deck id from the deck's name (Anki matches decks by name, the id only has to be fixed)."""
    return (1 << 31) + int.from_bytes(hashlib.sha256(f"kb-deck:{name}".encode()).digest()[:6], "big")


class KeptCollection:
    """The last build's collection and the id range of each note's rows in it, or nothing (`usable` is
    False) when there is none or it may not match: `key` names what the rows depend on besides each
    note's piece (the emitter's code, the note types, the root deck, SOURCE_DATE_EPOCH) and `state` the
    mod-time state file it was written with (a kept row's mod time is only right while that state is)."""

    def __init__(self, folder: Path | None, key: str, state: str) -> None:
        self.folder, self.key, self.state = folder, key, state
        self.path: Path | None = None
        self.base = 0
        self.ranges: dict[str, list[int]] = {}  # note's piece key and deck title -> [first id - base, ids]
        manifest = self._manifest()
        if manifest is not None:
            self.path, self.base, self.ranges = folder / manifest["collection"], manifest["base"], manifest["ranges"]

    def _manifest(self) -> dict[str, Any] | None:
        if self.folder is None:
            return None
        try:
            manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if (not isinstance(manifest, dict) or manifest.get("key") != self.key or manifest.get("state") != self.state
                or not (self.folder / str(manifest.get("collection"))).is_file()):
            return None
        return manifest

    @property
    def usable(self) -> bool:
        return self.path is not None

    def place(self, rows_key: str) -> tuple[int, int] | None:
        """(first id, number of ids) of a note's rows in the kept collection, if it holds them."""
        found = self.ranges.get(rows_key)
        return (self.base + found[0], found[1]) if found else None

    def new_file(self) -> Path:
        """Where this build writes its collection (beside the kept one, so keeping it is a rename)."""
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f".collection-{os.getpid()}.tmp"
        path.unlink(missing_ok=True)
        return path

    def keep(self, written: Path, name: str, base: int, ranges: dict[str, list[int]], state: str) -> None:
        """Keep this build's collection for the next one; the manifest is written last, so a build killed
        before it leaves the previous collection and manifest, which still agree."""
        assert self.folder is not None
        os.replace(written, self.folder / name)
        manifest = {"key": self.key, "state": state, "collection": name, "base": base, "ranges": ranges}
        write_text_atomic(self.folder / MANIFEST, json.dumps(manifest, sort_keys=True))
        for path in self.folder.iterdir():
            if path.name not in (name, MANIFEST):
                path.unlink(missing_ok=True)


class CollectionWriter:
    """Anki's collection (what genanki.Package writes), filled in the order rows come.

    Note and card ids count up from `first_id` in that order, so the same rows give the same collection;
    Anki matches notes by GUID, so ids only have to be unique. Note rows are inserted as they come (in
    batches), card rows once every note row is in: that order of inserts is the same whether a note's rows
    come from Python or are copied from `kept`, so both give the same file."""

    BATCH = 2000  # rows inserted at a time (a statement per row was most of the time of a large deck)

    def __init__(self, path: Path, first_id: int, kept: Path | None = None) -> None:
        from genanki.apkg_col import APKG_COL
        from genanki.apkg_schema import APKG_SCHEMA

        self.path = path
        self.conn = sqlite3.connect(path)
        self.conn.execute("PRAGMA journal_mode = OFF")  # a killed build's file is never kept, so no journal
        self.conn.executescript(APKG_SCHEMA)
        self.conn.executescript(APKG_COL)
        if kept is not None:
            self.conn.execute("ATTACH DATABASE ? AS kept", (str(kept),))
        self.next_id = first_id
        self.decks: dict[str, int] = {}
        self.models: dict[int, tuple[genanki.Model, str]] = {}  # model id -> (model, last deck by name)
        self._notes: list[tuple] = []
        self._cards: list[list[tuple] | tuple[int, int, int]] = []  # rows, or a kept range (first, last, shift)
        self._copying: list[int] | None = None  # kept notes not inserted yet: [first id, last id, shift]

    def add(self, row: dict[str, Any], model: genanki.Model, deck: str, mod: int) -> None:
        self._flush_copy()
        did = self._use(model, deck)
        note_id = self._take(1)
        fields = row["fields"]
        self._notes.append((note_id, row["guid"], model.model_id, mod, -1, " " + " ".join(row["tags"]) + " ",
                            "\x1f".join(fields), fields[model.sort_field_index], 0, 0, ""))
        if not self._cards or not isinstance(self._cards[-1], list):
            self._cards.append([])
        self._cards[-1].extend((self._take(1), note_id, did, ord_, mod, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "")
                               for ord_ in row["ords"])
        if len(self._notes) >= self.BATCH:
            self._flush_notes()

    def copy(self, first: int, count: int, decks: Sequence[tuple[genanki.Model, str]]) -> None:
        """Take `count` ids' worth of kept rows (notes and their cards, from id `first` on) as the next
        rows; `decks` are the (note type, deck) pairs of those notes (each pair once is enough)."""
        for model, deck in decks:
            self._use(model, deck)
        shift = self._take(count) - first
        self._flush_notes()
        if self._copying is not None and self._copying[2] == shift and self._copying[1] + 1 == first:
            self._copying[1] += count  # the kept rows right after, shifted alike: one statement copies both
            return
        self._flush_copy()
        self._copying = [first, first + count - 1, shift]

    def _flush_copy(self) -> None:
        """Copy the pending run of kept notes. An edit copies the notes between the edited ones a run at a
        time, not a note at a time (500 statements for notes and 500 for cards per edit at 500 notes): the
        same rows inserted in the same order, so the same file."""
        if self._copying is None:
            return
        first, last, shift = self._copying
        self.conn.execute(f"INSERT INTO notes SELECT id + ?, {_NOTE_COLUMNS} FROM kept.notes "
                          "WHERE id BETWEEN ? AND ? ORDER BY id", (shift, first, last))
        self._cards.append((first, last, shift))
        self._copying = None

    def _take(self, count: int) -> int:
        first = self.next_id
        self.next_id += count
        return first

    def _use(self, model: genanki.Model, deck: str) -> int:
        did = self.decks.get(deck) or self.decks.setdefault(deck, deck_id(deck))
        last = self.models.get(model.model_id)
        if last is None or deck > last[1]:  # as genanki: a note type names the last deck that uses it
            self.models[model.model_id] = (model, deck)
        return did

    def _flush_notes(self) -> None:
        self.conn.executemany("INSERT INTO notes VALUES(?,?,?,?,?,?,?,?,?,?,?)", self._notes)
        self._notes = []

    def finish(self, root: str, timestamp: int) -> None:
        """Insert the card rows, write the decks' and note types' JSON (once: genanki rewrites it per deck)
        and close."""
        self._flush_copy()
        self._flush_notes()
        for cards in self._cards:
            if isinstance(cards, list):
                self.conn.executemany("INSERT INTO cards VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cards)
            else:
                first, last, shift = cards
                self.conn.execute(f"INSERT INTO cards SELECT id + ?, nid + ?, {_CARD_COLUMNS} FROM kept.cards "
                                  "WHERE id BETWEEN ? AND ? ORDER BY id", (shift, shift, first, last))
        self._cards = []
        self.decks.setdefault(root, deck_id(root))
        decks = json.loads(self.conn.execute("SELECT decks FROM col").fetchone()[0])
        models = json.loads(self.conn.execute("SELECT models FROM col").fetchone()[0])
        for name in sorted(self.decks):
            decks[str(self.decks[name])] = genanki.Deck(self.decks[name], name).to_json()
        for model_id, (model, deck) in sorted(self.models.items()):
            models[str(model_id)] = model.to_json(timestamp, self.decks[deck])
        self.conn.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(decks), json.dumps(models)))
        self.conn.commit()
        self.conn.close()

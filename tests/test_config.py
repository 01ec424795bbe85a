"""kb.toml and <!-- kb:skip -->: the user decides the deck's name, extra tags and what is not carded."""
from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from kb.build import build
from kb.config import ConfigError, load_config

NOTE = """# Optimisers

## Momentum

Momentum keeps a running average of past gradients and steps along it.

<!-- kb:skip -->
### What is Nesterov momentum?

A gradient taken after the momentum step.

## Adam

Adam scales each step by a running estimate of the gradient's size.

### Why does Adam need bias correction?

Its running averages start at zero.
"""


def _notes(tmp_path: Path, config: str | None) -> Path:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "opt.md").write_text(NOTE, encoding="utf-8")
    if config is not None:
        (notes / "kb.toml").write_text(config, encoding="utf-8")
    return notes


def test_skips_tags_and_deck_name_from_kb_toml(tmp_path):
    notes = _notes(tmp_path, 'deck = "Deep Learning"\ntags = ["exam 2024"]\n'
                             'skip = ["optimisers > adam > Why does Adam need bias correction?"]\n')
    result = build(notes, tmp_path / "out")
    fronts = {c.front for c in result.cards}
    assert "Why does Adam need bias correction?" not in fronts and "What is Nesterov momentum?" not in fronts
    assert fronts and all("exam_2024" in c.tags for c in result.cards)
    assert [line.split(" skipped ")[1][:18] for line in result.skipped] == ["(<!-- kb:skip -->)", "(kb.toml): Why doe"]
    assert not any(note.file == "kb.toml" for note in result.notes)
    again = build(notes, tmp_path / "out")
    assert again.up_to_date and again.skipped == result.skipped  # an unchanged build still says so
    with zipfile.ZipFile(tmp_path / "out" / "kb.apkg") as package:
        (tmp_path / "col").write_bytes(package.read("collection.anki2"))
    decks = json.loads(sqlite3.connect(tmp_path / "col").execute("select decks from col").fetchone()[0])
    assert "Deep Learning::Optimisers" in {deck["name"] for deck in decks.values()}


def test_a_card_id_skips_that_card(tmp_path):
    notes = _notes(tmp_path, None)
    first = build(notes, tmp_path / "out", emitters=[])
    target = next(c for c in first.cards if c.front == "Why does Adam need bias correction?")
    (notes / "kb.toml").write_text(f'skip = ["{target.id}"]\n', encoding="utf-8")
    assert target.id not in {c.id for c in build(notes, tmp_path / "out", emitters=[]).cards}


@pytest.mark.parametrize(("text", "line", "says"), [
    ('deck = "A"\ntags = ["x"\n', 2, "Unclosed array"),
    ('deck = "A"\nskip = [\n  "a" "b"\n]\n', 3, "error:"),
    ('deck = 3\n', 1, "'deck' must be text"),
    ('deck = "A"\ncolour = "red"\n', 2, "unknown setting 'colour'"),
    ('deck = "A::B"\n', 1, "without '::'"),
    ('deck = "A"\nmacros = 3\n', 2, "'macros' must be a table"),
    ('deck = "A"\n[macros]\nvx = 3\n', 3, "macro 'vx' must be a body"),
])
def test_a_bad_kb_toml_names_file_and_line_and_keeps_the_last_outputs(tmp_path, text, line, says):
    notes = _notes(tmp_path, None)
    out = tmp_path / "out"
    build(notes, out)
    before = (out / "cards.json").read_bytes()
    (notes / "kb.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        build(notes, out)
    assert str(error.value).startswith(f"{notes / 'kb.toml'}:{line}: error:") and says in str(error.value)
    assert (out / "cards.json").read_bytes() == before
    with pytest.raises(ConfigError):
        load_config(notes)

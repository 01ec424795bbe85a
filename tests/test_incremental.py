"""Incremental outputs: an edit renders one note's parts again; the result is a cold build's bytes."""
import shutil

import pytest

import kb.emit.anki as anki_emitter
import kb.emit.json as json_emitter
import kb.emit.site as site_emitter
from kb.build import build
from kb.cards.ids import is_retired
from tests.conftest import NOTES
from tests.test_build import _output_bytes


@pytest.fixture
def counted(monkeypatch):
    """How many notes each output rendered (emitters run in this process with workers=1)."""
    calls = {"site": 0, "cards.json": 0, "anki": 0}
    make_part, items_json, make_rows = site_emitter._note_part, json_emitter._items_json, anki_emitter.RowMaker._render

    def note_part(*args, **kwargs):
        calls["site"] += 1
        return make_part(*args, **kwargs)

    def items(cards):
        calls["cards.json"] += 1
        return items_json(cards)

    def rows(self, cards, note):
        calls["anki"] += not all(map(is_retired, cards))  # a retired card's row is made anew in every build
        return make_rows(self, cards, note)

    monkeypatch.setattr(site_emitter, "_note_part", note_part)
    monkeypatch.setattr(anki_emitter.RowMaker, "_render", rows)
    monkeypatch.setattr(json_emitter, "_items_json", items)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return calls


def test_an_edit_renders_one_note_and_the_outputs_equal_a_cold_build(tmp_path, counted):
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    out = tmp_path / "out"
    first = build(notes, out, workers=1)
    count = len(first.notes)
    assert counted == {"site": count, "cards.json": count, "anki": count}
    victim = sorted(notes.iterdir())[2]
    victim.write_bytes(victim.read_bytes() + "\n\n# A heading added later\n\nWhat does the added part say?\n\nIt says little.\n".encode())
    counted.update({"site": 0, "cards.json": 0, "anki": 0})
    again = build(notes, out, workers=1)
    assert not again.up_to_date and counted == {"site": 1, "cards.json": 1, "anki": 1}
    cold = build(notes, tmp_path / "cold", workers=1)
    assert _output_bytes(out) == _output_bytes(tmp_path / "cold")
    assert [str(d) for d in again.diagnostics] == [str(d) for d in cold.diagnostics]


def test_a_deleted_note_leaves_the_outputs_and_its_pieces_go(tmp_path, counted):
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    out = tmp_path / "out"
    build(notes, out, workers=1)
    site_pieces = out / ".kb-cache" / "pieces" / "site"
    before = len(list(site_pieces.glob("*/*.json")))
    sorted(notes.iterdir())[0].unlink()
    counted.update({"site": 0, "cards.json": 0, "anki": 0})
    build(notes, out, workers=1)
    assert counted == {"site": 0, "cards.json": 0, "anki": 0}
    assert len(list(site_pieces.glob("*/*.json"))) == before - 1
    build(notes, tmp_path / "cold", workers=1)  # the deck and the id history keep the gone note's cards retired
    assert (out / "cards.json").read_bytes() == (tmp_path / "cold" / "cards.json").read_bytes()


def test_a_figure_added_after_the_build_renders_the_notes_again(tmp_path, counted):
    import base64

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Shapes\n\n## Square\n\nWhat does a square look like?\n\n![a square](fig.png)\n",
                                encoding="utf-8")
    out = tmp_path / "out"
    first = build(notes, out, workers=1)
    assert any("image not found" in d.message for d in first.diagnostics)
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")
    (notes / "fig.png").write_bytes(png)
    counted.update({"site": 0, "cards.json": 0, "anki": 0})
    again = build(notes, out, workers=1)
    assert counted["site"] == 1 and counted["anki"] == 1 and not any("image not found" in d.message for d in again.diagnostics)
    build(notes, tmp_path / "cold", workers=1)
    site = {name: data for name, data in _output_bytes(out).items() if name.startswith("site/")}
    assert any(name.startswith("site/media/") for name in site)
    # (the deck differs by design: a card whose content changed gets a newer mod time than a cold build's)
    assert site == {name: data for name, data in _output_bytes(tmp_path / "cold").items() if name.startswith("site/")}


def test_tags_added_in_kb_toml_reach_every_kept_output(tmp_path, counted):
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    out = tmp_path / "out"
    build(notes, out, workers=1)
    (notes / "kb.toml").write_text('tags = ["exam_2024"]\n', encoding="utf-8")
    build(notes, out, workers=1)
    assert '"exam_2024"' in (out / "cards.json").read_text(encoding="utf-8")
    build(notes, tmp_path / "cold", workers=1)
    # (the deck differs by design: every card's content changed, so each gets a newer mod time than a cold build's)
    warm, cold = _output_bytes(out), _output_bytes(tmp_path / "cold")
    deck = {"kb.apkg", ".kb-anki-state.json"}
    assert {n: d for n, d in warm.items() if n not in deck} == {n: d for n, d in cold.items() if n not in deck}


def test_an_edit_decodes_only_the_edited_note_from_the_build_cache(tmp_path, monkeypatch):
    import kb.build as build_module

    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    out = tmp_path / "out"
    build(notes, out, workers=1)
    decoded = []
    decode = build_module._decode
    monkeypatch.setattr(build_module, "_decode", lambda entry: decoded.append(entry) or decode(entry))
    victim = sorted(notes.iterdir())[1]
    victim.write_bytes(victim.read_bytes() + b"\n\nOne more line at the end.\n")
    again = build(notes, out, workers=1)
    # (once per output that renders it: each lets a note go once it has used it)
    assert {entry["note"]["file"] for entry in decoded} == {victim.name}
    # what the build reports is still every note's: counted from the notes' heads
    assert len(again.notes) == len(list(notes.iterdir())) and len(again.cards) == len(list(again.cards))


def test_an_edit_copies_the_other_notes_anki_rows_from_the_kept_collection(tmp_path, monkeypatch):
    """The deck's collection is kept: an edit inserts only the edited note's rows and copies the others
    (their ids shifted when the edit added cards before them), and the package is a cold build's bytes."""
    from kb.emit.anki_collection import CollectionWriter

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    out = tmp_path / "out"
    build(notes, out, workers=1)
    added, copied, runs = [], [], []
    add, copy, flush = CollectionWriter.add, CollectionWriter.copy, CollectionWriter._flush_copy
    monkeypatch.setattr(CollectionWriter, "add", lambda self, row, *a: added.append(row["id"]) or add(self, row, *a))
    monkeypatch.setattr(CollectionWriter, "copy", lambda self, *a: copied.append(a) or copy(self, *a))

    def flush_counted(self):
        if self._copying is not None:
            runs.append(list(self._copying))   # one INSERT ... SELECT from the kept collection
        flush(self)

    monkeypatch.setattr(CollectionWriter, "_flush_copy", flush_counted)
    victim = sorted(notes.iterdir())[0]  # the first note: every other note's ids move
    victim.write_bytes(victim.read_bytes() + "\n\n# Added later\n\nWhat was added later?\n\nA question.\n".encode())
    again = build(notes, out, workers=1)
    victim_ids = {card.id for card in again.cards if card.source.file == victim.name}
    assert added and set(added) <= victim_ids and len(copied) == len(again.notes) - 1
    # the notes after the edited one lie together in the kept collection, shifted alike: one copy for them all
    assert len(runs) == 1
    build(notes, tmp_path / "cold", workers=1)
    assert (out / "kb.apkg").read_bytes() == (tmp_path / "cold" / "kb.apkg").read_bytes()
    kept = out / ".kb-cache" / "anki"
    assert sorted(p.name for p in kept.iterdir() if not p.name.startswith("collection-")) == ["manifest.json"]


def test_a_damaged_kept_collection_is_not_used(tmp_path, monkeypatch):
    """A kept collection SQLite cannot read: the package is written as if there were none kept."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    out, intact = tmp_path / "out", tmp_path / "intact"
    build(notes, out, workers=1)
    shutil.copytree(out, intact, symlinks=True)
    kept = next((out / ".kb-cache" / "anki").glob("collection-*"))
    kept.write_bytes(kept.read_bytes()[:4096] + b"\0" * (kept.stat().st_size - 4096))
    victim = sorted(notes.iterdir())[1]
    victim.write_bytes(victim.read_bytes() + b"\n\nOne more line at the end.\n")
    again = build(notes, out, workers=1)
    assert not again.failed_outputs
    build(notes, intact, workers=1)
    assert (out / "kb.apkg").read_bytes() == (intact / "kb.apkg").read_bytes()


def test_the_formulas_page_from_kept_registry_sections_is_the_page_rendered_afresh(tmp_path, monkeypatch):
    from kb.cache import JsonCache

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    monkeypatch.setattr(site_emitter, "_kept_sections", lambda: JsonCache(tmp_path / "sections"))
    build(notes, tmp_path / "fresh", workers=1)
    assert list((tmp_path / "sections").rglob("*.json"))

    def rendered_again(*args):
        raise AssertionError("the registry's sections were rendered again")

    monkeypatch.setattr(site_emitter, "_registry_entries", rendered_again)
    kept = build(notes, tmp_path / "kept", workers=1)
    assert not kept.failed_outputs
    page = (tmp_path / "kept" / "site" / "formulas.html").read_bytes()
    assert page == (tmp_path / "fresh" / "site" / "formulas.html").read_bytes()
    assert b'class="evidence notes-evidence"' in page  # the notes' formula cards sit in their entries' sections


def test_an_output_folder_does_not_depend_on_whether_the_registry_sections_were_kept_per_user(tmp_path, monkeypatch):
    """The registry's sections come from the per-user cache or are rendered afresh (a new machine, a new
    kb): either way the output folder, hidden caches included, is the same, byte for byte."""
    from kb.cache import JsonCache
    from tests.test_outputs import _whole_folder

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    notes = tmp_path / "notes"
    shutil.copytree(NOTES, notes)
    monkeypatch.setattr(site_emitter, "_kept_sections", lambda: JsonCache(tmp_path / "sections"))
    build(notes, tmp_path / "rendered", workers=1)
    assert list((tmp_path / "sections").rglob("*.json"))  # the second build reads the sections kept by the first
    build(notes, tmp_path / "kept", workers=1)
    rendered, kept = _whole_folder(tmp_path / "rendered"), _whole_folder(tmp_path / "kept")
    assert sorted(rendered) == sorted(kept)
    assert [name for name in rendered if rendered[name] != kept[name]] == []

"""Anki decks: built with kb, imported into the real `anki` library, rendered and re-imported."""
from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import genanki
import pytest

from kb.build import collect
from kb.cache import JsonCache
from kb.cards.ids import HISTORY_NAME, RETIRED_TAG, follow_ids, load_history, save_history
from kb.emit.anki import PACKAGE_NAME, STATE_NAME, deck_names, deck_part, protect_cloze, write_decks
from kb.emit.json import load_cards_json, write_cards_json
from kb.model import Card, Check, Diagnostic, SourcePos
from tests.test_ids import OPTICS, WAVES

anki_collection = pytest.importorskip("anki.collection")
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest  # noqa: E402
from anki.import_export_pb2 import IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER  # noqa: E402

NOTES = Path(__file__).resolve().parent.parent / "notes"
KB_MODELS = {"kb Q&A", "kb Cloze", "kb Formula"}
EPOCH = 1_700_000_000  # every build here runs on this explicit clock, never the wall clock
CONV = r"O=\lfloor\frac{W-F+2P}{S}\rfloor+1"


# ---------------------------------------------------------------- helpers


def import_package(col: Collection, path: Path):
    """Import the way Anki's dialog does by default: update notes and note types only if newer."""
    options = ImportAnkiPackageOptions(
        merge_notetypes=False,
        update_notes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        with_scheduling=False,
        with_deck_configs=False,
    )
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(path), options=options)).log


def new_collection(tmp_path: Path, name: str = "col") -> Collection:
    return Collection(str(tmp_path / f"{name}.anki2"))


def without_style(card_html: str) -> str:
    return re.sub(r"(?s)<style>.*?</style>", "", card_html)


def note_by_guid(col: Collection, guid: str):
    (note_id,) = col.db.list("select id from notes where guid = ?", guid)
    return col.get_note(note_id)


def cloze_count(card: Card) -> int:
    return len(set(re.findall(r"\{\{c(\d+)::", card.front))) if card.kind == "cloze" else 1


def build_decks(notes_dir: Path, out_dir: Path, cache: JsonCache) -> tuple[list[Card], list[Diagnostic]]:
    """What `kb build` does for the deck: collect, follow ids through the history, write_decks. Formula
    checks are left out: they are slow, and fixture cards cover them."""
    notes, cards, *_ = collect(notes_dir, cache)
    followed = follow_ids(load_history(out_dir / HISTORY_NAME), cards)
    problems: list[Diagnostic] = []
    write_decks(notes, list(followed.cards), out_dir, notes_dir, retired=followed.retired, diagnostics=problems)
    save_history(out_dir / HISTORY_NAME, followed.history)
    return list(followed.cards), problems


PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


def fixture_cards() -> list[Card]:
    return [
        Card("qa-en", "qa", "What is the output size of a convolution?",
             "Use $" + CONV + "$ where `cost $5` stays and <u>S</u> is the stride.\n\n"
             "```python\nx = '$y$'\n```\n\n![kernel](fig/kernel.png)",
             "en", ("kb::lang::en", "kb::topic::Conv Nets", "kb::kind::qa"), ("Lesson", "Convolution"),
             SourcePos("sub/lesson.md", 12), "Lesson"),
        Card("concept-ru", "concept", "Что такое дескриптор HOG?",
             "Гистограмма ориентированных градиентов, $a<b \\& c>d$.", "ru",
             ("kb::lang::ru", "kb::topic::Глобальные_дескрипторы"), ("Лекция", "Глобальные дескрипторы"),
             SourcePos("sub/ru.md", 30), "Лекция"),
        Card("cloze-zh", "cloze", "卷积大小\n\n$$O = {{c1::\\frac{W-F}{S}}}$$ 和 **{{c2::std::vector}}**",
             "sub/zh.md:40", "zh", ("kb::lang::zh", "kb::topic::卷积大小"), ("笔记", "卷积大小"),
             SourcePos("sub/zh.md", 40), "笔记"),
        Card("formula-verified", "formula", "Convolution output size?", f"$${CONV}$$", "en",
             ("kb::lang::en",), ("Lesson", "Convolution"), SourcePos("sub/lesson.md", 50), "Lesson",
             Check("verified", "conv_output_size", CONV, CONV, "", 200, 5, 5)),
        Card("formula-differs", "formula", "卷积输出大小?", "$$O=(W-F)/S$$", "zh",
             ("kb::lang::zh",), ("笔记", "卷积"), SourcePos("sub/zh.md", 60), "笔记",
             Check("note_differs", "conv_output_size", CONV, "O=(W-F)/S", "W=5, F=3, P=1, S=1: 5 != 2")),
        Card("formula-unchecked", "formula", "Attention?", "$$a=\\mathrm{softmax}(QK^T)V$$", "en",
             ("kb::lang::en",), ("Lesson", "Attention"), SourcePos("sub/lesson.md", 70), "Lesson",
             Check("not_checkable", detail="no registry entry")),
        Card("formula-restored", "formula", "Output size (restored)?", "$$O = ?$$", "en", ("kb::lang::en",),
             ("Lesson", "Convolution"), SourcePos("sub/lesson.md", 75), "Lesson",
             Check("restored", "conv_output_size", CONV, None, "restored from the registry")),
        Card("qa-images", "qa", "Which images?",
             "![in](fig/kernel.png) ![gone](fig/missing.png) ![abs](/etc/passwd.png) "
             "![up](../outside.png) ![link](fig/link.png) <img src=\"fig/kernel.png\" onerror=\"x()\">",
             "en", ("kb::lang::en",), ("Lesson",), SourcePos("sub/lesson.md", 80), "Lesson"),
    ]


@pytest.fixture()
def fixture_notes(tmp_path: Path) -> Path:
    notes = tmp_path / "notes"
    (notes / "sub" / "fig").mkdir(parents=True)
    (notes / "sub" / "lesson.md").write_text("# Lesson\n", encoding="utf-8")
    (notes / "sub" / "fig" / "kernel.png").write_bytes(PNG)
    (tmp_path / "outside.png").write_bytes(PNG + b"secret")
    (notes / "sub" / "fig" / "link.png").symlink_to(tmp_path / "outside.png")
    return notes


@pytest.fixture(scope="module")
def note_cache(tmp_path_factory) -> JsonCache:
    """Parsed notes, shared by every test here: only an edited note is parsed again."""
    return JsonCache(tmp_path_factory.mktemp("note-cache"))


@pytest.fixture(autouse=True)
def explicit_clock(monkeypatch):
    """Every deck here is built on an explicit clock (SOURCE_DATE_EPOCH), never the wall clock: Anki compares
    modification times in whole seconds, so steps that fall within one second would race. Tests that need
    time to pass set a later epoch themselves."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))


@pytest.fixture(scope="module")
def real_build(tmp_path_factory, note_cache):
    out = tmp_path_factory.mktemp("real")
    notes, cards, *_ = collect(NOTES, note_cache)
    write_cards_json(notes, cards, out, NOTES)
    problems: list[Diagnostic] = []
    with pytest.MonkeyPatch.context() as clock:
        clock.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        write_decks(notes, cards, out, NOTES, diagnostics=problems)
    col = Collection(str(out / "col.anki2"))
    log = import_package(col, out / PACKAGE_NAME)
    yield notes, load_cards_json(out / "cards.json"), problems, col, log
    col.close()


# ---------------------------------------------------------------- the real notes


def test_real_notes_import_with_every_card_of_cards_json(real_build):
    _, cards, problems, col, log = real_build
    assert not [p for p in problems if p.level == "error"]
    assert len(log.new) == len(cards) > 0
    assert col.note_count() == len(cards)
    assert col.card_count() == sum(cloze_count(card) for card in cards)
    guids = {note_by_guid(col, genanki.guid_for(card.id)).guid for card in cards}
    assert len(guids) == len(cards)


def test_real_notes_land_in_a_deck_per_note_title_under_kb(real_build):
    notes, cards, _, col, _ = real_build
    names = {entry.name for entry in col.decks.all_names_and_ids()}
    for note in notes:
        if any(card.source.file == note.file for card in cards):
            assert any(name.startswith(f"KB::{deck_part(note.title)}") for name in names)
    for card_id in col.find_cards(""):
        assert col.decks.name(col.get_card(card_id).did).startswith("KB::")


def test_real_notes_use_kb_note_types_fields_and_tags(real_build):
    _, cards, _, col, _ = real_build
    for card in cards:
        note = note_by_guid(col, genanki.guid_for(card.id))
        model = note.note_type()["name"]
        expected = {"cloze": "kb Cloze", "formula": "kb Formula"}.get(card.kind, "kb Q&A")
        assert model == expected
        assert set(note.tags) >= {t.replace(" ", "_") for t in card.tags}
        assert all(" " not in tag for tag in note.tags)
        assert note[note.keys()[0]].strip()  # the front or the cloze text is never empty


# ---------------------------------------------------------------- rendering of each kind


@pytest.fixture()
def fixture_col(tmp_path: Path, fixture_notes: Path):
    out = tmp_path / "out"
    problems: list[Diagnostic] = []
    paths = write_decks([], fixture_cards(), out, fixture_notes, diagnostics=problems)
    col = new_collection(tmp_path)
    log = import_package(col, paths[0])
    yield col, log, problems, out
    col.close()


def rendered(col: Collection, card_id: str, ordinal: int = 0) -> tuple[str, str]:
    note = note_by_guid(col, genanki.guid_for(card_id))
    card = next(c for c in note.cards() if c.ord == ordinal)
    return without_style(card.question()), without_style(card.answer())


def test_qa_card_renders_math_code_and_bundled_image(fixture_col):
    col, log, _, _ = fixture_col
    question, answer = rendered(col, "qa-en")
    assert "What is the output size" in question and "<hr" not in question
    assert r"\(O=\lfloor\frac{W-F+2P}{S}\rfloor+1\)" in answer
    assert "cost $5" in answer and "$y$" in answer and 'style="' in answer  # pygments inline styles
    (image,) = re.findall(r'<img src="([^"]+)"', answer)
    assert re.fullmatch(r"kb-[0-9a-f]{20}\.png", image)
    assert (Path(col.media.dir()) / image).read_bytes() == PNG
    assert "sub/lesson.md:12" in answer


def test_a_notes_folder_named_by_a_relative_path_still_bundles_the_images(tmp_path, fixture_notes, monkeypatch):
    """`kb build` reads `notes` (a relative path) by default: the image a card shows is bundled and the card
    kept, as with an absolute path (the image is found resolved, the folder was not)."""
    monkeypatch.chdir(fixture_notes.parent)
    problems: list[Diagnostic] = []
    paths = write_decks([], fixture_cards(), tmp_path / "out", Path(fixture_notes.name), diagnostics=problems)
    assert [p for p in problems if p.level == "error"] == []
    col = new_collection(tmp_path)
    import_package(col, paths[0])
    _, answer = rendered(col, "qa-en")
    (image,) = re.findall(r'<img src="([^"]+)"', answer)
    assert (Path(col.media.dir()) / image).read_bytes() == PNG
    col.close()


def test_russian_card_escapes_html_inside_math(fixture_col):
    col, *_ = fixture_col
    question, answer = rendered(col, "concept-ru")
    assert "Что такое дескриптор HOG?" in question
    assert r"\(a&lt;b \&amp; c&gt;d\)" in answer
    note = note_by_guid(col, genanki.guid_for("concept-ru"))
    assert "kb::topic::Глобальные_дескрипторы" in note.tags
    assert col.decks.name(note.cards()[0].did) == "KB::Лекция"


def test_chinese_cloze_hides_each_deletion_even_inside_math(fixture_col):
    col, *_ = fixture_col
    first_q, first_a = rendered(col, "cloze-zh", 0)
    second_q, second_a = rendered(col, "cloze-zh", 1)
    assert r"\[O = [...]\]" in first_q and "std" in first_q
    assert r"\frac{W-F}{S}" in first_a
    assert r"\frac{W-F}{S}" in second_q and "std" not in re.sub(r'data-cloze="[^"]*"', "", second_q)
    assert "vector" in second_a and "卷积大小" in second_q


def test_protect_cloze_keeps_braces_of_math_inside_the_deletion():
    field = protect_cloze(r"\(x = {{c1::\frac{a}{b}}}\) and \(\sqrt{\frac{1}{x}}\) {{c2::a::b}} {{c3::\sqrt{\sqrt{y}}}}")
    assert r"{{c3::\sqrt{\sqrt{y} } }}" in field
    assert r"{{c1::\frac{a}{b} }}" in field  # Anki ends a cloze at the first '}}', whatever the braces
    assert r"\sqrt{\frac{1}{x} }" in field
    assert "{{c2::a:\u200b:b}}" in field


def test_formula_card_shows_verified_formula_status_and_source(fixture_col):
    col, *_ = fixture_col
    _, answer = rendered(col, "formula-verified")
    assert "kb-status-verified" in answer and ">verified<" in answer
    assert r"\[" + CONV + r"\]" in answer
    assert "sub/lesson.md:50" in answer and "kb-warning" not in answer
    assert "kb::verify::verified" in note_by_guid(col, genanki.guid_for("formula-verified")).tags


def test_note_differs_card_shows_both_versions_side_by_side_with_a_warning(fixture_col):
    col, *_ = fixture_col
    _, answer = rendered(col, "formula-differs")
    assert "kb-warning" in answer and "笔记中的公式与验证过的公式不一致" in answer and "5 != 2" in answer
    compare = answer[answer.index('class="kb-compare"'):]
    assert compare.index(r"\[O=(W-F)/S\]") < compare.index(r"\[" + CONV + r"\]")
    assert "kb::verify::note_differs" in note_by_guid(col, genanki.guid_for("formula-differs")).tags


def test_not_checkable_formula_shows_the_note_formula_and_status(fixture_col):
    col, *_ = fixture_col
    _, answer = rendered(col, "formula-unchecked")
    assert "not checkable" in answer and r"\[a=\mathrm{softmax}(QK^T)V\]" in answer


def test_restored_formula_shows_the_registry_formula_and_where_it_came_from(fixture_col):
    col, *_ = fixture_col
    _, answer = rendered(col, "formula-restored")
    assert "kb-status-restored" in answer and r"\[" + CONV + r"\]" in answer
    assert "restored from the registry" in answer and "kb-warning" not in answer


def test_images_outside_the_notes_folder_are_never_bundled(fixture_col):
    col, _, problems, out = fixture_col
    _, answer = rendered(col, "qa-images")
    media = sorted(p.name for p in Path(col.media.dir()).iterdir())
    assert len(media) == 1  # the kernel image, once, for both cards and both references
    assert answer.count("<img") == 2 and "onerror" not in answer
    for caption in ("gone", "abs", "up", "link"):
        assert f"[🖼 {caption}]" in answer
    missing = [p for p in problems if "image not found" in p.message]
    assert {str(p.pos) for p in missing} == {"sub/lesson.md:80"} and len(missing) == 4


def test_kb_note_types_are_kb_own_with_night_mode_css(fixture_col):
    col, *_ = fixture_col
    used = {col.models.get(note_type_id)["name"] for note_type_id in
            {col.get_note(n).mid for n in col.find_notes("")}}
    assert used == KB_MODELS
    for name in KB_MODELS:
        css = col.models.by_name(name)["css"]
        assert ".nightMode" in css and ".night_mode" in css and "@media" in css


# ---------------------------------------------------------------- problems


def test_bad_cards_are_reported_with_file_and_line_and_the_rest_is_written(tmp_path, fixture_notes):
    bad = [
        # (an undefined command is the note's one warning, kb.macros.undefined, not the card's)
        Card("bad-tex", "qa", "Q?", r"$\frac{x}{y$", "en", (), ("T",), SourcePos("sub/lesson.md", 7), "T"),
        Card("bad-html", "qa", "Q2?", "<div>open <script>alert(1)</script>", "en", (), ("T",),
             SourcePos("sub/lesson.md", 9), "T"),
        Card("broken", "qa", None, "x", "en", (), ("T",), SourcePos("sub/lesson.md", 11), "T"),  # type: ignore[arg-type]
        Card("fine", "qa", "Fine?", "yes", "en", (), ("T",), SourcePos("sub/lesson.md", 13), "T"),
    ]
    problems: list[Diagnostic] = []
    (path,) = write_decks([], bad, tmp_path / "out", fixture_notes, diagnostics=problems)
    by_line: dict[int, str] = defaultdict(str)
    for problem in problems:
        by_line[problem.pos.line] += f"{problem.level}: {problem.message}\n"
    assert "unbalanced braces" in by_line[7]
    assert "<script> is not allowed" in by_line[9] and "<div> is never closed" in by_line[9]
    assert by_line[11].startswith("error:") and all(p.pos.file == "sub/lesson.md" for p in problems)
    assert 13 not in by_line
    col = new_collection(tmp_path)
    assert len(import_package(col, path).new) == 3
    col.close()


# ---------------------------------------------------------------- identity and re-import


def editable_lines(cards: list[Card], notes_dir: Path) -> Iterator[tuple[Card, Path, str]]:
    """A line of some card's back that appears once, verbatim, in its note and in no card's front."""
    fronts = "\n".join(card.front for card in cards)
    for card in cards:
        if card.kind not in ("qa", "concept"):
            continue
        source = notes_dir / card.source.file
        text = source.read_bytes()
        for line in card.back.splitlines():
            line = line.strip()
            if len(line) > 25 and text.count(line.encode("utf-8")) == 1 and line not in fronts:
                yield card, source, line


def edit_keeping_ids(cards: list[Card], notes_dir: Path, cache: JsonCache) -> Card:
    """Edit one answer line in notes_dir so that one card's back changes and no card id does."""
    before = {card.id for card in cards}
    for card, source, line in editable_lines(cards, notes_dir):
        original = source.read_bytes()
        source.write_bytes(original.replace(line.encode("utf-8"), (line + " EDITED").encode("utf-8")))
        _, after, *_ = collect(notes_dir, cache)
        changed = {c.id for c in after} == before and any(c.id == card.id and "EDITED" in c.back for c in after)
        if changed:
            return card
        source.write_bytes(original)
    pytest.skip("no answer line in the notes can be edited without changing a card id")


def schedule(col: Collection, card_id: int) -> tuple:
    card = col.get_card(card_id)
    return card.type, card.queue, card.ivl, card.due, card.reps, card.left, card.did


def review(col: Collection, guid: str) -> int:
    """Answer the note's first card 'Good' through the scheduler, as a user would."""
    note = note_by_guid(col, guid)
    card_id = note.card_ids()[0]
    col.sched.reposition_new_cards([card_id], starting_from=0, step_size=1, randomize=False, shift_existing=True)
    col.decks.select(col.get_card(card_id).did)
    card = col.sched.getCard()
    assert card is not None and card.id == card_id
    col.sched.answerCard(card, 3)
    assert col.get_card(card_id).reps == 1
    return card_id


def build_at(monkeypatch, epoch: int, notes_dir: Path, out_dir: Path, cache: JsonCache):
    """A build whose clock reads `epoch` (SOURCE_DATE_EPOCH), so no two steps of a test can race."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    return build_decks(notes_dir, out_dir, cache)


def edit_in_anki(col: Collection, guid: str, field: int, text: str, mod: int) -> None:
    """A user's edit of one field, stamped at `mod` (Anki would stamp the wall clock, in whole seconds)."""
    note = note_by_guid(col, guid)
    note.fields[field] = text
    col.update_note(note)
    col.db.execute("update notes set mod = ? where id = ?", mod, note.id)


def writable_copy_of_notes(tmp_path):
    """notes/ copied where a test may edit it (CI's shared/ copy has no write bits)."""
    notes_dir = tmp_path / "notes"
    shutil.copytree(NOTES, notes_dir)
    for path in notes_dir.iterdir():
        path.chmod(0o644)
    return notes_dir

def test_rebuild_after_an_edit_updates_one_note_and_keeps_review_history(tmp_path, monkeypatch, note_cache):
    notes_dir = writable_copy_of_notes(tmp_path)
    out = tmp_path / "out"
    cards, _ = build_at(monkeypatch, EPOCH, notes_dir, out, note_cache)
    col = new_collection(tmp_path)
    assert len(import_package(col, out / PACKAGE_NAME).new) == len(cards)

    edited = edit_keeping_ids(cards, notes_dir, note_cache)
    guid = genanki.guid_for(edited.id)
    reviewed = review(col, guid)
    before = schedule(col, reviewed)

    # the same second as the first build: the changed note must still come out newer
    cards_after, _ = build_at(monkeypatch, EPOCH, notes_dir, out, note_cache)
    old = set(cards)
    changed = {c.id for c in cards_after if c not in old}
    log = import_package(col, out / PACKAGE_NAME)
    assert len(log.new) == 0
    assert {note_by_guid(col, genanki.guid_for(cid)).id for cid in changed} == {n.id.nid for n in log.updated}
    assert "EDITED" in " ".join(note_by_guid(col, guid).fields)
    assert schedule(col, reviewed) == before

    log = import_package(col, out / PACKAGE_NAME)
    assert (len(log.new), len(log.updated)) == (0, 0)

    # an edit made in Anki after the last build survives a rebuild of unchanged notes
    note = note_by_guid(col, guid)
    edit_in_anki(col, guid, 1, note.fields[1] + " my own words", mod=note.mod + 1)
    build_at(monkeypatch, EPOCH + 100, notes_dir, out, note_cache)
    log = import_package(col, out / PACKAGE_NAME)
    assert (len(log.new), len(log.updated)) == (0, 0)
    assert "my own words" in note_by_guid(col, guid).fields[1]
    col.close()


@pytest.fixture()
def study_notes(tmp_path: Path) -> Path:
    """Two small notes of our own: a Q&A text and a Markdown note."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "optics.txt").write_text(OPTICS, encoding="utf-8")
    (notes / "waves.md").write_text(WAVES, encoding="utf-8")
    return notes


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_deleting_a_question_updates_no_other_note(tmp_path, monkeypatch, study_notes):
    out = tmp_path / "out"
    cache = JsonCache(tmp_path / "cache")
    cards, _ = build_at(monkeypatch, EPOCH, study_notes, out, cache)
    col = new_collection(tmp_path)
    assert len(import_package(col, out / PACKAGE_NAME).new) == len(cards) == 12
    gone = next(card for card in cards if card.front.startswith("What does the focal length"))
    rewrite(study_notes / "optics.txt", gone.front + "\n" + gone.back + "\n", "")
    after, _ = build_at(monkeypatch, EPOCH + 100, study_notes, out, cache)
    assert {c.source.line for c in after} != {c.source.line for c in cards if c != gone}  # the others moved up
    log = import_package(col, out / PACKAGE_NAME)
    assert len(log.new) == 0
    assert {n.id.nid for n in log.updated} <= {note_by_guid(col, genanki.guid_for(gone.id)).id}
    col.close()


def test_deleting_a_question_of_the_real_qa_note_updates_no_other_note(tmp_path, monkeypatch, note_cache):
    notes_dir = writable_copy_of_notes(tmp_path)
    out = tmp_path / "out"
    cards, _ = build_at(monkeypatch, EPOCH, notes_dir, out, note_cache)
    col = new_collection(tmp_path)
    import_package(col, out / PACKAGE_NAME)
    # the first Q&A card whose question and one-line answer stand on consecutive lines of its file
    gone, source, text = next((card, path, path.read_text(encoding="utf-8")) for card in cards if card.kind == "qa"
                              for path in [notes_dir / card.source.file]
                              if f"\n{card.front}\n{card.back}\n" in path.read_text(encoding="utf-8"))
    source.write_text(text.replace(f"\n{gone.front}\n{gone.back}\n", "\n", 1), encoding="utf-8")
    build_at(monkeypatch, EPOCH + 100, notes_dir, out, note_cache)
    log = import_package(col, out / PACKAGE_NAME)
    assert len(log.new) == 0
    assert {n.id.nid for n in log.updated} <= {note_by_guid(col, genanki.guid_for(gone.id)).id}
    col.close()


def reviewed_history(col: Collection, guid: str) -> tuple[int, int, int]:
    card = col.get_card(note_by_guid(col, guid).card_ids()[0])
    return card.reps, card.due, card.ivl


class Student:
    """Builds the notes on an explicit clock and imports each build into one collection."""

    def __init__(self, tmp_path: Path, monkeypatch, notes: Path):
        self.notes, self.out, self.monkeypatch = notes, tmp_path / "out", monkeypatch
        self.cache = JsonCache(tmp_path / "cache")
        self.col = new_collection(tmp_path)
        self.epoch = EPOCH

    def build_and_import(self):
        self.epoch += 100
        cards, _ = build_at(self.monkeypatch, self.epoch, self.notes, self.out, self.cache)
        return cards, import_package(self.col, self.out / PACKAGE_NAME)

    def note(self, card: Card):
        return note_by_guid(self.col, genanki.guid_for(card.id))


def test_reworded_renamed_and_moved_questions_keep_their_notes_and_review_history(tmp_path, monkeypatch,
                                                                                  study_notes):
    student = Student(tmp_path, monkeypatch, study_notes)
    cards, log = student.build_and_import()
    assert len(log.new) == len(cards) == 12
    focal = next(c for c in cards if c.front.startswith("What does the focal length"))
    concave = next(c for c in cards if c.front.startswith("Which mirror shape"))
    history = {}
    for card in (focal, concave):
        review(student.col, genanki.guid_for(card.id))
        history[card.id] = reviewed_history(student.col, genanki.guid_for(card.id))

    optics = study_notes / "optics.txt"
    steps = [  # (what the student does, the card it touches, the text its note shows afterwards)
        (lambda: rewrite(optics, "What does the focal length of a lens measure?",
                         "What does the focal length of a thin lens tell us?"), focal, "thin lens tell us"),
        (lambda: rewrite(optics, "Lecture 2 - Mirrors", "Lecture 2 - Curved and plane mirrors"), concave,
         "Curved and plane mirrors"),
        (lambda: move_lecture(optics, study_notes / "mirrors.txt", "Lecture 2 - Curved and plane mirrors"), concave,
         "mirrors.txt"),
    ]
    for edit, card, shown in steps:
        edit()
        after, log = student.build_and_import()
        assert len(log.new) == 0 and len(after) == 12
        assert student.note(card).id in {n.id.nid for n in log.updated}
        assert shown in " ".join(student.note(card).fields)
        assert reviewed_history(student.col, genanki.guid_for(card.id)) == history[card.id]
        assert RETIRED_TAG not in student.note(card).tags
    assert student.col.note_count() == 12
    student.col.close()


def move_lecture(source: Path, target: Path, heading: str) -> None:
    """Cut a lecture (its heading and everything up to the next lecture) into a new Q&A note."""
    lines = source.read_text(encoding="utf-8").split("\n")
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("Lecture ")), len(lines))
    target.write_text("\nMirror notes\n" + "\n".join(lines[start:end]) + "\n", encoding="utf-8")
    source.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")


def test_a_deleted_section_is_retired_in_anki_and_revived_when_it_comes_back(tmp_path, monkeypatch, study_notes):
    student = Student(tmp_path, monkeypatch, study_notes)
    cards, _ = student.build_and_import()
    mirrors = [c for c in cards if c.section[0] == "Lecture 2 - Mirrors"]
    assert len(mirrors) == 3
    review(student.col, genanki.guid_for(mirrors[0].id))
    history = reviewed_history(student.col, genanki.guid_for(mirrors[0].id))

    optics = study_notes / "optics.txt"
    original = optics.read_text(encoding="utf-8")
    lecture = original[original.index("Lecture 2 - Mirrors"):original.index("Lecture 3 - Prisms")]
    optics.write_text(original.replace(lecture, ""), encoding="utf-8")
    after, log = student.build_and_import()
    assert len(after) == 9 and len(log.new) == 0
    assert {n.id.nid for n in log.updated} == {student.note(c).id for c in mirrors}  # and no other note
    for card in mirrors:
        note = student.note(card)
        assert RETIRED_TAG in note.tags
        question = without_style(note.cards()[0].question())
        assert 'class="kb-retired"' in question and "Removed from your notes" in question and "optics.txt" in question
    assert student.col.find_notes(f"tag:{RETIRED_TAG}") and len(student.col.find_notes(f"tag:{RETIRED_TAG}")) == 3

    _, log = student.build_and_import()  # nothing changed: nothing to update
    assert (len(log.new), len(log.updated)) == (0, 0)

    optics.write_text(original, encoding="utf-8")
    again, log = student.build_and_import()
    assert sorted(c.id for c in again) == sorted(c.id for c in cards) and len(log.new) == 0
    assert {n.id.nid for n in log.updated} == {student.note(c).id for c in mirrors}
    for card in mirrors:
        note = student.note(card)
        assert RETIRED_TAG not in note.tags and 'class="kb-retired"' not in note.cards()[0].question()
    assert reviewed_history(student.col, genanki.guid_for(mirrors[0].id)) == history
    student.col.close()


def test_two_unrelated_questions_sharing_a_back_stay_two_notes_in_anki(tmp_path, monkeypatch, study_notes):
    student = Student(tmp_path, monkeypatch, study_notes)
    cards, _ = student.build_and_import()
    plane = next(c for c in cards if c.front == "Is a plane mirror image real?")
    assert plane.back == "No."
    review(student.col, genanki.guid_for(plane.id))
    rewrite(study_notes / "optics.txt", "Is a plane mirror image real?", "Is a shadow made of matter?")
    after, log = student.build_and_import()
    shadow = next(c for c in after if c.front == "Is a shadow made of matter?")
    assert shadow.id != plane.id and len(log.new) == 1
    assert RETIRED_TAG in student.note(plane).tags and student.note(plane).cards()[0].reps == 1
    assert student.note(shadow).cards()[0].reps == 0
    student.col.close()


def test_unchanged_content_keeps_its_mod_time_and_changed_content_gets_a_newer_one(tmp_path, monkeypatch, fixture_notes):
    cards = fixture_cards()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_decks([], cards, tmp_path / "out", fixture_notes)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000500")
    changed = cards[0].__class__(**{**cards[0].__dict__, "back": "a new answer"})
    write_decks([], [changed, *cards[1:]], tmp_path / "out", fixture_notes)
    col = new_collection(tmp_path)
    import_package(col, tmp_path / "out" / PACKAGE_NAME)
    mods = {card.id: note_by_guid(col, genanki.guid_for(card.id)).mod for card in cards}
    assert mods.pop(changed.id) == 1700000500
    assert set(mods.values()) == {1700000000}
    assert (tmp_path / "out" / STATE_NAME).is_file()
    col.close()


def test_source_date_epoch_builds_are_byte_identical(tmp_path, monkeypatch, fixture_notes):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = write_decks([], fixture_cards(), tmp_path / "a", fixture_notes)[0].read_bytes()
    again = write_decks([], fixture_cards(), tmp_path / "a", fixture_notes)[0].read_bytes()
    other = write_decks([], fixture_cards(), tmp_path / "b", fixture_notes)[0].read_bytes()
    assert first == again == other


def test_real_notes_rebuild_byte_identical_with_source_date_epoch(tmp_path, monkeypatch, note_cache):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build_decks(NOTES, tmp_path / "a", note_cache)
    build_decks(NOTES, tmp_path / "b", note_cache)
    assert (tmp_path / "a" / PACKAGE_NAME).read_bytes() == (tmp_path / "b" / PACKAGE_NAME).read_bytes()


# ---------------------------------------------------------------- deck tree


def test_long_notes_get_a_sub_deck_per_top_level_section():
    def card(i: int, section: str) -> Card:
        return Card(f"id{i}", "qa", f"Q{i}?", "A", "en", (), ("CNN Note", section), SourcePos("cnn.md", i), "CNN Note")

    long_note = [card(i, "Object Detection" if i % 2 else "Segmentation") for i in range(40)]
    short_note = [Card("s1", "qa", "Q?", "A", "en", (), ("Short", "Part"), SourcePos("short.md", 1), "Short")]
    names = deck_names([], long_note + short_note)
    assert Counter(names.values()) == {"KB::CNN Note::Object Detection": 20, "KB::CNN Note::Segmentation": 20,
                                       "KB::Short": 1}


def test_deck_names_cannot_add_levels_or_be_empty():
    assert deck_part("A::B  c\n") == "A: B c"
    assert deck_part("   ") == "untitled"


def test_double_closing_braces_in_ordinary_tex_are_not_reported_as_unbalanced():
    from kb.emit.anki import math_problems

    assert math_problems(r"\(L_{\mathrm{RepBox}}=\frac{a}{b}\)") == []
    assert math_problems(r"\(L = {{c1::\frac{a}{b} }}\)") == []
    assert math_problems(r"\(L = {\frac{a}{b}\)") != []

"""Anki decks (.apkg) with genanki.

One package, OUT/kb.apkg, holds the whole deck tree: a top deck "KB", a sub-deck per note named from
the note's title, and for long notes a sub-deck per top-level section ("KB::CNN Note::Object Detection").
One file means one import in Anki and a tree that always matches the notes; a card that cannot be
rendered is reported and left out, never the package.

Re-import safety:
- a note's GUID is derived from kb's stable card id, so Anki recognises the note on every rebuild;
- a note's modification time is the time its content last changed, kept in OUT/.kb-anki-state.json
  (card id -> [content hash, mod]); the hash leaves out the card's line number, so text moving up or
  down a note updates nothing in Anki. Anki updates an existing note only when the incoming mod is newer,
  so unchanged notes never overwrite edits made in Anki and changed notes always update.
- with SOURCE_DATE_EPOCH set, every timestamp (note and card ids, mods, zip entry dates) comes from it
  and the package is byte-identical across builds of the same notes.
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from stat import S_IFREG
from typing import Any

import genanki
import orjson
from isal import isal_zlib
from stream_zip import ZIP_32, stream_zip

from kb.atomic import write_bytes_atomic
from kb.cache import key_for
from kb.cards.ids import is_retired
from kb.emit.anki_collection import CollectionWriter, KeptCollection
from kb.emit.anki_models import cloze_model, formula_model, model_signature, qa_model
from kb.emit.html import MediaResolver, MediaRole, RenderReport, escape_unknown_tags, render_markdown, sanitize, tex_to_mathml
from kb.emit.media import MediaFinder
from kb.macros.undefined import undefined_macros
from kb.check.formula_gaps import lost_its_math
from kb.emit.gap_marks import gap_marker
from kb.emit.guess_marks import guess_marker
from kb.emit.memo import PieceStore, RenderMemo, media_under, render_salt
from kb.model import Card, Diagnostic, Note, SourcePos
from kb.parts import NotePart, as_parts, one_at_a_time

log = logging.getLogger(__name__)

PACKAGE_NAME = "kb.apkg"
STATE_NAME = ".kb-anki-state.json"
STATE_VERSION = 2
ROOT_DECK = "KB"
# A note gets one sub-deck per top-level section once it has this many cards (and two or more sections).
LONG_NOTE_CARDS = 30
_ZIP_EPOCH = datetime(1980, 1, 1)

_STATUS_LABELS = {
    "en": {"verified": "verified", "note_differs": "note differs", "restored": "restored",
           "not_checkable": "not checkable", "failed": "check failed", "skipped": "not checked",
           "unchecked": "not checked"},
    "zh": {"verified": "已验证", "note_differs": "笔记有误", "restored": "已恢复", "not_checkable": "无法验证",
           "failed": "验证失败", "skipped": "未验证", "unchecked": "未验证"},
    "ru": {"verified": "проверено", "note_differs": "в заметке иначе", "restored": "восстановлено",
           "not_checkable": "не проверяется", "failed": "проверка не прошла", "skipped": "не проверено",
           "unchecked": "не проверено"},
}
_RETIRED_LABEL = {
    "en": "⌫ Removed from your notes. It was in",
    "zh": "⌫ 已从笔记中删除。原来在",
    "ru": "⌫ Удалено из заметок. Было в",
}
_DIFFERS_WARNING = {
    "en": "⚠ The formula in your note differs from the verified formula.",
    "zh": "⚠ 笔记中的公式与验证过的公式不一致。",
    "ru": "⚠ Формула в заметке отличается от проверенной.",
}


# ---------------------------------------------------------------- entry point


def write_decks(notes: Sequence[Note], cards: Sequence[Card], out_dir: Path, notes_dir: Path, *,
                retired: Sequence[Card] = (), deck: str = ROOT_DECK,
                diagnostics: list[Diagnostic] | None = None) -> list[Path]:
    """Write OUT/kb.apkg and its state file; per-card problems go to `diagnostics` (and the log).

    `retired` cards (their source is gone) stay in the package, tagged and with a banner on their face,
    so that the next import marks them in the student's collection instead of leaving them as they were.
    Given a build's cards (a kb.parts.Cards, whose notes carry keys), each note's rendered rows are kept as
    a piece (see PieceStore) and an unchanged note's rows are reused, not rendered; the package's
    collection is kept too, and an unchanged note's rows are copied from it (kb.emit.anki_collection)."""
    try:
        return _write_package(notes, cards, out_dir, notes_dir, retired, deck, diagnostics, use_kept=True)
    except sqlite3.DatabaseError:  # a damaged kept collection: write the package as if there were none
        return _write_package(notes, cards, out_dir, notes_dir, retired, deck, diagnostics, use_kept=False)


def _write_package(notes: Sequence[Note], cards: Sequence[Card], out_dir: Path, notes_dir: Path,
                   retired: Sequence[Card], deck: str, diagnostics: list[Diagnostic] | None, use_kept: bool
                   ) -> list[Path]:
    problems: list[Diagnostic] = []
    now = build_time()
    state_path = out_dir / STATE_NAME
    state = load_state(state_path)
    parts = as_parts(notes, cards)
    rows = row_maker(parts, out_dir, notes_dir)
    models, media, memo, pieces = rows.models, rows.media, rows.memo, rows.pieces
    new_state: dict[str, Any] = {"format": "kb-anki-state", "version": STATE_VERSION, "models": {}, "notes": {}}
    for model in models.values():
        model.mod = _stamp(state["models"], str(model.model_id), _digest(model_signature(model)), now,
                           new_state["models"])
    titles = note_deck_titles([part for part in parts if part.ids])
    retired_decks = retired_deck_names(retired, deck)
    kept = KeptCollection(out_dir / ".kb-cache" / "anki" if pieces.enabled else None,
                          key_for(rows.salt, deck, os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
                                  *map(model_signature, models.values())), _file_digest(state_path))

    package_path = out_dir / PACKAGE_NAME
    with tempfile.TemporaryDirectory(prefix="kb-apkg-") as tmp:
        path = kept.new_file() if kept.folder is not None else Path(tmp) / "collection.anki2"
        deck_of = (lambda part, card_id, section: retired_decks[card_id] if part is None
                   else _deck_name(deck, titles[part.file], section))
        base, ranges = _fill_collection(path, rows.of(parts, retired, problems), models, deck_of, now, state,
                                        new_state, kept if kept.usable and use_kept else None, deck)
        memo.save()
        pieces.save()
        package = package_bytes(path, media)
        write_bytes_atomic(package_path, package)
        # orjson: json's encoder took 0.2 s of an edit's deck time on the 60,000 cards of a 500-note vault
        state_bytes = orjson.dumps(new_state, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)
        write_bytes_atomic(state_path, state_bytes)
        if kept.folder is not None:
            name = f"collection-{hashlib.sha256(package).hexdigest()[:16]}.anki2"
            kept.keep(path, name, base, ranges, hashlib.sha256(state_bytes).hexdigest())

    if diagnostics is not None:
        diagnostics.extend(problems)
    else:
        for problem in problems:
            log.warning("%s", problem)
    return [package_path]


def _fill_collection(path: Path, made: Iterable[tuple[NotePart | None, str, dict[str, Any], Callable[[], list[dict]]]],
                     models: dict[str, genanki.Model], deck_of: Callable[[NotePart | None, str, str], str], now: int,
                     state: dict[str, dict[str, list]], new_state: dict[str, Any], kept: KeptCollection | None,
                     root: str) -> tuple[int, dict[str, list[int]]]:
    """Write the collection at `path` from every note's rows (RowMaker.of), copying an unchanged note's
    rows from `kept` when it holds them; the ids' base and where each note's rows went (for the next
    build's KeptCollection)."""
    base = kept.base if kept is not None else now * 1000
    collection = CollectionWriter(path, base, kept.path if kept is not None else None)
    ranges: dict[str, list[int]] = {}
    old, new = state["notes"], new_state["notes"]
    for part, key, piece, load in made:
        brief = piece["rows"]  # [card id, kind, section deck, card count, signature] per row
        # a note's rows in another deck are not the same
        rows_key = key + deck_of(part, brief[0][0], brief[0][2]) if key and brief else ""
        start = collection.next_id
        place = kept.place(rows_key) if kept is not None and rows_key else None
        if place is not None and all(old.get(row[0], _NO_STATE)[0] == row[4] for row in brief):
            # unchanged content keeps its mod time (see _stamp), which the kept rows carry already
            new.update((row[0], old[row[0]]) for row in brief)
            # deck names per section, not per row: formatting 60,000 names was a tenth of an edit's deck time
            collection.copy(*place, [(models[kind], name) for kind, name in sorted(
                {(kind, deck_of(part, "", section)) for kind, section in {(row[1], row[2]) for row in brief}})])
        else:
            names = [deck_of(part, row[0], row[2]) for row in brief]
            for row, name in zip(load(), names):
                collection.add(row, models[row["kind"]], name, _stamp(old, row["id"], row["signature"], now, new))
        if rows_key:
            ranges[rows_key] = [start - base, collection.next_id - start]
    collection.finish(root, now)
    return base, ranges


_NO_STATE = ("",)  # a card the state file does not know: no digest matches


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def row_maker(parts: Sequence[NotePart], out_dir: Path, notes_dir: Path) -> RowMaker:
    """The RowMaker of a package of these parts in out_dir: it keeps each note's piece there when the parts
    carry keys (see write_decks)."""
    keeping = any(part.key for part in parts)
    models = {"qa": qa_model(), "cloze": cloze_model(), "formula": formula_model()}
    return RowMaker(models, MediaBundle(notes_dir), RenderMemo(out_dir / ".kb-cache" / "render" / "anki"),
                    PieceStore(out_dir / ".kb-cache" / "pieces" / "anki" if keeping else None), notes_dir)


class RowMaker:
    """Each note's Anki rows (what the package holds of its cards), rendered or kept from an earlier build.

    A row is JSON data: the card id, its note type, rendered fields, tags, the card ordinals Anki makes of
    it, the digest of what the student sees (for its mod time) and its section's sub-deck. A note's piece
    holds its rows (a file of their own), and in its summary the problems met rendering them, the figures
    they show and each row in brief (enough to copy it from a kept collection without reading it); its key
    covers the note's key, the rendering code and the images under the notes folder (a figure appearing
    changes what a card shows)."""

    def __init__(self, models: dict[str, genanki.Model], media: MediaBundle, memo: RenderMemo,
                 pieces: PieceStore, notes_dir: Path) -> None:
        self.models = models
        self.media = media
        self.memo = memo
        self.pieces = pieces
        self.salt = key_for("anki rows", render_salt(), *media_under(notes_dir)) if pieces.enabled else ""

    def of(self, parts: Sequence[NotePart], retired: Sequence[Card], problems: list[Diagnostic]
           ) -> Iterator[tuple[NotePart | None, str, dict[str, Any], Callable[[], list[dict]]]]:
        """(part, its piece's key, its piece's summary, its rows when asked for) per note, then the same
        with no part and no key per retired card (never kept: a retired card's note may be gone, and what
        it cannot render is no problem of the current notes)."""
        for part in one_at_a_time(parts):  # a note's rows made, its Note and cards are let go
            if not part.ids:
                continue
            key, piece, load = self.piece(part)
            self.media.take(piece["media"])
            problems.extend(Diagnostic.from_dict(d) for d in piece["problems"])
            yield part, key, piece, load
        notes = {part.file: part for part in parts}
        for card in retired:
            part = notes.get(card.source.file)  # the note is decoded when it still has a retired card
            made = self._render([card], part.note if part is not None else None)
            self.media.take(made["media"])
            problems.extend(Diagnostic.from_dict(d) for d in made["problems"])
            yield None, "", _summary(made), lambda made=made: made["rows"]

    def key(self, part: NotePart) -> str:
        """The name of the note's piece ('' when it is not to be kept)."""
        return key_for(self.salt, part.key) if self.salt and part.key else ""

    def to_make(self, part: NotePart) -> bool:
        """Whether the note has rows to keep and no piece kept yet (kb.emit.pieces makes those beforehand)."""
        key = self.key(part)
        return bool(part.ids and key and not self.pieces.has(key))

    def piece(self, part: NotePart) -> tuple[str, dict[str, Any], Callable[[], list[dict]]]:
        """The note's piece key, its summary and its rows when asked for: kept, or rendered now (and kept)."""
        key = self.key(part)
        piece = self.pieces.load(key) if key else None
        if piece is not None:
            self.memo.keep(part.file)
            return key, piece, lambda: orjson.loads(self.pieces.file(key, "rows").read_bytes())
        made = self._render(part.cards, part.note)
        self.memo.save_group(part.file)
        piece = _summary(made)
        if key:
            self.pieces.put(key, piece, {"rows": json.dumps(made["rows"], ensure_ascii=False).encode("utf-8")})
        return key, piece, lambda: made["rows"]

    def _render(self, cards: Sequence[Card], note: Note | None) -> dict[str, Any]:
        problems: list[Diagnostic] = []
        rows = []
        used = self.media.recording()
        marks_gaps = lost_its_math(note)   # once per note: whether its cards may show "formula missing"
        # once per note: looking the marker up hashes the note's whole source (a tenth of the deck's time per card)
        guesses = guess_marker(note.source if note else None)
        for card, section_deck in zip(cards, section_decks(note, cards)):
            card_problems = [] if is_retired(card) else problems
            try:
                rows.append({**anki_row(card, self.models, used, note, card_problems, self.memo, marks_gaps,
                                     guesses),
                             "deck": section_deck})
            except Exception as exc:  # one card must never cost the whole package
                problems.append(Diagnostic(card.source, f"Anki card {card.id} left out: {type(exc).__name__}: {exc}",
                                           "error"))
        return {"rows": rows, "problems": [d.to_dict() for d in problems], "media": sorted(used.taken.items())}


def _summary(made: dict[str, Any]) -> dict[str, Any]:
    """A piece's summary: its rows in brief, its problems and figures."""
    return {"rows": [[row["id"], row["kind"], row["deck"], len(row["ords"]), row["signature"]] for row in made["rows"]],
            "problems": made["problems"], "media": made["media"]}


def build_time() -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the wall clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else int(time.time())


# ---------------------------------------------------------------- deck tree


def deck_names(notes: Sequence[Note], cards: Sequence[Card], root: str = ROOT_DECK) -> dict[str, str]:
    """card id -> full deck name in the tree under `root` (kb.toml's `deck`)."""
    parts = [part for part in as_parts(notes, cards) if part.ids]
    titles = note_deck_titles(parts)
    return {card.id: _deck_name(root, titles[part.file], section_deck)
            for part in parts for card, section_deck in zip(part.cards, section_decks(part.note, part.cards))}


def _deck_name(root: str, title: str, section_deck: str) -> str:
    return f"{root}::{title}::{section_deck}" if section_deck else f"{root}::{title}"


def section_decks(note: Note | None, cards: Sequence[Card]) -> list[str]:
    """Per card, the sub-deck of its top-level section within its note's deck ('' when the note is not
    split into sections)."""
    if not _splits_into_sections(note, cards):
        return [""] * len(cards)
    return [deck_part(top) if (top := _top_section(card, note)) else "" for card in cards]


def retired_deck_names(retired: Sequence[Card], root: str = ROOT_DECK) -> dict[str, str]:
    """A retired card's deck in the package: its note's deck. An import never moves a card that is
    already in the collection to another deck (tested with the `anki` package), so a deck of their own
    would only hold them in a new collection; `tag:kb::retired` finds them everywhere."""
    return {card.id: f"{root}::{deck_part(card.note_title or Path(card.source.file).stem)}" for card in retired}


def note_deck_titles(parts: Sequence[NotePart]) -> dict[str, str]:
    """A deck title per note file; two notes with the same title are told apart by their file name."""
    titles = {part.file: deck_part(part.title or Path(part.file).stem) for part in parts}
    counts: dict[str, int] = defaultdict(int)
    for title in titles.values():
        counts[title] += 1
    return {file: title if counts[title] == 1 else deck_part(f"{title} ({Path(file).stem})")
            for file, title in titles.items()}


def deck_part(text: str) -> str:
    """One level of a deck name: no '::' (the separator), no control characters, not too long."""
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", text)
    text = re.sub(r"\s*:{2,}\s*", ": ", text)
    text = re.sub(r"\s+", " ", text).strip().strip('"')
    return text[:80].rstrip() or "untitled"


def _top_section(card: Card, note: Note | None) -> str:
    """The first heading under the note's own title, where the card lives."""
    path = list(card.section)
    title = note.title if note else card.note_title
    while path and path[0].strip() == title.strip():
        path.pop(0)
    return path[0] if path else ""


def _splits_into_sections(note: Note | None, cards: Sequence[Card]) -> bool:
    if len(cards) < LONG_NOTE_CARDS or (note is not None and note.kind == "qa"):
        return False
    return len({_top_section(card, note) for card in cards} - {""}) >= 2


# ---------------------------------------------------------------- notes and fields


def anki_row(card: Card, models: dict[str, genanki.Model], media: MediaUse, note: Note | None,
             problems: list[Diagnostic], memo: RenderMemo, marks_gaps: bool = True,
             guesses: Callable[[str], str] | None = None) -> dict[str, Any]:
    """The card as the package holds it (see RowMaker), rendered (`marks_gaps`: the note may have lost
    formulas, kb.check.formula_gaps.lost_its_math; `guesses`: the note's guess_marker, when the caller made it)."""
    guesses = guesses if guesses is not None else guess_marker(note.source if note else None)
    gaps = gap_marker(card.lang) if marks_gaps else str
    render = CardRenderer(card, media, problems, memo, lambda fragment: gaps(guesses(fragment)))
    section = retired_banner(card, note) + html.escape(" › ".join(card.section))
    source = html.escape(f"{card.note_title or (note.title if note else '')} · {card.source}".strip(" ·"))
    if card.kind == "cloze":
        fields = [protect_cloze(render(card.front)), render(card.back), section, source, card.lang]
    elif card.kind == "formula":
        fields = _formula_fields(card, render) + [section, source, card.lang]
    else:
        fields = [render(card.front), render(card.back), section, source, card.lang]
    kind = card.kind if card.kind in ("cloze", "formula") else "qa"
    note_type = models[kind]
    tags = anki_tags(card)
    ords = [anki_card.ord for anki_card in genanki.Note(model=note_type, fields=fields, tags=tags).cards]
    return {"id": card.id, "kind": kind, "guid": genanki.guid_for(card.id), "fields": fields, "tags": tags,
            "ords": ords, "signature": _digest(note_signature(note_type.model_id, fields, tags, card.source))}


def retired_banner(card: Card, note: Note | None) -> str:
    """For a card whose source is gone: a banner saying so and where it came from ('' for the others)."""
    if not is_retired(card):
        return ""
    label = _RETIRED_LABEL.get(card.lang, _RETIRED_LABEL["en"])
    origin = " · ".join(part for part in (card.note_title or (note.title if note else ""), card.source.file) if part)
    path = card.section[1:] if card.section[:1] == (card.note_title,) else card.section
    where = " › ".join([origin, *path])
    return f'<div class="kb-retired">{html.escape(label)} {html.escape(where)}</div>'


def _formula_fields(card: Card, render: CardRenderer) -> list[str]:
    """Front, Formula, NoteFormula, Status, StatusLabel, Detail, Back."""
    check = card.check
    status = check.status if check else "unchecked"
    labels = _STATUS_LABELS.get(card.lang, _STATUS_LABELS["en"])
    verified = check.verified_latex if check and status in ("verified", "note_differs", "restored") else None
    formula = render(f"$${verified}$$") if verified else render(card.back)
    note_formula = ""
    detail = html.escape(check.detail) if check and check.detail else ""
    if status == "note_differs":
        note_formula = render(f"$${check.note_latex}$$") if check.note_latex else render(card.back)
        warning = html.escape(_DIFFERS_WARNING.get(card.lang, _DIFFERS_WARNING["en"]))
        detail = f"{warning}<br>{detail}" if detail else warning
    back = render(card.back) if verified and status != "note_differs" else ""
    return [render(card.front), formula, note_formula, status, html.escape(labels[status]), detail, back]


def note_signature(model_id: int, fields: Sequence[str], tags: Sequence[str], where: SourcePos) -> str:
    """What the student sees of a note, less the line its card sits on: text moved up or down its file
    changes only that line number (in the Source field and in some backs), and that must not make Anki
    update (and sync) the note. The package still carries the current line; Anki takes it with the
    card's next real change."""
    place = _place_pattern(where.file)
    number = str(where.line)
    fields = [place.sub(lambda m: m.group(1) if m.group(2) == number else m.group(0), field) for field in fields]
    return json.dumps([model_id, fields, sorted(tags)], ensure_ascii=False)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=None)
def _place_pattern(file: str) -> re.Pattern[str]:
    """`file:line` as a card's fields show it; one pattern per note file (compiling one per card was 40% of
    the deck's time at 10x)."""
    return re.compile("(" + re.escape(html.escape(file)) + r":)(\d+)")


def anki_tags(card: Card) -> list[str]:
    """Hierarchical kb:: tags without spaces (Anki splits tags on whitespace); CJK stays as it is."""
    tags = [re.sub(r"\s+", "_", tag.strip()) for tag in card.tags]
    if card.kind == "formula":
        tags.append(f"kb::verify::{card.check.status if card.check else 'unchecked'}")
    return sorted({tag for tag in tags if tag})


# ---------------------------------------------------------------- rendering and checks


class CardRenderer:
    """Markdown -> field HTML for one card, reporting problems at the card's file and line."""

    def __init__(self, card: Card, media: MediaBundle, problems: list[Diagnostic], memo: RenderMemo,
                 mark: Callable[[str], str] = str):
        self.card = card
        self.mark = mark   # guessed characters and lost formulas, marked after rendering (kb.emit.*_marks)
        self.media = media
        self.problems = problems
        self.memo = memo
        self._reported: set[str] = set()

    def __call__(self, markdown: str) -> str:
        note_file = self.card.source.file
        out, missing, problems = self.memo.get(note_file, markdown, lambda resolve: _render(markdown, resolve),
                                               lambda src, role: self.media.add(note_file, src, role))
        for src in missing:
            self._warn(f"image not found: {src}", per_card=False)
        for problem in problems:
            self._warn(problem)
        return self.mark(out)

    def _warn(self, message: str, per_card: bool = True) -> None:
        """Report once. Problems of the note's text itself (a missing figure) are not tied to one card,
        so every output that meets them words them the same and the build reports them once."""
        if message not in self._reported:
            self._reported.add(message)
            text = f"Anki card {self.card.id}: {message}" if per_card else message
            self.problems.append(Diagnostic(self.card.source, text))


def _render(markdown: str, resolve: MediaResolver | None) -> list:
    """[field HTML, missing images, problems]: JSON data, so RenderMemo can keep it between builds."""
    report = RenderReport()
    out = render_markdown(markdown, math="anki", resolve_media=resolve, report=report)
    return [out, report.missing_images, math_problems(out) + html_problems(markdown)]


_MATH = re.compile(r"\\\((.*?)\\\)|\\\[(.*?)\\\]", re.S)
_CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S | re.I)


def math_problems(field_html: str) -> list[str]:
    """Formulas MathJax is likely to show as red error text: unknown commands, unbalanced braces."""
    problems = []
    for match in _MATH.finditer(_CODE.sub("", field_html)):
        latex = html.unescape(match.group(1) if match.group(1) is not None else match.group(2))
        # Cloze markers are Anki's, not TeX; a deletion ends at its first `}}` (the writer broke any
        # other `}}` inside it), while `}}` outside a deletion is ordinary TeX and stays.
        latex = re.sub(r"\{\{c\d+::(.*?)\}\}", r"\1", latex, flags=re.S)
        error = _tex_error(latex)
        if error:
            problems.append(f"formula {latex[:60]!r}: {error}")
    return problems


# Commands MathJax renders that latex2mathml does not know; checked as a neutral stand-in.


@lru_cache(maxsize=4096)
def _tex_error(latex: str) -> str:
    """An unknown command or unbalanced braces, or '' (cached: cards repeat their note's formulas).

    Other latex2mathml failures are its own limits (MathJax in Anki renders those), so they pass, and so do
    macros nobody defines: the note's one warning names them all (kb.macros.undefined).
    """
    unescaped = re.sub(r"\\.", "", latex, flags=re.S)
    if unescaped.count("{") != unescaped.count("}"):
        return "unbalanced braces"
    try:
        tex_to_mathml(latex, display=True)
    except ValueError as exc:
        if "unknown LaTeX command" in str(exc) and not undefined_macros(latex):
            return str(exc)
    except Exception:  # noqa: BLE001 - see the docstring
        return ""
    return ""


_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _TagBalance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        rebuilt = "<" + tag + "".join(f' {k}="{html.escape(v or "")}"' for k, v in attrs) + ">"
        kept = sanitize(rebuilt + ("" if tag in _VOID else f"x</{tag}>"))
        if f"<{tag}" not in kept:
            self.problems.append(f"HTML <{tag}> is not allowed and was removed")
        else:
            for name, _ in attrs:
                if f" {name}=" not in kept:
                    self.problems.append(f"HTML attribute {name!r} on <{tag}> is not allowed and was removed")
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if tag in self.stack:
            while self.stack[-1] != tag:
                self.problems.append(f"HTML <{self.stack.pop()}> is never closed")
            self.stack.pop()
        else:
            self.problems.append(f"HTML </{tag}> closes a tag that was never opened")


def html_problems(markdown: str) -> list[str]:
    """Raw HTML in the card's Markdown that is unbalanced or that the sanitizer had to remove."""
    if "<" not in markdown:
        return []
    fragments = [escape_unknown_tags(token.content) for token in _walk(_html_finder().parse(markdown))
                 if token.type in ("html_inline", "html_block")]
    if not fragments:
        return []
    parser = _TagBalance()
    parser.feed("".join(fragments))
    parser.close()
    return parser.problems + [f"HTML <{tag}> is never closed" for tag in parser.stack]


@lru_cache(maxsize=1)
def _html_finder():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True})


def _walk(tokens) -> Iterable:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


_CLOZE_OPEN = re.compile(r"\{\{c\d+::")


def protect_cloze(field_html: str) -> str:
    """Make sure only the cloze's own '}}' can end it.

    Anki ends a cloze at the first '}}' it meets, whatever the braces inside, so no '}}' may appear
    inside a deletion: `\\frac{a}{b}}}` is written `\\frac{a}{b} }}`, which TeX reads the same. Braces are
    counted to find the '}}' that closes the cloze (the one at brace depth zero). '::' inside a deletion
    is broken with a zero-width space so Anki does not take the rest for a hint.
    """
    out: list[str] = []
    i, n = 0, len(field_html)
    depths: list[int] = []  # one brace depth per open cloze

    def close_brace(text: str) -> None:
        out.append(" " + text if out and out[-1].endswith("}") else text)

    while i < n:
        opener = _CLOZE_OPEN.match(field_html, i)
        if opener:
            depths.append(0)
            out.append(opener.group(0))
            i = opener.end()
        elif not depths:
            if field_html[i] == "}":
                close_brace("}")
            else:
                out.append(field_html[i])
            i += 1
        elif field_html[i] == "\\" and i + 1 < n:
            out.append(field_html[i:i + 2])
            i += 2
        elif field_html.startswith("}}", i) and depths[-1] == 0:
            depths.pop()
            close_brace("}}")
            i += 2
        elif field_html.startswith("::", i):
            out.append(":\u200b:")
            i += 2
        else:
            char = field_html[i]
            if char == "{":
                depths[-1] += 1
                out.append(char)
            elif char == "}":
                depths[-1] -= 1
                close_brace(char)
            else:
                out.append(char)
            i += 1
    return "".join(out)


# ---------------------------------------------------------------- media


@dataclass
class MediaBundle:
    """Images the cards show and attachments they link to, read only from inside notes_dir, stored under
    content-hashed names."""
    notes_dir: Path
    files: dict[str, Path] = field(default_factory=dict)  # media name -> the image under notes_dir

    def __post_init__(self):
        self._finder = MediaFinder(self.notes_dir)
        self._names: dict[tuple[Path, MediaRole], str | None] = {}

    def add(self, note_file: str, src: str, role: MediaRole) -> str | None:
        """The media name for `src` in note `note_file`, or None when it must not be shown or linked."""
        target = self._finder.locate(note_file, src)
        if target is None:
            return None
        if (target, role) not in self._names:
            found = self._finder.media(note_file, src, role)
            self._names[target, role] = self._store(*found) if found else None
        return self._names[target, role]

    def recording(self) -> MediaUse:
        """An `add` that also records what it added (the files a note's rows use, kept with them)."""
        return MediaUse(self)

    def take(self, taken: Iterable[Sequence[str]]) -> None:
        """Bundle files a kept note's rows use: [media name, path under notes_dir] pairs."""
        self.files.update((name, self.notes_dir / rel) for name, rel in taken)

    def _store(self, path: Path, data: bytes) -> str:
        suffix = path.suffix.lower()
        name = f"kb-{hashlib.sha256(data).hexdigest()[:20]}{'.jpg' if suffix == '.jpeg' else suffix}"
        self.files[name] = path
        return name


@dataclass
class MediaUse:
    bundle: MediaBundle
    taken: dict[str, str] = field(default_factory=dict)  # media name -> path under notes_dir

    def add(self, note_file: str, src: str, role: MediaRole) -> str | None:
        name = self.bundle.add(note_file, src, role)
        if name is not None:
            # the finder gives the file resolved: relative to the resolved folder (`--notes notes` is relative)
            self.taken[name] = self.bundle.files[name].relative_to(self.bundle.notes_dir.resolve()).as_posix()
        return name


# ---------------------------------------------------------------- state (content hash -> mod time)


def load_state(path: Path) -> dict[str, dict[str, list]]:
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, ValueError):
        return {"models": {}, "notes": {}}
    return {key: data.get(key, {}) if isinstance(data.get(key), dict) else {} for key in ("models", "notes")}


def _stamp(old: dict[str, list], key: str, digest: str, now: int, new: dict[str, list]) -> int:
    """The mod time for `key`: unchanged content (its digest) keeps its old time, changed content gets a
    newer one."""
    previous = old.get(key)
    if isinstance(previous, list) and len(previous) == 2 and previous[0] == digest:
        mod = int(previous[1])
    elif isinstance(previous, list) and len(previous) == 2:
        mod = max(now, int(previous[1]) + 1)  # strictly newer, or Anki would skip the update
    else:
        mod = now
    new[key] = [digest, mod]
    return mod


# ---------------------------------------------------------------- package


def package_bytes(collection: Path, media: MediaBundle) -> bytes:
    """The .apkg as bytes: the collection and the images, zipped with fixed entry dates and a fixed order.

    Deflated by ISA-L (isal) at its level 1, through stream-zip, which takes any compressor: at 100 copies
    of notes/ the collection is ~80 MB, and zlib's fastest level took 0.44 s of CPU of an edit's rebuild
    (the Anki package is that rebuild's slowest output) where ISA-L takes 0.11 s for a package of the same
    size. The collection is read in pieces, never held whole."""
    names = sorted(media.files)
    index = json.dumps({str(i): name for i, name in enumerate(names)}).encode()
    members = [("collection.anki2", _file_chunks(collection)),
               *((str(i), (media.files[name].read_bytes(),)) for i, name in enumerate(names)),
               ("media", (index,))]
    return b"".join(stream_zip(((name, _ZIP_EPOCH, S_IFREG | 0o644, ZIP_32, chunks) for name, chunks in members),
                               chunk_size=_ZIP_CHUNK, get_compressobj=_isal_deflate, extended_timestamps=False))


_ZIP_CHUNK = 1 << 20


def _isal_deflate():
    return isal_zlib.compressobj(1, isal_zlib.DEFLATED, -isal_zlib.MAX_WBITS)  # raw deflate, as zip stores it


def _file_chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(_ZIP_CHUNK), b"")

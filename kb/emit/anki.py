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
import io
import json
import logging
import os
import re
import sqlite3
import tempfile
import time
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import genanki

from kb.atomic import write_bytes_atomic, write_text_atomic
from kb.cards.ids import is_retired
from kb.emit.anki_models import cloze_model, formula_model, model_signature, qa_model
from kb.emit.html import ImageResolver, RenderReport, escape_unknown_tags, render_markdown, sanitize, tex_to_mathml
from kb.emit.media import MediaFinder, looks_like_image
from kb.emit.guess_marks import guess_marker
from kb.emit.memo import RenderMemo
from kb.model import Card, Diagnostic, Note, SourcePos

log = logging.getLogger(__name__)

PACKAGE_NAME = "kb.apkg"
STATE_NAME = ".kb-anki-state.json"
STATE_VERSION = 2
ROOT_DECK = "KB"
# A note gets one sub-deck per top-level section once it has this many cards (and two or more sections).
LONG_NOTE_CARDS = 30
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)

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
    so that the next import marks them in the student's collection instead of leaving them as they were."""
    problems: list[Diagnostic] = []
    now = build_time()
    state = load_state(out_dir / STATE_NAME)
    media = MediaBundle(notes_dir)
    notes_by_file = {note.file: note for note in notes}
    decks = {**retired_deck_names(retired, deck), **deck_names(notes, cards, deck)}
    memo = RenderMemo(out_dir / ".kb-cache" / "render" / "anki")

    models = {"qa": qa_model(), "cloze": cloze_model(), "formula": formula_model()}
    new_state: dict[str, Any] = {"format": "kb-anki-state", "version": STATE_VERSION, "models": {}, "notes": {}}
    for model in models.values():
        model.mod = _stamp(state["models"], str(model.model_id), model_signature(model), now, new_state["models"])

    anki_decks: dict[str, genanki.Deck] = {deck: genanki.Deck(deck_id(deck), deck)}
    for card in [*cards, *retired]:
        # a retired card's note or figures may be gone: that is no problem of the current notes
        card_problems = problems if not is_retired(card) else []
        try:
            note = anki_note(card, models, media, notes_by_file.get(card.source.file), card_problems, memo)
        except Exception as exc:  # one card must never cost the whole package
            problems.append(Diagnostic(card.source, f"Anki card {card.id} left out: {type(exc).__name__}: {exc}", "error"))
            continue
        note.mod = _stamp(state["notes"], card.id, note_signature(note, card.source), now, new_state["notes"])
        name = decks[card.id]
        if name not in anki_decks:
            anki_decks[name] = genanki.Deck(deck_id(name), name)
        anki_decks[name].add_note(note)

    memo.save()
    package_path = out_dir / PACKAGE_NAME
    write_bytes_atomic(package_path, package_bytes([anki_decks[n] for n in sorted(anki_decks)], media, now))
    write_text_atomic(out_dir / STATE_NAME, json.dumps(new_state, ensure_ascii=False, sort_keys=True, indent=0) + "\n")

    if diagnostics is not None:
        diagnostics.extend(problems)
    else:
        for problem in problems:
            log.warning("%s", problem)
    return [package_path]


def build_time() -> int:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the wall clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(epoch) if epoch.isdigit() else int(time.time())


# ---------------------------------------------------------------- deck tree


def deck_names(notes: Sequence[Note], cards: Sequence[Card], root: str = ROOT_DECK) -> dict[str, str]:
    """card id -> full deck name in the tree under `root` (kb.toml's `deck`)."""
    notes_by_file = {note.file: note for note in notes}
    by_file: dict[str, list[Card]] = defaultdict(list)
    for card in cards:
        by_file[card.source.file].append(card)
    titles = _note_deck_titles(by_file, notes_by_file)
    names: dict[str, str] = {}
    for file, file_cards in by_file.items():
        note = notes_by_file.get(file)
        base = f"{root}::{titles[file]}"
        split = _splits_into_sections(note, file_cards, titles[file])
        for card in file_cards:
            top = _top_section(card, note) if split else ""
            names[card.id] = f"{base}::{deck_part(top)}" if top else base
    return names


def retired_deck_names(retired: Sequence[Card], root: str = ROOT_DECK) -> dict[str, str]:
    """A retired card's deck in the package: its note's deck. An import never moves a card that is
    already in the collection to another deck (tested with the `anki` package), so a deck of their own
    would only hold them in a new collection; `tag:kb::retired` finds them everywhere."""
    return {card.id: f"{root}::{deck_part(card.note_title or Path(card.source.file).stem)}" for card in retired}


def _note_deck_titles(by_file: dict[str, list[Card]], notes_by_file: dict[str, Note]) -> dict[str, str]:
    """A deck title per note file; two notes with the same title are told apart by their file name."""
    titles = {}
    for file, file_cards in by_file.items():
        note = notes_by_file.get(file)
        title = (note.title if note else "") or file_cards[0].note_title or Path(file).stem
        titles[file] = deck_part(title)
    counts = defaultdict(int)
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


def _splits_into_sections(note: Note | None, cards: Sequence[Card], title: str) -> bool:
    if len(cards) < LONG_NOTE_CARDS or (note is not None and note.kind == "qa"):
        return False
    return len({_top_section(card, note) for card in cards} - {""}) >= 2


def deck_id(name: str) -> int:
    """A stable deck id from the deck's name (Anki matches decks by name, the id only has to be fixed)."""
    return (1 << 31) + int.from_bytes(hashlib.sha256(f"kb-deck:{name}".encode()).digest()[:6], "big")


# ---------------------------------------------------------------- notes and fields


class KbNote(genanki.Note):
    """A genanki Note whose modification time is its own (when its content last changed)."""

    mod: int = 0

    def write_to_db(self, cursor, timestamp: float, deck_id, id_gen):
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


def anki_note(card: Card, models: dict[str, genanki.Model], media: MediaBundle, note: Note | None,
              problems: list[Diagnostic], memo: RenderMemo) -> KbNote:
    render = CardRenderer(card, media, problems, memo, guess_marker(note.source if note else None))
    section = retired_banner(card, note) + html.escape(" › ".join(card.section))
    source = html.escape(f"{card.note_title or (note.title if note else '')} · {card.source}".strip(" ·"))
    if card.kind == "cloze":
        fields = [protect_cloze(render(card.front)), render(card.back), section, source, card.lang]
    elif card.kind == "formula":
        fields = _formula_fields(card, render) + [section, source, card.lang]
    else:
        fields = [render(card.front), render(card.back), section, source, card.lang]
    model = models[card.kind if card.kind in ("cloze", "formula") else "qa"]
    return KbNote(model=model, fields=fields, tags=anki_tags(card), guid=genanki.guid_for(card.id))


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


def note_signature(note: genanki.Note, where: SourcePos) -> str:
    """What the student sees of a note, less the line its card sits on: text moved up or down its file
    changes only that line number (in the Source field and in some backs), and that must not make Anki
    update (and sync) the note. The package still carries the current line; Anki takes it with the
    card's next real change."""
    place = _place_pattern(where.file)
    number = str(where.line)
    fields = [place.sub(lambda m: m.group(1) if m.group(2) == number else m.group(0), field) for field in note.fields]
    return json.dumps([note.model.model_id, fields, sorted(note.tags)], ensure_ascii=False)


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
        self.mark = mark   # the note's guessed characters, marked after rendering (kb.emit.guess_marks)
        self.media = media
        self.problems = problems
        self.memo = memo
        self._reported: set[str] = set()

    def __call__(self, markdown: str) -> str:
        note_file = self.card.source.file
        out, missing, problems = self.memo.get(note_file, markdown, lambda resolve: _render(markdown, resolve),
                                               lambda src, alt: self.media.add(note_file, src))
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


def _render(markdown: str, resolve: ImageResolver | None) -> list:
    """[field HTML, missing images, problems]: JSON data, so RenderMemo can keep it between builds."""
    report = RenderReport()
    out = render_markdown(markdown, math="anki", resolve_image=resolve, report=report)
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

    Other latex2mathml failures are its own limits (MathJax in Anki renders those), so they pass.
    """
    unescaped = re.sub(r"\\.", "", latex, flags=re.S)
    if unescaped.count("{") != unescaped.count("}"):
        return "unbalanced braces"
    try:
        tex_to_mathml(latex, display=True)
    except ValueError as exc:
        if "unknown LaTeX command" in str(exc):
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
    """Images the cards use, read only from inside notes_dir, stored under content-hashed names."""
    notes_dir: Path
    files: dict[str, bytes] = field(default_factory=dict)  # media name -> bytes

    def __post_init__(self):
        self._finder = MediaFinder(self.notes_dir)
        self._names: dict[Path, str | None] = {}

    def add(self, note_file: str, src: str) -> str | None:
        """The media name for `src` in note `note_file`, or None when it must not be shown."""
        target = self._finder.locate(note_file, src)
        if target is None:
            return None
        if target not in self._names:
            self._names[target] = self._load(target)
        return self._names[target]

    def _load(self, path: Path) -> str | None:
        suffix = path.suffix.lower()
        data = path.read_bytes()
        if not looks_like_image(data, suffix):
            return None
        name = f"kb-{hashlib.sha256(data).hexdigest()[:20]}{'.jpg' if suffix == '.jpeg' else suffix}"
        self.files[name] = data
        return name


# ---------------------------------------------------------------- state (content hash -> mod time)


def load_state(path: Path) -> dict[str, dict[str, list]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"models": {}, "notes": {}}
    return {key: data.get(key, {}) if isinstance(data.get(key), dict) else {} for key in ("models", "notes")}


def _stamp(old: dict[str, list], key: str, content: str, now: int, new: dict[str, list]) -> int:
    """The mod time for `key`: unchanged content keeps its old time, changed content gets a newer one."""
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
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


def package_bytes(decks: Sequence[genanki.Deck], media: MediaBundle, timestamp: int) -> bytes:
    """The .apkg as bytes: genanki's collection, zipped with fixed entry dates and a fixed order."""
    with tempfile.TemporaryDirectory(prefix="kb-apkg-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        conn = sqlite3.connect(db_path)
        try:
            write_collection(conn.cursor(), decks, timestamp)
            conn.commit()
        finally:
            conn.close()
        collection = db_path.read_bytes()

    names = sorted(media.files)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        _zip_add(archive, "collection.anki2", collection)
        for index, name in enumerate(names):
            _zip_add(archive, str(index), media.files[name])
        _zip_add(archive, "media", json.dumps({str(i): name for i, name in enumerate(names)}).encode())
    return buffer.getvalue()


def write_collection(cursor: sqlite3.Cursor, decks: Sequence[genanki.Deck], timestamp: int) -> None:
    """What genanki.Package.write_to_db writes, with the decks' and note types' JSON written once.

    genanki's Deck.write_to_db re-reads and re-dumps the whole decks and models JSON for every deck, which
    is quadratic in the number of decks: a corpus with thousands of sections spent most of its Anki time
    there."""
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    cursor.executescript(APKG_SCHEMA)
    cursor.executescript(APKG_COL)
    deck_json = json.loads(cursor.execute("SELECT decks FROM col").fetchone()[0])
    model_json = json.loads(cursor.execute("SELECT models FROM col").fetchone()[0])
    for deck in decks:
        deck_json[str(deck.deck_id)] = deck.to_json()
        for model in {id(note.model): note.model for note in deck.notes}.values():
            model_json[str(model.model_id)] = model.to_json(timestamp, deck.deck_id)  # as genanki: last deck wins
    cursor.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(deck_json), json.dumps(model_json)))
    id_gen = _ids(timestamp)
    for deck in decks:
        for note in deck.notes:
            note.write_to_db(cursor, timestamp, deck.deck_id, id_gen)


def _ids(timestamp: int):
    import itertools

    return itertools.count(timestamp * 1000)


def _zip_add(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)

"""The static HTML site: index, a page per note, rendered sources, formulas, search and study.

The site is a folder of flat pages (all at one depth, so card HTML with relative media links works on
every page) that opens from file:// with no network: scripts and the card data are plain .js files
(fetch() fails on file://), math is MathML rendered here, and a strict Content-Security-Policy keeps
anything that slips past the sanitizer from loading or running. Output is byte-identical for the same
input: no timestamps, every collection in a fixed order.
"""
from __future__ import annotations

import bisect
import hashlib
import inspect
import json
import logging
import os
import re
import shutil
import textwrap
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from kb.atomic import make_temp_dir, replace_dir_atomic
from kb.emit.html import MediaResolver, MediaRole, RenderReport, render_markdown
from kb.cache import key_for
from kb.emit.media import MediaFinder
from kb.check.formula_gaps import lost_its_math
from kb.emit.gap_marks import gap_marker
from kb.emit.guess_marks import guess_marker
from kb.emit.memo import PieceStore, RenderMemo, media_under, render_salt
from kb.model import Card, Diagnostic, Note, SourcePos
from kb.parts import NotePart, as_parts, one_at_a_time

log = logging.getLogger(__name__)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'none'; media-src 'none'; object-src 'none'; "
       "frame-src 'none'; base-uri 'none'; form-action 'self'")
STATUSES = ("verified", "note_differs", "restored", "not_checkable", "failed", "skipped", "unchecked")
STATUS_LABELS = {"verified": "verified", "note_differs": "note differs", "restored": "restored",
                 "not_checkable": "not checkable", "failed": "failed", "skipped": "skipped",
                 "unchecked": "unchecked"}
KINDS = ("qa", "concept", "formula", "cloze")
_CLOZE = re.compile(r"\{\{c\d+::(.*?)(?:::(.*?))?\}\}", re.S)
_MATH_SPAN = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$", re.S)


@dataclass
class SiteReport:
    """What the build could not render faithfully: formulas shown as TeX, images shown as captions."""
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, pos: SourcePos, render: RenderReport) -> None:
        self.diagnostics.extend(Diagnostic(pos, message) for message in render.math_errors)
        self.diagnostics.extend(Diagnostic(pos, f"image not found: {src}") for src in render.missing_images)

    @property
    def problems(self) -> list[str]:
        return [str(d) for d in self.diagnostics]


@dataclass(frozen=True)
class PageLink:
    note: str       # page of the note
    source: str     # page of its source text


# ---- public entry points ----------------------------------------------------------------------------

def write_site(notes: Sequence[Note], cards: Sequence[Card], out_dir: Path, notes_dir: Path, *,
               formulas: Sequence[Any] | None = None, checks: Sequence[Any] | None = None,
               retired: Sequence[Card] = (), diagnostics: list[Diagnostic] | None = None) -> list[Path]:
    """Build the site in a temporary folder beside OUT/site, then swap it into place atomically.

    `formulas` defaults to the registry; `checks` are optional CheckResult rows (kb verify) shown as
    evidence. Given a build's cards (a kb.parts.Cards, whose notes carry keys), each note's pages and rows
    are kept as a piece and an unchanged note's piece is reused, not rendered. What could not be
    rendered is appended to `diagnostics` (or logged when none is given)."""
    memo, pieces = _kept_here(out_dir, as_parts(notes, cards))
    report = SiteReport()
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "site"
    built = make_temp_dir(out_dir, "site")
    content = hashlib.sha256()  # names the versioned folder, so the same notes give the same folder name
    try:
        # Written as they are made: a large corpus's pages and card data never sit in memory all at once.
        # Paths are strings: pathlib's objects for the 1,500 files of a 500-note site cost a tenth of a second.
        folders = {""}
        for rel, data in site_files(notes, cards, notes_dir, report, formulas=formulas, checks=checks, memo=memo,
                                    pieces=pieces, retired=retired):
            path = f"{built}/{rel}"
            if (folder := os.path.dirname(rel)) not in folders:
                os.makedirs(f"{built}/{folder}", exist_ok=True)
                folders.add(folder)
            if isinstance(data, (Path, KeptFile)):
                source = data.path if isinstance(data, KeptFile) else data
                _link_or_copy(source, path)
                digest = data.digest if isinstance(data, KeptFile) else hashlib.sha256(source.read_bytes()).hexdigest()
            else:
                file_hash = hashlib.sha256()
                with open(path, "wb") as file:
                    for chunk in [data] if isinstance(data, bytes) else data:
                        file_hash.update(chunk)
                        file.write(chunk)
                digest = file_hash.hexdigest()
            content.update(f"\0{rel}\0{digest}".encode("utf-8"))
        built.chmod(0o755)
        memo.save()
        pieces.save()
        replace_dir_atomic(built, target, version=content.hexdigest()[:16])
    except BaseException:
        shutil.rmtree(built, ignore_errors=True)
        raise
    if diagnostics is not None:
        diagnostics.extend(report.diagnostics)
    else:
        for problem in report.problems:
            log.warning("%s", problem)
    return [target]


def _kept_here(out_dir: Path, parts: Sequence[NotePart]) -> tuple[RenderMemo, PieceStore]:
    """Where the site of these parts in out_dir keeps card HTML and each note's part (when the parts carry keys)."""
    cache = out_dir / ".kb-cache"
    return (RenderMemo(cache / "render" / "site"),
            PieceStore(cache / "pieces" / "site" if any(part.key for part in parts) else None))


def part_maker(parts: Sequence[NotePart], out_dir: Path, notes_dir: Path) -> PartMaker:
    """The PartMaker of a site of these parts in out_dir, keeping what it makes where write_site does."""
    return PartMaker(parts, notes_dir, *_kept_here(out_dir, parts))


def _link_or_copy(source: str | Path, path: str) -> None:
    """A kept page goes into the new site as a hard link (pieces are only ever replaced, never edited)."""
    try:
        os.link(source, path)
    except OSError:
        shutil.copyfile(source, path)


def render_site(notes: Sequence[Note], cards: Sequence[Card], notes_dir: Path, *,
                formulas: Sequence[Any] | None = None,
                checks: Sequence[Any] | None = None) -> tuple[dict[str, bytes], SiteReport]:
    """Every file of the site as {relative path: bytes}, and what could not be rendered."""
    report = SiteReport()
    files = {rel: _content(data) for rel, data in site_files(notes, cards, notes_dir, report, formulas=formulas,
                                                             checks=checks)}
    return dict(sorted(files.items())), report


def _content(data: bytes | Iterable[bytes] | Path | KeptFile) -> bytes:
    if isinstance(data, (Path, KeptFile)):
        return Path(data.path if isinstance(data, KeptFile) else data).read_bytes()
    return data if isinstance(data, bytes) else b"".join(data)


class KeptFile(NamedTuple):
    """A file of a kept piece and its SHA-256 (recorded when it was kept: it need not be read again)."""
    path: str
    digest: str


SiteFile = tuple[str, "bytes | Iterable[bytes] | Path | KeptFile"]  # relative path, content (its chunks, or a file holding it)


def site_files(notes: Sequence[Note], cards: Sequence[Card], notes_dir: Path, report: SiteReport, *,
               formulas: Sequence[Any] | None = None, checks: Sequence[Any] | None = None,
               memo: RenderMemo | None = None, pieces: PieceStore | None = None,
               retired: Sequence[Card] = ()) -> Iterator[SiteFile]:
    """The site's files one by one; what could not be rendered goes to `report`. `memo` supplies card HTML
    rendered by an earlier build; `pieces` supplies whole notes' pages and rows, by the notes' keys
    (kb.parts: a note kept whole is never decoded).
    `retired` cards (their source is gone) are only listed on the study page: never due, their progress
    kept for when they come back.

    Every note becomes a part (its two pages, its rows for the pages about all notes, and what those pages
    count of it), made fresh or kept from an earlier build; the index, search, study, formulas pages and the
    card data are assembled from the parts alone, so a site assembled from kept parts is the site made from
    scratch."""
    memo = memo if memo is not None else RenderMemo(None)
    maker = PartMaker(as_parts(notes, cards), notes_dir, memo, pieces if pieces is not None else PieceStore(None))
    env = maker.env
    parts, rows = [], []
    for note_part in one_at_a_time(maker.parts):  # a note's part made, its Note and cards are let go
        part, files, note_rows = maker.part(note_part)
        yield from files
        report.diagnostics.extend(Diagnostic.from_dict(d) for d in part["problems"])
        parts.append(part)
        rows.append(NoteRows(note_rows, part["rows"]))
    sections = _formula_sections(env, formulas, checks or (), report)
    entries, loose = _formula_entries(sections, rows)
    yield "formulas.html", _fill_slots(_render(env, "formulas.html", {
        "formulas": [{**entry, "html": _slot(i)} for i, entry in enumerate(entries)],
        "loose": [{"unlinked_row": _slot(len(entries) + i)} for i in range(len(loose))]}), [e["html"] for e in entries] + loose)
    filters = _filters_context(parts)
    yield "search.html", _render(env, "search.html", filters).encode("utf-8")
    gone, retired_media = SiteReport(), {}  # what a retired card cannot render is no problem of the notes
    resolve_retired = _media_resolver(notes_dir, retired_media)
    retired_views = [_card_view(card, PageLink("", ""), [], resolve_retired(card.source.file), gone, memo)
                     for card in retired]
    yield "study.html", _render(env, "study.html", {**filters, "retired": retired_views}).encode("utf-8")
    # last: the index lists every problem met while rendering the rest
    yield "index.html", _fill_slots(_render(env, "index.html", _index_context(parts, report)),
                                    [note_rows.index_row() for note_rows in rows])
    yield "data/cards.js", notes_script([{"file": p["note"]["file"], "title": p["note"]["title"]} for p in parts])
    yield from _static_files().items()
    media = {name: notes_dir / rel for part in parts for name, rel in part["media"]}
    media.update((name, notes_dir / rel) for name, rel in retired_media.items())
    yield from ((f"media/{name}", media[name]) for name in sorted(media))


class PartMaker:
    """Each note's part of the site (see site_files), kept or made now and kept (in `pieces`, by the note's
    key, its page names and the salt of `_part_salt`)."""

    def __init__(self, parts: Sequence[NotePart], notes_dir: Path, memo: RenderMemo, pieces: PieceStore) -> None:
        self.parts = [part for part in parts if part.has_note]
        self.links = _page_links(self.parts)
        self.env = _environment()
        self.notes_dir, self.memo, self.pieces = notes_dir, memo, pieces
        self.salt = _part_salt(notes_dir) if pieces.enabled else ""

    def key(self, note_part: NotePart) -> str:
        """The name of the note's piece ('' when it is not to be kept)."""
        link = self.links[note_part.file]
        return key_for(self.salt, note_part.key, link.note, link.source) if self.salt and note_part.key else ""

    def to_make(self, note_part: NotePart) -> bool:
        """Whether the note has a part to keep and none is kept yet (kb.emit.pieces makes those beforehand)."""
        key = self.key(note_part) if note_part.has_note else ""
        return bool(key and not self.pieces.has(key))

    def part(self, note_part: NotePart) -> tuple[dict[str, Any], list[SiteFile], bytes]:
        """The note's part, its files in the site and its rows on the pages about all notes (NoteRows)."""
        link, key = self.links[note_part.file], self.key(note_part)
        part = self.pieces.load(key) if key else None
        if part is not None:
            self.memo.keep(note_part.file)
            with open(self.pieces.path(key, ROWS_FILE), "rb") as kept_rows:
                note_rows = kept_rows.read()
            return part, [(rel, KeptFile(self.pieces.path(key, name), part["digests"][name]))
                          for name, rel in _part_files(link, part)], note_rows
        part, source_page, note_page, note_rows = _note_part(self.env, note_part.note, note_part.cards, link,
                                                             self.notes_dir, self.memo)
        self.memo.save_group(note_part.file)
        files = {"source.html": source_page, "note.html": note_page, "cards.js": part.pop("script").encode("utf-8"),
                 ROWS_FILE: note_rows}
        part = json.loads(json.dumps(part, ensure_ascii=False))  # as a kept part reads: lists, str keys
        if key:
            self.pieces.put(key, part, files)
        return part, [(rel, files[name]) for name, rel in _part_files(link, part)], note_rows


def _part_salt(notes_dir: Path) -> str:
    """What every note's part depends on besides its own key and links: the site code, the rendering
    packages and the images and attachments under the notes folder (a part's figures and linked files
    were looked up when it was made)."""
    return key_for("site part", render_salt(), *media_under(notes_dir))


def _note_part(env, note: Note, cards: Sequence[Card], link: PageLink, notes_dir: Path,
               memo: RenderMemo) -> tuple[dict[str, Any], bytes, bytes, bytes]:
    """One note's part (what the pages about all notes count of it), its source page, its card page and
    its rows on the pages about all notes (NoteRows)."""
    report = SiteReport()
    media: dict[str, str] = {}
    lines = _source_lines(note, notes_dir)
    anchors = sorted({line["number"] for line in lines})
    source_page = _render(env, "source.html", _source_context(note, lines)).encode("utf-8")
    resolve = _media_resolver(notes_dir, media)(note.file)
    mark = guess_marker(note.source)
    marks_gaps = lost_its_math(note)
    views = [_card_view(card, link, anchors, resolve, report, memo, mark, marks_gaps) for card in cards]
    note_page = _render(env, "note.html", _note_context(note, views, link)).encode("utf-8")
    formula_views = []
    for view in views:
        if view["kind"] == "formula" or view["check"] is not None:
            check = view["check"]
            formula_view = {
                **{key: view[key] for key in ("id", "kind", "lang", "status", "file", "line", "q", "url", "where")},
                "check": check.to_dict() if check is not None else None,
                "note_latex": (_render_latex(check.note_latex, report, SourcePos(view["file"], view["line"]))
                               if check is not None and check.formula_id and check.note_latex else None)}
            # its rows on the formulas page, made here once: that page lists every formula card of every note
            macros = env.get_template("_macros.html").module
            formula_view["unlinked_row"] = str(macros.unlinked_formula_row(formula_view))
            formula_view["row"] = str(macros.formula_card_row(formula_view)) if check is not None else ""
            formula_views.append(formula_view)
    part = {
        "note": {"file": note.file, "title": note.title, "kind": note.kind, "lang": note.lang},
        "link": {"note": link.note, "source": link.source},
        "cards": len(views),
        "kinds": Counter(v["kind"] for v in views), "langs": Counter(v["lang"] for v in views),
        "statuses": Counter(v["status"] for v in views if v["status"]),
        "tags": sorted({tag for v in views for tag in v["tags"]}),
        "script": card_script(views),  # kept as a file of its own beside the part (see site_files)
        "problems": [d.to_dict() for d in report.diagnostics],
        "media": sorted(media.items()),
    }
    # depth, not heading level: a question found inside a section sits one step under it in the list
    sections = [[i, {"depth": len(s.path), "heading": s.heading}] for i, s in enumerate(note.sections)
                if s.heading.strip() and not s.continues]
    index_row = str(env.get_template("_macros.html").module.note_row(_index_row(part, sections))).encode("utf-8")
    chunks, formula_rows = [index_row], []
    for view in formula_views:
        row, unlinked_row = view["row"].encode("utf-8"), view["unlinked_row"].encode("utf-8")
        chunks += [row, unlinked_row]
        formula_rows.append([view["check"]["formula_id"] if view["check"] is not None else None, view["id"],
                             len(row), len(unlinked_row)])
    part["rows"] = {"index": len(index_row), "formulas": formula_rows}
    return part, source_page, note_page, b"".join(chunks)


ROWS_FILE = "rows.html"  # a kept part's file of its note's rows on the index and formulas pages (NoteRows)


class NoteRows(NamedTuple):
    """A note's rows on the pages about all notes, as bytes: its row on the index page, then per formula
    card its row in its registry entry's section and its row among the cards linked to no entry. They are
    kept as a file beside the note's part, so assembling those pages parses no JSON of HTML (at 500 notes
    the formula cards' rows were 50 MB of JSON to read on every edit). `layout` is the part's "rows": the
    index row's length, and per formula card [its registry entry's id or None, card id, the two rows'
    lengths]."""
    data: bytes
    layout: Mapping[str, Any]

    def index_row(self) -> memoryview:
        return memoryview(self.data)[:self.layout["index"]]

    def formula_rows(self) -> Iterator[tuple[str | None, str, memoryview, memoryview]]:
        data, at = memoryview(self.data), self.layout["index"]
        for formula_id, card_id, row, unlinked_row in self.layout["formulas"]:
            yield formula_id, card_id, data[at:at + row], data[at + row:at + row + unlinked_row]
            at += row + unlinked_row


# Where a page rendered around rows kept as bytes gets each of them (see _fill_slots). The token is new in
# every process, so no text of a note can hold it; it never reaches a page.
_SLOT = f"\x00kb-slot-{uuid.uuid4().hex}-"
_SLOTS = re.compile(re.escape(_SLOT) + r"(\d+)\x00")


def _slot(index: int) -> str:
    return f"{_SLOT}{index}\x00"


def _fill_slots(page: str, fills: Sequence[bytes | memoryview]) -> list[bytes | memoryview]:
    """The page's bytes, each _slot(i) in it replaced by fills[i]."""
    pieces = _SLOTS.split(page)
    return [fills[int(piece)] if i % 2 else piece.encode("utf-8") for i, piece in enumerate(pieces)]


def _part_files(link: PageLink, part: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(piece file, site path) of a note's files: its two pages, and its card data when it has cards."""
    files = [("source.html", link.source), ("note.html", link.note)]
    return files + [("cards.js", card_script_path(link))] if part["cards"] else files


def card_script_path(link: PageLink) -> str:
    """Where a note's card data is: a file per note, so an edit rewrites one note's data, not all of it."""
    return f"data/cards-{link.note.removeprefix('note-').removesuffix('.html')}.js"


def notes_script(notes: Sequence[Mapping[str, str]]) -> bytes:
    """data/cards.js: the notes, and the list each note's card data script (card_script) adds its cards to;
    the search and study pages load it first, then every note's script, in the notes' order."""
    return f'window.KB_DATA = {{"notes":{script_json(list(notes))},"parts":[]}};\n'.encode("utf-8")


def card_script(views: Iterable[dict[str, Any]]) -> str:
    """A note's card data as a script (fetch() of JSON fails on file://), safe in any script context."""
    return f"window.KB_DATA.parts.push([{_cards_json(views)}]);\n"


def _cards_json(views: Iterable[dict[str, Any]]) -> str:
    """Cards as the search and study scripts read them, comma-separated."""
    return ",".join(script_json({"note": v["file"], **{key: v[key] for key in _CARD_KEYS}}) for v in views)


_CARD_KEYS = ("id", "kind", "lang", "tags", "status", "q", "a", "text", "url", "where")


def script_json(data: Any) -> str:
    """JSON that cannot end a <script> element, open a comment, or break a JS string literal."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def cloze_sides(front: str) -> tuple[str, str]:
    """Question and answer Markdown of a cloze front: the deletion hidden, then revealed."""
    math_spans = [m.span() for m in _MATH_SPAN.finditer(front)]

    def in_math(pos: int) -> bool:
        return any(start < pos < end for start, end in math_spans)

    def side(reveal: bool) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            text, hint = match.group(1), match.group(2)
            if in_math(match.start()):
                return text if reveal else r"[\ldots]"
            shown = text if reveal else f"[{hint or '…'}]"
            return f'<span class="cloze">{shown}</span>'
        return replace

    return _CLOZE.sub(side(False), front), _CLOZE.sub(side(True), front)


def search_text(*parts: str) -> str:
    """Plain text a card is found by: cloze markup unwrapped, tags dropped, whitespace collapsed."""
    text = " ".join(parts)
    text = _CLOZE.sub(lambda m: m.group(1), text)
    text = re.sub(r"<[^>]{0,200}>", " ", text)
    return re.sub(r"\s+", " ", text).strip()


# ---- cards ------------------------------------------------------------------------------------------

def _card_view(card: Card, link: PageLink, anchors: Sequence[int],
               resolve: MediaResolver, report: SiteReport, memo: RenderMemo,
               mark: Callable[[str], str] = str, marks_gaps: bool = True) -> dict[str, Any]:
    """Everything a template or the scripts need about one card, rendered once (`mark`: the note's
    guessed characters marked in the rendered HTML)."""
    if card.kind == "cloze":
        question_md, revealed_md = cloze_sides(card.front)
        answer_md = revealed_md + ("\n\n" + card.back if card.back.strip() else "")
    else:
        question_md, answer_md = card.front, card.back
    render = RenderReport()
    # where the note lost a formula (kb.emit.gap_marks); none in a note that kept its math
    gaps = gap_marker(card.lang) if marks_gaps else str
    question = gaps(mark(_render_card_markdown(memo, card.source.file, question_md, resolve, render)))
    answer = gaps(mark(_render_card_markdown(memo, card.source.file, answer_md, resolve, render)))
    status = card.check.status if card.check is not None else None
    # a note that differs shows the checked form beside its own (the answer), with the counterexample below
    verified = (_render_card_markdown(memo, card.source.file, f"$${card.check.verified_latex}$$", resolve, render)
                if status == "note_differs" and card.check.verified_latex else "")
    report.add(card.source, render)
    return {
        "id": card.id, "kind": card.kind, "lang": card.lang, "tags": list(card.tags), "status": status,
        "check": card.check, "section": list(card.section), "file": card.source.file, "line": card.source.line,
        "note_title": card.note_title,
        "q": question, "a": answer, "verified": verified,
        "text": search_text(card.note_title, " ".join(card.section), card.front, card.back),
        "url": f"{link.note}#card-{card.id}",
        "source_url": _source_url(link, anchors, card.source.line),
        "where": str(card.source),
    }


def _render_card_markdown(memo: RenderMemo, group: str, markdown: str, resolve: MediaResolver,
                          report: RenderReport) -> str:
    def make(resolver: MediaResolver | None) -> list:
        own = RenderReport()
        out = render_markdown(markdown, math="mathml", resolve_media=resolver, report=own)
        return [out, own.math_errors, own.missing_images]

    out, math_errors, missing_images = memo.get(group, markdown, make, resolve)
    report.math_errors.extend(math_errors)
    report.missing_images.extend(missing_images)
    return out


def _source_url(link: PageLink, anchors: Sequence[int], line: int) -> str:
    """The source page at the card's line, or the nearest line above it that the source page shows."""
    if not anchors:
        return link.source
    index = bisect.bisect_right(anchors, line) - 1
    return f"{link.source}#L{anchors[max(index, 0)]}"


def _media_resolver(notes_dir: Path, media: dict[str, str]) -> Callable[[str], MediaResolver]:
    """Images the cards show and attachments they link to are copied into media/ under a content hash
    (media: that name -> the file's path in the notes folder); anything else is not shown."""
    finder = MediaFinder(notes_dir)
    root = notes_dir.resolve()

    def for_note(note_file: str) -> MediaResolver:
        def resolve(src: str, role: MediaRole) -> str | None:
            found = finder.media(note_file, src, role)
            if found is None:
                return None
            path, data = found
            name = hashlib.sha256(data).hexdigest()[:20] + path.suffix.lower()
            media[name] = path.relative_to(root).as_posix()
            return f"media/{name}"
        return resolve

    return for_note


# ---- pages ------------------------------------------------------------------------------------------

def _page_links(notes: Sequence[Note]) -> dict[str, PageLink]:
    """Page names in ASCII for every note: its path where that is ASCII already, else what ASCII it has
    and a hash of the path ('深度学习.md' -> 'md-1a2b3c4d'), so names are stable and never collide."""
    links: dict[str, PageLink] = {}
    taken: set[str] = set()
    for note in notes:
        ascii_name = re.sub(r"[^A-Za-z0-9_-]+", "-", note.file).strip("-") or "note"
        slug = ascii_name
        if slug != note.file.replace(".", "-") or slug in taken:
            digest = hashlib.sha256(note.file.encode("utf-8")).hexdigest()  # paths differ, so digests do
            slug = next(name for size in range(8, 65, 4) if (name := f"{ascii_name[:40]}-{digest[:size]}") not in taken)
        taken.add(slug)
        links[note.file] = PageLink(f"note-{slug}.html", f"source-{slug}.html")
    return links


def _status_counts(counts: Mapping[str, int]) -> dict[str, int]:
    return {status: counts.get(status, 0) for status in STATUSES if counts.get(status) or status in STATUSES[:5]}


def _index_row(part: Mapping[str, Any], sections: list[list[Any]]) -> dict[str, Any]:
    """A note's row on the index page (rendered with its part, kept with it)."""
    return {
        "note": part["note"], "link": part["link"], "cards": part["cards"],
        "kinds": {kind: part["kinds"].get(kind, 0) for kind in KINDS},
        "langs": sorted(part["langs"].items()),
        "sections": sections,
        "statuses": {k: v for k, v in _status_counts(part["statuses"]).items() if v},
    }


def _index_context(parts: Sequence[Mapping[str, Any]], report: SiteReport) -> dict[str, Any]:
    kinds: Counter[str] = Counter()
    langs: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    for part in parts:
        kinds.update(part["kinds"])
        langs.update(part["langs"])
        statuses.update(part["statuses"])
    return {"rows": [{"html": _slot(i)} for i in range(len(parts))], "total": sum(part["cards"] for part in parts),
            "kinds": {k: kinds[k] for k in KINDS}, "langs": sorted(langs.items()), "statuses": _status_counts(statuses),
            "problems": report.problems}


def _note_context(note: Note, views: Sequence[dict[str, Any]], link: PageLink) -> dict[str, Any]:
    by_section: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for view in views:
        by_section.setdefault(tuple(view["section"]), []).append(view)
    sections = []
    for index, section in enumerate(note.sections):
        if not section.continues:  # its cards are listed under the section it goes on (the same path)
            sections.append({"index": index, "section": section, "cards": by_section.pop(tuple(section.path), [])})
    leftover = [v for group in by_section.values() for v in group]
    return {"note": note, "link": link, "sections": sections, "leftover": leftover,
            "count": len(views)}


def _source_lines(note: Note, notes_dir: Path) -> list[dict[str, Any]]:
    """The note as kb read it (after repair), each line numbered by its line in the original file.

    Extraction can turn one file line into several (or drop lines), so only the first text line of each
    file line carries the anchor."""
    if note.source is not None:
        text, line_of = note.source.text, note.source.source_line
    else:
        path = notes_dir / note.file
        text = path.read_bytes().decode("utf-8", "replace") if path.is_file() else ""
        line_of = lambda i: i  # noqa: E731 - the file is shown as is
    guesses = _guessed_columns(note)
    lines, anchored = [], set()
    for i, line in enumerate(text.splitlines(), start=1):
        number = line_of(i)
        lines.append({"number": number, "anchor": number not in anchored, "text": line,
                      "parts": guess_parts(line, guesses.get(i, {}))})
        anchored.add(number)
    return lines


def _guessed_columns(note: Note) -> dict[int, dict[int, tuple[str, ...]]]:
    """text line (1-based) -> column -> alternatives, for each character the repair guessed."""
    from kb.read.mojibake_report import restored_offsets

    if note.source is None:
        return {}
    text_lines = note.source.text.split("\n")
    if text_lines[: len(text_lines) - note.source.text.endswith("\n")] != note.source.text.splitlines():
        return {}   # line separators other than \n: offsets and displayed lines would not agree
    starts = [0]
    for line in text_lines:
        starts.append(starts[-1] + len(line) + 1)
    found: dict[int, dict[int, tuple[str, ...]]] = {}
    for offset, char in restored_offsets(note.source):
        if not char.certain:
            row = bisect.bisect_right(starts, offset) - 1
            found.setdefault(row + 1, {})[offset - starts[row]] = char.alternatives
    return found


def guess_parts(line: str, guessed: dict[int, tuple[str, ...]]) -> list[dict[str, Any]]:
    """The line cut into plain runs and guessed characters (each with what else it could be)."""
    parts: list[dict[str, Any]] = []
    start = 0
    for column in sorted(guessed):
        if start < column:
            parts.append({"text": line[start:column], "alternatives": None})
        parts.append({"text": line[column], "alternatives": " ".join(guessed[column])})
        start = column + 1
    if start < len(line) or not parts:
        parts.append({"text": line[start:], "alternatives": None})
    return parts


def _source_context(note: Note, lines: list[dict[str, Any]]) -> dict[str, Any]:
    return {"note": note, "lines": lines, "encoding": note.source.encoding if note.source else "utf-8",
            "repair": note.source.repair if note.source else None}


def _filters_context(parts: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    present = {name: {value for part in parts for value in part[name]} for name in ("kinds", "langs", "statuses", "tags")}
    return {
        "notes": [part["note"] for part in parts],
        "kinds": [k for k in KINDS if k in present["kinds"]],
        "langs": sorted(present["langs"]),
        "statuses": [s for s in STATUSES if s in present["statuses"]],
        "tags": sorted(present["tags"]),
        "card_scripts": [card_script_path(PageLink(**part["link"])) for part in parts if part["cards"]],
    }


# ---- formulas -----------------------------------------------------------------------------------------

def _registry() -> Sequence[Any]:
    try:
        from kb.formulas import registry
        return registry()
    except Exception as exc:  # noqa: BLE001 - a broken family must not take the whole site down
        log.warning("formula registry unavailable: %s", exc)
        return ()


_ROWS = "\x00kb-formula-card-rows\x00"  # where a section's card rows go (no rendered text holds a NUL)


class FormulaSection(NamedTuple):
    """A registry entry's section of the formulas page, rendered around its cards' rows: `before` + rows +
    `after` when the note cards link to it, `bare` when none do."""
    id: str
    title: str
    before: str
    after: str
    bare: str


def _formula_sections(env, formulas: Sequence[Any] | None, checks: Sequence[Any], report: SiteReport
                      ) -> list[FormulaSection]:
    """Every registry entry's section. Only the cards' rows change from one build to the next, so the
    registry's sections (its formulas, evidence and highlighted code: 0.7 s of every build) are kept in the
    per-user cache, keyed by the registry's and the site's code and the checks' results, with the problems
    met rendering them. Nothing of them goes into the output folder's caches: what a build leaves there
    must not depend on whether this machine had the sections kept (a first build on a new machine renders
    them, the next reads them)."""
    from kb.cache import code_fingerprint, key_for, package_versions

    cache = _kept_sections() if formulas is None else None
    key = key_for("formula sections", render_salt(), code_fingerprint("formulas", "check"),
                  package_versions("pygments"), repr(list(checks))) if cache is not None else ""
    if cache is not None and isinstance(hit := cache.get(key), dict):
        report.diagnostics.extend(Diagnostic.from_dict(d) for d in hit["problems"])
        return [FormulaSection(*section) for section in hit["sections"]]
    own = SiteReport()
    entries = _registry_entries(_registry() if formulas is None else formulas, checks, own)
    section = env.get_template("_macros.html").module.formula_section
    sections = []
    for entry in entries:
        before, after = str(section(entry, True, _ROWS)).split(_ROWS)
        sections.append(FormulaSection(entry["formula"].id, entry["title"], before, after,
                                       str(section(entry, False, ""))))
    if cache is not None:
        cache.put(key, {"sections": sections, "problems": [d.to_dict() for d in own.diagnostics]})
    report.diagnostics.extend(own.diagnostics)
    return sections


def _kept_sections():
    """Where the registry's rendered sections are kept: the per-user cache, like its highlighted code."""
    from kb.cache import JsonCache, user_cache_dir

    return JsonCache(user_cache_dir() / "site")


def _registry_entries(formulas: Sequence[Any], checks: Sequence[Any], report: SiteReport) -> list[dict[str, Any]]:
    """One entry per registry formula, for its section."""
    entries = []
    code = _formula_code(formulas)
    rows_by_id: dict[str, list[dict[str, Any]]] = {}
    for row in map(_row_dict, checks):
        rows_by_id.setdefault(row.get("id"), []).append(row)
    for formula in formulas:
        latex = _render_latex(formula.latex, report, SourcePos(f"formula registry: {formula.id}", 0))
        rows = rows_by_id.get(formula.id, [])
        entries.append({
            "formula": formula, "title": formula.title, "latex": latex,
            "titles": sorted(formula.titles.items()),
            "symbols": sorted(formula.symbols.items()),
            "registry_checks": [r for r in rows if not r.get("source")],
            "note_checks": [r for r in rows if r.get("source")],
            "code": code[formula.id],
        })
    return entries


def _formula_entries(sections: Sequence[FormulaSection], rows: Sequence[NoteRows]
                     ) -> tuple[list[dict[str, Any]], list[memoryview]]:
    """The formulas page's entries (each section's HTML with the rows of the formula cards linked to it, as
    bytes), and the rows of the formula cards linked to no entry; `rows` are the notes' rows."""
    cards_by_id: dict[str, list[tuple[str, memoryview]]] = {}
    unlinked: list[tuple[str, memoryview]] = []
    for note_rows in rows:
        for formula_id, card_id, row, unlinked_row in note_rows.formula_rows():
            if formula_id is not None:
                cards_by_id.setdefault(formula_id, []).append((card_id, row))
            unlinked.append((card_id, unlinked_row))
    entries, linked = [], set()
    for section in sections:
        cards = cards_by_id.get(section.id, [])
        linked.update(card_id for card_id, _ in cards)
        html = (b"".join([section.before.encode("utf-8"), *(row for _, row in cards), section.after.encode("utf-8")])
                if cards else section.bare.encode("utf-8"))
        entries.append({"formula": {"id": section.id}, "title": section.title, "html": html})
    return entries, [row for card_id, row in unlinked if card_id not in linked]


def _render_latex(latex: str, report: SiteReport, where: SourcePos) -> str:
    render = RenderReport()
    out = render_markdown(f"$${latex}$$", math="mathml", report=render)
    report.add(where, render)
    return out


def _row_dict(row: Any) -> dict[str, Any]:
    if isinstance(row, Mapping):
        return dict(row)
    if hasattr(row, "to_dict"):
        return row.to_dict()
    return dict(vars(row))


def _formula_code(formulas: Sequence[Any]) -> dict[str, list[tuple[str, str]]]:
    """{entry id: [(label, highlighted source)]}: the reference, the truth, the examples and every mutant.

    Highlighting ~500 snippets takes pygments over a second, and the result depends only on kb's own
    check code, so it is kept in the user's cache under a hash of the snippets themselves."""
    from kb.cache import JsonCache, key_for, package_versions, user_cache_dir

    cache = JsonCache(user_cache_dir() / "site")
    key = key_for("formula-code", package_versions("pygments"), *_code_places(formulas))
    if (hit := cache.get(key)) is not None:
        return {fid: [tuple(pair) for pair in pairs] for fid, pairs in hit.items()}
    snippets = {formula.id: _code_snippets(formula) for formula in formulas}
    code = {fid: [(label, _highlight_python(text)) for label, text in pairs] for fid, pairs in snippets.items()}
    cache.put(key, code)
    return code


def _code_places(formulas: Sequence[Any]) -> list[str]:
    """What the snippets are made from, without reading them (inspect.getsource took 0.4 s of every
    build): each function's place (file and first line) and the bytes of every file they are in."""
    places, files = [], set()
    for formula in formulas:
        for label, fn in _code_parts(formula):
            code = getattr(fn, "__code__", None)
            if code is None:
                places.append(f"{formula.id}\0{label}\0{fn!r}")  # no place known: a new key each time, never stale
                continue
            places.append(f"{formula.id}\0{label}\0{code.co_filename}\0{code.co_firstlineno}")
            files.add(code.co_filename)
    return places + [f"{file}\0{_file_digest(file)}" for file in sorted(files)]


def _file_digest(file: str) -> str:
    try:
        return hashlib.sha256(Path(file).read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def _code_parts(formula: Any) -> list[tuple[str, Any]]:
    parts = [("reference", formula.reference), ("ground truth", formula.truth), ("examples", formula.examples)]
    parts += [(f"mutant: {name}", fn) for name, fn in sorted(formula.mutants.items())]
    if formula.kernel is not None:
        parts.append(("kernel", formula.kernel))
    return parts


def _code_snippets(formula: Any) -> list[tuple[str, str]]:
    seen: set[str] = set()
    out = []
    for label, fn in _code_parts(formula):
        code = _source_of(fn)
        if code in seen:
            continue  # lambdas defined together share one source snippet
        seen.add(code)
        out.append((label, code))
    return out


def _source_of(fn: Any) -> str:
    try:
        return textwrap.dedent(inspect.getsource(fn)).rstrip() + "\n"
    except (OSError, TypeError):
        return f"# source not available for {getattr(fn, '__qualname__', repr(fn))}"


def _highlight_python(code: str) -> str:
    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    return highlight(code, PythonLexer(), HtmlFormatter(cssclass="hl"))


# ---- templates and static files ------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("kb.emit", "templates"), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      bytecode_cache=_template_cache())
    env.globals.update(CSP=CSP, STATUS_LABELS=STATUS_LABELS, KINDS=KINDS)
    env.filters["trusted"] = _trusted
    return env


def _template_cache():
    """Compiled templates kept in the per-user cache: compiling them took 0.6 s of every build that writes
    the site. Jinja keys each by the template's source (an edited template compiles anew) and Python's
    version; a cache that cannot be written costs that time again, never the site."""
    from jinja2 import FileSystemBytecodeCache

    from kb.cache import user_cache_dir

    class _Kept(FileSystemBytecodeCache):
        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    folder = user_cache_dir() / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return _Kept(str(folder))


def _trusted(fragment: str):
    """Mark HTML that already went through html.py's sanitizer (or pygments' escaping) as safe."""
    from markupsafe import Markup

    return Markup(fragment)


def _render(env, template: str, context: dict[str, Any]) -> str:
    return env.get_template(template).render(**context)


def _static_files() -> dict[str, bytes]:
    from pygments.formatters import HtmlFormatter

    root = resources.files("kb.emit") / "static"
    files = {f"static/{item.name}": item.read_bytes() for item in sorted(root.iterdir(), key=lambda i: i.name)
             if item.is_file() and not item.name.startswith(".")}
    light = HtmlFormatter(style="friendly", cssclass="hl").get_style_defs(".hl")
    dark = HtmlFormatter(style="monokai", cssclass="hl").get_style_defs(":root[data-theme=dark] .hl")
    dark_auto = HtmlFormatter(style="monokai", cssclass="hl").get_style_defs(":root:not([data-theme=light]) .hl")
    files["static/code.css"] = (f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark_auto}\n}}\n{dark}\n"
                                ).encode("utf-8")
    return files

"""Flashcards exported as text (Anki's "Notes in Plain Text", and the tab-separated term/definition files
that Quizlet, Mochi and older Anki versions write): the note is the cards the student wrote, as Markdown.

Anki (2.1.55 and later) starts the file with `#key:value` header lines: `#separator:tab` (or comma,
semicolon, pipe, colon, space), `#html:true`, `#columns:Front<TAB>Back<TAB>Tags`, and which column holds the
note type, the deck, the tags and the GUID (`#notetype column:1`, `#deck column:2`, `#tags column:5`,
`#guid column:1`). Each following row is one note: fields separated by the separator, quoted like CSV when a
field holds the separator, a quote or a line break. A file without that header is read only when every row
has the same number (two or more) of tab-separated fields, the first one filled: a tab-indented outline starts
its lines with a tab, so its rows never look like cards.

Each row becomes a card in Obsidian Spaced Repetition's one-line form, which kb's question finder reads
(`kb.parse.questions`): `front::back` (`:::` for a "reversed" note type), the back's lines joined by `<br>`
as Anki stores them, so everything kb finds in a card sits on its row's line. A cloze row (`{{c1::...}}` in
its text) stays a line with its deletions, its extra field a paragraph after it. Fields are HTML when the
header says `#html:true` and in every file without a header (Anki's old exports are HTML): line breaks,
blocks and list items become lines, `<b>`/`<strong>` bold, an image its Markdown image, sounds and other
tags are dropped, entities are decoded. MathJax as Anki writes it (`\\(...\\)`, `\\[...\\]`) becomes `$...$` and `$$...$$`. A deck column gives a heading per deck and subdeck (`Parent::Child`), so cards are grouped as in Anki.
"""
from __future__ import annotations

import csv
import html
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

_SEPARATORS = {"tab": "\t", "comma": ",", "semicolon": ";", "pipe": "|", "colon": ":", "space": " "}
_HEADER = re.compile(r"^#([a-z ]+):(.*)$")
_CLOZE = re.compile(r"\{\{c\d+::")
_LINE_BREAK = re.compile(r"<br\s*/?>|</(?:div|p|li|h[1-6]|tr)>", re.I)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.I)
_BOLD = re.compile(r"</?(?:b|strong)\b[^>]*>", re.I)
_IMAGE = re.compile(r"<img\b[^>]*?\bsrc=[\"']?([^\"'\s>]+)[^>]*>", re.I)
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_TAG = re.compile(r"<[^>]+>")
# Anki's MathJax delimiters as the `$` forms Markdown notes use, which every stage of kb reads alike
_MATHJAX = ((re.compile(r"\\\((.+?)\\\)"), r"$\1$"), (re.compile(r"\\\[(.+?)\\\]"), r"$$\1$$"))
_MIN_HEADERLESS_ROWS = 2
_MAX_DEPTH = 6  # Markdown's heading levels
_BREAK = "<br>"  # a line break inside a field, as Anki writes it: the card's back shows it


@dataclass(frozen=True)
class _Layout:
    separator: str
    is_html: bool
    roles: dict[int, str]          # column index (0-based) -> "notetype" | "deck" | "tags" | "guid"
    first_row_line: int            # 0-based line index of the first card row


def read_card_export(text: str) -> tuple[str, tuple[int, ...]] | None:
    """The cards of a flashcard text export as Markdown and, per line, the file line of its row; None when
    the text is not such an export."""
    lines = text.split("\n")
    layout = _header_layout(lines) or _headerless_layout(lines)
    if layout is None:
        return None
    # csv counts lines by what it is given: the file's own "\n" lines (str.splitlines would also split at
    # \x0c or U+2028 and drift from the line numbers an editor shows)
    rows = [line + "\n" for line in lines[layout.first_row_line:]]
    reader = csv.reader(rows, delimiter=layout.separator, quotechar='"', strict=False)
    decks: dict[str, list[tuple[int, list[str]]]] = {}
    start = layout.first_row_line
    try:
        for row in reader:
            row_line, start = start + 1, layout.first_row_line + reader.line_num
            if paragraphs := _card_paragraphs(row, layout):
                decks.setdefault(_deck(row, layout), []).append((row_line, paragraphs))
    except csv.Error:
        return None  # an unclosed quote ran past csv's field limit: not a table of cards after all
    out: list[str] = []
    line_map: list[int] = []
    # Clozes first, before any deck heading: a marked cloze is asked as written, without its deck's topic,
    # and there it is neither read as part of a `front::back` card's answer (which runs on to the next
    # heading) nor as the text of a deck heading (which would make a deck a concept to explain).
    for rows in decks.values():
        for row_line, paragraphs in rows:
            if _CLOZE.search(paragraphs[0]):
                _emit(out, line_map, paragraphs, row_line)
    shown: tuple[str, ...] = ()
    for deck, rows in decks.items():
        cards = [(row_line, paragraphs) for row_line, paragraphs in rows if not _CLOZE.search(paragraphs[0])]
        if not cards:
            continue
        path = tuple(part.strip() for part in deck.split("::") if part.strip())[:_MAX_DEPTH]
        same = next((depth for depth, (a, b) in enumerate(zip(shown, path)) if a != b), min(len(shown), len(path)))
        if path and same == len(path) and path != shown:
            same -= 1  # back in a parent deck after its subdeck: its heading again
        for depth in range(same, len(path)):  # Anki's subdecks (`Parent::Child`) as nested headings
            _emit(out, line_map, [f"{'#' * (depth + 1)} {path[depth]}"], cards[0][0])
        shown = path
        for row_line, paragraphs in cards:
            _emit(out, line_map, paragraphs, row_line)
    if not out:
        return None
    return "\n".join(out), tuple(line_map)


def _emit(out: list[str], line_map: list[int], paragraphs: list[str], row_line: int) -> None:
    for paragraph in paragraphs:
        out.extend((paragraph, ""))
        line_map.extend((row_line, row_line))


def _header_layout(lines: list[str]) -> _Layout | None:
    settings: dict[str, str] = {}
    index = 0
    while index < len(lines) and (match := _HEADER.match(lines[index].rstrip("\r"))):
        settings[match.group(1).strip()] = match.group(2).strip()
        index += 1
    if "separator" not in settings or settings["separator"].lower() not in _SEPARATORS:
        return None  # `#` lines alone are a Markdown heading or a comment, not Anki's header
    roles = {}
    for role in ("notetype", "deck", "tags", "guid"):
        column = settings.get(f"{role} column", "")
        if column.isdigit() and int(column) > 0:
            roles[int(column) - 1] = role
    return _Layout(_SEPARATORS[settings["separator"].lower()], settings.get("html", "").lower() == "true",
                   roles, index)


def _headerless_layout(lines: list[str]) -> _Layout | None:
    if not any("\t" in line for line in lines):
        return None  # every note is asked: most have no tab at all, and need no row splitting
    rows = [line.rstrip("\r") for line in lines if line.strip()]
    if len(rows) < _MIN_HEADERLESS_ROWS or any(row.startswith(("\t", "#")) for row in rows):
        return None
    widths = {len(row.split("\t")) for row in rows}
    if len(widths) != 1 or widths.pop() < 2 or any(not row.split("\t")[0].strip() for row in rows):
        return None
    return _Layout("\t", True, {}, 0)


def _card_paragraphs(row: list[str], layout: _Layout) -> list[str]:
    """A row as one-line paragraphs: `front::back` (`:::` for a note type with a reversed card), or a cloze
    line and its extra field. One line each: every position kb finds in a card is its row's file line."""
    fields = [_text(value, layout.is_html) for column, value in enumerate(row) if column not in layout.roles]
    fields = [field for field in fields if field]
    if not fields:
        return []
    if _CLOZE.search(fields[0]):
        return [_one_line(field, _BREAK) for field in fields]
    if len(fields) == 1:
        return []  # a front with nothing to answer it
    note_type = next((row[c] for c, role in layout.roles.items() if role == "notetype" and c < len(row)), "")
    split = ":::" if any(word in note_type.lower() for word in _reversed_markers()) else "::"
    return [_one_line(fields[0], " ") + split + _one_line("\n".join(fields[1:]), _BREAK)]


def _one_line(field: str, joiner: str) -> str:
    return joiner.join(field.split("\n"))


@cache
def _reversed_markers() -> tuple[str, ...]:
    table = tomllib.loads(resources.files("kb.read").joinpath("data/card_export.toml").read_text("utf-8"))
    return tuple(word.lower() for word in table["reversed_note_type"])


def _deck(row: list[str], layout: _Layout) -> str:
    column = next((c for c, role in layout.roles.items() if role == "deck"), None)
    if column is None or column >= len(row):
        return ""
    return row[column].strip()


def _text(value: str, is_html: bool) -> str:
    """A field as Markdown lines: no blank line inside (a blank line would end the card's paragraph)."""
    if is_html:
        value = _LINE_BREAK.sub("\n", value)
        value = _LIST_ITEM.sub("\n- ", value)
        value = _BOLD.sub("**", value)
        value = _IMAGE.sub(lambda match: f"![]({match.group(1)})", value)
        value = html.unescape(_TAG.sub("", value))
    value = _SOUND.sub("", value).replace("\u00a0", " ")
    for pattern, replacement in _MATHJAX:
        value = pattern.sub(replacement, value)
    return "\n".join(line.strip() for line in value.split("\n") if line.strip())

"""Mark, in rendered card HTML, each place where the note's prose lost a formula (kb.check.formula_gaps).

Like the guessed-character marks, the marks are added to the HTML after rendering and sanitising, never
to the card's Markdown: card ids, cards.json and the render memo stay as they are, and the only markup
added is kb's own span with a fixed label, so no text from a note becomes markup. Formulas, code and
images still in the card count as present (one OBJECT character each), block elements separate
sentences, so a formula that is there is never marked missing.
"""
from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

from kb.check.formula_gaps import FORMAT_EDGE, OBJECT, find_gaps, gap_cues

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)")
# elements whose content is a formula, code or an image: present, whatever is inside
_OBJECTS = frozenset({"math", "code", "pre", "kbd", "svg", "script", "style"})
_VOID_OBJECTS = frozenset({"img"})
_BLOCKS = frozenset({"p", "li", "div", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "blockquote", "ul",
                     "ol", "table", "br", "hr", "figure", "figcaption", "dt", "dd", "dl", "center"})
# what in a text node is not shown as written: an entity, or an Anki MathJax formula (kept as text)
_SPECIAL = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);|\\\(.*?\\\)|\\\[.*?\\\]", re.S)


@lru_cache(maxsize=64)
def gap_marker(lang: str) -> Callable[[str], str]:
    """A function that adds a "formula missing" mark at each gap of an HTML fragment in `lang`."""
    cues = gap_cues(lang)
    if cues is None:
        return lambda fragment: fragment
    mark_html = (f'<span class="kb-gap" title="{html.escape(cues.title)}">{html.escape(cues.label)}</span>')

    def mark(fragment: str) -> str:
        pieces = _TAG.split(fragment)
        text, where = visible_text(pieces)
        gaps = _gaps(text, lang)
        if not gaps:
            return fragment
        inserts: dict[int, set[int]] = {}
        for gap in gaps:
            piece, offset = where(gap)
            inserts.setdefault(piece, set()).add(offset)
        for piece, offsets in inserts.items():
            value, cuts = pieces[piece], sorted(offsets)
            pieces[piece] = mark_html.join(value[a:b] for a, b in zip([0, *cuts], [*cuts, len(value)]))
        return "".join(pieces)

    return mark


def count_gaps(fragment: str, lang: str) -> int:
    """How many gaps `gap_marker` marks in an HTML fragment."""
    return len(_gaps(visible_text(_TAG.split(fragment))[0], lang))


@lru_cache(maxsize=2048)
def _gaps(text: str, lang: str) -> tuple[int, ...]:
    """find_gaps, cached: the deck and the site show the same card, whose visible text is the same in both
    (a formula is one OBJECT whether written as MathJax or MathML), and a formula card shows its answer
    in several fields."""
    return tuple(find_gaps(text, lang))


def visible_text(pieces: list[str]) -> tuple[str, Callable[[int], tuple[int, int]]]:
    """The prose of tag-split HTML as find_gaps reads it, and a function from a position in it to the
    (piece, offset) it comes from. Runs of text shown as written map one to one; a separator, an object
    or an entity maps to where it starts. Linear in the fragment's size (cards can be megabytes)."""
    parts: list[str] = []
    segments: list[tuple[int, int, int, bool]] = []     # (start in the text, piece, offset, as written)
    size = 0

    def add(value: str, piece: int, offset: int, written: bool) -> None:
        nonlocal size
        segments.append((size, piece, offset, written))
        parts.append(value)
        size += len(value)

    depth = 0
    for index, piece in enumerate(pieces):
        if index % 2:
            name = _TAG_NAME.match(piece)
            tag = name.group(1).lower() if name else ""
            closing = piece.startswith("</")
            if tag in _OBJECTS:
                if not closing and depth == 0:
                    add(OBJECT, index, 0, False)
                depth = max(0, depth + (-1 if closing else 1))
            elif depth == 0:
                add(OBJECT if tag in _VOID_OBJECTS else "\n" if tag in _BLOCKS else FORMAT_EDGE, index, 0, False)
        elif depth == 0 and piece:
            last = 0
            for found in _SPECIAL.finditer(piece):
                if found.start() > last:
                    add(piece[last:found.start()], index, last, True)
                value = found.group()
                add(html.unescape(value) if value[0] == "&" else OBJECT, index, found.start(), False)
                last = found.end()
            if last < len(piece):
                add(piece[last:], index, last, True)
    starts = [segment[0] for segment in segments]

    def where(position: int) -> tuple[int, int]:
        start, piece, offset, written = segments[bisect_right(starts, position) - 1]
        return piece, offset + (position - start if written else 0)

    return "".join(parts), where

"""A flashcard exported from Anki as Markdown: each field of the note is a section of its own, `## Front` with
the question and `## Back` with the answer (beside the exporter's `# Note` title, a fenced guid and a Tags
section; that title goes, as it is the same on every card and names none). The field names are the card's markup,
as `front::back` is: the front field is the question whatever its wording ("Define the sigmoid function.", a
question without a question mark, a prompt spread over an HTML list), and the back field is its answer.

The rewrite keeps every line where it was: the front's text, its lines joined and its HTML tags dropped, becomes a
labelled question heading (`## Q: ...`, a label kb's question finder reads and leaves out of the card; Anki's
inline math `\\(...\\)` written `$...$`, as card fronts write math) on the front's first line; the two field
headings and the front's other lines become blank, so the back's content is the question's answer. Field names per
language are data (kb/parse/data/card_fields.toml).
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# a block tag separates words (<li>Stride</li><li>Padding</li>); an inline one sits inside a word's run (<b>Sigmoid</b>.)
_BLOCK_TAG = re.compile(r"</?(?:div|p|br|li|ul|ol|table|tr|td|th|h\d|hr)\b[^<>]*>", re.I)
_TAG = re.compile(r"<[^<>]*>")
_INLINE_MATH = re.compile(r"\\\((.+?)\\\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_GUID = re.compile(r"^\s*guid:\s*\S")


def rewrite(text: str) -> str:
    lines = text.split("\n")
    headings = _headings(lines)
    names = _field_names()
    carded = False
    for (at, level, name), (next_at, next_level, next_name) in zip(headings, headings[1:]):
        if level != next_level or name.lower() not in names["front"] or next_name.lower() not in names["back"]:
            continue
        front = [k for k in range(at + 1, next_at) if lines[k].strip()]
        if not front or not any(lines[k].strip() for k in range(next_at + 1, _section_end(headings, next_at, lines))):
            continue   # a field without content is no card
        # Anki writes inline math \(...\); a card's front writes it $...$
        asked = _INLINE_MATH.sub(r"$\1$", " ".join(_TAG.sub("", _BLOCK_TAG.sub(" ", lines[k])) for k in front))
        asked = re.sub(r"\s+", " ", asked).strip()
        if not asked:
            continue
        for k in (at, *front, next_at):
            lines[k] = ""
        lines[front[0]] = f"{'#' * level} Q: {asked}"
        carded = True
    if carded:
        _drop_exporter_title(lines, headings)
    return "\n".join(lines)


def _drop_exporter_title(lines: list[str], headings: list[tuple[int, int, str]]) -> None:
    """The exporter heads every card's file `# Note` over the fenced guid: the same word on every page names
    none of them (the file's name does, as the exporter made it from the card)."""
    if not headings or headings[0][1:] != (1, "Note"):
        return
    at = headings[0][0]
    following = next((k for k in range(at + 1, len(lines)) if lines[k].strip()), None)
    fence_end = next((k for k in range((following or 0) + 1, len(lines)) if _FENCE.match(lines[k])), None)
    if following is not None and _FENCE.match(lines[following]) and fence_end is not None and any(
            _GUID.match(lines[k]) for k in range(following + 1, fence_end)):
        lines[at] = ""


def _headings(lines: list[str]) -> list[tuple[int, int, str]]:
    """(line, level, text) of each ATX heading outside code fences."""
    found, fenced = [], False
    for at, line in enumerate(lines):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced and (heading := _HEADING.match(line)):
            found.append((at, len(heading.group(1)), heading.group(2)))
    return found


def _section_end(headings: list[tuple[int, int, str]], at: int, lines: list[str]) -> int:
    return next((line for line, _level, _name in headings if line > at), len(lines))


@lru_cache(maxsize=1)
def _field_names() -> dict[str, frozenset[str]]:
    data = tomllib.loads(resources.files("kb.parse").joinpath("data/card_fields.toml").read_text("utf-8"))
    return {side: frozenset(name.lower() for table in data.values() for name in table[side]) for side in ("front", "back")}

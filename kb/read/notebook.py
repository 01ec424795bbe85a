"""Jupyter notebooks (.ipynb): the note is what the student wrote in the cells, as Markdown.

A notebook is a JSON document (nbformat 4: `{"cells": [{"cell_type": …, "source": …}], "metadata": …}`;
nbformat 3 kept its cells under `worksheets` and a code cell's text under `input`). Markdown cells are the
note's prose, headings and math; code cells become fenced code in the notebook's language. Outputs
(plots, printed values, tracebacks) are results of running the code, not notes, and raw cells are input to
nbconvert, not to a reader: both are left out.

Positions: Jupyter writes each line of a cell's source as its own JSON string on its own line of the file,
so each line of the extracted text is mapped to the file line holding its string. A source stored as one
string (other writers) maps all its lines to the line where that string starts.
"""
from __future__ import annotations

import json
import re

_BACKTICKS = re.compile(r"`+")
_CELL_SEPARATOR = ""  # a blank line between cells, so a heading never runs into the cell before it


def is_notebook(document: object) -> bool:
    """A parsed JSON document that is a Jupyter notebook (any nbformat)."""
    return isinstance(document, dict) and "nbformat" in document and (
        isinstance(document.get("cells"), list) or isinstance(document.get("worksheets"), list))


def read_notebook(text: str) -> tuple[str, tuple[int, ...]] | None:
    """The note inside a notebook's JSON text and, per line, the file line it came from; None when the
    text is not a notebook."""
    if not text.lstrip().startswith("{") or '"nbformat"' not in text:
        return None
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not is_notebook(document):
        return None
    locate = _LineLocator(text.split("\n"))
    language = _language(document)
    lines: list[str] = []
    line_map: list[int] = []
    for cell in _cells(document):
        block = _cell_lines(cell, language, locate)
        if not block:
            continue
        if lines:
            lines.append(_CELL_SEPARATOR)
            line_map.append(line_map[-1])
        lines.extend(line for line, _ in block)
        line_map.extend(file_line for _, file_line in block)
    return "\n".join(lines), tuple(line_map) or (1,)


def _cells(document: dict) -> list[dict]:
    if isinstance(document.get("cells"), list):
        return [cell for cell in document["cells"] if isinstance(cell, dict)]
    return [cell for sheet in document["worksheets"] if isinstance(sheet, dict)
            for cell in sheet.get("cells", ()) if isinstance(cell, dict)]


def _language(document: dict) -> str:
    metadata = document.get("metadata") or {}
    for key, field in (("kernelspec", "language"), ("language_info", "name")):
        value = (metadata.get(key) or {}).get(field)
        if isinstance(value, str) and value.strip():
            return value.strip().lower()
    return "python"


def _cell_lines(cell: dict, language: str, locate: _LineLocator) -> list[tuple[str, int]]:
    kind = cell.get("cell_type")
    if kind not in ("markdown", "code", "heading"):  # nbformat 3 had heading cells; raw cells are not notes
        return []
    source = cell.get("source", cell.get("input", ""))
    pieces = source if isinstance(source, list) else [source]
    block: list[tuple[str, int]] = []
    for piece in pieces:
        if not isinstance(piece, str):
            continue
        if piece:
            file_line = locate(piece)
            block.extend((line, file_line) for line in piece.rstrip("\n").split("\n"))
    while block and not block[-1][0].strip():
        block.pop()
    while block and not block[0][0].strip():
        block.pop(0)
    if not block:
        return []
    if kind == "heading":
        level = cell.get("level", 1) if isinstance(cell.get("level"), int) else 1
        return [("#" * max(1, min(level, 6)) + " " + " ".join(line for line, _ in block), block[0][1])]
    if kind == "code":
        fence = _fence(line for line, _ in block)
        return [(fence + language, block[0][1]), *block, (fence, block[-1][1])]
    return block


def _fence(lines) -> str:
    """A backtick fence longer than any backtick run inside the code, so the code cannot close it."""
    longest = max((len(run) for line in lines for run in _BACKTICKS.findall(line)), default=0)
    return "`" * max(3, longest + 1)


class _LineLocator:
    """Finds, moving forward through the file, the line where a source string is written."""

    def __init__(self, file_lines: list[str]) -> None:
        self._lines = file_lines
        self._next = 0

    def __call__(self, piece: str) -> int:
        wanted = {json.dumps(piece, ensure_ascii=False), json.dumps(piece)}
        for index in range(self._next, len(self._lines)):
            written = self._lines[index].rstrip().rstrip(",")  # a list element, or `"source": "…"`
            if any(written.endswith(form) for form in wanted):
                self._next = index + 1
                return index + 1
        return max(self._next, 1)

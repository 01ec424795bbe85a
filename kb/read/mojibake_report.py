"""Where the repair put characters back, in forms a reader can use: offsets into the text kb read
(`kb read --json`), and a listing of the guesses line by line (`kb repair`)."""
from __future__ import annotations

from kb.model import RestoredChar, SourceText


def restored_offsets(source: SourceText) -> list[tuple[int, RestoredChar]]:
    """Each restored character with its offset, in characters, into `source.text`.

    The repair counts lines of the repaired file; `line_map` says which file line each line of the text
    came from. A character is listed only where the text still holds it at that column (a page dump's
    extraction can rewrite a line, and then its repairs have no place in the text).
    """
    if source.repair is None:
        return []
    lines = source.text.split("\n")
    starts, at = [], 0
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    rows_of: dict[int, list[int]] = {}
    for row, file_line in enumerate(source.line_map or range(1, len(lines) + 1)):
        rows_of.setdefault(file_line, []).append(row)
    found = []
    for char in source.repair.restored:
        for row in rows_of.get(char.line, ()):
            if row < len(lines) and char.column < len(lines[row]) and lines[row][char.column] == char.char:
                found.append((starts[row] + char.column, char))
                break
    return found


def repairs_json(source: SourceText) -> dict:
    """`{"text": …, "repairs": [{"offset", "char", "alternatives", "certain"}, …]}` for one note."""
    return {"text": source.text,
            "repairs": [{"offset": offset, "char": char.char, "alternatives": list(char.alternatives),
                         "certain": char.certain} for offset, char in restored_offsets(source)]}


def guess_lines(text: str, restored: tuple[RestoredChar, ...], context: int = 6) -> list[str]:
    """One line per line of `text` holding guessed characters: `LINE: excerpt` then each guess."""
    by_line: dict[int, list[RestoredChar]] = {}
    for char in restored:
        if not char.certain:
            by_line.setdefault(char.line, []).append(char)
    lines = text.split("\n")
    listing = []
    for number in sorted(by_line):
        line = lines[number - 1]
        guesses = by_line[number]
        first, last = guesses[0].column, guesses[-1].column
        excerpt = line[max(first - context, 0):last + context + 1]
        described = ", ".join(f"{g.char} (col {g.column + 1}; or {' '.join(g.alternatives) or '-'})" for g in guesses)
        listing.append(f"{number}: {excerpt.strip()}  <- {described}")
    return listing

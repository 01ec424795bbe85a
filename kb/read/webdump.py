"""Find the note inside a web-page dump of a note editor and recover its Markdown structure.

A "dump" is the visible text of a note editor page (HackMD-like) saved as plain text: the editor's
menus come out as indented "•" trees, its dialogs and cheat sheet as short lines, and the note's
Markdown source as ONE line, because every run of whitespace in it (newlines, blank lines and list
indentation alike) was collapsed into a single space. Markers that must start a line in Markdown
(`#`, `- `, `1. `, `$$`, fences, table rows, ...) therefore appear mid-line, each after one space.

Recovery works on a *masked* copy of that line, where inline constructs that may legitimately contain
such markers (code, math, links, images, HTML tags, backslash escapes) are blanked out, so that a `#`
inside `\\#`, a URL fragment or math never starts a heading. Positions in the masked copy equal
positions in the line, so every cut found there slices the original text.

What cannot be recovered for certain is said plainly: where a heading's text ends and the paragraph under
it begins (both were on one line) is read from the words (kb.read.collapsed_headings); where a list
item's text ends, and the nesting depth of bullet lists, are not recovered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.read.collapsed_headings import split_collapsed_heading

# The editor's menu trees render as "•" bullets; a note written in Markdown uses "-", "*" or "1.".
_MENU_BULLET = re.compile(r"^[ \t]*• ", re.M)
_MIN_MENU_BULLETS = 5
# A collapsed note has several Markdown blocks on its line; a UI or cheat-sheet line has at most two.
_MIN_NOTE_PIECES = 4
_MIN_CHEAT_SHEET_RUN = 3
_MARKDOWN_START = re.compile(r"(?:#{1,6} |[-*>] |\d+\. |!?\[|\*\*|`{3}|~~|\$|:::|==|\+\+)")
_STRONG_KINDS = frozenset({"heading", "math", "fence", "table", "image"})
_STRONG_HINT = re.compile(r"#|\$\$|```|~~~|\||!\[")  # cheap test: can the line hold a strong kind?
# Characters str.splitlines() breaks on besides "\n": inside the note line they would desynchronise
# the output's lines from line_map.
_LINE_BREAKS = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

_MASK = "\x00"

# --- inline and block constructs to blank out before looking for block starts -------------------
_FENCE = re.compile(r"(?<!\S)(`{3,}|~{3,})(?:(?!\1).)*?\1(?!\S)")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_ESCAPE = re.compile(r"\\.")
_DISPLAY_MATH = re.compile(r"\$\$.+?\$\$")
# Pandoc's rule for inline math: no space just inside the dollars, no digit right after the closing one.
_INLINE_MATH = re.compile(r"\$(?=[^\s$])[^$]{0,400}?(?<=[^\s])\$(?!\d)")
_IMAGE = re.compile(r"!\[[^\]]{0,1000}\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_LINK = re.compile(r"\[[^\]]{0,1000}\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")
_TABLE_DELIMITER = re.compile(r"(?<!\S)\|(?: ?:?-+:? ?\|)+(?!\S)")

# --- block starts, each preceded by the single space that replaced a newline ---------------------
_HEADING = re.compile(r"(?:(?<= )|^)#{1,6}(?= \S)")
_BULLET = re.compile(r"(?:(?<= )|^)[-*](?= \S)")
_ORDERED = re.compile(r"(?:(?<= )|^)(\d{1,9})[.)](?= \S)")
_QUOTE = re.compile(r"(?:(?<= )|^)>(?= [^\s\d])")
_RULE = re.compile(r"(?:(?<= )|^)(?:-{3,}|\*{3,}|_{3,})(?= |$)")
_CONTAINER = re.compile(r"(?:(?<= )|^):::[\w-]*(?= |$)")
_FRONT_MATTER_KEY = re.compile(r"(?:(?<= )|^)[a-z_][\w-]*:(?= )")
_URL = re.compile(r"(?<= )https?://\S")
_ORDERED_LINE = re.compile(r"(\d{1,9}[.)] )")

# CommonMark's HTML block type 6 tags: a line starting with one is an HTML block until a blank line.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body caption center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p section summary table "
    "tbody td tfoot th thead tr ul".split()
)
# A block element short enough to be a caption holds inline text only: none of it starts a block.
_HTML_ELEMENT = re.compile(
    r"<(" + "|".join(sorted(_BLOCK_TAGS)) + r")\b[^<>]*>(?:(?!</?\1\b).){0,300}?</\1\s*>", re.I)


@dataclass
class _Cut:
    """A place where the collapsed line must be broken, and what the piece after it is."""
    kind: str = "text"
    blank_before: bool = False


class _Scan:
    """The collapsed line, a masked copy of it, and the cuts found so far."""

    def __init__(self, line: str) -> None:
        self.masked = line
        self.cuts: dict[int, _Cut] = {0: _Cut()}

    def cut(self, pos: int, kind: str = "text", blank: bool = False) -> None:
        cut = self.cuts.setdefault(pos, _Cut(kind))
        if kind != "text":
            cut.kind = kind
        cut.blank_before = cut.blank_before or blank

    def mask(self, pattern: re.Pattern[str]) -> list[re.Match[str]]:
        """Blank out every match of `pattern`, so later patterns cannot see inside it."""
        found = list(pattern.finditer(self.masked))
        self.masked = pattern.sub(lambda match: _MASK * len(match.group()), self.masked)
        return found

    def mask_span(self, start: int, end: int) -> None:
        self.masked = self.masked[:start] + _MASK * (end - start) + self.masked[end:]


def looks_like_webdump(text: str) -> bool:
    """True when `text` is an editor page dump: a "•" menu tree plus one line holding a collapsed note."""
    if len(_MENU_BULLET.findall(text)) < _MIN_MENU_BULLETS:
        return False
    return _note_line(text.split("\n"))[1] >= _MIN_NOTE_PIECES


def extract_webdump(text: str) -> tuple[str, tuple[int, ...]]:
    """Return (the note's Markdown, 1-based original line for each output line)."""
    index, _ = _note_line(text.split("\n"))
    source = _LINE_BREAKS.sub(" ", text.split("\n")[index])
    lines = _uncollapse(source.strip())
    return "\n".join(lines), (index + 1,) * len(lines)


def _note_line(lines: list[str]) -> tuple[int, int]:
    """The line holding the note (highest score, then longest) and its score."""
    cheat_sheet = _cheat_sheet_lines(lines)
    best, best_key = 0, (-1, -1)
    for i, line in enumerate(lines):
        stripped = line.strip()
        key = (0 if i in cheat_sheet else _note_score(stripped), len(stripped))
        if key > best_key:
            best, best_key = i, key
    return best, best_key[0]


def _cheat_sheet_lines(lines: list[str]) -> set[int]:
    """Lines of the editor's syntax cheat sheet: a run of adjacent lines, several of which open with
    Markdown syntax ("# Header Header", "- Unordered List", ...). The collapsed note stands alone."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            if _MARKDOWN_START.match(line.strip()):
                run.append(i)
            continue
        if len(run) >= _MIN_CHEAT_SHEET_RUN:
            found.update(run)
        run = []
    return found


def _note_score(line: str) -> int:
    """How many Markdown blocks the line holds, or 0 when none of them is one that prose never has
    (a heading, display math, a fence, a table or an image): "fast - cheap - simple" is not a note."""
    if not _STRONG_HINT.search(line):
        return 0
    kinds = [kind for kind, _, _ in _pieces(line)]
    return len(kinds) if _STRONG_KINDS.intersection(kinds) else 0


def _uncollapse(line: str) -> list[str]:
    """Turn one collapsed Markdown line back into Markdown lines."""
    out: list[str] = []
    for kind, piece, blank_before in _pieces(line):
        if blank_before and out:
            out.append("")
        out.extend(_FORMAT.get(kind, lambda p: [p])(piece))
    out = _front_matter(out)
    return _nest_under_ordered_items(out) or [""]


def _pieces(line: str) -> list[tuple[str, str, bool]]:
    """Slice the line at its block starts: (kind, stripped text, needs a blank line before)."""
    cuts = _find_cuts(line)
    positions = sorted(cuts)
    pieces: list[tuple[str, str, bool]] = []
    carry_blank = False
    for start, end in zip(positions, positions[1:] + [len(line)]):
        cut = cuts[start]
        piece = line[start:end].strip()
        if not piece:
            carry_blank = carry_blank or cut.blank_before
            continue
        pieces.append((cut.kind, piece, cut.blank_before or carry_blank))
        carry_blank = False
    return pieces


def _find_cuts(line: str) -> dict[int, _Cut]:
    scan = _Scan(line)
    _cut_code_and_math(scan)
    for match in scan.mask(_HTML_ELEMENT):
        scan.cut(match.start(), "html")
        scan.cut(match.end(), blank=True)
    images, links, tags = scan.mask(_IMAGE), scan.mask(_LINK), scan.mask(_HTML_TAG)
    tables = _cut_tables(scan)
    # images inside a link or a table, and tags inside a table, stay where they are
    covered = bytearray(len(line) + 1)
    for match in links:
        covered[match.start() + 1: match.end()] = b"\x01" * (match.end() - match.start() - 1)
    for start, end in tables:
        covered[start:end] = b"\x01" * (end - start)

    for match in images:
        if not covered[match.start()]:
            scan.cut(match.start(), "image")
            scan.cut(match.end())
    for match in tags:
        if match.group(2).lower() in _BLOCK_TAGS and not covered[match.start()]:
            # an HTML block runs until a blank line, so a closing block tag must be followed by one
            if match.group(1):
                scan.cut(match.end(), blank=True)
            else:
                scan.cut(match.start(), "html")
    _cut_block_starts(scan)
    return scan.cuts


def _cut_code_and_math(scan: _Scan) -> None:
    for match in scan.mask(_FENCE):
        scan.cut(match.start(), "fence", blank=True)
        scan.cut(match.end(), blank=True)
    scan.mask(_INLINE_CODE)
    scan.mask(_ESCAPE)
    # a $$ block inside a list item's paragraph would be taken as its text: blank lines around it
    for match in scan.mask(_DISPLAY_MATH):
        scan.cut(match.start(), "math", blank=True)
        scan.cut(match.end(), blank=True)
    scan.mask(_INLINE_MATH)


def _cut_tables(scan: _Scan) -> list[tuple[int, int]]:
    spans = []
    for start, end, rows in _find_tables(scan.masked):
        scan.mask_span(start, end)
        for row in rows:
            scan.cut(row, "table", blank=row == start)
        scan.cut(end, blank=True)
        spans.append((start, end))
    return spans


def _cut_block_starts(scan: _Scan) -> None:
    for pattern, kind in ((_HEADING, "heading"), (_BULLET, "item"), (_QUOTE, "quote")):
        for match in pattern.finditer(scan.masked):
            scan.cut(match.start(), kind)
    for match in _RULE.finditer(scan.masked):
        scan.cut(match.start(), "rule", blank=True)
        scan.cut(match.end(), blank=True)
    for match in _CONTAINER.finditer(scan.masked):
        scan.cut(match.start(), "container")
        scan.cut(match.end())
    _cut_ordered_items(scan)


def _cut_ordered_items(scan: _Scan) -> None:
    """Cut before `N. ` only when it continues a list (1, then 2, ...): "is 9. Then" is prose."""
    headings = [m.start() for m in _HEADING.finditer(scan.masked)]
    numbers_of_headings = {m.end() + 1 for m in _HEADING.finditer(scan.masked)}
    last, heading_index = 0, 0
    for match in _ORDERED.finditer(scan.masked):
        while heading_index < len(headings) and headings[heading_index] < match.start():
            last, heading_index = 0, heading_index + 1
        if match.start() in numbers_of_headings:
            continue  # "# 1. Setup" is a numbered heading, not a heading marker and a list item
        number = int(match.group(1))
        if number == 1 or number == last + 1:
            scan.cut(match.start(), "item")
            last = number


def _find_tables(masked: str) -> list[tuple[int, int, list[int]]]:
    """Pipe tables as (start, end, row starts): the header and body rows have as many pipes as the
    delimiter row, which is the only way to tell where one collapsed row ends and the next begins."""
    tables: list[tuple[int, int, list[int]]] = []
    for delimiter in _TABLE_DELIMITER.finditer(masked):
        if tables and delimiter.start() < tables[-1][1]:
            continue  # a body row of dashes, like "| - |"
        pipes = delimiter.group().count("|")
        header = _walk_pipes(masked, delimiter.start() - 2, pipes, step=-1)
        if header is None or (header > 0 and masked[header - 1] != " "):
            continue
        rows, end = [header, delimiter.start()], delimiter.end()
        while end + 1 < len(masked) and masked[end] == " " and masked[end + 1] == "|":
            row_end = _walk_pipes(masked, end + 1, pipes, step=1)
            if row_end is None or (row_end + 1 < len(masked) and masked[row_end + 1] != " "):
                break
            rows.append(end + 1)
            end = row_end + 1
        tables.append((header, end, rows))
    return tables


def _walk_pipes(masked: str, pos: int, count: int, step: int) -> int | None:
    """Position of the `count`-th pipe walking from `pos` (which must be a pipe) in direction `step`."""
    if not 0 <= pos < len(masked) or masked[pos] != "|":
        return None
    seen = 0
    while 0 <= pos < len(masked):
        if masked[pos] == "|":
            seen += 1
            if seen == count:
                return pos
        pos += step
    return None


def _format_math(piece: str) -> list[str]:
    body = piece[2:-2].strip()
    return ["$$", body, "$$"] if body else ["$$", "$$"]


def _format_fence(piece: str) -> list[str]:
    opening = re.match(r"`{3,}|~{3,}", piece)
    fence = opening.group() if opening else ""
    if not fence or not piece.endswith(fence) or len(piece) < 2 * len(fence):
        return [piece]
    inner = piece[len(fence): -len(fence)]
    info, _, body = inner.partition(" ") if inner[:1] not in ("", " ") else ("", "", inner)
    lines = [fence + info]
    if body.strip():
        lines.append(body.strip())
    return lines + [fence]


def _format_heading(piece: str) -> list[str]:
    """The heading, then the text the collapse joined to it: a bare URL (a heading cannot hold one on its
    own line) or the paragraph under it (kb.read.collapsed_headings)."""
    url = _URL.search(piece)
    heading, below = (piece, "") if url is None else (piece[: url.start()].rstrip(), piece[url.start():])
    marker, _, text = heading.partition(" ")
    title, paragraph = split_collapsed_heading(text)
    lines = [f"{marker} {title}"]
    return lines + [part for part in (paragraph, below) if part]


_FORMAT = {"math": _format_math, "fence": _format_fence, "heading": _format_heading}


def _front_matter(lines: list[str]) -> list[str]:
    """`--- title: x tags: y ---` at the very top is YAML front matter: one key per line."""
    if not lines or lines[0] != "---" or "---" not in lines[1:]:
        return lines
    end = lines.index("---", 1)
    body = [line for line in lines[1:end] if line]
    if not body or not _FRONT_MATTER_KEY.match(body[0]):
        return lines
    keys = [key for line in body for key in _split_keys(line)]
    return ["---", *keys, "---", *lines[end + 1:]]


def _split_keys(line: str) -> list[str]:
    """Break "title: a b tags: c" before each key, unless the previous key has no value yet."""
    parts, start = [], 0
    for match in _FRONT_MATTER_KEY.finditer(line):
        segment = line[start:match.start()].strip()
        if segment and " " in segment:
            parts.append(segment)
            start = match.start()
    return parts + [line[start:].strip()]


def _nest_under_ordered_items(lines: list[str]) -> list[str]:
    """Lines between `1.` and `2.` belong to item 1: indent them by the item's marker width, so that
    the bullets that were nested under numbered items stay nested (and `2.` continues the same list)."""
    out, indent = [], 0
    for line in lines:
        marker = _ORDERED_LINE.match(line)
        if marker:
            indent = len(marker.group(1))
            out.append(line)
        elif line.startswith("#") or line in ("---", "***", "___"):
            indent = 0
            out.append(line)
        else:
            out.append(" " * indent + line if line else line)
    return out

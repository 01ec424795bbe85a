"""Find the article in a MediaWiki page saved as text, and give it back as Markdown.

A browser's "save as text" keeps every visible line of the page: the site's menus, the table of contents
and the tab bar above the article, the "Retrieved from" line, categories and the footer below it. Inside
the article, each section heading is a line that ends in its edit link (`Training[edit]`), rendered
formulas keep their TeX source as `{\\displaystyle ...}`, and footnote markers (`[1]`) and citation
backlinks (`^`) are links, not text. The per-language wording of the edit link, the line that opens the
article and the one that ends it are data (`data/wikidump.toml`).

The article starts after its tagline (`From Wikipedia, the free encyclopedia`), else after the last line
of the numbered table of contents, and ends at the "Retrieved from" line, else at the end of the text.
Section levels come from the numbered table of contents (`2.1 Training` is a level-3 heading); a
heading it does not list is level 2.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources
from urllib.parse import parse_qs, unquote, urlparse

MIN_SECTIONS = 2
_TOC_ENTRY = re.compile(r"^\s*(\d+(?:\.\d+)*)\s+(\S.*?)\s*$")
_FOOTNOTE = re.compile(r"\[(?:\d+|[a-z]|note \d+|citation needed|clarification needed)\]")
_BACKLINK = re.compile(r"^\s*\^(?:\s+[a-z]\b)*\s*")
_TEX_START = "{\\displaystyle"
_URL = re.compile(r"https?://[^\s\"“”«»„]+")
# characters str.splitlines() breaks on besides "\n": inside a line they would desynchronise the output's
# lines from line_map
_LINE_BREAKS = re.compile(r"[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@lru_cache(maxsize=1)
def _data() -> dict[str, list[str]]:
    return tomllib.loads(resources.files("kb.read").joinpath("data/wikidump.toml").read_text("utf-8"))


def _heading(line: str) -> str | None:
    """The heading's text when the line is a section heading (ends in an edit link), else None."""
    stripped = line.rstrip()
    for link in _data()["edit_links"]:
        if stripped.endswith(link) and len(stripped) > len(link):
            return stripped[: -len(link)].strip()
    return None


def looks_like_wikidump(text: str) -> bool:
    """True when at least two lines are section headings with their edit links."""
    count = 0
    for line in text.split("\n"):
        if _heading(line) is not None:
            count += 1
            if count >= MIN_SECTIONS:
                return True
    return False


def extract_wikidump(text: str) -> tuple[str, tuple[int, ...]]:
    """Return (the article as Markdown, 1-based original line for each output line)."""
    lines = text.split("\n")
    start, end = _article_span(lines)
    levels = _toc_levels(lines[:start])
    out: list[str] = []
    line_map: list[int] = []

    def emit(line: str, source: int) -> None:
        if out:
            out.append("")
            line_map.append(source)
        out.append(line)
        line_map.append(source)

    title = _title(lines[end]) if end < len(lines) else None
    if title:
        emit("# " + _LINE_BREAKS.sub(" ", title), start + 1)
    for index in range(start, end):
        line = _LINE_BREAKS.sub(" ", lines[index]).strip()
        if not line:
            continue
        heading = _heading(line)
        if heading is not None:
            emit("#" * levels.get(heading, 2) + " " + heading, index + 1)
        elif text_line := _inline_math(_FOOTNOTE.sub("", _BACKLINK.sub("", line))).strip():
            emit(text_line, index + 1)
    return "\n".join(out), tuple(line_map) or (1,)


def _article_span(lines: list[str]) -> tuple[int, int]:
    data = _data()
    taglines = {t.strip() for t in data["taglines"]}
    start = next((i + 1 for i, line in enumerate(lines) if line.strip() in taglines), None)
    if start is None:
        first_heading = next((i for i, line in enumerate(lines) if _heading(line) is not None), 0)
        toc = [i for i in range(first_heading) if _TOC_ENTRY.match(lines[i])]
        start = toc[-1] + 1 if toc else 0
    end = next((i for i in range(start, len(lines)) if lines[i].startswith(tuple(data["endings"]))), len(lines))
    return start, end


def _toc_levels(lines: list[str]) -> dict[str, int]:
    """Heading text -> Markdown level, from the numbered table of contents (`1 History`, `2.1 Training`)."""
    levels: dict[str, int] = {}
    for line in lines:
        entry = _TOC_ENTRY.match(line)
        if entry:
            levels.setdefault(entry.group(2), min(6, entry.group(1).count(".") + 2))
    return levels


def _title(ending: str) -> str | None:
    """The page's title from its address on the "Retrieved from" line (`title=` or `/wiki/Name`)."""
    url = _URL.search(ending)
    if url is None:
        return None
    try:
        parsed = urlparse(url.group().rstrip("”\"»“"))
    except ValueError:  # a bracketed host that is no IP address (http://[x]/): no page's address
        return None
    name = parse_qs(parsed.query).get("title", [""])[0] or parsed.path.rsplit("/wiki/", 1)[-1]
    return unquote(name).replace("_", " ").strip() or None


def _inline_math(line: str) -> str:
    """`{\\displaystyle x^{2}}` (a formula's TeX as the page keeps it) -> `$x^{2}$`."""
    out, at = [], 0
    while (start := line.find(_TEX_START, at)) >= 0:
        depth, index = 0, start
        while index < len(line):
            depth += {"{": 1, "}": -1}.get(line[index], 0)
            if depth == 0:
                break
            index += 1
        if depth:
            break   # unbalanced: leave the rest as it is
        out.append(line[at:start] + "$" + line[start + len(_TEX_START): index].strip() + "$")
        at = index + 1
    return "".join(out) + line[at:]

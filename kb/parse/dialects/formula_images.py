"""Formulas written as images of a TeX-rendering service's URL (`<img src="https://latex.codecogs.com/
gif.latex?\\frac{1}{2}">`, `![](https://www.zhihu.com/equation?tex=...)`) are formulas: the URL carries the
formula's TeX, so it is read as math (`$$..$$` when the image stands alone on its line, `$..$` inside a line).

GitHub rendered no math in READMEs until 2022, so notes written there used such images; Zhihu writes every
formula so. The services, where each keeps the TeX and how it is encoded are data
(`kb/parse/data/formula_images.toml`). An image whose URL cannot be read for certain stays an image.
"""
from __future__ import annotations

import html
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import SplitResult, parse_qs, unquote, unquote_plus, urlsplit

from kb.parse.dialects.prose import rewrite_prose

_HTML_IMAGE = re.compile(r"""<img\b[^<>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'<>]+))[^<>]*>""", re.I)
_MARKDOWN_IMAGE = re.compile(r"!\[[^\[\]]*\]\(")
# an entity with its semicolon: in an attribute, browsers leave `&not` or `&times` without one as written
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);")
# what may stand around an image that is alone on its line: layout tags (`<p align="center">`, `<br>`)
_LAYOUT_ONLY = re.compile(r"^(?:\s|</?[A-Za-z][^<>]*>)*$")
_TAG_LINE = re.compile(r"^\s*</?[A-Za-z][^<>]*>\s*$")


@dataclass(frozen=True)
class _Service:
    hosts: tuple[str, ...]
    paths: tuple[str, ...] = ()
    path_prefixes: tuple[str, ...] = ()
    query: bool = False
    parameter: str = ""
    require: tuple[tuple[str, str], ...] = ()
    entities: tuple[tuple[str, str], ...] = ()
    options: re.Pattern | None = None


@lru_cache(maxsize=1)
def _services() -> tuple[_Service, ...]:
    data = tomllib.loads(resources.files("kb.parse").joinpath("data/formula_images.toml").read_text("utf-8"))
    services = []
    for entry in data["service"]:
        options = entry.get("options", [])
        services.append(_Service(
            hosts=tuple(entry["hosts"]), paths=tuple(entry.get("paths", ())),
            path_prefixes=tuple(entry.get("path_prefixes", ())), query=entry.get("query", False),
            parameter=entry.get("parameter", ""), require=tuple(entry.get("require", {}).items()),
            entities=tuple(entry.get("entities", {}).items()),
            options=re.compile(r"^\s*(?:" + "|".join(options) + r")\s*") if options else None))
    return tuple(services)


def rewrite(text: str) -> str:
    if "<img" not in text.lower() and "![" not in text:
        return text
    return rewrite_prose(text, _rewrite_prose)


def _rewrite_prose(prose: str) -> str:
    lines = prose.split("\n")
    for index, line in enumerate(lines):
        if "<img" in line.lower() or "![" in line:
            lines[index] = _rewrite_line(line, lines[index - 1] if index else "")
    return "\n".join(lines)


def _rewrite_line(line: str, previous: str) -> str:
    images = [(start, end, tex) for start, end, url in _images(line) if (tex := formula_tex(url)) is not None]
    if not images:
        return line
    bounds = [0] + [i for start, end, _ in images for i in (start, end)] + [len(line)]
    rest = "".join(line[bounds[i]:bounds[i + 1]] for i in range(0, len(bounds), 2))
    if len(images) == 1 and _LAYOUT_ONLY.match(rest):
        # alone on its line: a display formula. Indentation inside an HTML wrapper is the HTML's layout,
        # not Markdown's (four spaces there would make the formula a code block)
        indent = "" if _TAG_LINE.match(previous) else line[:len(line) - len(line.lstrip())]
        return f"{indent}$${images[0][2]}$$"
    out, last = [], 0
    for start, end, tex in images:
        out += [line[last:start], f"${tex}$"]
        last = end
    return "".join(out + [line[last:]])


def _images(line: str) -> list[tuple[int, int, str]]:
    """(start, end, URL) of each image on a line, HTML or Markdown, in order."""
    found = [(m.start(), m.end(), next(g for g in m.groups() if g is not None)) for m in _HTML_IMAGE.finditer(line)]
    for match in _MARKDOWN_IMAGE.finditer(line):
        destination = _destination(line, match.end())
        if destination is not None:
            found.append((match.start(), destination[1], destination[0]))
    return sorted(found)


def _destination(line: str, start: int) -> tuple[str, int] | None:
    """A Markdown image's URL (CommonMark: balanced parentheses allowed, or `<...>`) and the index after
    its closing parenthesis, a title after the URL allowed."""
    if line.startswith("<", start):
        close = line.find(">", start)
        url, index = (line[start + 1:close], close + 1) if close > 0 else (None, 0)
    else:
        depth, index = 0, start
        while index < len(line) and not line[index].isspace():
            depth += {"(": 1, ")": -1}.get(line[index], 0)
            if depth < 0:
                break
            index += 1
        url = line[start:index]
    if url is None:
        return None
    title = re.compile(r"""\s*(?:"[^"]*"|'[^']*')?\s*\)""").match(line, index)
    return (url, title.end()) if title else None


def formula_tex(url: str) -> str | None:
    """The TeX of a formula image's URL (entities of the HTML or Markdown around it decoded first), or
    None when the URL is no TeX-rendering service's or its TeX cannot be read."""
    url = _ENTITY.sub(lambda m: html.unescape(m.group(0)), url.strip())
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # a bracketed host that is no IP address (http://[x]/): no service's URL
        return None
    for service in _services():
        if not any(host == h or host.endswith("." + h) for h in service.hosts):
            continue
        tex = _service_tex(service, parts, url.partition("?")[2])
        if tex is None:
            continue
        if service.options is not None:
            while (option := service.options.match(tex)) and option.end() > 0:
                tex = tex[option.end():]
        tex = tex.strip()
        # a `$` would end the math kb writes around it; a line break splits the line
        return tex if tex and "$" not in tex and "\n" not in tex else None
    return None


def _service_tex(service: _Service, parts: SplitResult, query: str) -> str | None:
    """The TeX in a URL of `service` (`query`: everything after the first `?`, a `#` of the TeX kept)."""
    if service.path_prefixes:
        prefix = next((p for p in service.path_prefixes if parts.path.startswith(p)), None)
        return unquote(parts.path[len(prefix):]) if prefix else None
    if not parts.path.endswith(service.paths):
        return None
    if service.parameter:
        fields = parse_qs(parts.query, keep_blank_values=True)
        if any(fields.get(name, [None])[0] != value for name, value in service.require):
            return None
        return fields.get(service.parameter, [None])[0]
    if service.query:
        for entity, text in service.entities:
            query = query.replace(entity, text)
        # a form encoder escapes a plus as %2B and writes a space as `+`; by hand, `+` is the plus typed. A query
        # that writes a space as %20 was escaped by a URL encoder (JavaScript's encodeURI), which keeps `+` as is.
        upper = query.upper()
        encoded = ("%2B" in upper or ("\\" not in query and "%5C" in upper)) and "%20" not in upper
        return unquote_plus(query) if encoded else unquote(query)
    return None

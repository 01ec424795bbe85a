"""Pandoc's Markdown as Quarto and R Markdown pages write it: attributes and fenced divs.

Attributes after a display formula's closing `$$` (`$$ {#eq-conv}`, Quarto's equation label) and after a
heading (`## Receptive field {#sec-rf}`, `{.unnumbered}`) label the block for cross-references: not text, and
a `$$` with a label after it must still close its formula.

Fenced divs: `::: {.callout-note title="…"}` … `:::`, `:::{#fig-id}` … `:::`, `:::: {.columns}` … `::::`, and
beamer's layout divs named without braces (`::: columns`, `:::: column`, `::: incremental`). The
fences are markup, never text: a line of colons left in would join the paragraph next to it. A div's fences are
paired as Pandoc pairs them (a closing fence closes the innermost open div), across the code chunks a callout
may hold. The body is Markdown, read as the page's own text (Quarto draws a callout as a box, not a quote), so
a question in it is found as anywhere else and an answer collapsed under it (`<details>`) answers it. A
callout's title (its `title` attribute, or a heading that opens its body, which Quarto shows as the title)
becomes a bold line of its own: a title that asks is a question like a bold line ("Why do we pool?"), one that
names ("Learning Objectives") stays a line of text, and one that labels a question without asking it
("Question: Patterns at different locations", "Quiz: Cat or dog") names the box whose body asks, so it is
left out. Every line stays on its line."""
from __future__ import annotations

import re

from kb.parse.dialects.prose import code_lines, rewrite_prose
from kb.parse.questions import names_a_box

_MATH_LABEL = re.compile(r"^(?P<kept>\s*(?:.*\S)?\$\$)[ \t]*\{#[\w:.-]+\}[ \t]*$", re.M)
_HEADING_ATTRIBUTES = re.compile(r"^(?P<kept>\s{0,3}#{1,6}[ \t].*?\S)[ \t]+\{(?:[.#][\w:-]+|[\w-]+=\S+)(?:[ \t]+(?:[.#][\w:-]+|[\w-]+=\S+))*\}[ \t]*$", re.M)
# `::: columns` and `:::: column` (beamer's layout) and `::: incremental` name their class without braces
_OPEN = re.compile(r"^ {0,3}:{3,}\s*(?:\{(?P<attributes>[^{}]*)\}|(?P<layout>columns|column|incremental|nonincremental)"
                   r"(?:\s+\{[^{}]*\})?)\s*:*\s*$")
_CLOSE = re.compile(r"^ {0,3}:{3,}\s*$")
_CALLOUT = re.compile(r"(?:^|\s)\.callout-[\w-]+")
_TITLE = re.compile(r"""(?:^|\s)title\s*=\s*(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
_HEADING = re.compile(r"^ {0,3}#{1,6}\s+(?P<title>.+?)(?:\s+#+)?\s*$")


def rewrite(text: str) -> str:
    if "{" not in text and ":::" not in text:
        return text
    text = rewrite_prose(text, _attributes_dropped)
    return _divs_rewritten(text) if ":::" in text else text


def _attributes_dropped(prose: str) -> str:
    return _HEADING_ATTRIBUTES.sub(r"\g<kept>", _MATH_LABEL.sub(r"\g<kept>", prose))


def _divs_rewritten(text: str) -> str:
    """Fences found outside code only, but paired across it: a callout often holds a code chunk."""
    lines = text.split("\n")
    code = code_lines(lines)
    out = list(lines)
    for start, end in _divs([line if index not in code else "" for index, line in enumerate(lines)]):
        attributes = _OPEN.match(lines[start]).group("attributes") or ""  # type: ignore[union-attr]
        out[start], out[end] = "", ""
        if _CALLOUT.search(attributes):
            _set_title(out, start, end, attributes)
    return "\n".join(out)


def _divs(lines: list[str]) -> list[tuple[int, int]]:
    """(opening line, closing line) of every div whose fences pair up; a fence left open is text."""
    pairs: list[tuple[int, int]] = []
    opened: list[int] = []
    for index, line in enumerate(lines):
        if _OPEN.match(line):
            opened.append(index)
        elif _CLOSE.match(line) and opened:
            pairs.append((opened.pop(), index))
    return pairs


def _set_title(out: list[str], start: int, end: int, attributes: str) -> None:
    """The callout's title as a bold line on its opening fence's line (or on the heading's that gives it)."""
    title = _TITLE.search(attributes)
    if title:
        out[start] = _bold(title.group("double") if title.group("double") is not None else title.group("single"))
        return
    first = next((index for index in range(start + 1, end) if out[index].strip()), None)
    heading = _HEADING.match(out[first]) if first is not None else None
    if heading:
        out[first] = _bold(heading.group("title"))


def _bold(title: str) -> str:
    title = " ".join(title.split())
    return f"**{title}**" if title and not names_a_box(title) else ""

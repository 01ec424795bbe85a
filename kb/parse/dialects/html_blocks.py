"""HTML that note editors write around Markdown (Typora, Notion exports, GitHub READMEs):

- a heading written as HTML on a line of its own (`<h1 align="center">Title</h1>`) is that heading;
- asides and collapsible sections (Notion's `<aside>`, `<details><summary>Q</summary> A </details>`) are
  quoted asides whose first line is the summary, like admonitions; a collapsed section whose summary only
  labels an answer (`<summary>Answer</summary>`, `<summary>答案</summary>`) is the answer to the line above it;
- lines that only open or close a layout wrapper (`<div align="center">`, `</div>`, `<p>`) are dropped,
  and a line wrapped whole in one (`<p>…</p>`) or opened by a `<p>` that no `</p>` closes (as Anki's editor
  writes its fields) keeps only its content, so the Markdown inside them is read as Markdown;
- `&nbsp;` is a space.
Other inline HTML stays: the renderer shows what is harmless and the sanitizer removes the rest.
"""
from __future__ import annotations

import html
import re

from kb.parse.dialects.prose import code_lines, rewrite_prose
from kb.parse.questions import is_answer_summary

_HEADING = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>\s*$", re.I)
_WRAPPER = re.compile(r"^\s*</?(?:div|p|span|section|article|main|header|footer)\b[^>]*>\s*$", re.I)
# `<p>Range: $\sigma(x) \in (0, 1)$</p>` on one line: Markdown would read the whole line as raw HTML (its math and
# emphasis unread), though an editor that writes it (Typora, READMEs) renders the Markdown inside.
_WRAPPED_LINE = re.compile(r"^\s*<(p|div|span)\b[^>]*>(.*)</\1>\s*$", re.I)
# `<p>Sie bestimmt ...` with no `</p>`: HTML closes a paragraph at the next block, and Anki's editor writes its
# fields so (each line opens a <p> and none closes); the text after the tag is the line's content
_OPENED_LINE = re.compile(r"^\s*<p\b[^>]*>(?!.*</p>)(.*\S.*)$", re.I)
_ASIDE_OPEN = re.compile(r"^\s*<(aside|details)\b[^>]*>\s*(?:<summary\b[^>]*>(.*?)</summary>)?\s*(.*)$", re.I)
_SUMMARY = re.compile(r"^\s*<summary\b[^>]*>(.*?)</summary>\s*$", re.I)
_TAG = re.compile(r"<[^>]+>")
_PHRASING_TAG = re.compile(r"</?(?:a|abbr|b|code|em|i|kbd|mark|s|small|span|strong|sub|sup|u)\b[^>]*>", re.I)
_INDENTED_TAG = re.compile(r"^ {4,}(</?[A-Za-z][^<>]*>.*)$")
# Notion starts every aside with its icon (💡, ⚠️, 🤔): decoration, not words.
_ICON = re.compile(r"^\s*[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF][\uFE0F\u200D\U0001F3FB-\U0001F3FF]*\s*")


def rewrite(text: str) -> str:
    if "<" not in text and "&nbsp;" not in text:
        return text
    return rewrite_prose(_answers_around_code(text), _rewrite_prose)


def _answers_around_code(text: str) -> str:
    """A collapsed answer that holds a code block (`<details><summary>Show answer</summary>` … ```` ```python ````
    … `</details>`, as course pages hide worked code): the answer, as below, though its tags lie in different
    stretches of prose. Tags inside code are code."""
    if "<details" not in text.lower():
        return text
    lines = text.split("\n")
    code = code_lines(lines)
    for index in range(len(lines)):
        aside = _ASIDE_OPEN.match(lines[index]) if index not in code else None
        if aside is None or aside.group(1).lower() != "details":
            continue
        close = re.compile(rf"</{aside.group(1)}\s*>\s*$", re.I)
        end = next((i for i in range(index, len(lines)) if i not in code and close.search(lines[i])), None)
        if end is not None and any(i in code for i in range(index, end)):
            lines[index:end + 1] = _revealed_answer(lines, index, end, aside) or lines[index:end + 1]
    return "\n".join(lines)


def _rewrite_prose(prose: str) -> str:
    lines = prose.replace("&nbsp;", " ").split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        aside = _ASIDE_OPEN.match(line)
        if aside and (end := _closing(lines, index, aside.group(1))) is not None:
            out.extend(_revealed_answer(lines, index, end, aside) or _quoted(lines, index, end, aside))
            index = end + 1
            continue
        if (heading := _HEADING.match(line)) is not None and (title := inline_text(heading.group(2))):
            out.append(f"{'#' * int(heading.group(1))} {title}")
        else:
            line = _html_indent_dropped(lines, index)
            wrapped = _WRAPPED_LINE.match(line) or _OPENED_LINE.match(line)
            out.append("" if _WRAPPER.match(line) else wrapped.group(wrapped.lastindex).strip() if wrapped else line)
        index += 1
    return "\n".join(out)


def _html_indent_dropped(lines: list[str], index: int) -> str:
    """`<figure>` / `    <img …>` / `        <figcaption>…</figcaption>`: inside HTML, an author indents elements to
    lay out the source; once a wrapper line between them is dropped, Markdown would read the indented element as a
    code block. A line of four spaces or more that starts with a tag, right after another line of HTML, is HTML."""
    line = lines[index]
    indented = _INDENTED_TAG.match(line)
    if indented is None:
        return line
    before = next((lines[k] for k in range(index - 1, -1, -1) if lines[k].strip()), "")
    return indented.group(1) if before.lstrip().startswith("<") else line


def inline_text(fragment: str) -> str:
    """The text of an HTML fragment, tags removed and entities decoded. A tag that sets words in a line
    (`<strong>bias</strong>,`) goes without a trace; any other (`<br>`, `<p>`) parts words."""
    return " ".join(html.unescape(_TAG.sub(" ", _PHRASING_TAG.sub("", fragment))).split())


def _summary_title(summary: str) -> str:
    """A collapsed section's summary as the bold line that opens its quote: it is the section's title, and a
    title that asks ("Giải thích cơ chế Dropout", "Why not accuracy") is a question as a heading is."""
    text = inline_text(summary)
    return f"**{text}**" if text and "**" not in text and "__" not in text else text


def _closing(lines: list[str], start: int, tag: str) -> int | None:
    close = re.compile(rf"</{tag}\s*>\s*$", re.I)
    return next((i for i in range(start, len(lines)) if close.search(lines[i])), None)


def _revealed_answer(lines: list[str], start: int, end: int, aside: re.Match) -> list[str] | None:
    """`<details><summary>Answer</summary> … </details>` under a question, as interview repositories hide their
    answers: the answer, unquoted, under an "A:" label on the open tag's line and with no blank line after it, so
    that it follows the question line above it as a labelled answer does (kb.parse.questions), in a Markdown note
    and in a plain-text outline alike; as many lines as there were. None for any other summary."""
    closing = re.compile(rf"</{aside.group(1)}\s*>\s*$", re.I)
    if start == end:  # all on one line
        first, body = closing.sub("", aside.group(3) or ""), []
    else:
        first, body = aside.group(3) or "", lines[start + 1:end] + [closing.sub("", lines[end])]
    summary = aside.group(2)
    if summary is None:
        at = next((i for i, line in enumerate(body) if line.strip()), None)
        found = _SUMMARY.match(body[at]) if at is not None else None
        if found is None:
            return None
        summary, body = found.group(1), body[:at] + body[at + 1:] + [""]
    if not is_answer_summary(inline_text(summary)):
        return None
    filled = [line for line in body if line.strip()]
    indent = min((len(line) - len(line.lstrip()) for line in filled), default=0)
    body = [line[indent:] for line in body]
    if not first.strip() and body and body[0].strip() == "":   # `<details><summary>…</summary>` then a blank line
        body = body[1:] + [""]
    return [f"A: {first.strip()}".rstrip()] + body


def _quoted(lines: list[str], start: int, end: int, aside: re.Match) -> list[str]:
    """Lines start..end (the open and close tags included) as a quote, as many lines as there were. A tag
    alone on its line leaves a blank line, so the quote starts at its first words; a summary goes first."""
    tag = aside.group(1)
    first = " ".join(part for part in (_summary_title(aside.group(2) or ""), aside.group(3) or "") if part.strip())
    body = [first] + lines[start + 1:end + 1]
    body[-1] = re.sub(rf"</{tag}\s*>\s*$", "", body[-1], flags=re.I)
    summaries = [i for i, line in enumerate(body) if _SUMMARY.match(line)]
    if not body[0].strip() and summaries:
        body[0], body[summaries[0]] = _summary_title(_SUMMARY.match(body[summaries[0]]).group(1)), ""
    filled = [i for i, line in enumerate(body) if line.strip()]
    if not filled:
        return [""] * len(body)
    body[filled[0]] = _ICON.sub("", body[filled[0]])
    return ["" if i < filled[0] or i > filled[-1] else (f"> {line}".rstrip() if line.strip() else ">")
            for i, line in enumerate(body)]

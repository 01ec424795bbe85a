"""A note's title: its front matter's title, else its first top-level heading, else a name made from its
file name. A title is text: never a fence, a rule line or markup."""
from __future__ import annotations

import re
from urllib.parse import unquote

from kb.parse.dialects import markdown_parser
from kb.parse.icons import without_icons

_NOTION_ID = re.compile(r"[\s_-]+[0-9a-f]{32}$", re.I)            # "Lecture 3 0f1e...9a" (Notion export)
_DATE_PREFIX = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}[-_ ]+")         # "2021-03-04-my-post" (Jekyll, Hugo)
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,8}$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_WORD = re.compile(r"\w")
_QUESTION = re.compile(r"[?？]\s*$")
_ATX = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
# "Đạo hàm ma trận :": a heading that introduces what follows ends with a colon; the colon is no part of its name
_INTRODUCING = re.compile(r"\s*[:：]\s*$")
_TEXT_TOKENS = ("text", "code_inline", "wikilink")
_MATH_TOKENS = ("math_inline", "math_inline_double")


def plain_text(markdown: str) -> str:
    """Inline Markdown as the text a reader sees: no emphasis, links, HTML tags or wikilink brackets;
    math keeps its `$` delimiters."""
    tokens = markdown_parser().parseInline(markdown.strip())
    parts: list[str] = []
    for child in (tokens[0].children or []) if tokens else []:
        if child.type in _TEXT_TOKENS:
            parts.append(child.content)
        elif child.type in _MATH_TOKENS:
            parts.append(f"${child.content}$")
        elif child.type in ("image", "wikiembed"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def is_title(text: str) -> bool:
    """A heading or line that can name a note: it says something (has a letter or digit), is not the
    opening of a code fence, and is not a question (a question names a card, not a note)."""
    return bool(_WORD.search(text)) and not _FENCE.match(text) and not _QUESTION.search(text)


def clean_title(text: str) -> str:
    """The title a heading or first line gives, or '' when it cannot name a note."""
    text = _ATX.sub("", text)
    if not is_title(text):
        return ""
    plain = _INTRODUCING.sub("", without_icons(plain_text(text)))  # 📘 Softmax, Preparation 🧠🧱
    return plain if is_title(plain) else ""


def title_from_file(file: str) -> str:
    """The note's name as its tool shows it: the file name without folder, extension, Notion's id or a
    blog post's date."""
    name = unquote(file.rsplit("/", 1)[-1])
    name = _EXTENSION.sub("", name)
    name = _NOTION_ID.sub("", name)
    name = _DATE_PREFIX.sub("", name)
    return " ".join(name.split()) or file

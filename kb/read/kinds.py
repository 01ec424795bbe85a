"""Decide what kind of note a text is from its content alone (never its file name)."""
from __future__ import annotations

import re

from kb.model import NoteKind
from kb.parse.code import code_extent
from kb.parse.dialects.latex_document import is_latex_document
from kb.parse.dialects.typst_document import is_typst_document
from kb.parse.dialects.outliner import is_bullet_outline
from kb.parse.frontmatter import front_matter_lines
from kb.read.webdump import looks_like_webdump
from kb.read.wikidump import looks_like_wikidump

_ATX = re.compile(r"^#{1,6}\s+\S")
_ORG_KEYWORDS = re.compile(r"^\s*#\+(title|author|date|options|startup|filetags|begin_\w+|property|setupfile)\b",
                           re.I | re.M)
# reST's explicit markup (`.. math::`, `.. code-block:: python`) and interpreted text roles (`:math:`x``)
_RST_MARKUP = re.compile(r"^\s*\.\. [a-z][\w-]* ?::|:(?:math|ref|doc|term|code|eq|numref):`[^`\n]+`", re.M)
_ORG_HEADING = re.compile(r"^\*+ \S", re.M)
_ORG_SUBHEADING = re.compile(r"^\*\*+ \S", re.M)
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_QUESTION = re.compile(r"[?？]\s*$")
_LIST_ITEM = re.compile(r"^\s*([-*+•]|\d+[.)])\s")
# (raw HTML that Markdown editors and blogs embed, `<br>`, `<img …>`, `<sup>`, `<figure>`, is Markdown's too)
_MARKDOWN_INLINE = re.compile(
    r"!\[[^\]]*\]\([^)]+\)|\[[^\]]+\]\([^)]+\)|\*\*[^*\n]+\*\*|</?(?:u|br|img|sup|sub|figure|details|font|kbd|mark)\b[^<>]*>|^>\s|\$[^$\n]+\$|^\s*(?:[-*+]|\d+[.)])\s+\S"
    r"|\\\(.+?\\\)|^\\\[|^\\begin\{|^(?:```|~~~)|\[\[[^\]\n]+\]\]|==[^=\s][^=\n]*==", re.M)
# Markup only Markdown writes: math in dollars, code spans, bold, links, images and wikilinks (list items and
# "> " are plain-text habits too)
_MARKDOWN_ONLY = re.compile(r"\$[^$\n]+\$|(?<!`)`[^`\n]+`(?!`)|\*\*[^*\n]+\*\*|!?\[[^\]\n]*\]\([^)\n]+\)|\[\[[^\]\n]+\]\]")
_SLIDE_MARKUP = re.compile(r"^\s*(\$\$|```|\|.*\|\s*$)", re.M)

_MIN_QUESTIONS = 5
_QUESTION_SHARE = 0.15
_MIN_HEADINGS = 3
_BLANK_SHARE_SLIDES = 0.3


def detect_kind(text: str) -> NoteKind:
    if looks_like_webdump(text) or looks_like_wikidump(text):
        return "webdump"
    lines = text.split("\n")
    matter = front_matter_lines(lines)
    lines = lines[matter:]
    text = "\n".join(lines)
    filled = [line for line in lines if line.strip()]
    if not filled:
        return "outline"
    if is_latex_document(text) or is_typst_document(text):
        return "markdown"  # its source rule writes it as Markdown
    if looks_like_org(text):
        return "org"
    if _RST_MARKUP.search(text):
        return "rst"
    headings = markdown_headings(lines)
    # Front matter is written only by Markdown tools (Jekyll, Hugo, Obsidian, Docusaurus...); a note with
    # Markdown structure stays Markdown however many of its headings are questions.
    if matter or is_bullet_outline(filled) or headings >= _MIN_HEADINGS or (headings and _MARKDOWN_INLINE.search(text)):
        return "markdown"
    questions = sum(1 for line in filled if _QUESTION.search(line) and not _LIST_ITEM.match(line))
    if questions >= _MIN_QUESTIONS and questions / len(filled) > _QUESTION_SHARE:
        return "qa"
    body = text.strip("\n").split("\n")  # the final newline is not a blank line
    blank_share = 1 - len(filled) / len(body)
    if _SLIDE_MARKUP.search(text) or blank_share > _BLANK_SHARE_SLIDES:
        return "slides"
    # A short Markdown note without headings (Obsidian and Typora notes are named by their file) still
    # writes Markdown's own markup; a plain-text outline writes none of it.
    return "markdown" if _MARKDOWN_ONLY.search(text) else "outline"


def looks_like_org(text: str) -> bool:
    """Org keywords (`#+TITLE:`, `#+begin_src`), or `*` headings nested as `**` (Markdown lists use `- `)."""
    return bool(_ORG_KEYWORDS.search(text)) or (len(_ORG_HEADING.findall(text)) >= 2 and bool(_ORG_SUBHEADING.search(text)))


def markdown_headings(lines: list[str]) -> int:
    """ATX and setext headings, not counting `# comments` of unfenced code (a comment is followed by a
    statement)."""
    count = 0
    for index, line in enumerate(lines):
        if _ATX.match(line) and code_extent(lines, index) == index:
            count += 1
        elif index and _SETEXT.match(line) and lines[index - 1].strip() and not _LIST_ITEM.match(lines[index - 1]):
            count += 1
    return count

"""Markdown dialects of other note tools, as markdown-it-py plugins and line-keeping source rewrites.

Every rule lives in a module of its own and is registered in one of the two lists below; the parser
(`kb.parse.markdown`) and the renderer (`kb.emit.html`) use the same Markdown parser, so a construct is
read the same way when cards are made and when they are shown.

- PLUGINS extend the Markdown syntax (math delimiters, wikilinks, highlights, ...).
- SOURCE_RULES rewrite a note's text before any parser sees it: they remove what is never content
  (comments, template tags, attribute lists) and always keep the number of lines, so every block still
  reports the line the author wrote it on.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from markdown_it import MarkdownIt

from kb.parse.dialects import (
    admonitions, card_fields, comments, escaped_math, formula_images, highlight, html_blocks, latex_document, logseq,
    math, math_comments, math_fences, mathjax_scripts, myst, outliner, pandoc, templates, title_line, typst_document,
    typst_slides, wikilinks,
)

PLUGINS: tuple[Callable[[MarkdownIt], None], ...] = (
    math.plugin,
    wikilinks.plugin,
    highlight.plugin,
)

SOURCE_RULES: tuple[Callable[[str], str], ...] = (
    latex_document.rewrite,     # first: a LaTeX document becomes the Markdown every later rule reads
    typst_slides.rewrite,       # a reveal step is no text to any later rule
    typst_document.rewrite,     # after typst_slides: its title slide is a heading before set-up lines go
    myst.rewrite,               # first: a MyST directive's fence is no code fence to the rules after it
    escaped_math.rewrite,       # first of the math rules: the others read the TeX the author wrote, not its escaping
    math_fences.rewrite,        # a fence of formulas is math before the rules that leave code alone see it
    comments.rewrite,
    math_comments.rewrite,      # before formula_images and html_blocks: the comment's TeX is the image's source
    mathjax_scripts.rewrite,    # before html_blocks: a formula inside an HTML heading or paragraph stays a formula
    templates.rewrite,
    pandoc.rewrite,             # before admonitions: a Pandoc div's closing fence closes no Docusaurus admonition
    admonitions.rewrite,
    formula_images.rewrite,     # before html_blocks: an image inside an HTML heading keeps its formula
    card_fields.rewrite,        # before html_blocks: a front field's HTML is joined into its question
    html_blocks.rewrite,
    outliner.rewrite,
    logseq.rewrite,             # after outliner: a card's block properties are gone, its children follow it
    title_line.rewrite,
)


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """CommonMark with tables, strikethrough, raw HTML and every dialect plugin. Callers that render add
    their own render rules to a copy (`new_markdown_parser`), never to this shared instance."""
    return new_markdown_parser()


def new_markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    for plugin in PLUGINS:
        plugin(md)
    return md


def clean_source(text: str) -> str:
    """Apply every source rule; the result has exactly as many lines as `text`."""
    for rule in SOURCE_RULES:
        text = rule(text)
    return text

"""A Typst document is read as the Markdown it would be (kb.parse.dialects.typst_document): the spec, rule by rule."""
from __future__ import annotations

from kb.parse.dialects import clean_source
from kb.parse.dialects.typst_document import is_typst_document, rewrite
from kb.read.kinds import detect_kind
from tests.parse_helpers import parse_text

_NOTES = ('#set page(paper: "a4")\n#let box(body) = block(\n  inset: 8pt,\n  body,\n)\n\n= Pooling\n'
          "/ Stride: the step of the window.\n\n== Why pool? <sec-why>\nIt makes maps *smaller*. // said in class\n"
          '#figure(\n  image("img/pool.png", width: 50%),\n  caption: [Max pooling],\n)\n'
          "Output: $ O = floor((W - F) / S) + 1 $ // the size\n")


def test_set_up_is_no_text_and_headings_terms_strong_text_and_figures_are_markdown():
    assert rewrite(_NOTES).split("\n") == [
        "", "", "", "", "", "", "# Pooling", "- **Stride**: the step of the window.", "", "## Why pool?",
        "It makes maps **smaller**.", "![](img/pool.png) Max pooling", "", "", "",
        "Output: $ O = floor((W - F) / S) + 1 $", ""]


def test_the_first_heading_names_the_note_not_a_set_up_line():
    note = parse_text(_NOTES, "pooling.typ")
    assert note.title == "Pooling"
    assert [s.heading for s in note.sections if s.level == 2] == ["Why pool?"]
    assert detect_kind(_NOTES) == "markdown"


def test_only_a_document_whose_own_lines_are_typst_is_rewritten():
    markdown = "# Notes\n\n#set is a Typst rule\n\n= not a heading here\n"
    assert not is_typst_document(markdown) and clean_source(markdown) == markdown
    no_heading = '#set text(size: 11pt)\nJust text with *stars*.\n'
    assert not is_typst_document(no_heading)


def test_a_url_is_no_comment_and_math_keeps_its_stars():
    text = "#set page(width: auto)\n= Links\nSee https://typst.app/docs and $a * b$ here.\n"
    assert rewrite(text).split("\n")[2] == "See https://typst.app/docs and $a * b$ here."

"""A formula's TeX kept in an HTML comment before the image that draws it is read as that formula
(kb/parse/dialects/math_comments.py)."""
from __future__ import annotations

from kb.parse.dialects import clean_source
from tests.parse_helpers import parse_text


def test_the_comment_before_a_formula_image_is_its_math_and_the_image_is_dropped():
    text = ('- scaling: <!-- $z = \\frac{x - \\mu}{\\sigma}$ --> <img style="background: white;" '
            'src="https://render.githubusercontent.com/render/math?math=z">\n'
            'where <!-- $\\mu$ --> <img src="svg/mu.svg"> is the mean\n'
            '\n'
            '<!-- $$\n'
            'v_t = \\gamma v_{t-1} + g_t\n'
            '$$ -->\n'
            '\n'
            '<div align="center"><img src="svg/v.svg"></div>\n'
            '<!-- $a = b$ -->\n'
            '![mse](svg/mse.svg)\n')
    lines = clean_source(text).split("\n")
    assert len(lines) == len(text.split("\n"))
    assert lines[0] == "- scaling: $z = \\frac{x - \\mu}{\\sigma}$"
    assert lines[1] == "where $\\mu$ is the mean"
    assert lines[3:6] == ["$$", "v_t = \\gamma v_{t-1} + g_t", "$$"]
    assert lines[8] == "$a = b$" and lines[9] == ""


def test_a_comment_without_an_image_after_it_stays_hidden():
    # a formula the author struck out, and an inline one whose image is another paragraph's
    text = ("Old: <!-- $L = |y - t|$ --> kept for later\n"
            "<!-- $y = 2x$ -->\n\n![plot](plot.png)\n"
            "<!-- see $x$ below --> <img src=\"a.svg\">\n")
    assert clean_source(text) == text


def test_the_formula_of_the_pair_becomes_a_formula_block_on_the_comments_line():
    note = parse_text("# Momentum\n\nKeep a running direction:\n\n"
                      "<!-- $v_t = \\gamma v_{t-1} + \\eta g_t$ --> <img src=\"svg/v.svg\">\n")
    formulas = [b for s in note.sections for b in s.blocks if b.kind == "formula"]
    assert [(b.latex, b.line) for b in formulas] == [("v_t = \\gamma v_{t-1} + \\eta g_t", 5)]

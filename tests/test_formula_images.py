"""Formulas written as images of a TeX-rendering service's URL are read as math (kb/parse/dialects/formula_images.py)."""
from __future__ import annotations

import pytest

from kb.parse.dialects import clean_source
from kb.parse.dialects.formula_images import formula_tex
from tests.parse_helpers import parse_text


@pytest.mark.parametrize("url, tex", [
    # hand-written CodeCogs links (GitHub READMEs): %20 is a space, a + is the plus the author typed
    (r"http://latex.codecogs.com/gif.latex?y=Wx+b", "y=Wx+b"),
    (r"https://latex.codecogs.com/svg.latex?\mathcal%20L=\frac{1}{N}\sum_i%20L_i", r"\mathcal L=\frac{1}{N}\sum_i L_i"),
    # the equation editor's links: &space; and &plus;, and rendering options before the formula
    (r"https://latex.codecogs.com/png.latex?\dpi{120}&space;\bg_white&space;x&space;=&space;a&plus;b", "x = a+b"),
    (r"https://latex.codecogs.com/svg.image?\inline&space;a^2", "a^2"),
    # a form encoder's query: + is a space, %2B the plus
    ("https://latex.codecogs.com/gif.latex?%5Cfrac%7B1%7D%7B1+%2B+e%5E%7B-x%7D%7D", r"\frac{1}{1 + e^{-x}}"),
    ("https://www.zhihu.com/equation?tex=a%5E2+%2B+b%5E2", "a^2 + b^2"),
    # a URL encoder's query (spaces as %20, the plus kept): + is the plus
    ("https://latex.codecogs.com/svg.image?%5Csigma(x)%20=%20%5Cfrac%7B1%7D%7B1+e%5E%7B-x%7D%7D", r"\sigma(x) = \frac{1}{1+e^{-x}}"),
    ("https://render.githubusercontent.com/render/math?math=e%5E%7Bi%5Cpi%7D%3D-1", r"e^{i\pi}=-1"),
    (r"https://chart.googleapis.com/chart?cht=tx&chl=x^2", "x^2"),
    ("https://i.upmath.me/svg/x%5E2%3D4", "x^2=4"),
])
def test_the_tex_of_a_formula_image_is_read_from_its_url(url, tex):
    assert formula_tex(url) == tex


@pytest.mark.parametrize("url", [
    "https://latex.codecogs.com/eqneditor/editor.php",          # the site's editor page, not an image of a formula
    "https://chart.googleapis.com/chart?cht=p3&chl=Hello|World",  # a pie chart's labels
    "https://example.com/gif.latex?x=1",                         # another host
    "images/net.png",
    "https://latex.codecogs.com/gif.latex?",                     # nothing to read
    "http://[x]/gif.latex?x",                                    # a bracketed host no IP address: urlsplit refuses
    "http://[::1/gif.latex?x",
])
def test_other_images_are_no_formulas(url):
    assert formula_tex(url) is None


def test_an_image_alone_on_its_line_is_a_display_formula_and_one_in_a_sentence_inline():
    text = ('<p align="center">\n    <img src="https://latex.codecogs.com/gif.latex?x=1" />\n</p>\n\n'
            'Then ![](https://latex.codecogs.com/svg.latex?f(x)=x^2) (a square) and '
            '<img src="https://www.zhihu.com/equation?tex=y%3D2" alt="y" eeimg="1"> hold.\n'
            '![plot](images/plot.png)\n\n```html\n<img src="https://latex.codecogs.com/gif.latex?z=3">\n```\n')
    lines = clean_source(text).split("\n")
    assert len(lines) == len(text.split("\n"))
    # the wrapper's indentation is HTML layout: four spaces would make the formula a code block
    assert lines[1] == "$$x=1$$"
    assert lines[4] == "Then $f(x)=x^2$ (a square) and $y=2$ hold."
    assert lines[5] == "![plot](images/plot.png)"
    assert lines[8] == '<img src="https://latex.codecogs.com/gif.latex?z=3">'     # code stays code


def test_formula_images_become_formula_blocks_on_their_lines():
    note = parse_text("# Sigmoid\n\n<img src=\"https://latex.codecogs.com/gif.latex?\\sigma(z)=\\frac{1}{1+e^{-z}}\" />\n",
                      "readme.md")
    formulas = [(b.line, b.latex) for s in note.sections for b in s.blocks if b.kind == "formula"]
    assert formulas == [(3, "\\sigma(z)=\\frac{1}{1+e^{-z}}")]

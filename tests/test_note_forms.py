"""Forms real notes write formulas in (issue 12 §3): each is read as the formula it is, and a wrong one is caught."""
from __future__ import annotations

import re

import pytest

from kb.build import check_cards, process_note
from kb.check.latex_text import tokenize
from kb.check.primes import read_primes
from kb.emit.html import render_markdown
from kb.parse.dialects import clean_source
from kb.parse.dialects.math import display_latex, statement_rows


def _verdicts(text: str) -> dict[int, tuple[str, str | None]]:
    note, cards = process_note(text.encode(), "note.md")
    return {c.source.line: (c.check.status, c.check.formula_id)
            for c in check_cards(note, cards, None) if c.check is not None and c.kind == "formula"}


def test_an_html_bold_label_names_the_formula_after_it():
    """`<b>Recall:</b> $..$`: notebooks and HTML exports write the label in tags where Markdown writes **."""
    verdicts = _verdicts("# Metrics\n\n- <b>Recall:</b> $\\frac{TP}{TP+FN}$\n"
                         "- <strong>Precision:</strong>$\\frac{TP}{TP+TN}$\n")
    assert verdicts[3] == ("verified", "recall")
    assert verdicts[4] == ("note_differs", "precision")


def test_limits_and_nolimits_only_place_a_sums_scripts():
    assert tokenize(r"\sum\limits_{i=1}^{n} x_i") == tokenize(r"\sum_{i=1}^{n} x_i")
    assert tokenize(r"\sum\nolimits_{i} x_i") == tokenize(r"\sum_{i} x_i")
    verdicts = _verdicts("# Distance\n\n## Euclidean distance\n\n$$d(x, y) = \\sqrt{\\sum\\limits_{r=1}^{n} (x_r - y_r)^2}$$\n\n"
                         "Squared by mistake:\n\n$$d(x, y) = \\sum\\nolimits_{r=1}^{n} (x_r - y_r)^2$$\n")
    assert verdicts[5] == ("verified", "l2_distance")
    assert verdicts[9] == ("note_differs", "l2_distance")


@pytest.mark.parametrize("typed, read", [
    ("\\sigma′(x)", "\\sigma'(x)"),                 # the prime sign of Unicode input and pasted PDFs
    ("\\sigma″(x)", "\\sigma''(x)"),
    ("\\tanh’(x)", "\\tanh'(x)"),                   # smart quotes (Typora, Notion, Word)
    ("\\sigma´´(x)", "\\sigma''(x)"),               # the acute accent of Spanish and Portuguese keyboards
    ("f`(x)", "f'(x)"),
    ("\\sigma^{\\prime}(x)", "\\sigma'(x)"),        # the prime written out, as TeX reads `'`
    ("V(s^\\prime)", "V(s')"),
    ("f^{\\prime\\prime}(x)", "f''(x)"),
    ("x_i^{'}", "x_i'"),
])
def test_every_way_of_typing_a_prime_reads_as_the_prime(typed, read):
    assert read_primes(typed) == read


@pytest.mark.parametrize("latex", [
    "x^{\\prime 2}",                 # more than primes in the superscript
    "\\text{Bayes rule}",
    "a ` b",                         # a tick after a space and an operator: no symbol before it
    "e^{-x}",
])
def test_what_is_no_prime_is_left_alone(latex):
    assert read_primes(latex) == latex


def test_a_derivative_with_a_typed_prime_is_never_the_function_itself():
    """Read without its prime `σ′(x) = σ(x)(1-σ(x))` was a wrong sigmoid (a false alarm), and `softplus´(x) =
    log(1+e^x)` a right softplus (a wrong formula verified)."""
    verdicts = _verdicts("# Activations\n\n## Sigmoid\n\n$$\\sigma′(x) = \\sigma(x)(1-\\sigma(x))$$\n\n"
                         "## Softplus\n\n$$\\mathrm{softplus}´(x) = \\log(1+e^{x})$$\n")
    assert verdicts[5] == ("verified", "sigmoid_derivative")
    assert verdicts[9][0] == "note_differs"


def test_a_second_derivative_is_never_a_first_derivative_entry():
    verdicts = _verdicts("# Sigmoid\n\n## Second derivative of the sigmoid\n\n"
                         "$$f''(x) = \\sigma(x)(1-\\sigma(x))(1-2\\sigma(x))$$\n\n$$\\sigma^{\\prime\\prime}(x) = \\sigma(x)(1-\\sigma(x))$$\n")
    assert verdicts[5][0] == "not_checkable"                 # f is no function kb knows: no verdict
    assert verdicts[7] == ("note_differs", None)            # σ'' computed directly: that is σ', not σ''


@pytest.mark.parametrize("lhs, higher", [
    ("f''(x)", True), ("\\frac{d^2 y}{dx^2}", True), ("\\frac{\\partial^{2} L}{\\partial w^2}", True),
    ("\\sigma'(x)", False), ("\\frac{dy}{dx}", False),
    ("d^2", False), ("d^{[3]}", False),     # a squared distance, the course's dropout mask of layer 3
])
def test_only_a_derivative_of_order_two_or_more_is_of_a_higher_order(lhs, higher):
    from kb.check.link import _HIGHER_DERIVATIVE

    assert bool(_HIGHER_DERIVATIVE.search(lhs)) is higher


def test_a_primed_size_is_the_new_size_not_a_derivative():
    verdicts = _verdicts("# CNN\n\n## Output size\n\n$$H' = \\left\\lfloor\\frac{H-K+2P}{S}\\right\\rfloor+1$$\n\n"
                         "$$W' = \\frac{W-K+2P}{S}+1$$\n")
    assert verdicts[5] == ("verified", "conv_output_size")
    assert verdicts[7] == ("note_differs", "conv_output_size")


def test_mathjax_script_elements_are_the_math_they_show():
    """kramdown's output and MathJax 2 pages: `<script type="math/tex">` inline, `; mode=display` for a display,
    kramdown's CDATA wrapper and MathJax's preview span gone, on the same lines."""
    text = ('<p>The input <script type="math/tex">x_i</script> and</p>\n'
            '<script type="math/tex; mode=display">% <![CDATA[\na < b %]]></script>\n'
            '<span class="MathJax_Preview">s</span><script type="math/tex" id="MathJax-Element-3">\\sigma(z)</script>\n'
            '<h2>The <script type=\'math/tex\'>\\sigma</script> function</h2>')
    assert clean_source(text).split("\n") == ["The input $x_i$ and", "$$", "a < b $$", "$\\sigma(z)$",
                                              "## The $\\sigma$ function"]


@pytest.mark.parametrize("text", [
    '<script type="text/javascript">alert(1)</script>',         # no math: the sanitizer's to remove
    '<script type="math/tex">\\$5</script>',                    # a dollar no dollar delimiter could hold
    '```html\n<script type="math/tex">x</script>\n```',          # code shows the markup
])
def test_other_scripts_and_code_are_left_alone(text):
    assert clean_source(text) == text


def test_formulas_in_mathjax_scripts_are_checked():
    verdicts = _verdicts('# Losses\n\n## MSE\n\n<script type="math/tex; mode=display">\n'
                         '\\mathrm{MSE} = \\frac{1}{N}\\sum_{i=1}^{N} (y_i - \\hat{y}_i)^2\n</script>\n\n'
                         'Without the square: <script type="math/tex; mode=display">\\mathrm{MSE} = '
                         '\\frac{1}{N}\\sum_{i=1}^{N} (y_i - \\hat{y}_i)</script>\n')
    assert verdicts[5] == ("verified", "mse")
    assert verdicts[9] == ("note_differs", "mse")


@pytest.mark.parametrize("math", ["anki", "mathml"])
def test_a_math_script_never_runs_as_html_or_script(math):
    payload = ('<script type="math/tex">x<img src=x onerror=alert(1)></script> '
               '<script type="math/tex; mode=display"></script><svg onload=alert(2)></script>\n\n'
               '<span class="MathJax_Preview"><b onmouseover=alert(3)>p</b></span>'
               '<script type="math/tex">a"><script>alert(4)</script>')
    out = render_markdown(clean_source(payload), math=math).lower()
    assert not re.search(r"<(?:script|img|svg)\b", out), out            # as escaped text inside the math at most
    assert not re.search(r"<[^<>]*\son\w+\s*=", out), out               # no tag keeps a handler


def test_a_primed_parameter_on_the_left_of_a_step_is_its_next_value():
    verdicts = _verdicts("# Optimisation\n\n## Gradient descent\n\n$$\\theta' = \\theta - \\eta \\nabla_\\theta J(\\theta)$$\n\n"
                         "$$\\theta^{\\prime} = \\theta + \\eta \\nabla_\\theta J(\\theta)$$\n")
    assert verdicts[5] == ("verified", "sgd_update")
    assert verdicts[7] == ("note_differs", "sgd_update")


@pytest.mark.parametrize("latex, rows", [
    # a group of rows numbered once, after it
    ("\\begin{aligned} m_t &= a m \\\\ v_t &= b v \\end{aligned} \\tag{1}", ["m_t  = a m", "v_t  = b v"]),
    # each row numbered, labelled or left unnumbered
    ("\\begin{align} a &= b \\label{eq:a} \\tag{3.1} \\\\ c &= d \\tag*{(3.2)} \\\\ e &= f \\nonumber \\end{align}",
     ["a  = b", "c  = d", "e  = f"]),
])
def test_numbered_rows_are_separate_statements_without_their_numbers(latex, rows):
    assert statement_rows(latex) == rows


@pytest.mark.parametrize("latex, read", [
    # a size declaration opening the display draws it large; the statements are what follows it
    ("\\large\ny = \\sigma(x) \\quad\\quad \\sigma(x) \\in (0, 1)", "y = \\sigma(x) \\quad\\quad \\sigma(x) \\in (0, 1)"),
    # tags typed by hand after a quad at a row's end, as \tag would number it
    ("a = b \\qquad (1)", "a = b  "),
    ("\\begin{aligned} a &= b & \\quad (*) \\\\ c &= d & \\quad(**) \\end{aligned}",
     "\\begin{aligned} a &= b &   \\\\ c &= d &   \\end{aligned}"),
    # Japanese pages: a size group around the whole display, a tag after \hspace with leader dots and full-width
    # parentheses, a letter for its number
    ("{\\small\ny = \\frac{1}{1+e^{-x}}\\hspace{5mm}･･･（B）\n}", "\ny = \\frac{1}{1+e^{-x}} \n"),
    ("h = 1 \\hspace*{3em} (2) \\\\ g = 2 \\quad （A）", "h = 1   \\\\ g = 2  "),
    # a chain laid out in a matrix's three columns `left & = & right` is the chain
    # a row break after the last row draws nothing
    ("\\begin{align} a = b \\end{align}\\\\ ", "\\begin{align} a = b \\end{align}"),
    ("\\begin{matrix} G & = & a + b & \\quad (*) \\\\ & = & c & \\quad (**) \\end{matrix}",
     "\\begin{aligned}\nG &= a + b \\\\\n&= c\n\\end{aligned}"),
])
def test_a_display_is_read_without_its_size_and_hand_tags_and_a_matrix_chain_as_the_chain(latex, read):
    assert display_latex(latex) == read


@pytest.mark.parametrize("latex", [
    "a = b \\quad (x + 1) c",                                         # a bracket that computes, not a tag
    "\\begin{matrix} a & b \\\\ c & d \\end{matrix}",                  # a matrix of values
    "\\begin{matrix} a & = & b \\\\ c & = & d \\end{matrix}",          # two equations, no chain
    "{\\small a} + {\\small b}",                                     # two size groups, not one around it all
    "a = b \\hspace{5mm} (c)",                                        # a lower-case letter in brackets is a factor
    "x = \\large y",                                                   # a size inside the formula is left to the reader
])
def test_a_display_without_those_layouts_is_read_as_written(latex):
    assert display_latex(latex) == latex


@pytest.mark.parametrize("latex", [
    "\\begin{aligned} s[w, n] &= \\\\ &- \\left(\\frac{a}{N} - b\\right)^2, \\end{aligned} \\tag{17.5}",
    "\\begin{aligned} L &= \\frac{1}{N}\\sum_i \\ell_i \\\\ &+ \\lambda R(w) \\end{aligned} \\tag{2}",
])
def test_a_row_that_goes_on_in_the_next_stays_one_statement(latex):
    assert statement_rows(latex) == [latex]


@pytest.mark.parametrize("fence, math", [
    # GitHub's math fence: one display
    ("```math\n\\sigma(z) = \\frac{1}{1+e^{-z}}\n```", "\n$$\\sigma(z) = \\frac{1}{1+e^{-z}}$$\n"),
    # formulas one a line: each its own display
    ("```latex\nO = \\frac{W-F+2P}{S}+1\nP = \\frac{F-1}{2}\n```", "\n$$O = \\frac{W-F+2P}{S}+1$$\n$$P = \\frac{F-1}{2}$$\n"),
    # a formula laid over lines (the first ends in a relation): one display
    ("~~~tex\nL =\n  a + b\n~~~", "\n$$L =\n  a + b$$\n"),
    # an environment or delimiters of its own: math as it stands
    ("```latex\n\\begin{align}\na &= b\n\\end{align}\n```", "\n\\begin{align}\na &= b\n\\end{align}\n"),
])
def test_a_fence_of_latex_formulas_is_display_math_on_the_same_lines(fence, math):
    assert clean_source(fence) == math


@pytest.mark.parametrize("fence", [
    "```latex\n\\documentclass{article}\n\\usepackage{amsmath}\n```",     # a document, not a formula
    "```math\nsqrt(x**2 + y**2)\n```",                                   # arithmetic typed as code: read as text
    "```latex\n\\text{cost: } $5\n```",                                   # a dollar no dollar delimiter could hold
    "```python\nx = a / b\n```",
])
def test_a_fence_that_holds_no_formula_stays_code(fence):
    assert clean_source(fence) == fence


def test_formulas_in_latex_fences_are_checked_and_render_as_math():
    text = ("# CNN\n\n## Output size\n\n```latex\nO = \\left\\lfloor\\frac{W-F+2P}{S}\\right\\rfloor+1\n"
            "O = \\frac{W-F+2P}{S}+1\n```\n")
    verdicts = _verdicts(text)
    assert verdicts[6] == ("verified", "conv_output_size")
    assert verdicts[7] == ("note_differs", "conv_output_size")
    out = render_markdown(clean_source("```math\nx<img src=x onerror=alert(1)> = 1\n```"), math="mathml").lower()
    assert not re.search(r"<(?:script|img|svg)\b", out) and not re.search(r"<[^<>]*\son\w+\s*=", out), out


def test_a_math_fence_shown_inside_another_fence_is_code():
    sample = "````markdown\n```math\na = b\n```\n````"
    assert clean_source(sample) == sample


def _math_tokens(text: str) -> list[tuple[str, str]]:
    from kb.parse.dialects import markdown_parser
    tokens = markdown_parser().parse(text)
    found = [(t.type, t.content.strip()) for t in tokens if t.type in ("math_block", "amsmath")]
    return found + [(c.type, c.content.strip()) for t in tokens if t.type == "inline"
                    for c in t.children or [] if c.type.startswith("math")]


@pytest.mark.parametrize("closing", ["\\end{align}", "\\end{align}\\\\"])
def test_an_environment_inside_a_display_opened_on_the_line_above_is_part_of_that_display(closing):
    """kramdown, Obsidian and MathJax draw `text:` / `$$` / `\\begin{align}`..`\\end{align}` / `$$` as one display under
    the sentence: the environment neither ends the paragraph nor pairs the closing `$$` with the next display's."""
    text = (f"Defined as:\n$$\n\\begin{{align}}\nE = \\frac{{1}}{{n}}\\sum_i e_i^2\n{closing}\n$$\n"
            "where $$e_i$$ is an error.\n\n$$\n\\begin{align}\nF = 2\n\\end{align}\n$$\n")
    found = _math_tokens(text)
    assert ("math_inline_double", f"\\begin{{align}}\nE = \\frac{{1}}{{n}}\\sum_i e_i^2\n{closing}") in found
    assert ("math_inline_double", "e_i") in found
    assert ("math_block", "\\begin{align}\nF = 2\n\\end{align}") in found
    assert not [kind for kind, _ in found if kind == "amsmath"]


def test_an_environment_is_read_up_to_its_own_closing_never_past_a_blank_line():
    text = "\\begin{align}\na = b\n\\end{align}\\\\\n\nSome prose.\n\n\\begin{align}\nc = d\n\\end{align}\n"
    found = _math_tokens(text)
    assert ("amsmath", "\\begin{align}\nc = d\n\\end{align}") in found
    assert not any("Some prose" in content for _, content in found)
    assert _math_tokens("\\begin{equation}\nx = 1\n\\end{equation}\n") == [("amsmath", "\\begin{equation}\nx = 1\n\\end{equation}")]

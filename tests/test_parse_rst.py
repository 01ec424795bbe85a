"""reStructuredText notes: read as the Markdown they mean, every line on its line (kb/parse/rst.py)."""
from __future__ import annotations

from kb.parse.rst import rst_to_markdown
from kb.read.kinds import detect_kind
from tests.parse_helpers import parse_text

NOTE = """\
==========
Activations
==========

Sigmoid
=======

It maps :math:`x` into :math:`(0, 1)`:

.. math::
   :label: sig

   \\sigma(x) = \\frac{1}{1 + e^{-x}}

   \\sigma'(x) = \\sigma(x)(1 - \\sigma(x))

Code
----

#. In numpy::

      def sigmoid(x):
          return 1 / (1 + np.exp(-x))

#. See :ref:`the table <table>`.

.. code-block:: python

   y = sigmoid(0.0)

.. math:: \\tanh(x) = 2\\sigma(2x) - 1
"""


def test_rst_is_told_by_its_directives_and_roles():
    assert detect_kind(NOTE) == "rst"
    assert detect_kind("Title\n=====\n\nText with :math:`x^2` inline.\n") == "rst"
    assert detect_kind("# Title\n\n## Part\n\nText with $x=1$ and **bold**.\n\n## Other\n") == "markdown"


def test_rst_becomes_markdown_line_for_line():
    markdown = rst_to_markdown(NOTE)
    lines = markdown.split("\n")
    assert len(lines) == len(NOTE.split("\n"))
    assert lines[1] == "# Activations" and lines[4] == "## Sigmoid" and lines[16] == "### Code"
    assert lines[7] == "It maps $x$ into $(0, 1)$:"
    # the option is markup; each run of body lines is one equation
    assert lines[10] == "" and lines[12] == "$$\\sigma(x) = \\frac{1}{1 + e^{-x}}$$"
    assert lines[14] == "$$\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$$"
    assert lines[19:25] == ["1. In numpy:", "```", "def sigmoid(x):", "    return 1 / (1 + np.exp(-x))", "```",
                            "1. See the table."]
    assert lines[26:30] == ["```python", "", "y = sigmoid(0.0)", "```"]
    assert lines[30] == "$$\\tanh(x) = 2\\sigma(2x) - 1$$"


def test_rst_formulas_are_formula_blocks_on_their_lines():
    note = parse_text(NOTE, "act.rst")
    assert (note.kind, note.title) == ("rst", "Activations")
    formulas = [(b.line, b.latex) for s in note.sections for b in s.blocks if b.kind == "formula"]
    assert (13, "\\sigma(x) = \\frac{1}{1 + e^{-x}}") in formulas
    assert (15, "\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))") in formulas
    assert (31, "\\tanh(x) = 2\\sigma(2x) - 1") in formulas
    code = [(b.line, b.text) for s in note.sections for b in s.blocks if b.kind == "code"]
    assert [line for line, _ in code] == [21, 27]


def test_an_indented_paragraph_is_a_quote_not_code():
    lines = rst_to_markdown("Text\n\n    a quoted remark with :math:`y`\n").split("\n")
    assert lines[2] == "   a quoted remark with $y$"


def test_a_directive_may_have_one_space_before_its_double_colon():
    # docutils reads `.. math ::` as the math directive (one optional space before `::`), so its body is
    # the note's formulas, not a comment to drop; a note made only of such blocks is still reST
    note_text = ("Cost\n====\n\n.. math ::\n   J = \\frac{1}{m}\\sum_{i=1}^{m} c_i\n\n"
                 "   \\sigma(z) = \\frac{1}{1 + e^{-z}}\n\n.. note ::\n   keep the mean\n")
    assert detect_kind(note_text) == "rst"
    lines = rst_to_markdown(note_text).split("\n")
    assert lines[3:7] == ["", "$$J = \\frac{1}{m}\\sum_{i=1}^{m} c_i$$", "", "$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$"]
    assert lines[8:10] == ["", "   keep the mean"]
    # two spaces are not the directive's syntax: docutils reads that line as a comment
    assert rst_to_markdown(".. math  ::\n   x = 1\n").split("\n") == ["", "", ""]


def test_math_inside_another_directive_is_math():
    # a `.. note::` or `.. admonition::` body is reST in its own right: a `.. math::` block (or a code block)
    # nested in it is a formula, not a line of text (nor, after `.. admonition:: Title`, a heading)
    note_text = ("Sigmoid\n=======\n\n.. note::\n\n   Its slope:\n\n   .. math::\n\n"
                 "      \\sigma'(x) = \\sigma(x)(1 - \\sigma(x))\n\n"
                 ".. admonition:: Softplus\n\n   .. math:: \\mathrm{softplus}(x) = \\log(1 + e^{x})\n")
    lines = rst_to_markdown(note_text).split("\n")
    assert len(lines) == len(note_text.split("\n"))
    assert lines[5] == "   Its slope:"
    assert lines[9] == "   $$\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))$$"
    assert lines[13] == "   $$\\mathrm{softplus}(x) = \\log(1 + e^{x})$$"
    note = parse_text(note_text, "act.rst")
    assert [s.heading for s in note.sections] == ["Sigmoid"]
    formulas = [(b.line, b.latex) for s in note.sections for b in s.blocks if b.kind == "formula"]
    assert formulas == [(10, "\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))"), (14, "\\mathrm{softplus}(x) = \\log(1 + e^{x})")]


def test_default_role_math_makes_interpreted_text_math():
    # after `.. default-role:: math` (common in Sphinx notes), `x` with single backticks is inline math;
    # ``literal`` and `link`_ stay what they are
    note_text = ("The rate `a` stays.\n\n.. default-role:: math\n\n"
                 "The sigmoid is `\\sigma(x) = \\frac{1}{1 + e^{-x}}`, in code ``sigmoid(x)``, see `docs`_.\n")
    lines = rst_to_markdown(note_text).split("\n")
    assert lines[0] == "The rate `a` stays."
    assert lines[4] == "The sigmoid is $\\sigma(x) = \\frac{1}{1 + e^{-x}}$, in code ``sigmoid(x)``, see `docs`_."

"""reStructuredText `list-table`s whose cells hold formulas (Sphinx cheat sheets: one row per function, a column
per quantity): each formula cell is a formula on its own line, named by its row, and a column headed by a formula
says what its cells equal (kb/parse/rst.py). Notes written for these tests."""
from __future__ import annotations

from kb.check.identity import check_with_definitions
from kb.parse.rst import rst_to_markdown
from tests.parse_helpers import parse_text

TABLE = """\
Activations
===========

.. list-table::
   :widths: 1 2 2 1
   :header-rows: 1

   * - Name
     - :math:`h(u)`
     - :math:`h'(u)`
     - Plot
   * - Sigmoid
     - :math:`\\frac{1}{1 + e^{-u}}`
     - :math:`h(u)(1 - h(u))`
     - .. plot::

          plot(sigmoid)
   * - Step
     - .. math::
          \\begin{cases}
            0 & (u \\lt 0)
            \\\\
            1 & (u \\ge 0)
          \\end{cases}
     -
     -
   * - Plain words only
     - nothing to compute
     - here

.. list-table::
   :header-rows: 1

   * - Loss
     - Formula
   * - MSE
     - :math:`\\frac{1}{n}\\sum_{i=1}^{n}(y_i - \\hat{y}_i)^2`
"""


def test_each_formula_cell_is_a_list_item_on_its_own_line_named_by_its_row():
    lines = rst_to_markdown(TABLE).split("\n")
    assert len(lines) == len(TABLE.split("\n"))
    assert lines[12] == "- Sigmoid: $h(u) = \\frac{1}{1 + e^{-u}}$"
    assert lines[13] == "- Sigmoid: $h'(u) = h(u)(1 - h(u))$"
    # a `.. math::` cell: its rows joined, on the line where the formula starts
    assert lines[19] == "- Step: $h(u) = \\begin{cases} 0 & (u \\lt 0) \\\\ 1 & (u \\ge 0) \\end{cases}$"
    assert lines[26] == "- Plain words only nothing to compute here"
    # a text header joins the row's label
    assert lines[36] == "- MSE (Formula): $\\frac{1}{n}\\sum_{i=1}^{n}(y_i - \\hat{y}_i)^2$"
    # the header row, the options and the plot's code are no text of the note
    assert not any("Plot" in line or "plot(" in line or "widths" in line for line in lines)


def test_table_formulas_are_formula_blocks_on_their_cells_lines():
    note = parse_text(TABLE, "act.rst")
    formulas = {b.line: b.latex for s in note.sections for b in s.blocks if b.kind == "formula"}
    assert formulas[13] == "h(u) = \\frac{1}{1 + e^{-u}}"
    assert formulas[14] == "h'(u) = h(u)(1 - h(u))"
    assert formulas[20].startswith("h(u) = \\begin{cases}")
    assert formulas[37].startswith("\\frac{1}{n}")


def test_a_cell_that_states_its_own_equation_keeps_it():
    table = ".. list-table::\n   :header-rows: 1\n\n   * - Name\n     - :math:`f(x)`\n   * - ReLU\n     - :math:`f(x) = \\max(0, x)`\n"
    assert rst_to_markdown(table).split("\n")[6] == "- ReLU: $f(x) = \\max(0, x)$"


def test_a_definition_with_a_bare_superscript_is_substituted_as_a_group():
    # `e^z` with z replaced must stay a superscript of the whole argument: the softplus derivative written
    # 1/(1 + e^z) (which is σ(−z)) under the row's softplus is wrong, and found so
    decision = check_with_definitions("g'(z) = \\frac{1}{1 + e^z}", {"'g(z)": "ln(1 + e^z)"}, lambda _: True)
    assert decision is not None and decision.status == "note_differs"
    decision = check_with_definitions("g'(z) = \\frac{1}{1 + e^{-z}}", {"'g(z)": "ln(1 + e^z)"}, lambda _: True)
    assert decision is not None and decision.status == "verified"

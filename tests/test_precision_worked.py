"""Worked numbers and the section's own lines that kb used to misread into false alarms: an update written with `=`
taken for a definition, a distribution given as a table of values collapsed into one number, a Σ over data that
no value fills. Formulas written for these tests."""
from __future__ import annotations

from kb.check.link import check_note_formula, formula_definitions
from kb.check.steps import check_steps
from tests.parse_helpers import parse_text


def _section(text: str):
    note = parse_text(text, "note.md")
    return next(s for s in note.sections if s.blocks)


# ---- an update written with "=" defines nothing

def test_an_update_written_with_equals_is_no_definition_of_its_left_side():
    section = _section("# MC\n\n$$V(s) = V(s) + \\alpha (G - V(s))$$\n\n$$f(x) = 2x + 1$$\n")
    assert formula_definitions(section) == {"f(x)": "2x + 1"}


def test_the_update_is_checked_as_an_update_beside_its_own_line():
    update = r"V(s) = V(s) + \alpha \left( G - V(s) \right)"
    definitions = formula_definitions(_section(f"# MC\n\n$${update}$$\n"))
    decision = check_note_formula(update, "Monte Carlo value update", definitions=definitions)
    assert decision.status == "verified", decision.detail
    reversed_error = r"V(s) = V(s) + \alpha \left( V(s) - G \right)"
    definitions = formula_definitions(_section(f"# MC\n\n$${reversed_error}$$\n"))
    assert check_note_formula(reversed_error, "Monte Carlo value update",
                              definitions=definitions).status == "note_differs"


# ---- a function's value at a point is no constant function

_WORKED_KL = (r"D_{KL}(p \| q) = \sum_{i} p(x_i) \log \frac{p(x_i)}{q(x_i)} = \frac{1}{4} \log \frac{1}{2} + "
              r"\frac{3}{4} \log \frac{3}{2} = \frac{3}{4} \log 3 - \log 2")
_TABLE = {"p(h)": r"\frac{1}{4}", "p(t)": r"\frac{3}{4}", "q(h)": r"\frac{1}{2}", "q(t)": r"\frac{1}{2}"}


def test_values_of_a_distribution_at_its_outcomes_are_not_put_in_for_every_argument():
    decision = check_note_formula(_WORKED_KL, "KL divergence", definitions=_TABLE)
    assert decision.status == "verified", decision.detail


def test_a_wrong_worked_value_beside_the_table_is_still_caught():
    wrong = _WORKED_KL.replace(r"\frac{3}{4} \log 3 - \log 2", r"\frac{3}{4} \log 3 + \log 2")
    assert check_note_formula(wrong, "KL divergence", definitions=_TABLE).status == "note_differs"


def test_a_definition_that_uses_its_argument_is_still_applied():
    decision = check_note_formula(r"\sigma'(x) = g(x)(1 - g(x))", "sigmoid derivative",
                                  definitions={"g(z)": r"\frac{1}{1+e^{-z}}"})
    assert decision.status == "verified", decision.detail


# ---- a step over data no value fills

def test_a_step_between_sums_over_unknown_data_is_no_crash_and_no_verdict():
    parts = [r"\sum_{i=1}^n \frac{2}{3} \log \frac{2}{3}",
             r"\frac{2}{3}\log\frac{2}{3} - \sum_{i=1}^n \frac{2}{3}\log\frac{2}{3}"]
    assert check_steps(" = ".join(parts), parts, ["="], "") is None


# ---- a chunk the page runs is its program, not its formulas

_CHUNK_NOTE = "# Data\n\n```{fence}\n# the line y = 2x\ny = 2 * x\nout = (W - F + 2 * P) // S + 1\n```\n"


def _formula_lines(text: str) -> list[int]:
    note = parse_text(text, "note.qmd")   # (parsing reads code and text for formulas: kb.parse.plain_formulas)
    return [b.line for s in note.sections for b in s.blocks if b.kind == "formula"]


def test_a_python_chunk_quarto_runs_states_no_formula():
    assert _formula_lines(_CHUNK_NOTE.replace("{fence}", "{python}")) == []
    assert _formula_lines(_CHUNK_NOTE.replace("{fence}", "{python echo=false}")) == []


def test_a_python_fence_only_shown_still_states_its_formulas():
    assert _formula_lines(_CHUNK_NOTE.replace("{fence}", "python")) != []
    assert _formula_lines(_CHUNK_NOTE.replace("{fence}", "{.python}")) != []

"""Worked numbers and the section's own lines that kb used to misread into false alarms: an update written with `=`
taken for a definition, a distribution given as a table of values collapsed into one number, a Σ over data that
no value fills. Formulas written for these tests."""
from __future__ import annotations

from kb.cards import make_cards
from kb.check import scale_words
from kb.check.link import attach_checks, check_note_formula, formula_definitions
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


# ---- a scale word after the math

def test_a_scale_word_is_read_in_the_notes_language():
    assert scale_words.scale_of(" billion weights", "en") == scale_words.Scale("billion", 9)
    assert scale_words.scale_of(" Billion Gewichte", "de") == scale_words.Scale("billion", 12)
    assert scale_words.scale_of(" Mio. Gewichte", "de") == scale_words.Scale("mio", 6)
    assert scale_words.scale_of("亿个参数", "zh") == scale_words.Scale("亿", 8)
    assert scale_words.scale_of("B parameters", "en") == scale_words.Scale("B", 9)


def test_a_scale_word_the_languages_disagree_on_is_left_unread():
    # "billion" in a Spanish note: 10^9 in English, 10^12 in French and German, and Spanish writes "mil millones"
    assert scale_words.scale_of(" billion", "es") == scale_words.Scale("billion", None)


def test_what_is_no_scale_word_is_none():
    for text in (" weights", "", "  billion", " Bytes", "Mean of x"):
        assert scale_words.scale_of(text, "en") is None, text


def _statuses(text: str, lang_file: str = "note.md") -> dict[int, tuple[str, str]]:
    note = parse_text(text, lang_file)
    cards = attach_checks([note], make_cards(note))
    return {c.source.line: (c.check.status, c.check.detail) for c in cards if c.kind == "formula" and c.check}


def test_a_worked_count_is_compared_with_its_scale_word():
    checks = _statuses("# Weights\n\n- A dense layer needs $120,000 \\times 120,000 \\approx 14.4$ billion weights.\n"
                       "- And $4096 \\times 4096 \\approx 1.7$ million, off by ten.\n")
    assert checks[3][0] == "verified", checks[3]
    assert checks[4][0] == "note_differs" and "10^{6}" in checks[4][1], checks[4]


# ---- shapes are no arithmetic

def test_matrix_shapes_multiplied_are_not_numbers():
    for latex in (r"[1\!\times\!3]\cdot[3\!\times\!3]=[1\!\times\!3]", r"(2 \times 3)(3 \times 4) = (2 \times 4)"):
        decision = check_note_formula(latex, "shapes of the forward pass")
        assert decision.status == "not_checkable" and "shape notation" in decision.detail, decision.detail


def test_a_product_of_bracketed_numbers_equal_to_a_number_is_still_arithmetic():
    assert check_note_formula(r"(2 \times 3)(4 \times 5) = 120", "a product").status == "verified"
    assert check_note_formula(r"(2 \times 3)(4 \times 5) = 100", "a product").status == "note_differs"


# ---- a letter the arithmetic cancels is still a variable

def test_a_function_value_at_zero_is_no_product_with_zero():
    r"""`f(0)` is f at 0: read as f·0 it is 0, and a right worked value `f(0) = \frac{1}{1+e^0} = \frac12` was called
    wrong. The numbers after it are still compared with each other."""
    right = check_note_formula(r"f(0) = \frac{1}{1+e^{0}} = \frac{1}{2}", "Sigmoid")
    assert right.status == "verified", right.detail
    wrong = check_note_formula(r"f(0) = \frac{1}{1+e^{0}} = 1", "Sigmoid")
    assert wrong.status == "note_differs" and "f(0)" not in wrong.detail.split(",")[0], wrong.detail
    # a function kb computes, written as a word, is no variable: its value is a number
    assert check_note_formula(r"\mathrm{ReLU}(-2) = 0", "ReLU").status == "verified"
    assert check_note_formula(r"tanh(0) = 1", "Tanh").status == "note_differs"
    # nor is the index a sum binds
    assert check_note_formula(r"\sum_{i=1}^{3} i = 7", "Sum").status == "note_differs"


def test_a_wrong_result_written_as_a_number_is_quoted_once():
    detail = check_note_formula(r"w = \frac{60}{2}+1 = 20", "output width").detail
    assert "but the note writes 20" in detail and "20 = 20" not in detail
    assert "but the note writes \\frac{10}{2} = 5" in check_note_formula(r"x = 2+2 = \frac{10}{2}", "sum").detail

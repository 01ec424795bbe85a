"""Families added for what ML and DL notes state beyond the first registry: feature scaling (min-max, mean
normalisation, z-score), step and sign functions, three more activations (bent identity, Gaussian, thresholded
ReLU) and Cohen's kappa; and the readings they need (max(x) and min(x) of one vector, mean(x), x' as the scaled
feature, f\\prime(x) as a derivative)."""
import numpy as np
import pytest

from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"x' = \frac{x - \min(x)}{\max(x) - \min(x)}", r"x' = \frac{x - \min(x)}{\max(x)}", "Min-max normalization",
     "min_max_scaling"),
    (r"x_{norm} = \frac{x - x_{min}}{x_{max} - x_{min}}", r"x_{norm} = \frac{x - x_{min}}{x_{max} + x_{min}}",
     "Min-Max-Skalierung", "min_max_scaling"),
    (r"x' = \frac{x - average(x)}{max(x) - min(x)}", r"x' = \frac{x - average(x)}{max(x)}", "均值归一化",
     "mean_normalization"),
    (r"z = \frac{x - \mu}{\sigma}", r"z = \frac{x - \mu}{\sigma^2}", "Standardisierung (z-Transformation)",
     "standardization"),
    (r"z = \frac{x - m}{s}", r"z = \frac{x}{s}", "Standardization (z-score)", "standardization"),
    (r"h(x) = \begin{cases} 1 & (x > 0) \\ 0 & (x \le 0) \end{cases}",
     r"h(x) = \begin{cases} 0 & (x > 0) \\ 1 & (x \le 0) \end{cases}", "ステップ関数（step function）", "heaviside_step"),
    (r"\operatorname{sign}(x) = \begin{cases} 1 & x > 0 \\ 0 & x = 0 \\ -1 & x < 0 \end{cases}",
     r"\operatorname{sign}(x) = \begin{cases} -1 & x > 0 \\ 0 & x = 0 \\ 1 & x < 0 \end{cases}", "Sign function",
     "sign_function"),
    (r"f(x) = \frac{\sqrt{x^2+1}-1}{2} + x", r"f(x) = \frac{\sqrt{x^2+1}}{2} + x", "Bent identity", "bent_identity"),
    (r"f(x) = e^{-x^2}", r"f(x) = e^{-x^2/2}", "가우시안 활성화 함수", "gaussian_activation"),
    (r"f(x, \theta) = \begin{cases} x & x > \theta \\ 0 & x \le \theta \end{cases}",
     r"f(x, \theta) = \begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}", "Thresholded ReLU", "thresholded_relu"),
    (r"\kappa = \frac{p_o - p_e}{1 - p_e}", r"\kappa = \frac{p_o - p_e}{1 - p_o}", "Cohens Kappa", "cohen_kappa"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex, context, why", [
    # x / max(x) is another scaling (max-abs); "normalization" alone names no entry, and x' names none either
    (r"x' = \frac{x}{\max(x)}", "Normalization", "nothing near the formula names"),
    # perceptron notes call the ±1 step a step function
    (r"f(x) = \begin{cases} -1 & x < 0 \\ 1 & x \ge 0 \end{cases}", "Binary step function", "convention"),
])
def test_another_scaling_or_convention_is_never_called_wrong(latex, context, why):
    decision = check_note_formula(latex, context)
    assert decision.status == "not_checkable" and why in decision.detail, decision.detail


def test_the_step_at_zero_is_a_convention():
    """x ≥ 0 in the 1 row (the step is 1 at 0) agrees with x > 0 everywhere else: verified, not wrong."""
    decision = check_note_formula(r"f(x) = \begin{cases} 0 & x < 0 \\ 1 & x \ge 0 \end{cases}", "Binary step")
    assert decision.status == "verified" and decision.formula.id == "heaviside_step", decision.detail


def test_max_and_min_of_one_vector_are_its_largest_and_smallest_entry():
    from kb.check.latex import compile_numeric, to_sympy

    x = np.array([3.0, -1.0, 7.0])
    scaled = compile_numeric(to_sympy(r"\frac{x - \min(x)}{\max(x) - \min(x)}"))({"x": x})
    assert scaled.tolist() == [0.5, 0.0, 1.0]
    assert compile_numeric(to_sympy(r"\max(0, x)"))({"x": x}).tolist() == [3.0, 0.0, 7.0]   # two arguments: elementwise
    assert compile_numeric(to_sympy(r"x - mean(x)"))({"x": x}).tolist() == [0.0, -4.0, 4.0]
    assert compile_numeric(to_sympy(r"\max(x)"))({"x": 2.5}) == 2.5


def test_a_bare_prime_is_a_derivative_of_the_section_s_function():
    """f\\prime(x) renders as f′(x): under the bent identity's definition its derivative lacks the ½."""
    from kb.check.identity import check_with_definitions

    definition = {"f(x)": r"\frac{\sqrt{x^2+1}-1}{2} + x"}
    wrong = check_with_definitions(r"f\prime(x) = \frac{x}{\sqrt{x^2+1}} + 1", definition, lambda _: True)
    right = check_with_definitions(r"f\prime(x) = \frac{x}{2\sqrt{x^2+1}} + 1", definition, lambda _: True)
    assert wrong.status == "note_differs" and right.status == "verified", (wrong.detail, right.detail)


def _checks(text: str) -> dict[int, tuple[str, str | None]]:
    from kb.cards import make_cards
    from kb.check.link import attach_checks
    from tests.parse_helpers import parse_text

    note = parse_text(text, "note.md")
    return {c.source.line: (c.check.status, c.check.formula_id) for c in attach_checks([note], make_cards(note))
            if c.kind == "formula" and c.check is not None}


def test_a_function_s_graph_names_that_function_not_the_next_one():
    """An activation zoo writes each function's formula, then its graph: the graph's file name is no word that
    names the next formula, which is another function (e^{-x²} after the bent identity's plot)."""
    text = ("# Activations\n\n## Others\n\n$f(x) = \\frac{\\sqrt{x^2+1}-1}{2} + x$\n\n"
            "![Activation_bent_identity](https://example.org/Activation_bent_identity.svg)\n\n$f(x) = e^{-x^2}$\n")
    checks = _checks(text)
    assert checks[9][0] != "note_differs", checks


def test_words_before_an_earlier_f_of_x_do_not_make_another_function_a_wrong_one():
    """"Bent identity:" names the f(x) after it; a second f(x) that is exactly the Gaussian is a function of its
    own, not a wrong bent identity. A wrong restatement that is no other entry is still caught."""
    base = "# Activations\n\n## Others\n\nBent identity:\n\n$$f(x) = \\frac{\\sqrt{x^2+1}-1}{2} + x$$\n\n"
    checks = _checks(base + "$$f(x) = e^{-x^2}$$\n")
    assert checks[7] == ("verified", "bent_identity") and checks[9][0] == "not_checkable", checks
    assert _checks(base + "$$f(x) = \\sqrt{x^2+1} - 1 + x$$\n")[9] == ("note_differs", "bent_identity")


def test_a_derivative_is_of_the_last_function_of_that_name_above_it():
    """A list of activations calls every function f(x): f'(x) is read against the f(x) written just above it,
    so the bent identity's derivative without its ½ is caught and the Gaussian's right derivative verified."""
    text = ("# Activations\n\n## Others\n\nBent identity:\n\n$$f(x) = \\frac{\\sqrt{x^2+1}-1}{2} + x$$\n\n"
            "$$f'(x) = \\frac{x}{\\sqrt{x^2+1}} + 1$$\n\nGaussian:\n\n$$f(x) = e^{-x^2}$$\n\n$$f'(x) = -2x\\,e^{-x^2}$$\n")
    checks = _checks(text)
    assert checks[9] == ("note_differs", None) and checks[15] == ("verified", None), checks


def test_a_name_defined_twice_is_no_definition_for_a_formula_above_both():
    from kb.check.link import formula_definitions
    from tests.parse_helpers import parse_text

    note = parse_text("# F\n\n$$g'(x) = 1$$\n\n$$g(x) = x$$\n\n$$g(x) = 2x$$\n\n$$g'(x) = 2$$\n", "note.md")
    section = next(s for s in note.sections if s.blocks)
    indices = [i for i, b in enumerate(section.blocks) if b.kind == "formula"]
    assert formula_definitions(section) == {}
    assert formula_definitions(section, indices[0]) == {}
    # below both, g(x) is the last one, for a derivative only (g(x) written twice may state one quantity two ways)
    assert formula_definitions(section, indices[3]) == {"'g(x)": "2x"}

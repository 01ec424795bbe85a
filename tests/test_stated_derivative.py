"""A local derivative ∂A/∂B is checked against the note's own statement of A, its other inputs held fixed."""
from __future__ import annotations

from kb.check.link import check_note_formula
from kb.check.stated_derivative import Stated, derivative_of_stated_quantity, note_statements, stated_quantities
from tests.parse_helpers import parse_text, section

NORMALISE = Stated(r"\hat{x}_i", r"\frac{x_i - \mu}{\sqrt{\sigma^2 + \epsilon}}", own=True)
SCALE = Stated(r"y_i", r"\gamma \hat{x}_i + \beta", own=True)
MEAN = Stated(r"\mu", r"\frac{1}{m}\sum_{i=1}^{m} x_i", own=True)
VARIANCE = Stated(r"\sigma^2", r"\frac{1}{m}\sum_{i=1}^{m} (x_i - \mu)^2", own=True)
BATCH = (NORMALISE, SCALE, MEAN, VARIANCE)


def _status(latex: str, stated: tuple[Stated, ...] = BATCH) -> str | None:
    decision = derivative_of_stated_quantity(latex, stated)
    return None if decision is None else decision.status


def test_local_derivatives_of_the_stated_batch_norm_are_verified():
    assert _status(r"\frac{\partial y}{\partial \gamma} = \hat{x}") == "verified"
    assert _status(r"\frac{\partial y}{\partial \hat{x}} = \gamma") == "verified"
    assert _status(r"\frac{\partial y}{\partial \beta} = 1") == "verified"
    assert _status(r"\frac{\partial \hat{x}}{\partial \sigma^2} = -\frac{1}{2}(x - \mu)(\sigma^2 + \epsilon)^{-3/2}"
                   ) == "verified"
    assert _status(r"\frac{\partial \sigma^2}{\partial \mu} = -\frac{2}{m}\sum_{i=1}^{m}(x_i - \mu)") == "verified"
    assert _status(r"\frac{\partial \mu}{\partial x_i} = \frac{1}{m}") == "verified"


def test_a_wrong_local_derivative_differs_with_a_counterexample_in_the_notes_symbols():
    decision = derivative_of_stated_quantity(r"\frac{\partial y}{\partial \gamma} = \gamma", BATCH)
    assert decision is not None and decision.status == "note_differs"
    assert "γ=" in decision.detail and "x̂=" in decision.detail
    # the exponent −3/2 written as −1/2
    assert _status(r"\frac{\partial \hat{x}}{\partial \sigma^2} = -\frac{1}{2}(x - \mu)(\sigma^2 + \epsilon)^{-1/2}"
                   ) == "note_differs"


def test_a_wrong_derivative_through_another_stated_quantity_is_not_called_wrong():
    # x̂ depends on μ also through σ²: the note may mean the total derivative, so a mismatch decides nothing
    decision = derivative_of_stated_quantity(r"\frac{\partial \hat{x}}{\partial \mu} = \frac{1}{\sqrt{\sigma^2 + "
                                             r"\epsilon}}", BATCH)
    assert decision is not None and decision.status == "not_checkable"
    assert "total derivative" in decision.detail
    # the local one still verifies
    assert _status(r"\frac{\partial \hat{x}}{\partial \mu} = \frac{-1}{\sqrt{\sigma^2 + \epsilon}}") == "verified"


def test_a_derivative_that_holds_at_the_notes_own_values_is_not_called_wrong():
    # Σ(x_i − μ) = 0 where μ is the mean the note states: 0 is what a derivation may rightly write there
    decision = derivative_of_stated_quantity(r"\frac{\partial \sigma^2}{\partial \mu} = 0", BATCH)
    assert decision is not None and decision.status == "not_checkable"
    assert "values the note states" in decision.detail


def test_a_quantity_stated_in_another_section_only_verifies():
    elsewhere = tuple(Stated(s.lhs, s.rhs, own=False) for s in BATCH)
    assert _status(r"\frac{\partial y}{\partial \gamma} = \hat{x}", elsewhere) == "verified"
    assert _status(r"\frac{\partial y}{\partial \gamma} = \gamma", elsewhere) == "not_checkable"


def test_a_jacobian_entry_with_two_indices_or_a_non_diagonal_jacobian_is_left_alone():
    softmax = (Stated(r"a_i", r"\frac{e^{z_i}}{\sum_j e^{z_j}}", own=True),)
    assert _status(r"\frac{\partial a_i}{\partial z_j} = a_i(1 - a_i)", softmax) is None
    assert _status(r"\frac{\partial a}{\partial z} = a(1 - a)", softmax) is None
    # y_i = γ x̂_i + β: ∂y_i/∂x̂_j is γ only where i = j; the diagonal kb reads is not what the note wrote
    assert _status(r"\frac{\partial y_i}{\partial \hat{x}_j} = \gamma") is None


def test_the_derivative_written_in_the_quantity_itself_reads_the_notes_own_value():
    sigmoid = (Stated("a", r"\sigma(z)", own=True),)
    assert _status(r"\frac{da}{dz} = a(1 - a)", sigmoid) == "verified"
    assert _status(r"\frac{da}{dz} = a(1 + a)", sigmoid) == "note_differs"


def test_nothing_is_decided_without_a_statement_or_with_an_unknown_name():
    assert _status(r"\frac{\partial y}{\partial \gamma} = \hat{x}", ()) is None
    assert _status(r"\frac{\partial y}{\partial \gamma} = \hat{x} \cdot w") is None   # w is stated nowhere
    assert _status(r"\frac{\partial y}{\partial x} = \gamma") is None   # y reaches x only through x̂


NOTE = """# Layers

## Forward

$$\\hat{x}_i = \\frac{x_i - \\mu}{\\sqrt{\\sigma^2 + \\epsilon}}$$

$$y_i = \\gamma \\hat{x}_i + \\beta$$

## Backward

$$\\frac{\\partial y}{\\partial \\gamma} = \\hat{x}$$

## Other layer

$$y_i = w x_i$$

### Its backward

$$\\frac{\\partial y}{\\partial w} = x$$
"""


def test_the_smallest_enclosing_part_that_states_a_name_decides_it():
    note = parse_text(NOTE, "layers.md")
    statements = note_statements(note)
    backward = stated_quantities(statements, section(note, "Backward"))
    assert {s.lhs for s in backward} == {r"\hat{x}_i"}   # y is stated twice under "Layers": left out
    nested = stated_quantities(statements, section(note, "Its backward"))
    assert [s.rhs for s in nested if s.lhs == "y_i"] == ["w x_i"] and not any(s.own for s in nested)
    decision = check_note_formula(r"\frac{\partial y}{\partial w} = x", stated=nested)
    assert decision.status == "verified"


def test_a_transpose_in_bold_vectors_is_a_transpose_so_the_gradient_of_a_dot_product_is_no_false_alarm():
    r"""`z = \textbf{w}^T\textbf{x}`: the typeface says vector, the T transpose (as in `w^T x`); read as a power of
    w, the right ∂z/∂w = x was called wrong."""
    stated = (Stated(r"z", r"\textbf{w}^T\textbf{x}", own=True),)
    assert _status(r"\frac{\partial z}{\partial \textbf{w}} = \textbf{x}", stated) != "note_differs"
    assert _status(r"\frac{\partial z}{\partial w} = x", (Stated(r"z", r"w^T x", own=True),)) != "note_differs"

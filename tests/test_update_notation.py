"""Optimiser updates in the course notes' d-gradient notation (dW, V_{dW}, S_{dW}, V^{corrected}_{dW}, `:=`),
braces that draw no parentheses, and remarks written after a formula inside the math."""
from __future__ import annotations

import pytest

from kb.check import bare_braces
from kb.check.latex_text import strip_formula
from kb.check.link import check_note_formula
from kb.check.update_notation import readings

MOMENTUM = "Gradient descent with momentum"
RMSPROP = "RMSprop"
ADAM = "Adam optimisation"


def _verdict(latex: str, heading: str) -> tuple[str, str | None]:
    decision = check_note_formula(latex, heading, heading=heading, local=heading)
    return decision.status, decision.formula.id if decision.formula else None


def test_a_moment_is_rewritten_for_each_entry_its_letter_may_state():
    found = {r.formula_id: r.latex for r in readings(r"V_{dW} := \beta V_{dW} + (1-\beta) dW")}
    assert set(found) == {"momentum_velocity", "momentum_velocity_lr", "adam_first_moment"}
    assert found["adam_first_moment"].replace(" ", "") == r"m_t=\betam_{t-1}+(1-\beta)g_t"
    second = {r.formula_id for r in readings(r"S_{db} = \beta_2 S_{db} + (1-\beta_2) db^2")}
    assert second == {"rmsprop_accumulator", "adam_second_moment", "adagrad_accumulator"}
    corrected = {r.formula_id for r in readings(r"V^{corrected}_{d\theta} = \frac{V_{d\theta}}{1-\beta_1^t}")}
    assert corrected == {"adam_bias_corrected_first_moment", "ewa_bias_correction"}


@pytest.mark.parametrize("latex, entry", [
    (r"W := W - \alpha V_{dW}", ["momentum_step"]),
    # RMSProp's and AdaGrad's steps are the same line: the words choose between them
    (r"b \leftarrow b - \alpha \frac{db}{\sqrt{S_{db}}+\epsilon}", ["rmsprop_step", "adagrad_step"]),
    (r"W^{[l]} := W^{[l]} - \alpha \frac{V_{dW^{[l]}}^{corr}}{\sqrt{S_{dW^{[l]}}^{corr}}+\epsilon}", ["adam_step"]),
    (r"\theta \gets \theta - \alpha d\theta", ["sgd_update"]),
])
def test_a_parameter_update_is_read_by_what_its_right_side_reads(latex, entry):
    assert [r.formula_id for r in readings(latex)] == entry


@pytest.mark.parametrize("latex", [
    r"V_{db} = \beta V_{db} + (1-\beta) dW",     # a moment of b fed W's gradient: which parameter is open
    r"W = \alpha V_{dW}",                         # defines W, updates nothing
    r"y = W x + b",                               # no gradient, no moment
    r"V_t = \beta V_{t-1} + (1-\beta)\theta_t",   # the indexed notation kb reads already
])
def test_formulas_outside_the_notation_have_no_reading(latex):
    assert readings(latex) == []


@pytest.mark.parametrize("latex, heading, entry", [
    (r"V_{dW} := \beta V_{dW} + (1-\beta) dW", MOMENTUM, "momentum_velocity"),
    (r"V_{dW} := \beta V_{dW} + dW", MOMENTUM, "momentum_velocity"),
    (r"W := W - \alpha V_{dW}", MOMENTUM, "momentum_step"),
    (r"S_{dW} := \beta S_{dW} + (1-\beta) (dW)^2 \rightarrow (element\_wise\_squared)", RMSPROP, "rmsprop_accumulator"),
    (r"W := W - \alpha \frac{dW}{\sqrt{S_{dW}}}", RMSPROP, "rmsprop_step"),
    (r"W := W - \alpha \frac{dW}{\sqrt{S_{dW}+\epsilon}}", RMSPROP, "rmsprop_step"),
    (r"V_{db} = \beta_1 V_{db} + (1-\beta_1) db", ADAM, "adam_first_moment"),
    (r"S_{db} = \beta_2 S_{db} + (1-\beta_2) db^2", ADAM, "adam_second_moment"),
    (r"S_{db}^{corrected} = \frac{S_{db}}{1-\beta_2^t}", ADAM, "adam_bias_corrected_second_moment"),
    (r"b := b - \alpha \frac{V^{corrected}_{db}}{\sqrt{S^{corrected}_{db}}+\epsilon}", ADAM, "adam_step"),
    (r"b := b - \alpha \frac{V^{corrected}_{db}}{\sqrt{S^{corrected}_{db}+\epsilon}}", ADAM, "adam_step"),
])
def test_right_updates_in_the_notation_are_verified(latex, heading, entry):
    assert _verdict(latex, heading) == ("verified", entry)


@pytest.mark.parametrize("latex, heading, entry", [
    (r"V_{db} := (1-\beta) V_{db} + \beta db", MOMENTUM, "momentum_velocity"),              # β and 1-β swapped
    (r"S_{dW} := \beta S_{dW} + (1-\beta) dW", RMSPROP, "rmsprop_accumulator"),             # not squared
    (r"W := W - \alpha \frac{dW}{S_{dW}+\epsilon}", RMSPROP, "rmsprop_step"),               # no root
    (r"S^{corrected}_{dW} = \frac{S_{dW}}{1-\beta_2}", ADAM, "adam_bias_corrected_second_moment"),   # no power t
    (r"W := W + \alpha \frac{V^{corrected}_{dW}}{\sqrt{S^{corrected}_{dW}}+\epsilon}", ADAM, "adam_step"),  # sign
])
def test_wrong_updates_in_the_notation_differ(latex, heading, entry):
    assert _verdict(latex, heading) == ("note_differs", entry)


@pytest.mark.parametrize("latex, heading", [
    (r"W := W - \alpha \frac{dW}{\sqrt{S_{dW}+\epsilon}}", RMSPROP),
    (r"w_t = w_{t-1} - \frac{\alpha \hat m_t}{\sqrt{\hat v_t+\epsilon}}", ADAM),
])
def test_epsilon_under_the_root_is_the_method_not_a_special_case(latex, heading):
    decision = check_note_formula(latex, heading, heading=heading)
    assert decision.status == "verified" and "on 60 examples" in decision.detail, decision.detail


def test_the_counterexample_uses_the_notes_own_names():
    decision = check_note_formula(r"S_{dW} := \beta S_{dW} + (1-\beta) dW", RMSPROP, heading=RMSPROP)
    assert "dW=" in decision.detail and "S_{dW} before the step=" in decision.detail
    assert decision.note_latex == r"S_{dW} := \beta S_{dW} + (1-\beta) dW"


def test_under_an_adam_heading_the_velocity_without_its_weight_is_not_verified_as_momentum():
    """V = βV + dW is momentum's torch form, but under "Adam" V is Adam's first moment, which needs (1-β₁)."""
    status, _ = _verdict(r"V_{dW} = \beta_1 V_{dW} + dW", ADAM)
    assert status != "verified"
    assert _verdict(r"V_{dW} = \beta_1 V_{dW} + dW", MOMENTUM) == ("verified", "momentum_velocity")


def test_bare_braces_around_a_sum_are_read_as_the_page_shows_them():
    shown, grouped = bare_braces.readings(r"V = \beta V + {1 - \beta} * g")
    assert shown.split() == r"V = \beta V + 1 - \beta * g".split()
    assert grouped.replace(" ", "") == r"V=\betaV+(1-\beta)*g"
    assert bare_braces.readings(r"x = \frac{a+b}{c} + e^{-x+1} + \sqrt{a+b}") is None   # arguments, not groups
    assert bare_braces.readings("v = beta*v + {1-beta}*g") is None   # no LaTeX command: not LaTeX


@pytest.mark.parametrize("latex, heading, entry", [
    (r"V_{db} = \beta_1 V_{db} + {1 - \beta_1} * db", ADAM, "adam_first_moment"),
    (r"S_{db} = \beta_2 S_{db} + {1 - \beta_2} * (db)^2", RMSPROP, "rmsprop_accumulator"),
    (r"m_t = \beta_1 m_{t-1} + {1 - \beta_1} g_t", ADAM, "adam_first_moment"),
])
def test_a_weight_in_braces_shows_ungrouped_and_differs(latex, heading, entry):
    decision = check_note_formula(latex, heading, heading=heading, local=heading)
    assert (decision.status, decision.formula.id if decision.formula else None) == ("note_differs", entry)
    assert "draw no parentheses" in decision.detail


def test_braces_that_change_nothing_keep_the_verdict():
    assert _verdict(r"m_t = \beta_1 m_{t-1} + {(1 - \beta_1) g_t}", ADAM) == ("verified", "adam_first_moment")


@pytest.mark.parametrize("latex, kept", [
    (r"s_t = \beta s_{t-1} + (1-\beta) g_t^2 \rightarrow (element\_wise\_squared)", r"s_t = \beta s_{t-1} + (1-\beta) g_t^2"),
    (r"s_t = \beta s_{t-1} + (1-\beta) g_t^2 \quad \text{(element-wise)}", r"s_t = \beta s_{t-1} + (1-\beta) g_t^2"),
    (r"s_t = \beta s_{t-1} + (1-\beta) g_t^2 \rightarrow (逐元素平方)", r"s_t = \beta s_{t-1} + (1-\beta) g_t^2"),
    (r"s_t = \beta s_{t-1} + (1-\beta) g_t^2 \ \ \ (\text{element-wise})", r"s_t = \beta s_{t-1} + (1-\beta) g_t^2"),
    (r"f(x) = x \quad \text{if } x > 0", r"f(x) = x \quad \text{if } x > 0"),   # a condition, not a remark
    (r"\lim x \rightarrow (0)", r"\lim x \rightarrow (0)"),                      # no words: not a remark
])
def test_a_remark_after_the_formula_is_no_part_of_it(latex, kept):
    assert strip_formula(latex) == kept


@pytest.mark.parametrize("latex, moved", [
    (r"b = b - \alpha \frac{\partial}{\partial w} J(w,b)", "b"),
    (r"b := b - \alpha dW", "b"),
    (r"W := W - \alpha \frac{\partial J}{\partial b}", "W"),
    (r"\theta := \theta - \alpha \frac{\partial}{\partial b} J(\theta, b)", "\\theta"),
])
def test_a_step_by_another_parameters_gradient_differs(latex, moved):
    """Gradient descent moves each parameter against its own derivative: b by ∂J/∂b, never ∂J/∂w."""
    decision = check_note_formula(latex, "Gradient descent")
    assert (decision.status, decision.formula.id) == ("note_differs", "sgd_update"), decision.detail
    assert f"moves {moved} against its own derivative" in decision.detail


@pytest.mark.parametrize("latex", [
    r"b := b - \alpha \frac{\partial}{\partial b} J(w,b)",
    r"w = w - \alpha \frac{\partial}{\partial w} J(w,b)",
    r"\theta_j := \theta_j - \alpha \frac{\partial}{\partial \theta_j} J(\theta)",
])
def test_a_step_by_its_own_gradient_still_verifies(latex):
    assert _verdict(latex, "Gradient descent") == ("verified", "sgd_update")


def test_only_a_models_bias_and_weights_are_told_apart():
    # two parameters of which neither is a bias: which gradient belongs to which is not this rule's to say
    assert readings(r"W := W - \alpha \frac{\partial J}{\partial \theta}") == []


@pytest.mark.parametrize("latex, kept", [
    (r"w_j = w_j - \alpha \frac{\partial J}{\partial w_j} \;", r"w_j = w_j - \alpha \frac{\partial J}{\partial w_j}"),
    (r"b = b - \alpha \, db \,.", r"b = b - \alpha \, db"),
    (r"x = y \quad", "x = y"),
    (r"x = y;", "x = y"),
    (r"a = b \\", "a = b"),         # a row break with no row after it draws nothing (and leaves no lone backslash)
    (r"a = b \\ c", r"a = b \\ c"),   # a row break before a row is no spacing
])
def test_spacing_at_the_end_of_a_formula_is_layout_and_its_semicolon_is_no_punctuation(latex, kept):
    assert strip_formula(latex) == kept


def test_an_aligned_row_ending_in_spacing_is_checked():
    """`... \\;\\\\` ends a row of `align*` with a thick space: once kb left the lone backslash of `\\;` behind."""
    assert _verdict(r"w_j = w_j - \alpha \frac{\partial J(\mathbf{w},b)}{\partial w_j} \;", "Gradient descent") == \
        ("verified", "sgd_update")
    # a lone backslash at the end is no command, and no reason to give up reading the groups before it
    assert bare_braces.readings("\\beta V + {1 - \\beta} g \\") is not None


def test_a_velocity_that_holds_the_rate_is_added_to_the_parameters():
    """θ_{t+1} = θ_t + v_{t+1} after v_{t+1} = μv_t − η∇J (Sutskever et al., CS231n): right as written, never wrong."""
    decision = check_note_formula(r"\theta_{t+1} = \theta_t + v_{t+1}", "Momentum\nMomentum",
                                  heading="Momentum", local="Momentum")
    assert decision.status == "not_checkable" and "holds the rate" in decision.detail


# ---- a superscript every occurrence of the parameter carries alike labels the one variable the step updates

GRADIENT_DESCENT = "Gradient descent moves each layer's weights against the derivative"


@pytest.mark.parametrize("latex, status", [
    (r"W^l \leftarrow W^l - \eta \frac{\partial E}{\partial W^l}", "verified"),
    (r"b^{(k)} := b^{(k)} - \alpha\, db^{(k)}", "verified"),
    (r"W^l \leftarrow W^l + \eta \frac{\partial E}{\partial W^l}", "note_differs"),
])
def test_a_label_on_every_occurrence_of_the_parameter_is_read_as_one_variable(latex, status):
    assert _verdict(latex, GRADIENT_DESCENT) == (status, "sgd_update")


@pytest.mark.parametrize("latex", [
    r"W^l \leftarrow W^{l} - \eta \frac{\partial E}{\partial W^{l+1}}",   # two labels: two variables
    r"W^T \leftarrow W^T - \eta \frac{\partial E}{\partial W^T}",         # a transpose is no label
    r"W^l \leftarrow W - \eta\, dW",                                      # the target alone labelled
])
def test_labels_that_differ_or_a_transpose_are_kept(latex):
    assert readings(latex) == []

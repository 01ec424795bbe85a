"""The course notes' optimiser updates in their other spellings: Ng's summaries' glued names and pseudo-code
(`VdW = beta * VdW + (1 - beta) * dW`, `vdW_corrected`, `:=`, `dW^2`), hats and ∂J/∂W for dW, CS231n's code
(`x += - learning_rate * dx`, `cache`, `m`, `v`), the rate spelt `learning_rate`, and Ng's running average
`v_θ := βv_θ + (1−β)θ_t`."""
from __future__ import annotations

import pytest

from kb.cards import make_cards
from kb.check.link import attach_checks, check_note_formula
from kb.check.update_notation import readings
from kb.parse.plain_math import to_latex
from tests.parse_helpers import parse_text


def _verdict(latex: str, heading: str) -> tuple[str, str | None]:
    decision = check_note_formula(latex, heading, heading=heading, local=heading)
    return decision.status, decision.formula.id if decision.formula else None


@pytest.mark.parametrize("latex, entries", [
    (r"\mathrm{VdW} = \beta \mathrm{VdW} + (1 - \beta) \mathrm{dW}", {"momentum_velocity", "momentum_velocity_lr",
                                                                       "adam_first_moment"}),
    (r"\mathrm{vdW\_corrected} = \frac{\mathrm{vdW}}{1 - \beta_1^t}", {"adam_bias_corrected_first_moment",
                                                                     "ewa_bias_correction"}),
    (r"\hat{S}_{dW} = \frac{S_{dW}}{1-\beta_2^t}", {"adam_bias_corrected_second_moment"}),
    (r"W := W - \alpha \frac{\partial J}{\partial W}", {"sgd_update"}),
    (r"W := W - \alpha \frac{\hat{v}_{dW}}{\sqrt{\hat{s}_{dW}} + \epsilon}", {"adam_step"}),
    (r"\mathrm{cache} = \mathrm{cache} + \mathrm{dx}^{2}", {"rmsprop_accumulator", "adam_second_moment",
                                                            "adagrad_accumulator"}),
    (r"x = x - \mathrm{learning\_rate} \cdot \mathrm{dx}", {"sgd_update"}),
])
def test_other_spellings_are_read_as_the_notation(latex, entries):
    assert {r.formula_id for r in readings(latex)} == entries


@pytest.mark.parametrize("latex", [
    r"x = x + v",                                         # CS231n's v holds the rate: the step alone decides nothing
    r"x = x - \mathrm{learning\_rate} \cdot \frac{m}{\sqrt{v} + \mathrm{eps}}",   # m and v in one role: not read
    r"v = \mu v - \mathrm{learning\_rate} \cdot \mathrm{dx\_ahead}",             # Nesterov's look-ahead gradient
    r"m = \beta_1 m + (1 - \beta_1) g",                   # no dx: CS231n's m only beside its gradient
    r"y = \int x \, dx",
])
def test_what_the_spellings_cannot_tell_is_not_read(latex):
    assert readings(latex) == []


@pytest.mark.parametrize("code, heading, entry", [
    ("VdW = beta * VdW + (1 - beta) * dW", "Momentum", "momentum_velocity"),
    ("W = W - learning_rate * VdW", "Momentum", "momentum_step"),
    ("SdW = beta2 * SdW + (1 - beta2) * dW**2", "RMSprop", "rmsprop_accumulator"),
    ("W = W - learning_rate * dW / sqrt(SdW + epsilon)", "RMSprop", "rmsprop_step"),
    ("sdW_corrected = sdW / (1 - beta2**t)", "Adam", "adam_bias_corrected_second_moment"),
    ("W = W - learning_rate * vdW_corrected / (sqrt(sdW_corrected) + epsilon)", "Adam", "adam_step"),
    ("x = x - learning_rate * dx", "Gradient descent", "sgd_update"),
    ("v = mu * v - learning_rate * dx", "Momentum update", "momentum_velocity_lr"),
    ("cache = cache + dx**2", "Adagrad", "adagrad_accumulator"),
    ("x = x - learning_rate * dx / (np.sqrt(cache) + eps)", "Adagrad", "adagrad_step"),
    ("cache = decay_rate * cache + (1 - decay_rate) * dx**2", "RMSProp", "rmsprop_accumulator"),
    ("m = beta1*m + (1-beta1)*dx", "Adam", "adam_first_moment"),
    ("v = beta2*v + (1-beta2)*(dx**2)", "Adam", "adam_second_moment"),
])
def test_right_updates_in_code_are_verified(code, heading, entry):
    assert _verdict(to_latex(code), heading) == ("verified", entry)


@pytest.mark.parametrize("code, heading, entry", [
    ("VdW = (1 - beta) * VdW + beta * dW", "Momentum", "momentum_velocity"),           # weights swapped
    ("Sdb = beta2 * Sdb + (1 - beta2) * db", "RMSprop", "rmsprop_accumulator"),          # not squared
    ("sdW_corrected = sdW / (1 - beta2)", "Adam", "adam_bias_corrected_second_moment"),  # no power t
    ("b = b + learning_rate * vdb_corrected / (sqrt(sdb_corrected) + epsilon)", "Adam", "adam_step"),   # sign
    ("x = x + learning_rate * dx", "Gradient descent", "sgd_update"),                   # sign
    ("v = mu * (v - learning_rate * dx)", "Momentum update", "momentum_velocity_lr"),   # μ on the gradient too
    ("cache = cache + dx", "Adagrad", "adagrad_accumulator"),                           # not squared
    ("x = x - learning_rate * dx / (cache + eps)", "Adagrad", "adagrad_step"),          # no root
    ("v = beta2*v + (1-beta2)*dx", "Adam", "adam_second_moment"),                       # β₂ says second moment
])
def test_wrong_updates_in_code_differ(code, heading, entry):
    assert _verdict(to_latex(code), heading) == ("note_differs", entry)


@pytest.mark.parametrize("latex, heading, entry", [
    (r"v_{dW} = \beta_1 v_{dW} + (1-\beta_1) \frac{\partial J}{\partial W}", "Adam", "adam_first_moment"),
    (r"S_{dW} = \beta S_{dW} + (1-\beta)\left(\frac{\partial J}{\partial W}\right)^2", "RMSprop", "rmsprop_accumulator"),
    (r"\hat{v}_{dW} = \frac{v_{dW}}{1-\beta_1^t}", "Adam", "adam_bias_corrected_first_moment"),
    (r"v_\theta := \beta v_\theta + (1-\beta)\theta_t", "Exponentially weighted averages", "exponentially_weighted_average"),
    (to_latex("learning_rate = learning_rate_0 / (1 + decay_rate * epoch_num)"), "Learning rate decay",
     "inverse_time_lr_decay"),
])
def test_right_formulas_in_latex_spellings_are_verified(latex, heading, entry):
    assert _verdict(latex, heading) == ("verified", entry)


def test_a_running_average_with_its_weight_left_out_differs():
    assert _verdict(r"v_\theta := \beta v_\theta + \theta_t", "Exponentially weighted averages") == (
        "note_differs", "exponentially_weighted_average")


def _checks(text: str) -> dict[int, tuple[str, str | None]]:
    note = parse_text(text, "note.md")
    return {c.source.line: (c.check.status, c.check.formula_id) for c in attach_checks([note], make_cards(note))
            if c.kind == "formula" and c.check is not None}


def test_updates_in_python_code_are_formulas_wherever_the_step_is_taken():
    text = ("# Adagrad\n\n```python\nfor it in range(100):\n    dx = grad(x)\n    cache += dx**2\n"
            "    x += - learning_rate * dx / (np.sqrt(cache) + eps)\n    it += 1\n    total = total + x\n```\n")
    checks = _checks(text)
    assert checks == {6: ("verified", "adagrad_accumulator"), 7: ("verified", "adagrad_step")}


def test_indented_pseudo_code_is_read_with_its_caret_as_a_power():
    text = ("# RMSprop\n\n```\non iteration t:\n    compute dW on the mini-batch\n"
            "    SdW = beta2 * SdW + (1 - beta2) * dW^2\n    W = W - alpha * dW / sqrt(SdW)\n    t = t + 1\n```\n")
    assert _checks(text) == {6: ("verified", "rmsprop_accumulator"), 7: ("verified", "rmsprop_step")}


def test_a_glued_name_and_pseudo_codes_assignment_are_math_in_prose():
    note = parse_text("# Momentum\n\nIn words: VdW = beta * VdW + (1 - beta) * dW, then W := W - alpha * VdW.\n",
                      "note.md")
    checks = sorted((c.check.status, c.check.formula_id) for c in attach_checks([note], make_cards(note))
                    if c.kind == "formula" and c.check is not None)
    assert checks == [("verified", "momentum_step"), ("verified", "momentum_velocity")]


@pytest.mark.parametrize("latex, status", [
    (r"\theta_j := \theta_j - \alpha \frac{\partial}{\partial \theta_j} J(\theta_0, \theta_1)", "verified"),
    (r"\theta_{j} := \theta_j - \alpha \frac{\partial}{\partial \theta_{j}} J(\theta)", "verified"),   # braces or not
    (r"\theta_j := \theta_j + \alpha \frac{\partial}{\partial \theta_j} J(\theta)", "note_differs"),  # ascent
])
def test_the_per_component_update_of_the_ml_course_is_gradient_descent(latex, status):
    assert _verdict(latex, "Gradient descent") == (status, "sgd_update")


def test_a_component_updated_by_another_components_derivative_is_not_read():
    assert readings(r"\theta_j := \theta_j - \alpha \frac{\partial}{\partial \theta_0} J(\theta)") == []


@pytest.mark.parametrize("latex, heading, entry", [
    # the Chinese edition of the course's notes writes α as a, glued to the moment or not
    (r"W:= W -av_{dW}", "动量梯度下降法", "momentum_step"),
    (r"W:= W -a\frac{dW}{\sqrt{S_{dW}}}", "RMSprop", "rmsprop_step"),
    (r"W:= W - \frac{a v_{dW}^{\text{corrected}}}{\sqrt{S_{dW}^{\text{corrected}}} +\varepsilon}", "Adam 优化算法",
     "adam_step"),
    (r"a = \frac{1}{1 + decayrate * \text{epoch}\text{-num}}a_{0}", "学习率衰减", "inverse_time_lr_decay"),
    (r"\mathrm{v}_{dW} = \beta \mathrm{v}_{dW} + (1-\beta) dW", "Momentum", "momentum_velocity"),
    (r"S_{dW} = \beta S_{dW} + (1-\beta) dW^2 \text{ (element-wise)}", "RMSprop", "rmsprop_accumulator"),
    (r"\alpha = \frac{1}{1 + decayRate \times epochNumber} \alpha_0", "Learning rate decay", "inverse_time_lr_decay"),
])
def test_the_course_notes_editions_spell_the_same_updates(latex, heading, entry):
    assert _verdict(latex, heading) == ("verified", entry)


def test_a_rate_written_a_is_still_a_rate_a_wrong_step_differs():
    assert _verdict(r"W:= W +av_{dW}", "动量梯度下降法") == ("not_checkable", None)   # downhill convention: unsure
    assert _verdict(r"W:= W -a\frac{dW}{S_{dW}}", "RMSprop") == ("note_differs", "rmsprop_step")

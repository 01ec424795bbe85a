"""What a formula is said to be against what it computes: indices that do not fit the sum they stand in, a function
the words name that the formula is not, Adam's L2 step against AdamW's decoupled one, and a worked step whose numbers
stand for values kb cannot place. None of these may be verified, or called wrong, on kb's reading alone. Formulas
written for these tests."""
from __future__ import annotations

import pytest

from kb.check.index_slips import slip
from kb.check.link import check_note_formula


# ---- indices

@pytest.mark.parametrize("latex", [
    r"G_t = \sum_{k=0}^{\infty} \gamma^k R_{k+1}",               # the left side's t never on the right
    r"E = -\sum_{i=1}^{n} t_k \log y_k",                          # the sum's i never in its terms
    r"\bar{x}^{(i)} = \frac{1}{n} \sum_{i=1}^{n} x_i^{(j)}",      # the left side's index is the bound one
])
def test_indices_that_do_not_fit_are_a_slip_and_never_verified(latex):
    assert slip(latex)
    assert check_note_formula(latex, "return, cross-entropy, mean").status != "verified"


@pytest.mark.parametrize("latex", [
    r"G_t = \sum_{k=0}^{\infty} \gamma^k R_{t+k+1}",
    r"E = -\sum_{k} t_k \log y_k",
    r"\bar{x}_j = \frac{1}{n} \sum_{i=1}^{n} x_j^{(i)}",
    r"\hat{y}_i = \sum_j w_{ij} x_j",
    r"s_t = \sum_{k=1}^{t} g_k^2",                                 # the bound's limit writes t
    r"\sigma(z)_i = \frac{e^{z_i}}{\sum_i e^{z_i}}",               # the index reused, nothing else free
    r"J(\theta) = \frac{1}{m}\sum_{i=1}^m (h(x^{(i)}) - y^{(i)})^2",
    r"x_{max} = \sum_i x_i",                                       # a word below a name is no index
])
def test_indices_that_fit_are_no_slip(latex):
    assert slip(latex) == ""


def test_the_standard_forms_stay_verified():
    assert check_note_formula(r"G_t = \sum_{k=0}^{\infty} \gamma^k R_{t+k+1}", "discounted return").status == "verified"
    assert check_note_formula(r"E = -\sum_{k} t_k \log y_k", "cross-entropy error").status == "verified"


# ---- a function named as another

_RELU_WORDS = "Activation functions\n- ReLU: returns its input when it is positive, and 0 otherwise.\n"


def test_a_step_function_under_words_naming_relu_is_not_verified():
    decision = check_note_formula(r"f(z) = \begin{cases} 1 & z \ge 0 \\ 0 & z < 0 \end{cases}", _RELU_WORDS)
    assert decision.status == "not_checkable" and "ReLU" in decision.detail, decision.detail


def test_relu_under_its_own_name_is_verified():
    assert check_note_formula(r"f(z) = \max(0, z)", _RELU_WORDS).status == "verified"


def test_words_naming_a_kind_of_the_same_family_do_not_block_the_verdict():
    # "cross-entropy" names the binary cross-entropy too: no other function
    decision = check_note_formula(r"L = -\frac{1}{N}\sum_{i=1}^{N}(y_i \log \hat{y}_i + (1-y_i)\log(1-\hat{y}_i))",
                                  "Cross-entropy loss")
    assert decision.status == "verified", decision.detail


# ---- coupled and decoupled weight decay

_DECOUPLED_STEP = r"\theta_{t+1} = \theta_t - \eta \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon} - \eta \lambda \theta_t"


def test_the_decoupled_step_under_words_naming_l2_in_adam_is_not_verified():
    local = "AdamW\nL2 regularization inside Adam adds the penalty to the gradient:"
    decision = check_note_formula(_DECOUPLED_STEP, local, heading="AdamW", local=local)
    assert decision.status == "not_checkable" and "L2" in decision.detail, decision.detail


def test_the_decoupled_step_under_words_naming_adamw_is_verified():
    local = "AdamW\nAdamW takes the decay from the weights directly:"
    assert check_note_formula(_DECOUPLED_STEP, local, heading="AdamW", local=local).status == "verified"


# ---- a worked step with a value the note does not give

def test_a_worked_velocity_with_an_unknown_gradient_is_not_called_wrong():
    latex = r"v_2 = 0.9 \cdot (-0.00412) + 0.1 \cdot (\nabla L_{t=2})"
    decision = check_note_formula(latex, "Descenso de gradiente con momento")
    assert decision.status == "not_checkable" and "worked step" in decision.detail, decision.detail


def test_a_step_with_a_written_rate_is_still_judged():
    # 0.01 is a setting written by hand, not a worked value: the step's sign is still checked
    assert check_note_formula(r"w_{t+1} = w_t + 0.01 \nabla L(w_t)", "gradient descent step").status == "note_differs"


# ---- a constant factor is a convention of scale

_SQUARED_ERROR_WORDS = "The squared error loss over N samples is"


def test_the_squared_error_without_its_half_is_no_mistake():
    decision = check_note_formula(r"L = \sum_{i=1}^{N} (y_i - \hat{y}_i)^2", _SQUARED_ERROR_WORDS)
    assert decision.status == "not_checkable" and "convention of scale" in decision.detail, decision.detail


def test_a_factor_that_changes_with_the_data_is_still_a_mistake():
    # a mean without 1/N is N times the mean: N is no constant
    assert check_note_formula(r"\mathrm{MSE} = \sum_{i=1}^{N} (y_i - \hat{y}_i)^2", "Mean squared error").status == (
        "note_differs")
    assert check_note_formula(r"L = \sum_{i=1}^{N} (y_i - \hat{y}_i)^3", _SQUARED_ERROR_WORDS).status == "note_differs"

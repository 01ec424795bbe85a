"""A formula's quantity comes from its own structure and left side before the words near it; a formula stated as an
approximation is never called wrong for differing from the exact value.

Each case is a false "the note is wrong" kb gave on real notes, rewritten here in other words and letters: a
convolution's parameter count compared with the depthwise-separable count named nearby, a receptive field whose
inner product of strides runs up to the outer index, a cosine decay compared with the inverse-time decay above it, a
momentum step compared with the velocity it reads, a gradient written as a function of the weights read as a
product, the softmax shift compared with a loss, one of two losses in a sentence named by the other's name, and an
approximation stated as such compared exactly.
"""
from __future__ import annotations

import numpy as np
import pytest

from kb.check import approximation
from kb.check.latex import LatexError, compile_formula, parse_formula
from kb.check.link import check_note_formula


def _verdicts(text: str) -> dict[int, list[tuple[str, str | None]]]:
    """(status, entry) of every formula card, by line."""
    from kb.build import check_cards, process_note

    note, cards = process_note(text.encode(), "note.md")
    found: dict[int, list[tuple[str, str | None]]] = {}
    for card in check_cards(note, cards, None):
        if card.kind == "formula" and card.check is not None:
            found.setdefault(card.source.line, []).append((card.check.status, card.check.formula_id))
    return found


# ---- a product up to the outer index -------------------------------------------------------------------

def _value(latex: str, **env):
    return compile_formula(parse_formula(latex))({k: np.array(v) for k, v in env.items()})


def test_a_product_up_to_the_outer_index_takes_the_elements_before_it():
    # 1 + (5-1)·1 + (3-1)·2 + (3-1)·2·3 = 1 + 4 + 4 + 12
    assert _value(r"R = 1 + \sum_{j=1}^{n} (k_j - 1) \prod_{m=1}^{j-1} s_m", k=[5, 3, 3], s=[2, 3, 1]) == 21
    # up to the outer index itself: (5-1)·2 + (3-1)·2·3 + (3-1)·2·3·1
    assert _value(r"R = 1 + \sum_{j=1}^{n} (k_j - 1) \prod_{m=1}^{j} s_m", k=[5, 3, 3], s=[2, 3, 1]) == 33


def test_a_product_whose_bounds_do_not_line_up_with_the_outer_sum_is_not_read():
    with pytest.raises(LatexError):
        parse_formula(r"R = \sum_{j=1}^{n} a_j \prod_{m=0}^{j-1} b_m")


def test_the_receptive_field_with_the_strides_before_each_layer_is_verified_and_one_more_stride_differs():
    context = "Receptive field of a stack of convolutions"
    right = check_note_formula(r"R = 1 + \sum_{j=1}^{n} (k_j - 1) \prod_{m=1}^{j-1} s_m", context)
    assert (right.status, right.formula.id) == ("verified", "receptive_field_strided"), right.detail
    wrong = check_note_formula(r"R = 1 + \sum_{j=1}^{n} (k_j - 1) \prod_{m=1}^{j} s_m", context)
    assert (wrong.status, wrong.formula.id) == ("note_differs", "receptive_field_strided"), wrong.detail


# ---- the entry the formula is exactly, under a case it writes --------------------------------------------

def test_a_standard_conv_count_is_not_the_separable_count_named_nearby():
    context = "Depthwise separable layers store k^2 M + M N weights.\nParameter count of a standard layer"
    decision = check_note_formula(r"P = k \cdot k \cdot M \cdot N + N", context)
    assert (decision.status, decision.formula.id) == ("verified", "conv_param_count_square"), decision.detail


def test_a_cosine_decay_is_not_the_inverse_time_decay_named_in_the_same_paragraph():
    context = ("Learning-rate schedules\nInverse time decay divides the rate by 1 + kt.\n"
               "Cosine annealing follows half a cosine wave down to zero.")
    decision = check_note_formula(r"\eta_t = \frac{\eta_0}{2}\left(1 + \cos\frac{\pi t}{T}\right)", context)
    assert (decision.status, decision.formula.id) == ("verified", "cosine_lr_decay"), decision.detail


# ---- the left side is another quantity than the entry ----------------------------------------------------

@pytest.mark.parametrize("latex", [r"s_t = -\eta\, v_t", r"s_t = -v_t"])
def test_a_step_built_from_the_velocity_is_not_a_wrong_velocity(latex):
    decision = check_note_formula(latex, "Momentum\nThe step taken at time t:")
    assert decision.status == "not_checkable" and "another quantity" in decision.detail, decision.detail


def test_a_velocity_update_written_with_its_own_letter_is_still_caught():
    decision = check_note_formula(r"v_t = \beta v_{t-1} + \beta \eta\, g_t", "Momentum velocity with the learning rate inside")
    assert decision.status == "note_differs", decision.detail


def test_the_shift_that_stabilises_a_softmax_is_no_loss():
    context = "Adding the same constant to every score leaves the softmax unchanged; code adds it to keep it numerically stable."
    decision = check_note_formula(r"k = -\max(x)", context)
    assert decision.status == "not_checkable", decision.detail


# ---- a gradient written as a function of the weights -------------------------------------------------------

@pytest.mark.parametrize("latex", [r"\theta_{t+1} = \theta_t - \eta\, g_t(\theta_t)",
                                   r"\boldsymbol{\theta}_{t+1} = \boldsymbol{\theta}_t - \eta\, g_t(\boldsymbol{\theta}_t)",
                                   r"\pmb \theta_{t+1} \leftarrow \pmb \theta_t - \eta\, g_t(\pmb \theta_t)"])
def test_a_gradient_taken_at_the_weights_is_no_product(latex):
    decision = check_note_formula(latex, "Gradient descent")
    assert (decision.status, decision.formula.id) == ("verified", "sgd_update"), decision.detail


def test_a_gradient_left_out_of_the_step_is_still_caught():
    decision = check_note_formula(r"\theta_{t+1} = \theta_t - \eta\, \theta_t", "Gradient descent")
    assert decision.status != "verified", decision.detail


# ---- several equations in one sentence -------------------------------------------------------------------

_TWO_LOSSES = """# Loss surfaces of one example

The network's output is $p = \\sigma(w_2 \\sigma(w_1 x))$.

## Two losses

For an example whose label is 1 the two losses are: the squared error $\\ell(w_1,w_2)=(1-p)^2$, the cross-entropy $\\ell(w_1,w_2)=-\\log p$.
"""


def test_each_equation_of_a_sentence_is_named_by_its_own_words():
    verdicts = _verdicts(_TWO_LOSSES)
    assert verdicts[7] and all(status != "note_differs" for status, _ in verdicts[7]), verdicts


_Y_OUTPUT = """# 一个样本的两种损失

网络的输出为 $y=\\sigma(b\\,\\sigma(a x))$。

## 损失

标签为 1 时：平方损失 $\\mathcal{L}(a,b)=(1-y)^2$，交叉熵损失 $\\mathcal{L}(a,b)=-\\log y$。
"""


def test_the_networks_output_is_not_read_as_the_class_index_of_a_loss():
    verdicts = _verdicts(_Y_OUTPUT)
    assert verdicts[7] and all(status != "note_differs" for status, _ in verdicts[7]), verdicts


# ---- approximations ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, word", [("It can be approximated as:", "approximated"),
                                        ("La sigmoide se puede aproximar por", "aproximar"),
                                        ("用 logistic 函数近似为", "近似"),
                                        ("Приближённо:", "приближённо"),
                                        ("Its derivative is", "")])
def test_approximation_words_are_found_in_several_languages(text, word):
    assert approximation.said(text) == word


def test_the_approximation_sign_is_a_relation_and_not_text():
    assert approximation.written_as(r"f(x) \approx x\sigma(1.702x)") == r"\approx"
    assert approximation.written_as(r"f(x) ≈ x") == "≈"
    assert approximation.written_as(r"\text{approx} = 1") == ""


def test_an_approximation_written_with_its_sign_is_not_called_wrong():
    decision = check_note_formula(r"\mathrm{GELU}(x) \approx x\,\sigma(1.702\,x)", "GELU")
    assert decision.status == "not_checkable" and "approximation" in decision.detail, decision.detail


_APPROXIMATED = """# GELU

The Gaussian error linear unit:

$$\\mathrm{GELU}(x) = x\\,\\Phi(x)$$

On hardware without a fast normal CDF it can be approximated by

$$h(x) = x\\,\\sigma(1.702\\,x)$$

Its tanh form is exact for no x, but close:

$$\\mathrm{GELU}(x) \\approx \\frac{x}{2}\\left(1 + \\tanh\\left(\\sqrt{2/\\pi}\\,(x + 0.044715\\,x^3)\\right)\\right)$$
"""


def test_an_approximation_the_sentence_before_announces_is_not_called_wrong_and_exact_ones_still_verify():
    verdicts = _verdicts(_APPROXIMATED)
    assert [status for status, _ in verdicts[9]] == ["not_checkable"], verdicts
    assert ("verified", "gelu_tanh") in verdicts[13], verdicts


def test_a_definition_whose_left_side_names_the_entry_is_judged_whatever_it_approximates():
    text = "# MobileNet\n\nA cheap approximation of swish: $\\text{h-swish}(x) = x \\cdot \\frac{\\mathrm{ReLU6}(x + 3)}{3}$.\n"
    assert ("note_differs", "h_swish") in _verdicts(text)[3]


def test_worked_numbers_written_with_the_approximation_sign_keep_their_rounding_check():
    decision = check_note_formula(r"\frac{e^2}{e^2 + e^1 + e^{0.1}} \approx 0.71", "softmax of the scores")
    assert decision.status == "note_differs", decision.detail


# ---- a name in code against the heading ------------------------------------------------------------------

_MISNOMER = """# Losses

## Loss: sum-of-squares error

```python
def mean_squared_error(y, t):
    return np.sum((y - t) ** 2) / 2
```
"""


def test_a_function_named_after_another_loss_under_a_heading_naming_what_it_computes_is_not_called_wrong():
    assert all(status != "note_differs" for status, _ in _verdicts(_MISNOMER)[7]), _verdicts(_MISNOMER)


def test_a_function_named_after_the_loss_its_heading_names_is_still_caught_when_wrong():
    wrong = _MISNOMER.replace("## Loss: sum-of-squares error", "## Loss: mean squared error")
    assert ("note_differs", "mse") in _verdicts(wrong)[7], _verdicts(wrong)

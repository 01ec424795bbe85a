"""A formula's identity comes from its own heading, sentence and left side; a chain is verified only link by link.

Each case is a false verdict kb gave before: a function kb has no entry for called a wrong sigmoid because a
sigmoid was named in another section, a Bellman consistency V(s_t) = r_t + γV(s_{t+1}) and a TD target called
wrong TD errors, a thresholded ReLU that ignores its threshold verified as ReLU, and a chain verified by its last
link alone. Notes written for these tests, in several languages.
"""
from __future__ import annotations

import pytest

from kb.check.chain_links import links
from kb.check.link import check_note_formula
from kb.check.naming import role_named, variant_named
from kb.formulas import registry

_BENT = r"f(x) = \frac{\sqrt{x^2+1}-1}{2} + x"
_GAUSSIAN = r"f(x) = e^{-x^2}"


def _entry(formula_id: str):
    return next(f for f in registry() if f.id == formula_id)


_KO_NOTE = """# 활성화 함수: sigmoid 와 그 밖의 함수

## Sigmoid

$$\\sigma(x) = \\frac{1}{1+e^{-x}}$$

## 벤트 항등 함수

$$f(x) = \\frac{\\sqrt{x^2+1}-1}{2} + x$$

## 가우시안 활성화

$$f(x) = e^{-x^2}$$

## Sigmoid (옮겨 적은 것)

$$f(x) = \\frac{1}{1-e^{-x}}$$
"""

_EN_NOTE = """# Activations: the sigmoid and others

## Sigmoid

The sigmoid squashes its input:

$$\\sigma(x) = \\frac{1}{1+e^{-x}}$$

## Gaussian

$$g(z) = e^{-z^2}$$
"""


def _verdicts(text: str) -> dict[int, str]:
    from kb.build import check_cards, process_note

    note, cards = process_note(text.encode(), "note.md")
    return {c.source.line: c.check.status for c in check_cards(note, cards, None) if c.check is not None}


def test_a_function_under_its_own_heading_is_not_the_sigmoid_of_another_section():
    korean = _verdicts(_KO_NOTE)
    assert korean[5] == "verified"
    # bent identity, Gaussian: under their own headings each is its own entry, never a wrong sigmoid
    assert korean[9] == korean[13] == "verified"
    assert korean[17] == "note_differs"                  # its own heading names the sigmoid: a wrong one is caught
    english = _verdicts(_EN_NOTE)
    assert english[7] == "verified" and english[11] == "not_checkable"


@pytest.mark.parametrize("latex, context", [
    (r"V(s_t) = r_t + \gamma V(s_{t+1})", "TD learning\nBellman consistency\nThe true value function satisfies"),
    (r"V(S_t) = R_{t+1} + \gamma V(S_{t+1})", "Apprentissage TD\nCohérence de Bellman"),
])
def test_an_equation_of_values_is_not_the_td_error(latex, context):
    decision = check_note_formula(latex, context, heading=context.split("\n")[1])
    assert decision.status == "not_checkable", decision.detail


def test_the_td_error_itself_still_verifies_and_its_mistake_differs():
    context = "TD learning\nTD error"
    assert check_note_formula(r"\delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)", context).status == "verified"
    wrong = check_note_formula(r"\delta_t = r_t + V(s_{t+1}) - V(s_t)", context)
    assert wrong.status == "note_differs" and wrong.formula.id == "td_error", wrong.detail


@pytest.mark.parametrize("latex, context, heading", [
    (r"Q_{target} = r + \gamma V(s')", "TD learning\nTD target", "TD target"),
    (r"y_{\text{Ziel}} = r + \gamma V(s')", "TD-Lernen\nTD-Ziel", "TD-Ziel"),
    (r"y = r + \gamma V(s')", "TD learning\nTD target\nThe target the value moves towards:", "TD target"),
    (r"y = r + \gamma V(s')", "Apprentissage TD\nCible TD", "Cible TD"),
])
def test_a_td_target_is_verified_as_one_and_never_compared_with_the_td_error(latex, context, heading):
    decision = check_note_formula(latex, context, heading=heading, local=context.split("\n", 1)[1])
    assert decision.status == "verified" and decision.formula.id == "td_target", decision.detail
    wrong = check_note_formula(latex.replace("\\gamma ", ""), context, heading=heading, local=context.split("\n", 1)[1])
    assert wrong.status == "note_differs" and wrong.formula.id == "td_target", wrong.detail


def test_a_target_kb_has_no_entry_for_is_not_the_td_error():
    context = "TD learning\nTD error and targets"
    decision = check_note_formula(r"Q_{target} = r + \gamma V(s')", context, [_entry("td_error")])
    assert decision.status == "not_checkable" and "target" in decision.detail, decision.detail
    under = check_note_formula(r"y = r + \gamma V(s')", "TD learning\nTD-Ziel", [_entry("td_error")], heading="TD-Ziel")
    assert under.status == "not_checkable" and "target" in under.detail, under.detail


@pytest.mark.parametrize("right, wrong, context", [
    (r"y = r + \gamma \max_{a'} Q(s', a')", r"y = r + \gamma \min_{a'} Q(s', a')", "DQN\nDQN target"),
    (r"y = r + \gamma \max_{a'} Q(s', a')", r"y = r + \max_{a'} Q(s', a')", "Q-learning target"),
])
def test_the_q_learning_target_verifies_and_its_mistakes_differ(right, wrong, context):
    assert check_note_formula(right, context).status == "verified"
    decision = check_note_formula(wrong, context)
    assert decision.status == "note_differs" and decision.formula.id == "q_learning_target", decision.detail


def test_role_words_are_found_in_several_languages():
    assert role_named("Q_{target}") == role_named("Cible TD") == role_named("TD 타깃") == "target"
    assert role_named("TD error") == ""


@pytest.mark.parametrize("context, heading", [
    ("Activations\nThresholded ReLU", "Thresholded ReLU"),
    ("활성화 함수\n임계 ReLU", "임계 ReLU"),
    ("Fonctions d'activation\nReLU à seuil", "ReLU à seuil"),
])
def test_a_named_variant_is_not_verified_as_its_base_entry(context, heading):
    latex = r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}"
    decision = check_note_formula(latex, context, heading=heading, local=heading)
    assert decision.status == "not_checkable", decision.detail
    # a variant kb has no entry for is found by its variant word; thresholded ReLU has an entry of its own
    assert variant_named(_entry("relu"), heading) or "an entry of its own" in decision.detail, decision.detail


def test_a_left_side_parameter_the_right_side_ignores_is_not_verified():
    latex = r"f_\theta(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}"
    decision = check_note_formula(latex, "Activations\nReLU", heading="ReLU", local="ReLU")
    assert decision.status == "not_checkable" and "\\theta" in decision.detail, decision.detail
    assert check_note_formula(r"f(x) = \max(0, x)", "Activations\nReLU", heading="ReLU",
                              local="ReLU").status == "verified"


@pytest.mark.parametrize("latex, context", [
    (r"H(p, q) = \sum_i p_i \log q_i = -\sum_i p_i \log q_i", "Cross-entropy"),
    (r"H(p) = \sum_i p_i \log p_i = -\sum_i p_i \log p_i", "Entropie"),
    (r"\mathrm{MSE} = \frac{1}{n}\sum_i (y_i - \hat y_i) = \frac{1}{n}\sum_i (y_i - \hat y_i)^2", "MSE"),
    (r"f(x) = \frac{1}{1-e^{-x}} = \frac{e^x}{1+e^x}", "Sigmoide"),
])
def test_a_chain_with_a_wrong_first_link_differs_at_that_link(latex, context):
    decision = check_note_formula(latex, context, heading=context, local=context)
    assert decision.status == "note_differs", decision.detail
    assert "link" in decision.detail


def test_a_chain_whose_every_link_holds_is_verified():
    decision = check_note_formula(r"H(p) = -\sum_i p_i \log p_i = \sum_i p_i \log \frac{1}{p_i}", "Entropy")
    assert decision.status == "verified" and decision.formula.id == "entropy", decision.detail


def test_a_link_kb_cannot_check_leaves_the_chain_partly_checked():
    decision = check_note_formula(r"f(x) = \frac{e^x}{1+e^x} = \operatorname{sigm}(x) = \frac{1}{1+e^{-x}}",
                                  "Sigmoid", heading="Sigmoid", local="Sigmoid")
    assert decision.status == "not_checkable" and "partly checked" in decision.detail, decision.detail


def test_links_of_a_chain():
    assert links(r"a = b = c = d") == [("a", "b"), ("a", "c")]
    assert links(r"a = b") == []


@pytest.mark.parametrize("latex", [r"S(y)=\frac{e^{y_i}}{\sum(e^{y_i})}", r"S(y)_i=\frac{e^{y_i}}{\sum_j e^{y_j}}"])
def test_a_function_of_one_letter_does_not_state_an_entry_whose_vector_input_it_leaves_out(latex):
    # a softmax written with the letter y under "softmax": y is also the target class of the softmax cross-entropy
    # (whose keywords include "softmax"), but S(y) is a function of y alone and the loss needs the logits, a
    # vector the note cannot have fixed and left out
    decision = check_note_formula(latex, context="softmax", heading="softmax")
    assert decision.status != "note_differs"
    assert decision.formula is None or decision.formula.id != "softmax_cross_entropy"


@pytest.mark.parametrize("latex, context", [
    (r"\mathrm{sigmoid\_d}(x) = \left(1 - \sigma\left(x\right)\right) \cdot \sigma\left(x\right)", "sigmoid"),
    (r"\mathrm{relu6}(x) = \max(0, x)", "relu"),
    (r"\mathrm{leaky\_relu}(x) = \max(0, x)", "relu"),
])
def test_a_left_side_named_after_the_entry_with_more_written_to_it_is_not_that_entry(latex, context):
    """`def sigmoid_d(x): return (1 - sigmoid(x)) * sigmoid(x)` (a derivative named with a `_d`) under a plot of the
    sigmoid was called a wrong sigmoid: a name built from an entry's name and more names a relative of it."""
    assert check_note_formula(latex, context).status != "note_differs"
    assert check_note_formula(r"\mathrm{sigmoid}(x) = \frac{1}{1+e^{x}}", "sigmoid").status == "note_differs"


def _decision(latex: str, context: str):
    return check_note_formula(latex, context, heading=context.split("\n")[0], local=context)


def test_a_label_before_a_colon_names_the_formula_over_the_words_around_it():
    """`Leaky ReLU: g(z) = max(0.01z, z)` a few lines under the word "sigmoid" is the leaky ReLU, never a wrong sigmoid."""
    context = "Activation functions\nThe output node uses the sigmoid function."
    decision = _decision(r"Leaky ReLU: g(z)=max(0.01z,z)", context)
    assert decision.status != "note_differs"
    assert _decision(r"\sigma: g(z)=\frac{1}{1+e^{z}}", context).status == "note_differs"   # still caught


def test_a_left_side_written_as_a_loss_is_no_activation_function():
    """L(M) = log(1 + e^{-M}) beside "sigmoid" is the logistic loss of the margin M."""
    context = "Logistic regression\nwhere σ is the sigmoid function"
    assert _decision(r"L(M) = \log(1 + e^{-M})", context).status != "note_differs"
    assert _decision(r"\sigma(M) = \frac{1}{1 + e^{M}}", context).status == "note_differs"


def test_a_greek_left_side_that_is_a_named_entrys_parameter_sets_that_parameter():
    """γ = √Var[x] in a note on batch normalization gives BN's scale γ a value; it states no variance."""
    context = "Batch normalization\nThe variance of the batch and the learned scale"
    decision = _decision(r"\gamma^{(k)} = \sqrt{\frac{1}{N}\sum_{i=1}^{N} (x_i - \mu)^2}", context)
    assert decision.status != "note_differs"


def test_an_example_label_on_the_left_keeps_the_pre_activation_its_own_quantity():
    """z^{(m)} = wᵀx^{(m)} + b under "logistic regression" is the linear score z, with a^{(m)} = σ(z^{(m)}) beside it."""
    decision = _decision(r"z^{(m)}=w^Tx^{(m)}+b", "Logistic regression\nvectorization over m examples")
    assert (decision.status, decision.formula.id if decision.formula else None) == ("verified", "linear_prediction")


def test_batch_norms_scale_and_shift_step_written_with_x_is_not_called_wrong():
    context = "Batch normalization\nthe normalised value is the input of the sub-network"
    assert _decision(r"y=\gamma x + \beta", context).status == "not_checkable"
    assert _decision(r"y = \gamma \frac{x - \mu_B}{\sigma_B^2 + \epsilon} + \beta", context).status == "note_differs"


_CONV_SIZES = """# Convolution output size

The output width is

$$O = \\frac{W - F + 2P}{S} + 1$$

The output width, rounded down to a whole number:

$$O = \\frac{W - F + 2P}{S} + 1$$

Without the floor the slide gives a fraction:

$$O = \\frac{W - F + 2P}{S} + 1$$

Here it is again:

$$O = \\frac{W - F + 2P}{S} + 1$$

where the division is rounded down.

$$O = \\left\\lfloor \\frac{W - F + 2P}{S} \\right\\rfloor + 1$$

$$O = \\left[ \\frac{W - F + 2P}{S} \\right] + 1$$
"""


def test_a_conv_size_without_floor_is_wrong_only_where_no_floor_is_given():
    """The floor written as ⌊⌋ or Gauss's [ ], or said in the formula's own sentence, is the floor; "without the
    floor" says the opposite. A plain quotient with no floor anywhere is wrong, and its card says why."""
    verdicts = _verdicts(_CONV_SIZES)
    assert verdicts == {5: "note_differs", 9: "not_checkable", 13: "note_differs", 17: "not_checkable",
                        21: "verified", 23: "verified"}
    from kb.build import check_cards, process_note

    note, cards = process_note(_CONV_SIZES.encode(), "note.md")
    detail = next(c.check.detail for c in check_cards(note, cards, None) if c.source.line == 5)
    assert "the true value is its floor ⌊1.2⌋ = 1" in detail


@pytest.mark.parametrize("text, said", [
    ("The output width, rounded down:", "rounded down"),
    ("Die Ausgabebreite, wobei der Quotient abgerundet wird:", "abgerundet"),
    ("向下取整后得到输出尺寸：", "向下取整"),
    ("From the slides (no floor)", ""),                                   # denied just before
    ("Неверно: без целой части при шаге 2 получается дробь.", ""),
    ("老师板书上漏了取整：", ""),
    ("The output width is", ""),
])
def test_words_that_round_down_are_read_per_language_and_a_denial_cancels_them(text, said):
    from kb.check.naming import rounding_down_said

    assert rounding_down_said(text) == said


def test_an_example_label_only_ranks_rivals_it_never_makes_a_left_side_the_entrys_value():
    """x̂^{(k)} = (x̂^{(k)} − E[x̂^{(k)}])/σ(x̂^{(k)}) writes x̂ on both sides (x meant on the right): the label (k) must
    not turn the left side into batchnorm_normalise's own x̂ and the formula into a wrong normalisation."""
    decision = _decision(r"\hat{x}^{(k)}=\frac{\hat{x}^{(k)}-E[\hat{x}^{(k)}]}{\sigma(\hat{x}^{(k)})}",
                         "Batch normalization\nBN normalises every dimension")
    assert decision.status != "note_differs"

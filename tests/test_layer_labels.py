"""Layer labels (Ng's W^{[l]}, UFLDL's W^{(l)}): labels of layers, never powers, and read as one layer's step."""
from __future__ import annotations

import pytest
import sympy

from kb.check import layer_labels
from kb.check.link import check_note_formula


@pytest.mark.parametrize("latex, context, entry", [
    # Ng: the weights and bias carry the output's layer, the activations the previous one
    (r"Z^{[l]} = W^{[l]}A^{[l-1]} + b^{[l]}", "the pre-activation of a layer", "linear_classifier"),
    (r"Z^{[1]} = W^{[1]}X + b^{[1]}", "the pre-activation of the first layer", "linear_classifier"),
    # UFLDL: W^{(l)} maps layer l to l+1, and layer 1 is the input x
    (r"z^{(3)} = W^{(2)}a^{(2)} + b^{(2)}", "pre-activation", "linear_classifier"),
    (r"\mathbf{z}^{(2)} = W^{(1)}\mathbf{x} + \mathbf{b}^{(1)}", "pre-activation", "linear_classifier"),
    (r"\vec z^{(l)} = W^{(l)} \cdot \vec a^{(l-1)} + \vec b^{(l)}", "pre-activation", "linear_classifier"),
    (r"\color{teal}Z^{[2]} = W^{[2]}A^{[1]} + b^{[2]}", "pre-activation", "linear_classifier"),   # a highlight
    # an activation within one layer
    (r"A^{[l]} = \sigma(Z^{[l]})", "activation", "sigmoid"),
    (r"\mathbf{a}^{(2)} = \tanh(\mathbf{z}^{(2)})", "activation", "tanh tanh_scaled_sigmoid"),   # (the same function)
])
def test_a_layers_step_written_with_layer_labels_verifies(latex, context, entry):
    decision = check_note_formula(latex, context)
    assert decision.status == "verified" and decision.formula.id in entry.split(), decision.detail
    assert "layer labels set aside" in decision.detail


@pytest.mark.parametrize("latex", [
    r"Z^{[l]} = W^{[l]}A^{[l]} + b^{[l]}",          # the layer computed from its own output
    r"Z^{[l]} = W^{[l-1]}A^{[l-1]} + b^{[l]}",      # weights and bias of two layers
    r"\mathbf{a}^{(3)} = \tanh(\mathbf{z}^{(2)})",   # an activation of another layer, with no weights
    r"Z^{[l]} = W^{[l]}X + b^{[l]}",                # the data is only the first layer's input
])
def test_labels_that_are_no_layers_step_are_unsure_never_wrong_or_verified(latex):
    decision = check_note_formula(latex, "pre-activation of the layer")
    assert decision.status == "not_checkable" and "not one layer's step" in decision.detail


def test_a_wrong_activation_under_layer_labels_is_still_caught():
    assert check_note_formula(r"A^{[l]} = \sigma(-Z^{[l]})", "sigmoid activation").status == "note_differs"


def test_the_rewrite_names_the_input_and_keeps_the_weight_matrix_a_matrix():
    rewritten, set_aside = layer_labels.read(r"Z^{[l]} = W^{[l]}A^{[l-1]} + b^{[l]}")
    assert "\\mathbf{W}" in rewritten and " x " in rewritten and "A" not in rewritten
    assert "A of layer l-1 is the step's input x" in set_aside


@pytest.mark.parametrize("latex", [
    r"\frac{\partial J}{\partial W^{[l]}} = dZ^{[l]}A^{[l-1]T}",   # a derivative: read elsewhere
    r"z^{(i)} = w^T x^{(i)} + b",                                  # an example's index, not a layer
    r"x^{2} = 4",
    r"W^{[l]} = W^{[l]} - \alpha dW^{[l]}",                      # an update of the weights
])
def test_formulas_whose_left_side_is_no_labelled_letter_are_left_to_other_readers(latex):
    assert layer_labels.read(latex) is None


@pytest.mark.parametrize("latex", [r"W^{[l]}A^{[l-1]}", r"z^{(2)}", r"a^{(l-1)}", r"b^{[L]}"])
def test_a_layer_label_is_never_a_power(latex):
    from kb.check.latex import to_sympy

    assert not to_sympy(latex).atoms(sympy.Pow)


def test_a_bold_capital_is_a_matrix_whose_product_with_a_vector_is_a_matrix_product():
    from kb.check.latex import to_sympy

    assert check_note_formula(r"\mathbf{z} = \mathbf{W}\mathbf{x} + \mathbf{b}", "pre-activation").status == "verified"
    assert not to_sympy(r"\mathbf{W}\mathbf{x}").is_commutative and to_sympy(r"W x").is_commutative


@pytest.mark.parametrize("latex, context, entry", [
    # Nielsen's book: the layer as a bare superscript, its weights w^l a matrix (entries w^l_{jk})
    (r"z^l = w^l a^{l-1} + b^l", "The weighted input of layer $l$", "linear_classifier"),
    (r"z^L = w^L a^{L-1} + b^L", "the output layer $L$", "linear_classifier"),
    (r"a^l = \sigma(z^l)", "the activations of the $l$-th layer", "sigmoid"),
    (r"a^{l} = \sigma(z^{l})", "$l^{th}$ layer", "sigmoid"),
    (r"z^l = W^l a^{l-1} + b^l", "第 $l$ 层的加权输入", "linear_classifier"),
    (r"z^l = w^l a^{l-1} + b^l", "Ausgabe der Schicht $l$", "linear_classifier"),
])
def test_a_bare_superscript_the_words_call_a_layer_is_a_label(latex, context, entry):
    decision = check_note_formula(latex, context)
    assert (decision.status, decision.formula.id) == ("verified", entry), decision.detail
    assert "the words call" in decision.detail and decision.note_latex == latex


def test_a_wrong_activation_with_bare_layer_superscripts_is_caught():
    decision = check_note_formula(r"a^l = \frac{1}{1 + e^{z^l}}", "the sigmoid activation of layer l")
    assert (decision.status, decision.formula.id) == ("note_differs", "sigmoid"), decision.detail


@pytest.mark.parametrize("latex, context", [
    (r"z^l = w^l a^{l-1} + b^l", "Forward pass"),                     # no word says l is a layer
    (r"a^l = \sigma(z^l)", "Powers of the activation"),
    (r"z^l = w^l a^{l-1} + b^l", "the layers learn a representation"),   # "layer" beside no letter l
])
def test_bare_superscripts_no_words_call_layers_are_unsure(latex, context):
    decision = check_note_formula(latex, context)
    assert decision.status == "not_checkable" and "do not say that l is a layer" in decision.detail, decision.detail


def test_a_bare_superscript_of_its_own_layer_is_no_step():
    decision = check_note_formula(r"z^l = w^l a^l + b^l", "layer $l$")
    assert decision.status == "not_checkable" and "not one layer's step" in decision.detail


@pytest.mark.parametrize("words, letters", [
    ("the weighted input of layer $l$", ["l"]),
    ("L is the number of layers", []),          # "layers L" is written after the word, with no ordinal before it
    ("the number of layers $L$", ["L"]),
    ("layer learning rates", []),
])
def test_which_letters_the_words_call_layers(words, letters):
    assert layer_labels.layer_letters(r"z^l = w^l a^{l-1} + b^l + a^L", words) == letters


# Digits as layer numbers: a^{2} = σ(z^{2}) under "layer 2 applies the sigmoid" is layer 2's activation, not a
# square; read as a power, kb called the correct sigmoid wrong (σ(z²) against σ(z)).
@pytest.mark.parametrize("latex, context, entry", [
    (r"a^{2} = \sigma(z^{2}) = \frac{1}{1+e^{-z^{2}}}", "Layer 2 applies the sigmoid function", "sigmoid"),
    (r"a^2 = \sigma(z^2)", "the sigmoid activation of the 2nd layer", "sigmoid"),
    (r"a^{3} = \max(0, z^{3})", "layer 3 uses the ReLU activation", "relu"),
    (r"z^{3} = W^{3} a^{2} + b^{3}", "the weighted input of layer 3", "linear_classifier"),
    (r"a^{2} = \sigma(z^{2})", "第 2 层的激活 sigmoid", "sigmoid"),
])
def test_a_digit_superscript_the_words_call_a_layer_is_a_label(latex, context, entry):
    decision = check_note_formula(latex, context)
    assert (decision.status, decision.formula.id) == ("verified", entry), decision.detail
    assert "the words call" in decision.detail and decision.note_latex == latex


def test_a_wrong_activation_with_digit_layer_superscripts_is_caught_in_the_layers_letters():
    decision = check_note_formula(r"a^{2} = \frac{1}{1-e^{-z^{2}}}", "layer 2 applies the sigmoid")
    assert (decision.status, decision.formula.id) == ("note_differs", "sigmoid"), decision.detail


@pytest.mark.parametrize("latex, context", [
    (r"a^{2} = \sigma(z^{2})", "the sigmoid activation; the network has three layers"),
    (r"z^{3} = W^{3} a^{2} + b^{3}", "each layer computes a weighted sum"),
])
def test_digit_superscripts_in_words_about_layers_that_name_no_layer_are_unsure(latex, context):
    decision = check_note_formula(latex, context)
    assert decision.status == "not_checkable" and "superscript digits" in decision.detail, decision.detail


def test_a_digit_superscript_is_a_power_where_no_words_speak_of_layers():
    decision = check_note_formula(r"\sigma(x)^2 = \sigma(x^2)", "a slip: squaring the sigmoid")
    assert "layer" not in decision.detail
    assert layer_labels.layer_letters(r"a^{2} = b^{2} + c^{2}", "Pythagoras: the hypotenuse") == []


def test_which_digits_the_words_call_layers():
    latex = r"z^{3} = W^{3} a^{2} + b^{3} + e^{2}"
    assert layer_labels.layer_letters(latex, "layer 3 takes layer 2's output") == ["3", "2"]
    # a note that numbers one layer so numbers them all: z^{3}'s layer named, a^{2} is layer 2's too
    assert layer_labels.layer_letters(latex, "layer 3") == ["3", "2"]
    assert layer_labels.layer_letters(latex, "3 layers") == []          # a count of layers names none
    assert layer_labels.layer_letters(latex, "layer 23") == []

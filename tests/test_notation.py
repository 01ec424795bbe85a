"""Course and textbook letters for the same quantity (kb/check/data/notation.toml): Bishop's targets t_n and
predictions y_n or y(x_n, w), d2l's logits o, Bishop's activations a_k. Notes written for these tests."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula
from kb.check.notation import course_spellings, roles_of
from kb.formulas import registry

_BY_ID = {f.id: f for f in registry()}


def test_roles_follow_the_registrys_own_spelling():
    assert roles_of(_BY_ID["mse"]) == {"y_hat": "prediction", "y": "target"}
    assert roles_of(_BY_ID["softmax"]) == {"z": "scores"}
    # a stride S or an RL state s is no score: only a parameter spelled both z and s is
    assert roles_of(_BY_ID["conv_output_size"]) == {}
    assert "t" in course_spellings(_BY_ID["binary_cross_entropy"], "y")
    # the target role needs a prediction beside it: a y alone is some other quantity
    assert not any(role == "target" for f in registry() for role in roles_of(f).values()
                   if "prediction" not in roles_of(f).values())


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"E(\mathbf{w}) = \frac{1}{2} \sum_{n=1}^{N} \{ y(x_n, \mathbf{w}) - t_n \}^2",
     r"E(\mathbf{w}) = \frac{1}{2} \sum_{n=1}^{N} \{ y(x_n, \mathbf{w}) - t_n \}", "Sum-of-squares error", "half_sse"),
    (r"\hat{y}_j = \frac{\exp(o_j)}{\sum_k \exp(o_k)}", r"\hat{y}_j = \frac{\exp(o_j)}{\sum_k o_k}", "softmax 运算",
     "softmax"),
])
def test_a_textbooks_letters_are_the_entrys_quantities(right, wrong, context, entry):
    verified, differs = check_note_formula(right, context), check_note_formula(wrong, context)
    assert (verified.status, verified.to_check().formula_id) == ("verified", entry), verified.detail
    assert (differs.status, differs.to_check().formula_id) == ("note_differs", entry), differs.detail


def test_bishops_two_class_cross_entropy_is_not_judged_as_the_categorical_one():
    # "cross-entropy" names the binary cross-entropy too: the formula agrees with it, so it is no other quantity
    decision = check_note_formula(r"E(\mathbf{w}) = -\sum_{n=1}^{N} \{ t_n \ln y_n + (1 - t_n) \ln(1 - y_n) \}",
                                  "Cross-entropy error for two classes")
    assert decision.status == "verified", decision.detail


def test_ngs_activation_a_is_not_read_as_the_input_of_a_derivative():
    # g'(z) = a(1 - a) with a = g(z): a is the activation's value, never the σ' entry's input
    decision = check_note_formula(r"g'(z) = a(1 - a)", "The sigmoid's derivative, written with a = g(z):")
    assert decision.status != "note_differs", decision.detail

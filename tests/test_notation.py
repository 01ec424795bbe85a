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
    # Ng's Machine Learning Specialization: the model f_{w,b} applied to an example is its prediction
    (r"J(w,b) = -\frac{1}{m}\sum_{i=1}^{m} [y^{(i)}\log(f_{w,b}(x^{(i)})) + (1-y^{(i)})\log(1-f_{w,b}(x^{(i)}))]",
     r"J(w,b) = \frac{1}{m}\sum_{i=1}^{m} [y^{(i)}\log(f_{w,b}(x^{(i)})) + (1-y^{(i)})\log(1-f_{w,b}(x^{(i)}))]",
     "Logistic regression cost function", "binary_cross_entropy"),
    (r"J(\vec{w},b) = \frac{1}{2m}\sum_{i=1}^{m} (f_{\vec{w},b}(\vec{x}^{(i)}) - y^{(i)})^2",
     r"J(\vec{w},b) = \frac{1}{2m}\sum_{i=1}^{m} (f_{\vec{w},b}(\vec{x}^{(i)}) - y^{(i)})", "Squared error cost", "half_mse"),
    # precision and recall spelled out or shortened in F1
    (r"F_1 = \frac{2 \cdot \text{Prec} \cdot \text{Rec}}{\text{Prec} + \text{Rec}}",
     r"F_1 = \frac{\text{Prec} \cdot \text{Rec}}{\text{Prec} + \text{Rec}}", "F1 score", "f1_score"),
    (r"F1 = 2 \times \frac{Precision \times Recall}{Precision + Recall}",
     r"F1 = 2 \times \frac{Precision + Recall}{Precision \times Recall}", "F1 score", "f1_score"),
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


@pytest.mark.parametrize("latex", [
    r"F_1 = \frac{2 \cdot \text{Prec} \cdot \text{Rec}}{\text{Prec} \cdot \text{Rec}}",   # the sum slipped into a product
    r"F1 = \frac{2 \cdot precision \cdot recall}{precision \cdot recall}",
])
def test_a_right_side_that_cancels_to_a_number_is_judged_as_that_number(latex):
    """As written the formula is the constant 2 for every precision and recall: F1 is not."""
    decision = check_note_formula(latex, "F1 score")
    assert (decision.status, decision.to_check().formula_id) == ("note_differs", "f1_score"), decision.detail
    assert "gives 2" in decision.detail


def test_a_constant_written_without_names_still_has_nothing_to_compare():
    assert check_note_formula(r"F_1 = \frac{2 \cdot 0.5 \cdot 0.5}{0.5 + 0.5}", "F1 score").status != "note_differs"


def test_a_right_side_that_cancels_to_a_number_needs_a_left_side_that_names_the_quantity():
    # a number fits every entry: "s(x)" names none, so the sigmoid named nearby is no identity
    decision = check_note_formula(r"s(x) = \frac{e^x}{e^x}", "A smooth step that is always 1; the sigmoid is below")
    assert decision.status == "not_checkable" and "left side does not name it" in decision.detail, decision.detail

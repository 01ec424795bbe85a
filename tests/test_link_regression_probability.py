"""Linking the losses, regression and probability formulas notes write: the quantities a note names that are
not an entry's parameters (K beside a label vector, ȳ beside the targets), and entries that probability notes
state (the Bernoulli variance)."""
import pytest

from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    # K is the number of classes: the length of the label vector
    (r"y_k^{LS} = y_k(1-\varepsilon) + \frac{\varepsilon}{K}", r"y_k^{LS} = y_k(1-\varepsilon) + \frac{\varepsilon}{K-1}",
     "Label smoothing", "label_smoothing"),
    # ȳ is the targets' mean
    (r"R^2 = 1 - \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}",
     r"R^2 = \frac{\sum_i (y_i - \hat y_i)^2}{\sum_i (y_i - \bar y)^2}", "Coeficiente de determinação", "r_squared"),
    (r"\mathrm{Var}(X) = p(1-p)", r"\mathrm{Var}(X) = p^2(1-p)", "Varianza de una Bernoulli de parámetro $p$",
     "bernoulli_variance"),
    # d is the pair's distance
    (r"L = y\,d^2 + (1-y)\max(0, m - d)^2", r"L = y\,d^2 + (1-y)\max(0, d - m)^2", "Contrastive loss", "contrastive_loss"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("right, wrong, context, entry", [
    # ^\top marks matrix notation: X^T X w is a chain of matrix products, Xw is X times w, I the identity
    (r"\hat{w} = (X^\top X)^{-1} X^\top y", r"\hat{w} = X^\top y", "Equação normal", "normal_equation"),
    (r"w^* = (X^{\top} X + \lambda I)^{-1} X^{\top} y", r"w^* = (X^{\top} X - \lambda I)^{-1} X^{\top} y",
     "Ridge regression", "ridge_closed_form"),
    (r"\nabla_w L = \frac{2}{N} X^\top (Xw - y)", r"\nabla_w L = \frac{2}{N} X^\top X w",
     "Gradient of MSE for linear regression", "least_squares_gradient"),
    (r"\nabla_w L = \frac{1}{m} X^\top (\sigma(Xw) - y)", r"\nabla_w L = \frac{1}{m} X^\top (Xw - y)",
     "Logistic regression", "logistic_regression_gradient"),
    # (σ(wᵀx) with no bias is no mistake: x_0 = 1 may carry it, as in Ng's h_θ(x) = σ(θᵀx); a probability
    # written without σ is one)
    (r"P(y=1 \mid x) = \sigma(w^\top x + b)", r"P(y=1 \mid x) = w^\top x + b", "Logistic regression",
     "logistic_prediction"),
])
def test_matrix_notation_right_verifies_and_wrong_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_the_identity_added_to_the_solution_is_a_mistake_shown_with_one_feature():
    """(XᵀX)⁻¹Xᵀy + λI adds λI outside the inverse: with one feature λI is the number λ, the sum is defined, and it
    differs from ridge's (XᵀX + λI)⁻¹Xᵀy, so the counterexample the card shows is one a student can follow."""
    from kb.check.link import check_note_formula

    decision = check_note_formula(r"\hat{w} = (X^\top X)^{-1} X^\top y + \lambda I", "Ridge regression")
    assert decision.status == "note_differs" and decision.formula.id == "ridge_closed_form", decision.detail


def test_contrastive_loss_with_hadsell_s_labels_is_not_called_wrong():
    from kb.check.link import check_note_formula

    decision = check_note_formula(r"L = (1-Y)\,\tfrac12 D_W^2 + Y\,\tfrac12\max(0, m - D_W)^2", "Contrastive loss")
    assert decision.status == "not_checkable" and "dissimilar pair" in decision.detail


def test_norms_and_the_cosine_of_two_vectors_are_read():
    import numpy as np

    from kb.check.latex import compile_numeric, to_sympy

    env = {"u": np.array([3.0, 4.0]), "v": np.array([4.0, 3.0]), "lambda": 2.0}
    assert compile_numeric(to_sympy(r"\lambda \|u\|_2^2"))(env) == 50.0
    assert compile_numeric(to_sympy(r"\left\lVert u - v \right\rVert_1"))(env) == 2.0
    assert compile_numeric(to_sympy(r"\lVert u \rVert_\infty"))(env) == 4.0
    assert compile_numeric(to_sympy(r"\cos(u, v)"))(env) == 24 / 25


def test_squared_distance_of_unit_vectors():
    context = "Normalise the embeddings onto the unit sphere: then"
    assert_right_verifies_and_wrong_differs(r"\lVert u - v \rVert^2 = 2 - 2\cos(u, v)",
                                            r"\lVert u - v \rVert^2 = 1 - \cos(u, v)", context, "unit_squared_distance")


def test_a_left_side_that_computes_another_value_is_not_verified():
    """The right side is the entry's value, but the note equates it to ‖u − v‖ (not squared): not verified."""
    from kb.check.link import check_note_formula

    decision = check_note_formula(r"\lVert u - v \rVert = 2 - 2\cos(u, v)", "unit vectors")
    assert decision.status == "not_checkable" and "left side" in decision.detail


def test_a_number_added_to_a_matrix_is_not_claimed_wrong():
    """(XᵀX + λ)⁻¹Xᵀy: λ may be shorthand for λI, so kb does not read it as λ added to every entry."""
    from kb.check.link import check_note_formula

    decision = check_note_formula(r"\hat{w} = (X^\top X + \lambda)^{-1} X^\top y", "Ridge regression")
    assert decision.status == "not_checkable"


def test_label_smoothed_cross_entropy_over_the_smoothed_target_and_the_probabilities():
    assert_right_verifies_and_wrong_differs(r"L = -\sum_k q_k \log p_k", r"L = \sum_k q_k \log p_k",
                                            "Kreuzentropie mit Label Smoothing", "label_smoothed_cross_entropy")


@pytest.mark.parametrize("latex, status", [
    (r"\frac{\partial}{\partial r}|r| = \mathrm{sign}(r)", "verified"),
    (r"\frac{d}{dx}|x| = \operatorname{sgn}(x)", "verified"),
    (r"\frac{d}{dr}|r| = r", "note_differs"),
])
def test_the_derivative_of_an_absolute_value_is_its_sign(latex, status):
    from kb.check.link import check_note_formula

    assert check_note_formula(latex, "").status == status


@pytest.mark.parametrize("latex, status", [
    (r"\mathrm{IoU} = 1/7 \approx 0.143", "verified"),
    (r"-\log 0.8 \approx 0.223", "verified"),
    # wrong in every base (natural 0.223, base 2 0.322, base 10 0.097)
    (r"-\log 0.8 \approx 0.423", "note_differs"),
    # right only in base 2, and the note states no base (so natural): unsure which base was meant, no verdict
    (r"-\log 0.8 \approx 0.323", "not_checkable"),
])
def test_a_worked_number_rounded_after_approx_is_checked(latex, status):
    from kb.check.link import check_note_formula

    assert check_note_formula(latex, "").status == status


@pytest.mark.parametrize("right, wrong, context, entry", [
    # Andrew Ng's hypotheses: θ^T is θ transposed, and x_0 = 1 carries the intercept θ_0 (no bias written apart)
    (r"h_\theta(x) = \theta^T x", r"h_\theta(x) = -\theta^T x", "Linear regression", "linear_hypothesis"),
    (r"h_\theta(x) = \frac{1}{1+e^{-\theta^T x}}", r"h_\theta(x) = \frac{1}{1+e^{\theta^T x}}", "Logistic regression",
     "logistic_hypothesis"),
    # a bias written apart: w^T x + b
    (r"\hat y = w^T x + b", r"\hat y = w^T x - b", "Regresión lineal", "linear_prediction"),
])
def test_hypothesis_notation_right_verifies_and_wrong_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_t_after_a_vector_letter_is_a_transpose_and_after_a_scalar_a_power():
    import sympy

    from kb.check.latex import TRANSPOSE, to_sympy

    assert to_sympy(r"\theta^T x").atoms(TRANSPOSE) and to_sympy(r"w^{T}x + b").atoms(TRANSPOSE)
    discount = to_sympy(r"\gamma^T R")   # γ is a number: γ^T discounts over the horizon T
    assert not discount.atoms(TRANSPOSE) and discount.atoms(sympy.Pow)


def test_the_linear_part_z_under_a_logistic_regression_heading_is_not_a_wrong_probability():
    """z = wᵀx + b is the logit that logistic regression passes through σ: its left side z says so, and σ(z) being
    the entry the heading names makes it no wrong prediction."""
    from kb.check.link import check_note_formula

    decision = check_note_formula(r"z = w^T x + b", "Logistic regression")
    assert decision.status == "verified" and decision.formula.id == "linear_prediction", decision.detail


def test_a_function_the_section_defines_is_expanded_on_any_argument():
    """h_θ(x) = g(θᵀx) with g(z) = 1/(1+e^{-z}) defined in the same section is the logistic hypothesis."""
    from kb.check.link import check_note_formula

    sigmoid = {"g(z)": r"\frac{1}{1+e^{-z}}"}
    right = check_note_formula(r"h_\theta(x) = g(\theta^T x)", "Logistic regression", definitions=sigmoid)
    assert right.status == "verified" and right.formula.id == "logistic_hypothesis", right.detail
    wrong = check_note_formula(r"h_\theta(x) = g\left(-\theta^T x\right)", "Logistic regression", definitions=sigmoid)
    assert wrong.status == "note_differs" and wrong.formula.id == "logistic_hypothesis", wrong.detail
    assert check_note_formula(r"h_\theta(x) = g(\theta^T x)", "Logistic regression").status == "not_checkable"


def test_a_mean_over_m_examples_is_the_mean_entry_not_the_one_example_entry():
    """Ng's cost -1/m Σ[y⁽ⁱ⁾ log a⁽ⁱ⁾ + (1-y⁽ⁱ⁾) log(1-a⁽ⁱ⁾)] also agrees with the one-example loss (one term, m = 1):
    the entry over data vectors checks its Σ and 1/m, so it is the one named, right or wrong."""
    assert_right_verifies_and_wrong_differs(
        r"J = -\frac{1}{m}\sum_{i=1}^{m}\left[y^{(i)}\log a^{(i)} + (1-y^{(i)})\log(1-a^{(i)})\right]",
        r"J = -\frac{1}{m}\sum_{i=1}^{m} y^{(i)}\log a^{(i)}", "Binary cross-entropy", "binary_cross_entropy")


@pytest.mark.parametrize("latex", [r"\phi(x) = x", r"f(x) = x"])
def test_a_right_side_that_is_its_input_alone_is_no_entry_without_words_naming_it(latex):
    """φ(x) = x agrees with dropout's expectation E[m⊙x/q] = x by its letters only."""
    from kb.check.link import check_note_formula

    decision = check_note_formula(latex, "Linear activation")
    assert decision.status == "not_checkable" and "alone" in decision.detail, decision.detail


def test_the_hypothesis_applied_to_an_example_is_the_prediction():
    """h_θ(x^{(i)}) under Σ_i is the vector of predictions (as ŷ_i is), not h_θ times x."""
    from kb.check.latex import parse_formula

    cost = parse_formula(r"J(\theta)=\frac{1}{2m}\sum_{i=1}^m (h_\theta(x^{(i)})-y^{(i)})^2")
    assert cost.symbols == {"h_theta", "y"}
    assert parse_formula(r"\ell = (h_\theta(x) - y)^2").symbols == {"h_theta", "y"}


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"J(\theta)=\frac{1}{2m}\sum_{i=1}^m \left(h_\theta(x^{(i)})-y^{(i)}\right)^2",
     r"J(\theta)=\frac{1}{2m}\sum_{i=1}^m \left(h_\theta(x^{(i)})-y^{(i)}\right)", "Linear regression cost function",
     "half_mse"),
    (r"J(\theta) = -\frac{1}{m}\sum_{i=1}^m \left[y^{(i)}\log h_\theta(x^{(i)}) + (1-y^{(i)})\log(1-h_\theta(x^{(i)}))\right]",
     r"J(\theta) = -\frac{1}{m}\sum_{i=1}^m \left[y^{(i)}\log h_\theta(x^{(i)}) - (1-y^{(i)})\log(1-h_\theta(x^{(i)}))\right]",
     "Función de coste de la regresión logística", "binary_cross_entropy"),
])
def test_ng_costs_right_verify_and_wrong_differ(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_the_half_mse_cost_under_an_mse_heading_is_the_cost_its_left_side_names():
    """J(θ) = 1/(2m)Σ(h − y)² is Ng's cost: its left side J names it, so the heading "MSE" does not make it a wrong MSE.
    The plain 1/m mean, under the cost's own name, is right too (many courses call the MSE the cost)."""
    from kb.check.link import check_note_formula

    half = check_note_formula(r"J(\theta)=\frac{1}{2m}\sum_{i=1}^m (h_\theta(x^{(i)})-y^{(i)})^2", "Mean squared error")
    assert half.status == "verified" and half.formula.id == "half_mse", half.detail
    mean = check_note_formula(r"J(\theta)=\frac{1}{m}\sum_{i=1}^m (h_\theta(x^{(i)})-y^{(i)})^2",
                              "Linear regression cost function")
    assert mean.status != "note_differs", mean.detail


@pytest.mark.parametrize("right, wrong, context, entry", [
    # Ng's deep-learning course: a = σ(wᵀx + b) are the predictions, ∂J/∂w = (1/m) X^T(a − y)
    (r"\frac{\partial J}{\partial w} = \frac{1}{m}X^T(a-y)", r"\frac{\partial J}{\partial w} = \frac{1}{m}X^T(y-a)",
     "Logistic regression gradient", "logistic_regression_gradient"),
    (r"\nabla_\theta J(\theta) = \frac{1}{m}X^T(h_\theta(x) - y)", r"\nabla_\theta J(\theta) = \frac{1}{m}X^T(y - h_\theta(x))",
     "Logistic regression", "logistic_regression_gradient"),
])
def test_vectorised_gradients_written_with_the_predictions(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_a_gradient_written_per_component_over_the_examples_is_its_matrix_form():
    """Ng's ∂J/∂θ_j = (1/m) Σ_i (h_θ(x^{(i)}) − y^{(i)}) x_j^{(i)} is entry j of (1/m) X^T(h_θ(x) − y), for every j."""
    assert_right_verifies_and_wrong_differs(
        r"\frac{\partial}{\partial\theta_j}J(\theta)=\frac{1}{m}\sum_{i=1}^m \left(h_\theta(x^{(i)})-y^{(i)}\right)x_j^{(i)}",
        r"\frac{\partial}{\partial\theta_j}J(\theta)=\frac{1}{m}\sum_{i=1}^m \left(y^{(i)}-h_\theta(x^{(i)})\right)x_j^{(i)}",
        "Logistic regression", "logistic_regression_gradient")


@pytest.mark.parametrize("latex", [
    # x_k^{(i)} is another component than the left side's θ_j
    r"\frac{\partial}{\partial\theta_j}J(\theta)=\frac{1}{m}\sum_{i=1}^m \left(h_\theta(x^{(i)})-y^{(i)}\right)x_k^{(i)}",
    # the feature multiplies one term only
    r"\frac{\partial}{\partial\theta_j}J(\theta)=\frac{1}{m}\sum_{i=1}^m h_\theta(x^{(i)}) - y^{(i)} x_j^{(i)}",
    # a regularisation term indexed by j beside the sum
    r"\frac{\partial}{\partial\theta_j}J(\theta)=\frac{1}{m}\sum_{i=1}^m \left(h_\theta(x^{(i)})-y^{(i)}\right)x_j^{(i)}"
    r" + \frac{\lambda}{m}\theta_j",
])
def test_a_component_form_that_is_not_one_vector_s_entry_is_not_rewritten(latex):
    from kb.check.component_form import rewrite

    assert rewrite(latex) is None

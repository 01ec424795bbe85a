"""The RBF kernel (width σ or coefficient γ) and the polynomial kernel, as SVM notes write them."""
import pytest

from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"K(x, z) = \exp\left(-\frac{\|x - z\|^2}{2\sigma^2}\right)",
     r"K(x, z) = \exp\left(-\frac{\|x - z\|^2}{\sigma^2}\right)", "RBF kernel", "rbf_kernel_sigma"),
    (r"k(x_i, x_j) = \exp\left(-\frac{\|x_i - x_j\|^2}{2\sigma^2}\right)",
     r"k(x_i, x_j) = \exp\left(-\frac{\|x_i - x_j\|^2}{2\sigma}\right)", "Gauß-Kern", "rbf_kernel_sigma"),
    (r"K(x, y) = e^{-\gamma \|x - y\|^2}", r"K(x, y) = e^{-\gamma \|x - y\|}", "Гауссово ядро", "rbf_kernel_gamma"),
    (r"K(x, z) = (x^\top z + c)^d", r"K(x, z) = (x^\top z)^d + c", "Polynomial kernel", "polynomial_kernel"),
])
def test_right_formula_verifies_and_a_wrong_variant_differs(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex, context", [
    # the SVM objective beside the kernels is no kernel, whatever the words around it
    (r"\frac{1}{2}\|w\|^2", "SVM margin and the RBF kernel"),
    # γ = 1/(2σ²) relates the two RBF forms: it sets the coefficient, it does not state the kernel
    (r"\gamma = \frac{1}{2\sigma^2}", "RBF kernel"),
])
def test_look_alikes_are_not_called_wrong(latex, context):
    assert check_note_formula(latex, context).status != "note_differs"


@pytest.mark.parametrize("right, wrong, context, entry", [
    # x' is the second point the left side takes (K(x, x')), as most SVM notes write it: not a derivative of x
    (r"K(x, x') = \exp\left(-\frac{\|x - x'\|^2}{2\sigma^2}\right)",
     r"K(x, x') = \exp\left(\frac{\|x - x'\|^2}{2\sigma^2}\right)", "RBF kernel", "rbf_kernel_sigma"),
    (r"k(\mathbf{x}, \mathbf{x}^\prime) = \exp(-\gamma \lVert \mathbf{x} - \mathbf{x}^\prime \rVert^2)",
     r"k(\mathbf{x}, \mathbf{x}^\prime) = \exp(-\gamma \lVert \mathbf{x} - \mathbf{x}^\prime \rVert)", "Gauß-Kern",
     "rbf_kernel_gamma"),
    (r"K(x, x') = (x^T x' + c)^d", r"K(x, x') = (x^T x')^d + c", "Polynomial kernel", "polynomial_kernel"),
])
def test_a_primed_second_point_is_read_as_a_point(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_a_prime_the_left_side_does_not_take_is_not_read_as_a_point():
    # `x'` that no argument names is not the kernel's second point: the formula stays unread, never checked
    decision = check_note_formula(r"K(x, z) = \exp\left(-\frac{\|x - x'\|^2}{2\sigma^2}\right)", "RBF kernel")
    assert decision.status == "not_checkable", decision.detail

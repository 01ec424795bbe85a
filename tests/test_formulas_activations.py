"""Activations: references written with math agree with torch's kernels; mutants are caught."""

import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import activations as FAMILY

# ---- the registry contract, for every entry of the family ----------------------------------------------


xs = st.lists(st.floats(-50, 50), min_size=1, max_size=10)


@settings(max_examples=40, deadline=None)
@given(x=xs)
def test_every_elementwise_activation_matches_torch(x):
    for formula in FAMILY.FORMULAS:
        params = {"z": x} if "z" in formula.symbols else {"x": x}
        if "alpha" in formula.symbols:
            params["alpha"] = 0.2
        if "tau" in formula.symbols:
            params["tau"] = 2.0
        if "beta" in formula.symbols:
            params["beta"] = 1.5
        if "theta" in formula.symbols:
            params["theta"] = 0.5
        assert formula.reference(**params) == pytest.approx(formula.truth(**params), rel=1e-12, abs=1e-15), formula.id


@settings(deadline=None)
@given(x=st.floats(-20, 20))
def test_h_swish_tracks_swish_and_is_exact_outside_the_ramp(x):
    hs, sw = FAMILY.h_swish([x])[0], FAMILY.swish([x])[0]
    assert abs(hs - sw) < 0.15
    if x >= 3:
        assert hs == pytest.approx(x, rel=1e-15)
    if x <= -3:
        assert hs == 0


def test_kernel_form_runs_on_cpu_too():
    outcome = FAMILY.FORMULAS[0].kernel("cpu")
    assert outcome.ok and outcome.examples == 100


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
     r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha e^{x} & x \le 0 \end{cases}", "ELU", "elu"),
    (r"\mathrm{ELU}'(x) = \begin{cases} 1 & \text{si } x > 0 \\ \alpha e^{x} & \text{sinon} \end{cases}",
     r"\mathrm{ELU}'(x) = \begin{cases} 1 & \text{si } x > 0 \\ \alpha (e^{x} - 1) & \text{sinon} \end{cases}",
     "Dérivée de ELU", "elu_derivative"),
    # strict inequalities on both sides say nothing at 0: that is no mistake, a wrong slope still is
    (r"f(x) = \begin{cases} x & x > 0 \\ \alpha x & x < 0 \end{cases}",
     r"f(x) = \begin{cases} x & x > 0 \\ \alpha & x < 0 \end{cases}", "Leaky ReLU", "leaky_relu"),
    # swish with a slope β: β inside the sigmoid, not in front of x
    (r"\mathrm{swish}(x) = x \cdot \sigma(\beta x)", r"\mathrm{swish}(x) = \beta x \cdot \sigma(x)", "Swish", "swish_beta"),
])
def test_activations_link_to_their_entries(right, wrong, context, entry):
    from tests.check_helpers import assert_right_verifies_and_wrong_differs

    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)

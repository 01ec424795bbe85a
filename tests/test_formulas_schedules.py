"""Learning-rate schedules: closed forms agree with torch's recursive schedulers at every step."""

import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import schedules as FAMILY

# ---- the registry contract, for every entry of the family ----------------------------------------------


# ---- properties over the domain -------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(eta_max=st.floats(1e-5, 1.0), frac=st.floats(0.0, 1.0), T=st.integers(1, 400))
def test_cosine_matches_torch_and_runs_from_max_to_min(eta_max, frac, T):
    eta_min = eta_max * frac
    rates = FAMILY.cosine_decay(eta_max, eta_min, T)
    assert rates == pytest.approx(FAMILY._truth_cosine(eta_max, eta_min, T), rel=1e-9, abs=1e-15)
    assert rates[0] == pytest.approx(eta_max) and rates[-1] == pytest.approx(eta_min, abs=1e-15)
    assert all(a >= b - 1e-15 for a, b in zip(rates, rates[1:]))


@settings(max_examples=25, deadline=None)
@given(eta_max=st.floats(1e-4, 1.0), start=st.floats(0.001, 1.0), W=st.integers(1, 30), extra=st.integers(1, 100))
def test_warmup_cosine_matches_torch_and_peaks_at_w(eta_max, start, W, extra):
    T = W + extra
    rates = FAMILY.warmup_cosine(eta_max, eta_max * start, 0.0, W, T)
    assert rates == pytest.approx(FAMILY._truth_warmup_cosine(eta_max, eta_max * start, 0.0, W, T), rel=1e-9, abs=1e-15)
    assert max(rates) == pytest.approx(eta_max) and rates[W] == pytest.approx(eta_max)


def test_warmup_from_zero_as_the_notes_describe():
    # The notes warm up from 0; torch's LinearLR cannot start at 0, so the examples start above it.
    rates = FAMILY.warmup_cosine(0.1, 0.0, 0.0, 4, 8)
    assert rates[:5] == pytest.approx([0.0, 0.025, 0.05, 0.075, 0.1])
    assert rates[-1] == pytest.approx(0.0, abs=1e-15)


# ---- linking: a note writes one rate η_t in terms of the step t ------------------------------------------

from kb.check.link import check_note_formula  # noqa: E402

from tests.check_helpers import assert_right_verifies_and_wrong_differs  # noqa: E402


@pytest.mark.parametrize("right,wrong,context,entry", [
    (r"\eta_t = \eta_0\,\gamma^{\lfloor t/s \rfloor}", r"\eta_t = \eta_0\,\gamma^{t/s}", "Step decay", "step_lr_decay"),
    (r"\eta_t = \eta_{min} + \tfrac12(\eta_{max}-\eta_{min})\left(1+\cos\frac{\pi t}{T}\right)",
     r"\eta_t = \eta_{min} + (\eta_{max}-\eta_{min})\left(1+\cos\frac{\pi t}{T}\right)", "Cosine annealing", "cosine_lr_decay"),
    (r"\eta_t = \eta_{max}\,\frac{t}{T_w}", r"\eta_t = \eta_{max}\,\frac{t+1}{T_w}", "Linear warmup", "linear_warmup_lr"),
    (r"\eta_t = \eta_0 e^{-k t}", r"\eta_t = \eta_0 e^{k t}", "Exponential decay", "exponential_lr_decay_rate"),
    (r"\eta_t = \eta_0\,\gamma^{t}", r"\eta_t = \eta_0\,\gamma^{t+1}", "Exponential decay", "exponential_lr_decay"),
])
def test_a_rate_written_per_step_is_checked_over_the_whole_schedule(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_a_decay_rate_written_as_gamma_in_an_exponential_is_not_called_a_wrong_factor():
    # η_0 e^{-γt} is the decay-rate form, not a mistake in η_0 γ^t
    decision = check_note_formula(r"\eta_t = \eta_0 e^{-\gamma t}", "Exponential decay")
    assert decision.status == "verified" and decision.formula.id == "exponential_lr_decay_rate", decision.detail


def test_sgdr_is_read_in_the_position_within_the_cycle():
    right = (r"\eta_t = \eta_{min} + \frac12(\eta_{max}-\eta_{min})\left(1+\cos\frac{\pi T_{cur}}{T_i}\right)")
    decision = check_note_formula(right, "SGDR: cosine annealing with warm restarts")
    assert decision.status == "verified" and decision.formula.id == "cosine_warm_restarts", decision.detail


def test_a_portuguese_heading_names_the_cosine_schedule():
    wrong = r"\eta_t = \eta_{min} + (\eta_{max}-\eta_{min})\left(1+\cos\frac{t\pi}{T}\right)"
    decision = check_note_formula(wrong, "Como funciona o decaimento cosseno?")
    assert decision.status == "note_differs" and decision.formula.id == "cosine_lr_decay", decision.detail

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

"""Monte Carlo updates as notes write them (kb.formulas.monte_carlo): constant-α towards the return G_t, for V and
Q, and the incremental mean with step 1/N(s)."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"V(S_t) \leftarrow V(S_t) + \alpha\left[G_t - V(S_t)\right]",
     r"V(S_t) \leftarrow V(S_t) + \alpha\left[V(S_t) - G_t\right]", "constant-α MC", "mc_value_update"),
    (r"Q(S_t, A_t) \leftarrow Q(S_t, A_t) + \alpha\left[G_t - Q(S_t, A_t)\right]",
     r"Q(S_t, A_t) \leftarrow Q(S_t, A_t) + \alpha G_t", "Monte Carlo control", "mc_q_update"),
    (r"V(s) \leftarrow V(s) + \frac{1}{N(s)}\left(G - V(s)\right)",
     r"V(s) \leftarrow V(s) + \frac{1}{N(s)} G", "incremental mean, Monte-Carlo", "incremental_mean_update"),
])
def test_monte_carlo_updates_verify_and_their_mistakes_differ(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_a_visit_count_taken_before_the_visit_is_a_convention_not_a_mistake():
    decision = check_note_formula(r"V(s) \leftarrow V(s) + \frac{1}{N(s)+1}\left(G - V(s)\right)", "incremental mean")
    assert decision.status != "note_differs", decision.detail

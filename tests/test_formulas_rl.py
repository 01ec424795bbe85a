"""Bellman optimality on random small MDPs, checked against exhaustive exact policy evaluation."""
import random

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import rl as FAMILY

# ---- the registry contract, for every entry of the family ----------------------------------------------


def _random_mdp(seed):
    (params,) = FAMILY._mdp_examples(random.Random(seed), 1)
    return params


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_value_iteration_fixed_point_satisfies_the_bellman_equation(seed):
    params = _random_mdp(seed)
    P, R, gamma = np.array(params["P"]), np.array(params["R"]), params["gamma"]
    V = np.array(FAMILY.bellman_optimal_values(**params))
    residual = V - (P * (R + gamma * V[None, None, :])).sum(-1).max(1)
    assert np.max(np.abs(residual)) < 1e-10


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_greedy_policy_is_optimal_among_all_deterministic_policies(seed):
    params = _random_mdp(seed)
    P, R = np.array(params["P"]), np.array(params["R"])
    greedy = FAMILY._policy_values(P, R, params["gamma"], tuple(FAMILY.greedy_policy(**params)))
    S, A = P.shape[:2]
    for policy in np.ndindex(*(A,) * S):
        assert np.all(FAMILY._policy_values(P, R, params["gamma"], policy) <= greedy + 1e-9)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 100_000))
def test_q_and_v_forms_agree(seed):
    params = _random_mdp(seed)
    Q = np.array(FAMILY.bellman_optimal_q(**params))
    assert Q.max(axis=1) == pytest.approx(FAMILY.bellman_optimal_values(**params), abs=1e-9)


def test_deterministic_two_state_chain_by_hand():
    # Action 0 stays for reward 1, action 1 jumps to the other state for reward 0: staying is worth 1/(1-γ).
    P = [[[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]]]
    R = [[[1.0, 1.0], [0.0, 0.0]], [[1.0, 1.0], [0.0, 0.0]]]
    assert FAMILY.bellman_optimal_values(P, R, 0.9) == pytest.approx([10.0, 10.0])

"""RL notations of other courses, rewritten into the MDP entries' spelling (kb.check.rl_notation): David Silver's
P^a_{ss'} and R^a_s, sums and maxima over whole sets, the GAE paper's labels δ^V and Â^{GAE(γ,λ)}, numbered
sweeps V_{k+1}/V_k, CS188's sampled reward R(s,a,s'); and an update of a table entry written with := or =."""
from __future__ import annotations

import pytest

from kb.check import rl_notation
from kb.check.latex import UPDATE, parse_formula
from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs


def test_silver_tables_become_the_transition_and_reward_tables():
    assert rl_notation.rewrite(r"\mathcal{P}^a_{ss'} v(s')") == r"P(s' \mid s,a) v(s')"
    assert rl_notation.rewrite(r"R^a_s") == r"\sum_{s''} P(s'' \mid s,a) R(s,a,s'')"
    assert rl_notation.rewrite(r"\gamma\mathcal{R}_s^a") == r"\gamma\sum_{s''} P(s'' \mid s,a) R(s,a,s'')"
    # the policy-averaged tables average over a fresh action index
    assert rl_notation.rewrite(r"\mathcal{P}^\pi_{ss'}") == r"\sum_{a''} \pi(a'' \mid s) P(s' \mid s,a'')"


def test_a_sum_or_max_over_a_whole_set_is_over_its_index():
    assert rl_notation.rewrite(r"\max_{a \in \mathcal{A}(s)} q_*(s,a)") == r"\max_{a} q_*(s,a)"
    assert rl_notation.rewrite(r"\sum_{s' \in \mathcal{S}, r \in \mathcal{R}} p [r + \gamma v(s')]") == (
        r"\sum_{s', r} p [r + \gamma v(s')]")
    assert rl_notation.rewrite(r"\sum_{i \in B} x_i") is None   # a batch is no state or action set
    # outside an MDP's formula (no discount, policy or optimal value) a set S may be a part of the index range
    assert rl_notation.rewrite(r"L = \sum_{s \in S} \ell(s)") is None


def test_gae_labels_are_dropped():
    assert rl_notation.rewrite(r"\hat{A}_t^{GAE(\gamma,\lambda)} = \sum_l (\gamma\lambda)^l \delta_{t+l}^V") == (
        r"\hat{A}_t = \sum_l (\gamma\lambda)^l \delta_{t+l}")
    assert rl_notation.rewrite(r"x^V") is None   # only the TD error's V is a label


def test_numbered_sweeps_state_their_fixed_point():
    assert rl_notation.rewrite(r"V_{k+1}(s) \leftarrow \max_a \sum_{s'} T(s,a,s')[R(s,a,s') + \gamma V_k(s')]") == (
        r"V(s) = \max_a \sum_{s'} T(s,a,s')[R(s,a,s') + \gamma V(s')]")
    # a learning rule with a step size is checked as the update it writes; one numbered side says nothing
    assert rl_notation.rewrite(r"V_{k+1}(s) = V_k(s) + \alpha (G - V_k(s))") is None
    assert rl_notation.rewrite(r"V_{k+1}(s) = \max_a Q(s,a)") is None
    assert rl_notation.rewrite(r"v_{k+1} = \beta v_k + (1-\beta) \gamma g") is None   # momentum's v, no table


def test_an_update_between_the_old_and_new_table_is_an_assignment():
    assert rl_notation.rewrite(r"Q^{new}(s,a) = Q^{old}(s,a) + \alpha(r + \gamma Q^{old}(s',a') - Q^{old}(s,a))") == (
        r"Q(s,a) \leftarrow Q(s,a) + \alpha(r + \gamma Q(s',a') - Q(s,a))")
    assert rl_notation.rewrite(r"Q^{new}(s,a) = r + \gamma Q(s',a')") is None   # no old table: nothing says it


def test_a_sampled_update_reads_its_reward_table_as_the_sample():
    assert rl_notation.rewrite(r"Q(s,a) \leftarrow (1-\alpha)Q(s,a) + \alpha[R(s,a,s') + \gamma \max_{a'} Q(s',a')]") == (
        r"Q(s,a) \leftarrow (1-\alpha)Q(s,a) + \alpha[r + \gamma \max_{a'} Q(s',a')]")
    # beside a sum over next states R(s,a,s') is the reward table
    assert rl_notation.rewrite(r"V(s) \leftarrow \sum_{s'} T(s,a,s')[R(s,a,s') + \gamma V(s')]") is None


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"v_\pi(s) = \sum_{a \in \mathcal{A}} \pi(a|s) \left( \mathcal{R}^a_s + \gamma \sum_{s' \in \mathcal{S}} "
     r"\mathcal{P}^a_{ss'} v_\pi(s') \right)",
     r"v_\pi(s) = \sum_{a \in \mathcal{A}} \pi(a|s) \left( \mathcal{R}^a_s + \sum_{s' \in \mathcal{S}} "
     r"\mathcal{P}^a_{ss'} v_\pi(s') \right)", "Bellman expectation equation", "bellman_expectation_v"),
    (r"q_*(s,a) = \mathcal{R}^a_s + \gamma \sum_{s'} \mathcal{P}^a_{ss'} \max_{a'} q_*(s',a')",
     r"q_*(s,a) = \mathcal{R}^a_s + \gamma \sum_{s'} \mathcal{P}^a_{ss'} \min_{a'} q_*(s',a')",
     "уравнение оптимальности Беллмана", "bellman_optimality_q"),
    (r"V^*(s) = \max_{a \in \mathcal{A}(s)} \left( R^a_s + \gamma \sum_{s'} P^a_{ss'} V^*(s') \right)",
     r"V^*(s) = \max_{a \in \mathcal{A}(s)} \gamma\left( R^a_s + \sum_{s'} P^a_{ss'} V^*(s') \right)",
     "ecuación de Bellman", "bellman_optimality_v"),
    (r"v_{k+1}(s) = \sum_a \pi(a|s) \sum_{s',r} p(s',r|s,a)\left[r + \gamma v_k(s')\right]",
     r"v_{k+1}(s) = \sum_a \pi(a|s) \sum_{s',r} p(s',r|s,a)\left[r + v_k(s')\right]",
     "iterative policy evaluation", "bellman_expectation_v"),
    (r"V_{k+1}(s) \leftarrow \max_a \sum_{s'} T(s,a,s')\left[R(s,a,s') + \gamma V_k(s')\right]",
     r"V_{k+1}(s) \leftarrow \max_a \sum_{s'} T(s,a,s')\left[R(s,a,s') + V_k(s')\right]",
     "value iteration", "bellman_optimality_v"),
    (r"\hat{A}_t^{GAE(\gamma,\lambda)} = \sum_{l=0}^{\infty} (\gamma\lambda)^l \delta_{t+l}^V",
     r"\hat{A}_t^{GAE(\gamma,\lambda)} = \sum_{l=0}^{\infty} \lambda^l \delta_{t+l}^V", "GAE", "gae"),
    (r"Q(s,a) \leftarrow (1-\alpha) Q(s,a) + \alpha\left[R(s,a,s') + \gamma \max_{a'} Q(s',a')\right]",
     r"Q(s,a) \leftarrow (1-\alpha) Q(s,a) + \alpha\left[R(s,a,s') + \gamma \max_{a'} Q(s,a')\right]",
     "Q-learning", "q_learning_update"),
    (r"Q^{\text{new}}(s,a) = Q^{\text{old}}(s,a) + \alpha\left(r + \gamma \max_{a'} Q^{\text{old}}(s',a') - Q^{\text{old}}(s,a)\right)",
     r"Q^{\text{new}}(s,a) = Q^{\text{old}}(s,a) + \alpha\left(r + \gamma \max_{a'} Q^{\text{old}}(s',a') + Q^{\text{old}}(s,a)\right)",
     "Q-learning", "q_learning_update"),
    (r"Q(s,a) := Q(s,a) + \alpha\left[r + \gamma \max_{a'} Q(s',a') - Q(s,a)\right]",
     r"Q(s,a) := Q(s,a) + \alpha\left[r + \max_{a'} Q(s',a') - Q(s,a)\right]", "Q-learning", "q_learning_update"),
])
def test_other_courses_notations_verify_and_their_mistakes_differ(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_an_entry_its_own_right_side_reads_is_assigned_not_equated():
    assert parse_formula(r"Q(s,a) := Q(s,a) + \alpha(r - Q(s,a))").relation == UPDATE
    assert parse_formula(r"Q(s,a) = (1-\alpha) Q(s,a) + \alpha r").relation == UPDATE
    assert parse_formula(r"V(s) = \max_a \sum_{s'} P(s'|s,a)[R(s,a,s') + \gamma V(s')]").relation == "="


def test_a_note_value_that_is_no_number_is_no_counterexample():
    # read without the rewrite, δ^V would be δ to the power of the value table: nan, a misreading
    from kb.check.compare import Counterexample
    from kb.check.link import _undefined_where_truth_is_not

    assert _undefined_where_truth_is_not(Counterexample({}, [1.0, 2.0], [float("nan"), 2.0]))
    assert not _undefined_where_truth_is_not(Counterexample({}, [1.0, 2.0], [1.5, 2.0]))


def test_a_conditional_bar_written_vert_is_the_bar():
    assert_right_verifies_and_wrong_differs(
        r"v_*(s) = \max_a \sum_{s',r} p(s',r \vert s,a)\left[r + \gamma v_*(s')\right]",
        r"v_*(s) = \max_a \sum_{s',r} p(s',r \vert s,a)\left[r + v_*(s')\right]", "Bellman optimality", "bellman_optimality_v")
    assert check_note_formula(r"v_\pi(s) = \mathbb{E}_\pi[R_{t+1} + \gamma v_\pi(S_{t+1}) \vert S_t = s]",
                              "Bellman equation").status == "verified"

"""Reinforcement-learning formulas as notes write them: Bellman equations over an MDP's tables (p(s',r|s,a),
π(a|s), V(s), Q(s,a), sums and maxima over their indices), the greedy policy, and discounted returns."""
from __future__ import annotations

import pytest
import sympy

from kb.check.latex import LatexError, parse_formula, to_sympy
from kb.check.link import check_note_formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs

_P_R = r"\sum_{s',r} p(s',r \mid s,a)"


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"V^*(s) = \max_a \sum_{s'} P(s' \mid s,a)\left[R(s,a,s') + \gamma V^*(s')\right]",
     r"V^*(s) = \max_a \sum_{s'} P(s' \mid s,a)\left[R(s,a,s') + V^*(s')\right]", "Bellman optimality", "bellman_optimality_v"),
    (rf"Q^*(s,a) = {_P_R}\left[r + \gamma \max_{{a'}} Q^*(s',a')\right]",
     rf"Q^*(s,a) = {_P_R}\,\gamma\left[r + \max_{{a'}} Q^*(s',a')\right]", "Bellman-Optimalitätsgleichung",
     "bellman_optimality_q"),
    (rf"V^\pi(s) = \sum_a \pi(a|s) {_P_R}\left[r + \gamma V^\pi(s')\right]",
     rf"V^\pi(s) = \sum_a \pi(a|s) {_P_R}\left[r + V^\pi(s')\right]", "уравнение Беллмана", "bellman_expectation_v"),
    (r"\pi^*(s) = \arg\max_a Q^*(s,a)", r"\pi^*(s) = \arg\min_a Q^*(s,a)", "最適方策", "greedy_policy_optimal"),
    (r"G_t = \sum_{k=0}^{\infty} \gamma^k r_{t+k+1}", r"G_t = \sum_{k=0}^{\infty} \gamma^{k+1} r_{t+k+1}", "回报",
     "discounted_return"),
    (r"G_t = R_{t+1} + \gamma G_{t+1}", r"G_t = R_{t+1} + G_{t+1}", "дисконтированная отдача", "return_recursive"),
])
def test_rl_formulas_verify_and_their_mistakes_differ(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


def test_an_equation_whose_right_side_reads_its_indices_only_in_tables_states_the_whole_table():
    bellman = parse_formula(r"V(s) = \max_a \sum_{s'} P(s' \mid s,a)[R(s,a,s') + \gamma V(s')]")
    assert bellman.every_index == (sympy.Symbol("s"),) and "s" not in bellman.symbols
    assert parse_formula(r"g(z) = \max(0, z)").every_index == ()   # z is a value there, not an index


def test_a_sequence_at_two_offsets_in_one_sum_is_not_read_as_one_vector():
    with pytest.raises(LatexError):
        to_sympy(r"\sum_t (x_{t+1} - x_t)")
    with pytest.raises(LatexError):   # part of the sequence: only its length or ∞ says where the sum stops
        to_sympy(r"\sum_{k=0}^{n-1} \gamma^k r_{t+k+1}")


def test_a_free_action_on_the_right_that_the_left_side_lacks_is_the_missing_max():
    # V*(s) depends on s alone; a right side that still holds a is one fixed action's value, not the optimum
    decision = check_note_formula(r"V^*(s) = \sum_{s',r} p(s',r \mid s,a)\left[r + \gamma V^*(s')\right]",
                                  "Bellman optimality")
    assert decision.status == "note_differs" and decision.formula.id == "bellman_optimality_v", decision.detail
    assert "object at 0x" not in decision.detail   # the dynamics table is shown by its size


def test_an_unbraced_infinite_bound_is_read():
    """\\sum_{k=0}^\\infty: an unbraced superscript is one token, and \\infty is one."""
    assert_right_verifies_and_wrong_differs(r"G_t = \sum_{k=0}^\infty \gamma^k R_{t+k+1}",
                                            r"G_t = \sum_{k=0}^\infty \gamma^{k+1} R_{t+k+1}", "Return",
                                            "discounted_return")


@pytest.mark.parametrize("right, wrong, context, entry", [
    # Sutton and Barto's time-indexed expectations: given S_t = s, the action is π's and the step the dynamics'
    (r"v_\pi(s) = \mathbb{E}_\pi\left[R_{t+1} + \gamma v_\pi(S_{t+1}) \mid S_t = s\right]",
     r"v_\pi(s) = \mathbb{E}_\pi\left[R_{t+1} + v_\pi(S_{t+1}) \mid S_t = s\right]", "Bellman expectation equation",
     "bellman_expectation_v"),
    (r"Q^\pi(s,a) = \mathbb{E}_\pi[R_{t+1} + \gamma Q^\pi(S_{t+1}, A_{t+1}) \mid S_t = s, A_t = a]",
     r"Q^\pi(s,a) = \mathbb{E}_\pi[R_{t+1} + \gamma Q^\pi(S_{t+1}, a) \mid S_t = s, A_t = a]",
     "Bellman-Gleichung", "bellman_expectation_q"),
    (r"V^*(s) = \max_a \mathbb{E}[R_{t+1} + \gamma V^*(S_{t+1}) \mid S_t = s, A_t = a]",
     r"V^*(s) = \max_a \mathbb{E}[R_{t+1} + V^*(S_{t+1}) \mid S_t = s, A_t = a]", "Bellman optimality", "bellman_optimality_v"),
    # lecture notes' expectation over the next state drawn from P
    (r"Q^*(s,a) = \mathbb{E}_{s'\sim P}\left[r + \gamma \max_{a'} Q^*(s',a')\right]",
     r"Q^*(s,a) = \mathbb{E}_{s'\sim P}\left[r + \gamma \min_{a'} Q^*(s',a')\right]", "Bellman optimality",
     "bellman_optimality_q"),
    (r"Q^*(s,a) = \mathbb{E}_{s'}\left[R(s,a,s') + \gamma \max_{a'} Q^*(s',a')\right]",
     r"Q^*(s,a) = \mathbb{E}_{s'}\left[R(s,a,s') + \max_{a'} Q^*(s',a')\right]", "Bellman optimality", "bellman_optimality_q"),
])
def test_bellman_equations_with_expectations(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)


@pytest.mark.parametrize("latex, entry", [
    # the return under the policy's expectation is the policy's value (Sutton and Barto, eq. 3.12 and 3.13)
    (r"v_\pi(s) \doteq \mathbb{E}_\pi[G_t \mid S_t = s]", "bellman_expectation_v"),
    (r"q_\pi(s,a) \doteq \mathbb{E}_\pi[G_t \mid S_t = s, A_t = a]", "bellman_expectation_q"),
])
def test_a_return_under_the_policy_s_expectation_is_its_value(latex, entry):
    decision = check_note_formula(latex, "value function")
    assert decision.status == "verified" and decision.formula.id == entry, decision.detail


def test_the_next_return_under_the_policy_is_the_next_state_s_value():
    # the step from eq. 3.12 to 3.14: E_π[G_{t+1} | S_t = s] = E_π[v_π(S_{t+1}) | S_t = s]
    assert_right_verifies_and_wrong_differs(
        r"v_\pi(s) = \mathbb{E}_\pi\left[R_{t+1} + \gamma G_{t+1} \mid S_t = s\right]",
        r"v_\pi(s) = \mathbb{E}_\pi\left[R_{t+1} + G_{t+1} \mid S_t = s\right]", "Bellman equation", "bellman_expectation_v")


@pytest.mark.parametrize("latex", [
    r"V(s) = \mathbb{E}[G_t \mid S_t = s]",             # a return under which policy? no table holds it
    r"V^\pi(s) = \mathbb{E}_\pi[R_{t+1} + \gamma R_{t+2} + \gamma^2 G_{t+2} \mid S_t = s]",   # a later return
    r"V(s) = \mathbb{E}[R_{t+1} + \gamma V(S_{t+1}) \mid S_t = s]",          # which policy draws the action?
    r"V(s) = \mathbb{E}_\pi[R_t + R_{t+1} + \gamma V(S_{t+1}) \mid S_t = s]",  # which reward is the step's?
])
def test_an_expectation_whose_reading_is_not_certain_is_not_checked(latex):
    from kb.check.rl_expectation import rewrite

    assert rewrite(latex) is None
    assert check_note_formula(latex, "Bellman equation").status == "not_checkable"


def test_a_deterministic_policy_s_bellman_equation_is_checked_as_the_policy_table_s():
    """π(s) among the tables' arguments is the one action the policy takes: Σ_a π(a|s)[...] with a for π(s) agrees
    with it for a one-hot π, and is right for every π exactly when it is right for every deterministic one."""
    right = r"V^\pi(s) = \sum_{s'} T(s,\pi(s),s')\left[R(s,\pi(s),s') + \gamma V^\pi(s')\right]"
    wrong = r"V^\pi(s) = \sum_{s'} P(s' \mid s,\pi(s))\left[R(s,\pi(s),s') + V^\pi(s')\right]"
    assert_right_verifies_and_wrong_differs(right, wrong, "Policy evaluation", "bellman_expectation_v")


def test_pi_of_s_outside_the_tables_is_not_read_as_an_action():
    from kb.check.rl_expectation import rewrite

    # π(s) added to a value, or an action a already written beside π(s): no certain reading
    assert rewrite(r"V^\pi(s) = \pi(s) + \gamma \sum_{s'} P(s' \mid s,\pi(s)) V^\pi(s')") is None
    assert rewrite(r"V^\pi(s) = \sum_{s'} P(s' \mid s,\pi(s))\left[R(s,a,s') + \gamma V^\pi(s')\right]") is None


@pytest.mark.parametrize("spelled", [
    r"\mathrm{max}_{a'}", r"\operatorname*{max}_{a'}", r"\operatorname{max}_{a'}", r"\text{max}_{a'}", r"max_{a'}",
    r"\mathop{\max}_{a'}", r"\underset{a'}{\max}", r"\max\limits_{a'}",
])
def test_max_spelled_as_a_word_or_set_under_its_index_is_the_max_operator(spelled):
    """Notes type the operator as a word in a typeface (`\\mathrm{max}_{a'}`), without its backslash (`max_{a'}`) or
    with its index set under it (`\\underset{a'}{\\max}`): each is \\max_{a'}, not a symbol named max."""
    assert_right_verifies_and_wrong_differs(rf"y = r + \gamma {spelled} Q(s', a')", rf"y = r + {spelled} Q(s', a')",
                                            "DQN target", "q_learning_target")


@pytest.mark.parametrize("spelled", [
    r"\mathrm{argmax}_{a}", r"\operatorname*{arg\,max}_a", r"\text{arg max}_{a}", r"argmax_a", r"\underset{a}{\arg\max}",
    r"\underset{a}{\operatorname{argmax}}",
])
def test_argmax_spelled_as_a_word_or_set_under_its_index_is_the_argmax_operator(spelled):
    assert_right_verifies_and_wrong_differs(rf"\pi^*(s) = {spelled} Q^*(s,a)", rf"\pi^*(s) = {spelled} -Q^*(s,a)",
                                            "optimal policy", "greedy_policy_optimal")


def test_a_prime_after_an_index_subscript_marks_the_same_symbol_as_before_it():
    """`Q(s_i', a_i')` is typeset as `Q(s'_i, a'_i)`: both read as the next state and action of sample i."""
    assert to_sympy(r"Q(s_i', a_i')") == to_sympy(r"Q(s'_i, a'_i)")


def test_a_policy_is_never_verified_as_a_value():
    """`π*(s) = max_a Q*(s,a)` writes max for argmax: under words that name no entry it is not the optimal value V*."""
    decision = check_note_formula(r"\pi^*(s) = \max_a Q^*(s,a)", "política óptima")
    assert decision.status != "verified", decision.detail


def test_a_value_is_never_called_a_wrong_policy():
    """`V*(s) = max_a Q*(s,a)` under a heading about the optimal policy states the optimal value, rightly."""
    decision = check_note_formula(r"V^*(s) = \max_a Q^*(s,a)", "optimal policy")
    assert (decision.status, decision.formula.id if decision.formula else None) == ("verified", "bellman_optimality_v")


def test_an_escaped_brace_after_the_expectations_underscore_is_read_without_crashing():
    from kb.check.rl_expectation import rewrite
    assert rewrite(r"v_{\pi}(s) = \mathbb{E} _ \{\pi}[G_t | S_t = s]") is None

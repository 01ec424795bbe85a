"""Updates written with `\\leftarrow` or `\\gets` (pseudocode's assignment): the left side's new value is the
right side computed from the old values, for a plain name (`w \\leftarrow w - \\eta g`) and for one entry of a
table (`Q(s,a) \\leftarrow ...`, every other entry unchanged)."""
from __future__ import annotations

import pytest
import sympy

from kb.cards.formula import is_equation
from kb.check.latex import APPLY, UPDATE, compile_formula, parse_formula, split_chain, to_sympy
from kb.check.link import check_note_formula
from kb.formulas.core import Formula
from tests.check_helpers import assert_right_verifies_and_wrong_differs

S = sympy.Symbol


def _step_entry() -> Formula:
    """A one-parameter update whose input and value share the name x, as an optimiser's weights do."""
    return Formula(id="step_up", titles={"en": "Counter step"}, latex=r"x\leftarrow x+k",
                   symbols={"x": "value before the step", "k": "step"}, reference=lambda x, k: x + k,
                   truth=lambda x, k: x + k,
                   examples=lambda rng, n: [dict(x=rng.uniform(-5, 5), k=rng.uniform(0.5, 3)) for _ in range(n)],
                   aliases={"x": ("x",), "k": ("k",)}, keywords=("counter step",), rel_tol=1e-12, abs_tol=1e-12)


@pytest.mark.parametrize("arrow", [r"\leftarrow", r"\gets"])
def test_an_arrow_is_an_update_relation(arrow):
    parts, relations = split_chain(rf"w {arrow} w - \eta g")
    assert parts == ["w", r"w - \eta g"] and relations == [UPDATE]
    assert parse_formula(rf"Q(s,a) {arrow} Q(s,a) + 1").updated_entry == APPLY(S("Q"), S("s"), S("a"))
    assert is_equation(rf"V(s) {arrow} V(s) + \alpha \delta")   # it gets a formula card


def test_the_left_side_of_an_update_is_the_new_value_of_the_input_it_reads():
    entry = _step_entry()
    assert check_note_formula(r"x \leftarrow x + k", "counter step", [entry]).status == "verified"
    wrong = check_note_formula(r"x \gets x - k", "counter step", [entry])
    assert wrong.status == "note_differs" and wrong.formula is entry
    # as an equation the same letters say x equals x + k: its left side is the input, never the entry's value
    assert check_note_formula(r"x = x + k", "counter step", [entry]).status != "verified"


def test_indices_in_parentheses_read_a_table_and_anything_else_stays_a_product():
    assert to_sympy(r"p(1-p)") == S("p") * (1 - S("p"))
    assert to_sympy(r"Q(s', a')") == APPLY(S("Q"), S("s'"), S("a'"))
    assert to_sympy(r"\pi(a \mid s)") == APPLY(S("pi"), S("s"), S("a"))   # the condition first: π[s][a]
    assert to_sympy(r"V^*(s_{t+1})") == APPLY(S("V^*"), S("s_t+1"))
    assert to_sympy(r"2\pi r") == 2 * sympy.pi * S("r")
    assert S("a'") not in to_sympy(r"\max_{a'} Q(s', a')").free_symbols   # a bound index is no quantity


def test_an_update_of_one_entry_leaves_the_rest_of_the_table():
    update = compile_formula(parse_formula(r"V(s) \leftarrow V(s) + \alpha[r + \gamma V(s') - V(s)]"))
    new = update({"V": [1.0, 2.0, 3.0], "s": 0, "s'": 2, "r": 0.5, "gamma": 0.5, "alpha": 0.5})
    assert new.tolist() == [1.0 + 0.5 * (0.5 + 1.5 - 1.0), 2.0, 3.0]


@pytest.mark.parametrize("right, wrong, context, entry", [
    (r"V(s) \leftarrow V(s) + \alpha\,[r + \gamma V(s') - V(s)]",
     r"V(s) \leftarrow V(s) + \alpha\,[r + V(s') - V(s)]", "TD(0) update", "td0_update"),
    (r"Q(s,a) \leftarrow Q(s,a) + \alpha\left[r + \gamma \max_{a'} Q(s',a') - Q(s,a)\right]",
     r"Q(s,a) \leftarrow Q(s,a) + \alpha\left[r + \gamma \min_{a'} Q(s',a') - Q(s,a)\right]", "Q学習の更新式", "q_learning_update"),
    (r"Q(S_t,A_t) \gets Q(S_t,A_t) + \alpha[R_{t+1} + \gamma Q(S_{t+1},A_{t+1}) - Q(S_t,A_t)]",
     r"Q(S_t,A_t) \gets Q(S_t,A_t) + \alpha[R_{t+1} + \gamma Q(S_{t+1},A_t) - Q(S_t,A_t)]", "SARSA", "sarsa_update"),
    (r"Q(s,a) \leftarrow Q(s,a) + \alpha\left[r + \gamma \sum_{a'} \pi(a'|s') Q(s',a') - Q(s,a)\right]",
     r"Q(s,a) \leftarrow Q(s,a) + \alpha\left[r + \gamma \sum_{a'} \pi(a'|s) Q(s',a') - Q(s,a)\right]", "Expected SARSA",
     "expected_sarsa_update"),
])
def test_td_updates_verify_and_their_mistakes_differ(right, wrong, context, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, context, entry)

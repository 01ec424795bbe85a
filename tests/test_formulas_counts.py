"""Parameter and multiply-add counts against nn.Conv2d and FlopCounterMode; the notes' MobileNet example."""

import pytest
from hypothesis import given, settings, strategies as st

from kb.check.link import check_note_formula
from kb.formulas import counts
from kb.check.compare import Pass, compare

from tests.conftest import note_with

BY_ID = {f.id: f for f in counts.FORMULAS}


@pytest.mark.parametrize("formula_id", counts.WORKED)
def test_notes_worked_example_holds(formula_id):
    (check,) = BY_ID[formula_id].extra_checks
    outcome = check()
    assert outcome.ok, outcome.detail


def test_worked_numbers_are_the_notes_numbers():
    text = note_with("1,228,800").read_text(encoding="utf-8")
    for stated in ("256 \\times 3 \\times 5 \\times 5 \\times 8 \\times 8 = 1,228,800", "4,800", "49,152", "53,952"):
        assert stated in text
    assert counts.standard_conv_mult_adds(**counts.MOBILENET_EXAMPLE) == 1_228_800
    assert counts.depthwise_separable_mult_adds(**counts.MOBILENET_EXAMPLE) == 4_800 + 49_152 == 53_952


def test_flop_counter_counts_two_flops_per_multiply_add():
    assert counts.counted_mult_adds(D_K=1, M=1, N=1, D_F=1) == {"standard": 1, "depthwise": 1, "pointwise": 1}


def test_notes_symbols_are_aliases():
    aliases = BY_ID["depthwise_separable_mult_adds"].aliases
    assert {"D_K", "M", "N", "D_F"} <= set(aliases) and "Dk" in aliases["D_K"] and "Df" in aliases["D_F"]


cost = st.fixed_dictionaries(dict(D_K=st.integers(1, 11), M=st.integers(1, 512), N=st.integers(1, 512),
                                  D_F=st.integers(1, 64)))


@settings(max_examples=40, deadline=None)
@given(cost)
def test_cost_formulas_hold_over_the_domain(params):
    for formula_id in ("standard_conv_mult_adds", "depthwise_separable_mult_adds", "depthwise_separable_cost_ratio"):
        assert compare(BY_ID[formula_id].reference, BY_ID[formula_id], [params]) == Pass(1)


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries(dict(H=st.integers(1, 11), W=st.integers(1, 11), C1=st.integers(1, 512),
                                  C2=st.integers(1, 512), bias=st.booleans())))
def test_param_count_holds_over_the_domain(params):
    assert compare(counts.conv_param_count, BY_ID["conv_param_count"], [params]) == Pass(1)


@pytest.mark.parametrize("latex, status, case", [
    (r"(F \cdot F \cdot C_{in} + 1) \cdot K", "verified", "bias = 1"),
    (r"F \cdot F \cdot C_{in} \cdot K", "verified", "bias = 0"),
    (r"F \times F \times K + K", "note_differs", ""),     # input channels forgotten: not the C_in = 1 case
])
def test_square_kernel_parameter_count(latex, status, case):
    decision = check_note_formula(latex, "number of parameters of a conv layer with K filters of F x F")
    assert decision.status == status and decision.formula.id == "conv_param_count_square", decision.detail
    assert case in decision.detail


def test_cost_ratio_named_in_chinese_is_checked():
    decision = check_note_formula(r"\frac{1}{N} + \frac{1}{D_K}", "深度可分离卷积与标准卷积两者之比")
    assert decision.status == "note_differs" and decision.formula.id == "depthwise_separable_cost_ratio", decision.detail

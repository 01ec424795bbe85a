"""Receptive field of stacked convolutions against autograd, and the notes' 1 + 2L."""
import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import receptive_field as FAMILY
from tests.check_helpers import assert_right_verifies_and_wrong_differs


def test_receptive_field_of_3x3_stack_is_1_plus_2L():
    assert [FAMILY.receptive_field_3x3(L) for L in (1, 2, 3)] == [3, 5, 7]
    assert FAMILY.receptive_field(3, 3) == FAMILY.receptive_field_3x3(3)


@settings(max_examples=30, deadline=None)
@given(L=st.integers(1, 6), k=st.integers(1, 7))
def test_receptive_field_matches_autograd(L, k):
    assert FAMILY.receptive_field(L, k) == FAMILY._truth_receptive_field(L, k)


@pytest.mark.parametrize("context", ["receptive field of L stacked 3x3 convolutions", "3×3 の畳み込みを L 層重ねると受容野は"])
def test_receptive_field_3L_is_caught_in_any_language(context):
    assert_right_verifies_and_wrong_differs("r = 1 + 2L", "r = 3L", context, "receptive_field_3x3")


@pytest.mark.parametrize("right, wrong, entry", [
    (r"r_{out} = r_{in} + (k-1)\, j_{in}", r"r_{out} = r_{in} + k\, j_{in}", "receptive_field_step"),
    (r"j_{out} = j_{in} \cdot s", r"j_{out} = j_{in} + s", "jump_step"),
])
def test_the_layer_by_layer_receptive_field_links_and_a_wrong_step_differs(right, wrong, entry):
    assert_right_verifies_and_wrong_differs(right, wrong, "Receptive field, one layer at a time", entry)

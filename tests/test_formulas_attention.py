"""Attention: window attention counted over pixel pairs."""
import pytest
from hypothesis import given, settings, strategies as st

from kb.formulas import attention
from tests.check_helpers import assert_right_verifies_and_wrong_differs


@settings(max_examples=30, deadline=None)
@given(M=st.integers(1, 4), h=st.integers(1, 4), w=st.integers(1, 4))
def test_window_attention_never_exceeds_full_attention(M, h, w):
    H, W = M * h, M * w
    assert attention.window_attention_entries(H, W, M) == attention._truth_window_attention(H, W, M) <= (H * W) ** 2


def test_positional_encoding_pair_matches_the_full_table():
    table = attention.sinusoidal_positional_encoding(6, 8)
    assert attention.positional_encoding_pair(5, 3, 8) == pytest.approx(table[5][6:8])


@pytest.mark.parametrize("right, wrong", [
    (r"PE_{(pos, 2i)} = \sin\left(pos / 10000^{2i/d_{model}}\right)",
     r"PE_{(pos, 2i)} = \sin\left(pos \cdot 10000^{2i/d_{model}}\right)"),
    (r"PE_{(pos, 2i+1)} = \cos\left(\frac{pos}{10000^{2i/d_{model}}}\right)",
     r"PE_{(pos, 2i+1)} = \sin\left(\frac{pos}{10000^{2i/d_{model}}}\right)"),
])
def test_positional_encoding_by_position_and_index(right, wrong):
    """The left side PE_{(pos,2i)} or PE_{(pos,2i+1)} picks the sin or the cos component."""
    assert_right_verifies_and_wrong_differs(right, wrong, "positional encoding", "positional_encoding_pair")

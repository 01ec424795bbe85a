"""Attention: window attention counted over pixel pairs."""
from hypothesis import given, settings, strategies as st

from kb.formulas import attention


@settings(max_examples=30, deadline=None)
@given(M=st.integers(1, 4), h=st.integers(1, 4), w=st.integers(1, 4))
def test_window_attention_never_exceeds_full_attention(M, h, w):
    H, W = M * h, M * w
    assert attention.window_attention_entries(H, W, M) == attention._truth_window_attention(H, W, M) <= (H * W) ** 2

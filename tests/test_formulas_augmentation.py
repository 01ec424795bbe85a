"""Mixup: the endpoints of the mix return one of the pair."""
from hypothesis import given, settings, strategies as st

from kb.formulas import augmentation


@settings(deadline=None)
@given(x=st.lists(st.floats(-5, 5), min_size=2, max_size=2), lam=st.sampled_from([0.0, 1.0]))
def test_mixup_endpoints_return_one_of_the_pair(x, lam):
    mixed, label = augmentation.mixup([x[0]], [x[1]], [1.0, 0.0], [0.0, 1.0], lam)
    assert mixed == [x[0] if lam == 1.0 else x[1]] and label == ([1.0, 0.0] if lam == 1.0 else [0.0, 1.0])

"""Triplet counts (enumerated), with both forms the notes write."""
import pytest

from kb.formulas import triplet_mining


@pytest.mark.parametrize("B", range(1, 8))
def test_triplet_count_both_forms_in_the_notes(B):
    assert triplet_mining.triplets_in_batch(B) == 2 * B * (3 * B - 2) == triplet_mining._truth_triplets_in_batch(B)

"""IoU, IoG, Jaccard and SSD counts against exact enumeration."""
from fractions import Fraction

from hypothesis import given, settings, strategies as st

from kb.formulas import boxes
from kb.check.compare import Pass, compare

from tests.conftest import note_with

BY_ID = {f.id: f for f in boxes.FORMULAS}


def test_exact_truth_on_hand_checked_boxes():
    assert boxes._truth_iou((0, 0, 2, 2), (1, 1, 3, 3)) == Fraction(1, 7)
    assert boxes._truth_iog((2, 2, 4, 4), (0, 0, 8, 8)) == Fraction(1, 16)
    assert boxes._truth_iou((0, 0, 2, 2), (2, 0, 4, 2)) == 0


def test_ssd_worked_example_matches_the_notes():
    text = note_with("8732").read_text(encoding="utf-8")
    assert "5776 + 2166 + 600 + 150 + 36 +4 = **8732" in text and "144,400" in text
    outcome = boxes.ssd_worked_check()
    assert outcome.ok, outcome.detail


box = st.tuples(st.integers(0, 12), st.integers(1, 6), st.integers(0, 12), st.integers(1, 6)).map(
    lambda t: (t[0], t[2], t[0] + t[1], t[2] + t[3]))


@settings(max_examples=150, deadline=None)
@given(box, box)
def test_box_overlaps_hold_over_the_domain(P, G):
    for formula_id in ("iou", "iog"):
        assert compare(BY_ID[formula_id].reference, BY_ID[formula_id], [dict(P=P, G=G)]) == Pass(1)
    assert 0 <= boxes.iog(P, G) <= 1 and boxes.iou(P, G) <= boxes.iog(P, G)


@settings(max_examples=150, deadline=None)
@given(st.sets(st.integers(0, 40), min_size=1), st.sets(st.integers(0, 40), min_size=1))
def test_jaccard_holds_over_the_domain(X, Y):
    params = dict(X=sorted(X), Y=sorted(Y))
    for formula_id in ("jaccard_index", "jaccard_distance"):
        assert compare(BY_ID[formula_id].reference, BY_ID[formula_id], [params]) == Pass(1)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.sampled_from((2, 4, 6))), min_size=1, max_size=6,
                unique_by=lambda t: t[0]))
def test_ssd_box_count_holds_over_the_domain(layers):
    params = dict(feature_maps=[m for m, _ in layers], boxes_per_location=[k for _, k in layers])
    assert compare(boxes.ssd_default_box_count, BY_ID["ssd_default_box_count"], [params]) == Pass(1)

"""Assertions shared by the formula-linking tests."""
from __future__ import annotations

from kb.check.link import check_note_formula


def assert_right_verifies_and_wrong_differs(right: str, wrong: str, context: str, entry: str) -> None:
    """The right form is verified as `entry`, the wrong one is caught as a mistake in that same entry."""
    good = check_note_formula(right, context)
    assert good.status == "verified" and good.formula.id == entry, good.detail
    bad = check_note_formula(wrong, context)
    assert bad.status == "note_differs" and bad.formula.id == entry, bad.detail

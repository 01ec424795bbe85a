"""Linking note formulas to the registry: verified, note_differs with the smallest counterexample,
not_checkable with a reason, and formulas restored into Q&A answers that lost them."""
from __future__ import annotations

import random

import pytest

from kb.cards import make_cards
from kb.formulas import registry
from kb.formulas.core import Formula, values_match
from kb.formulas.link import attach_checks, check_note_formula, restore_formula
from kb.model import Block, Card, Note, Section, SourcePos


def _entry(formula_id: str) -> Formula:
    found = [f for f in registry() if f.id == formula_id]
    if not found:
        pytest.skip(f"{formula_id} has not landed in the registry")
    return found[0]


def test_correct_conv_output_size_is_verified():
    decision = check_note_formula(r"O=\lfloor\frac{W-F+2P}{S}\rfloor+1", "Output size of a convolution")
    assert decision.status == "verified"
    assert decision.formula is not None and decision.formula.id in ("conv_output_size", "pool_output_size")
    assert decision.mapping == {"W": "W", "F": "F", "P": "P", "S": "S"}
    assert decision.examples >= 100


def test_conv_output_size_without_floor_differs_with_the_smallest_counterexample():
    conv = _entry("conv_output_size")
    decision = check_note_formula(r"W_O = \frac{W_I - F + 2P}{S} + 1", "Output Size of Convolution", [conv])
    assert decision.status == "note_differs" and decision.formula is conv
    assert decision.note_latex.startswith("W_O") and decision.to_check().verified_latex == conv.latex
    # The reported case is the smallest of all failing examples (by the sum of its parameters).
    examples = conv.examples(random.Random(20240601), conv.n_examples)
    failing = [p for p in examples if not values_match(conv.truth(**p), (p["W"] - p["F"] + 2 * p["P"]) / p["S"] + 1, 0, 0)]
    smallest = min(sum(p.values()) for p in failing)
    shown = decision.detail.split("at ", 1)[1].split(":")[0]
    values = dict(item.split("=") for item in shown.split(", "))
    assert sum(int(v) for v in values.values()) == smallest
    assert "W_I" in values  # in the note's own symbols


def test_dilated_conv_without_floor_is_found_by_symbols_alone():
    decision = check_note_formula(r"O=\frac{W+2P-(d(k-1)+1)}{S}+1", "")
    assert decision.status == "note_differs"
    assert decision.formula is not None and decision.formula.id == "dilated_conv_output_size"
    assert decision.mapping["F"] == "k" and decision.mapping["d"] == "d"


def test_not_checkable_reasons():
    assert check_note_formula(r"Pr(f) = \sum_{m=1}^M Pr(f|p=m)").detail == \
        "probabilistic model notation, no numeric ground truth"
    unknown = check_note_formula(r"Z = q_1 + q_2 q_3")
    assert unknown.status == "not_checkable" and unknown.detail == "no registry entry matches symbols {q_1, q_2, q_3}"
    assert "cannot translate" in check_note_formula(r"J(X,Y)=\frac{|X\cap Y|}{|X\cup Y|}").detail


def _note(latex: str, heading: str = "Output size") -> Note:
    block = Block("formula", f"$${latex}$$", 5, latex=latex, display=True)
    section = Section(heading, ("CNN", heading), 2, 3, "en", (Block("paragraph", "The size:", 4), block))
    return Note("cnn.md", "markdown", "CNN", "en", (section,))


def test_attach_checks_marks_formula_and_cloze_cards():
    note = _note(r"O=\frac{W-F+2P}{S}+1")
    cards = attach_checks([note], make_cards(note))
    formula_cards = [c for c in cards if c.kind in ("formula", "cloze")]
    assert formula_cards and all(c.check is not None and c.check.status == "note_differs" for c in formula_cards)
    assert formula_cards[0].check.formula_id == "conv_output_size"
    assert formula_cards[0].check.note_latex == r"O=\frac{W-F+2P}{S}+1"
    assert all(c.check is None for c in cards if c.kind not in ("formula", "cloze"))


def _qa(question: str, answer: str) -> Card:
    return Card("id1", "qa", question, answer, "en", (), ("Lecture",), SourcePos("qa.txt", 3))


def test_stripped_formula_is_restored_into_the_answer():
    _entry("cosine_lr_decay")
    card = restore_formula(_qa("What is cosine learning rate decay?", "Where is the learning rate at each step."))
    assert card.check is not None and card.check.status == "restored"
    assert card.check.formula_id == "cosine_lr_decay"
    assert card.check.detail == "restored from the kb registry (cosine_lr_decay)"
    assert card.back.startswith("Where is the learning rate") and "Formula restored from kb's checked registry" in card.back
    assert f"$${card.check.verified_latex}$$" in card.back


def test_restore_leaves_answers_with_a_formula_and_unrelated_questions_alone():
    _entry("cosine_lr_decay")
    with_formula = _qa("What is cosine learning rate decay?", r"$\eta_t = \frac12(1+\cos(\pi t/T))$")
    assert restore_formula(with_formula) == with_formula
    unrelated = _qa("How many images are uploaded to Instagram daily?", "1.3 billion.")
    assert restore_formula(unrelated) == unrelated


@pytest.fixture(scope="module")
def checked_notes(notes_dir):
    from kb.build import collect

    notes, cards, _, _ = collect(notes_dir)
    return attach_checks(notes, cards)


def test_notes_real_mistakes_are_found(checked_notes):
    """The notes' own conv-size formulas: the floored one verifies, those without floor differ."""
    by_status: dict[str, set[str]] = {}
    for card in checked_notes:
        if card.kind == "formula" and card.check is not None and card.check.formula_id:
            by_status.setdefault(card.check.status, set()).add(card.check.formula_id)
    assert "conv_output_size" in by_status.get("verified", set())
    assert {"conv_output_size", "dilated_conv_output_size"} <= by_status.get("note_differs", set())
    assert all(c.check is not None for c in checked_notes if c.kind == "formula")
    restored = {c.check.formula_id for c in checked_notes if c.check is not None and c.check.status == "restored"}
    assert any(i.startswith("bellman") for i in restored) and "cosine_lr_decay" in restored

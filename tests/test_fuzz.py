"""Fuzz: mutated real notes and random text never crash reading, parsing, card making or rendering."""
import random

from hypothesis import HealthCheck, given, settings, strategies as st

from kb.build import process_note
from kb.emit.html import render_markdown
from kb.fuzz import excerpts, mutate
from tests.conftest import NOTES

BUDGET = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _pipeline(data: bytes) -> None:
    note, cards = process_note(data, "fuzz.md")
    assert note.file == "fuzz.md"
    for card in cards:
        assert card.front.strip() and card.back.strip() and card.source.line >= 1
        render_markdown(card.front, math="anki")
        render_markdown(card.back, math="mathml")


@BUDGET
@given(st.integers(min_value=0, max_value=2**32))
def test_mutated_real_notes_never_crash(seed):
    rng = random.Random(seed)
    _pipeline(mutate(excerpts(NOTES, rng), rng))


@BUDGET
@given(st.text(max_size=3000))
def test_random_text_never_crashes(text):
    _pipeline(text.encode("utf-8"))


@BUDGET
@given(st.binary(max_size=3000))
def test_random_bytes_never_crash(data):
    _pipeline(data)

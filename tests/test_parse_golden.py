"""Golden summaries of the five notes (headings, block kinds, card fronts), reviewed by eye once and
compared on every run. KB_UPDATE_GOLDEN=1 rewrites them after an intended change (review the diff)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.cards import make_cards
from kb.model import Note
from kb.parse import parse_note
from kb.read import read_bytes
from tests.parse_helpers import parse_full

GOLDEN = Path(__file__).resolve().parent / "golden"
NOTES = {
    "outline": "MobileDrive",
    "markdown_zh": "Deep Learning Related Topics",
    "webdump": "Sign in",
    "slides_ru": "Глобальные дескрипторы",
    "qa": "EECS498 Computer Vision with Justin",
}


def summary(note: Note) -> dict:
    return {
        "kind": note.kind,
        "title": note.title,
        "lang": note.lang,
        "sections": [
            [s.line, s.level, s.lang, " > ".join(s.path), "Q" if s.is_question else "",
             " ".join(b.kind for b in s.blocks)]
            for s in note.sections
        ],
        "cards": [[c.kind, c.lang, c.source.line, c.front] for c in make_cards(note)],
    }


@pytest.mark.parametrize("name", sorted(NOTES))
def test_note_matches_its_golden_summary(name):
    actual = summary(parse_full(NOTES[name]))
    path = GOLDEN / f"{name}.json"
    if os.environ.get("KB_UPDATE_GOLDEN") == "1" or not path.exists():
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    assert actual == json.loads(path.read_text(encoding="utf-8"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_always_parse_to_a_note(data):
    note = parse_note(read_bytes(data, "random.txt"))
    assert isinstance(note, Note)
    make_cards(note)


_MARKDOWNISH = st.text(alphabet=st.sampled_from(list("# -*$`|>![]()\n\t:?。是Яa1=_{}\\")), max_size=300)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=300), _MARKDOWNISH))
def test_random_text_always_parses_with_lines_inside_the_file(text):
    note = parse_note(read_bytes(text.encode("utf-8"), "random.md"))
    assert isinstance(note, Note)
    last_line = max(note.source.line_map or (1,))
    for s in note.sections:
        assert 1 <= s.line <= last_line
        assert all(1 <= b.line <= last_line for b in s.blocks)
    assert all(c.back.strip() and c.front.strip() for c in make_cards(note))

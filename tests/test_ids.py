"""Card identity across edits: rename detection, retiring and reviving, the history file."""
from __future__ import annotations

import random
import string
from dataclasses import replace
from difflib import SequenceMatcher

import pytest

from kb.cards.ids import (DISTINCT_BACK_CHARS, HISTORY_NAME, RETIRED_TAG, SIMILAR_FRONT, SIMILAR_FRONT_MAX_PAIRS,
                          Known, card_id, follow_ids, load_history, save_history)
from kb.model import Card, SourcePos


OPTICS = """
Optics course notes
Lecture 1 - Lenses
What does the focal length of a lens measure?
The distance from the lens to the point where parallel rays meet.
Why does a thicker lens bend light more strongly?
Its surfaces are more curved, so rays meet the glass at steeper angles.
What is the power of a lens measured in?
Dioptres, the inverse of the focal length in metres.
How does a camera lens focus on a near object?
It moves away from the sensor.
Lecture 2 - Mirrors
Which mirror shape makes an image larger?
A concave mirror, when the object sits inside its focal length.
Is a plane mirror image real?
No.
Is a rainbow a virtual image?
No.
Lecture 3 - Prisms
Why does a prism split white light into colours?
Each wavelength is refracted by a slightly different angle.
Which colour does a glass prism bend the most?
Violet, because its wavelength is the shortest.
What is total internal reflection used for in binoculars?
Prisms fold the light path so the instrument can be shorter.
"""
WAVES = """# Waves

## Interference

Two waves in phase add up; waves half a period apart cancel each other out.

## Diffraction

A wave bends around an obstacle whose size is close to its wavelength.
"""


def card(front: str, back: str, section: tuple[str, ...] = ("Optics", "Lenses"), file: str = "optics.md",
         line: int = 1, kind: str = "qa") -> Card:
    """A card as the card makers make it: its id is its content id."""
    return Card(card_id(file, section, f"{kind}:{front}"), kind, front, back, "en", ("kb::kind::qa",), section,
                SourcePos(file, line), section[0])


FOCAL = card("What does the focal length of a lens measure?",
             "The distance from the lens to the point where parallel rays meet.", line=3)
THICK = card("Why does a thicker lens bend light more strongly?",
             "Its surfaces are more curved, so rays meet the glass at steeper angles.", line=5)
PLANE = card("Is a plane mirror image real?", "No.", ("Optics", "Mirrors"), line=9)
RAINBOW = card("Is a rainbow a virtual image?", "No.", ("Optics", "Mirrors"), line=11)
NOTES = [FOCAL, THICK, PLANE, RAINBOW]


def rebuild(before: list[Card], after: list[Card]):
    """Build `before`, then `after`, following ids through the history the first build left."""
    first = follow_ids([], before)
    return first, follow_ids(first.history, after)


def ids(cards) -> list[str]:
    return [c.id for c in cards]


def test_without_history_every_id_is_the_content_id():
    followed = follow_ids([], NOTES)
    assert ids(followed.cards) == ids(NOTES) and followed.retired == ()


def test_unchanged_cards_keep_their_ids_and_their_line_may_move():
    moved = [replace(c, source=SourcePos(c.source.file, c.source.line + 7)) for c in NOTES]
    _, second = rebuild(NOTES, moved)
    assert ids(second.cards) == ids(NOTES)
    assert (second.newly_retired, second.revived, second.retired) == (0, 0, ())


def test_a_reworded_question_keeps_its_id_by_its_answer_or_by_a_similar_front():
    reworded = card("What does a lens's focal length measure?", FOCAL.back, line=3)
    _, second = rebuild(NOTES, [reworded, THICK, PLANE, RAINBOW])
    assert second.cards[0].id == FOCAL.id and second.cards[0].front == reworded.front
    # the answer edited too: the front alone, in the same part of the note, still names it
    both = card("Why does a thicker lens bend the light more strongly?", "More curved surfaces.", line=5)
    _, second = rebuild(NOTES, [FOCAL, both, PLANE, RAINBOW])
    assert second.cards[1].id == THICK.id and second.retired == ()


def test_the_similar_front_threshold_is_explicit():
    near = "Why does a thick lens bend light strongly?"
    far = "Why is a lens made of glass?"
    ratio = lambda a, b: SequenceMatcher(None, a.casefold(), b.casefold()).ratio()  # noqa: E731
    assert ratio(near, THICK.front) >= SIMILAR_FRONT > ratio(far, THICK.front)
    for front, same in ((near, True), (far, False)):
        _, second = rebuild(NOTES, [FOCAL, card(front, "A new answer.", line=5), PLANE, RAINBOW])
        assert (second.cards[1].id == THICK.id) is same


def test_a_renamed_heading_keeps_the_ids_of_its_questions():
    renamed = [replace(c, section=("Optics", "Plane and curved mirrors"),
                       id=card_id(c.source.file, ("Optics", "Plane and curved mirrors"), f"qa:{c.front}"))
               for c in (PLANE, RAINBOW)]
    _, second = rebuild(NOTES, [FOCAL, THICK, *renamed])
    assert ids(second.cards) == ids(NOTES)


def test_a_section_moved_to_another_note_keeps_its_ids():
    moved = [card(c.front, c.back, ("Mirrors", "Mirrors"), file="mirrors.md", line=i) for i, c in
             enumerate([PLANE, RAINBOW], 2)]
    _, second = rebuild(NOTES, [FOCAL, THICK, *moved])
    assert ids(second.cards) == ids(NOTES)


def test_cards_made_from_a_renamed_heading_follow_it_by_their_place():
    """Concept cards whose front is made from the heading: a renamed heading and edited answers change
    fronts and backs, and the cards that did not change show which section it became."""
    def concept(front: str, back: str, heading: str, line: int) -> Card:
        return card(front, back, ("Waves", heading), file="waves.md", line=line, kind="concept")

    before = [concept("What is diffraction?", "A wave bends around an obstacle.", "Diffraction", 3),
              concept("When is diffraction strongest?", "When the gap is close to the wavelength.", "Diffraction", 5)]
    after = [concept("What is bending of waves?", "A wave bends around an obstacle in its way.", "Bending of waves", 3),
             concept("When is diffraction strongest?", "When the gap is close to the wavelength.", "Bending of waves", 5)]
    _, second = rebuild(before, after)
    assert ids(second.cards) == ids(before)


def test_two_unrelated_questions_that_share_a_back_are_not_merged():
    shadow = card("Is a shadow made of matter?", "No.", ("Optics", "Mirrors"), line=9)
    _, second = rebuild(NOTES, [FOCAL, THICK, shadow, RAINBOW])
    assert second.cards[2].id == shadow.id != PLANE.id
    assert ids(second.retired) == [PLANE.id]
    # even a long back is no evidence when another card has it too
    long_back = "A concave mirror, when the object sits inside its focal length."
    assert len(long_back) >= DISTINCT_BACK_CHARS
    twins = [card("Which mirror makes an image larger?", long_back, line=20),
             card("Which mirror can make a shaving mirror?", long_back, line=22)]
    newcomer = card("Which shape is a make-up mirror?", long_back, line=22)
    _, second = rebuild(twins, [twins[0], newcomer])
    assert second.cards[1].id == newcomer.id != twins[1].id


def test_an_ambiguous_match_keeps_both_ids_apart():
    same_front = [card("What is it?", "A lens.", ("Optics", "Lenses"), line=3),
                  card("What is it?", "A mirror.", ("Optics", "Mirrors"), line=5)]
    renamed = card("What is it?", "A prism.", ("Optics", "Prisms"), line=3)
    _, second = rebuild(same_front, [renamed])
    assert ids(second.cards) == [renamed.id] and len(second.retired) == 2


def test_removed_cards_are_retired_and_come_back_with_their_id():
    first, second = rebuild(NOTES, [FOCAL, THICK])
    assert (second.newly_retired, second.revived) == (2, 0)
    assert ids(second.retired) == [PLANE.id, RAINBOW.id]
    assert all(RETIRED_TAG in c.tags and c.front for c in second.retired)
    third = follow_ids(second.history, NOTES)
    assert ids(third.cards) == ids(NOTES) and (third.newly_retired, third.revived) == (0, 2)
    assert all(RETIRED_TAG not in c.tags for c in third.cards) and third.retired == ()
    still = follow_ids(second.history, [FOCAL, THICK])  # a build that changes nothing retires nothing new
    assert (still.newly_retired, still.revived, ids(still.retired)) == (0, 0, [PLANE.id, RAINBOW.id])


def test_a_reworded_card_whose_old_text_comes_back_gets_an_id_of_its_own():
    reworded = card("What does a lens's focal length measure?", FOCAL.back, line=3)
    _, second = rebuild(NOTES, [reworded, THICK, PLANE, RAINBOW])
    third = follow_ids(second.history, [reworded, replace(FOCAL, back="Where parallel rays meet."), THICK])
    assert third.cards[0].id == FOCAL.id
    assert third.cards[1].id not in {FOCAL.id, THICK.id, PLANE.id, RAINBOW.id}
    assert len(set(ids(third.cards))) == 3


def test_the_history_file_round_trips_and_a_lost_or_foreign_one_is_no_history(tmp_path):
    path = tmp_path / HISTORY_NAME
    assert load_history(path) == []
    _, second = rebuild(NOTES, [FOCAL, THICK])
    save_history(path, second.history)
    assert load_history(path) == list(second.history)
    assert all(isinstance(k, Known) for k in load_history(path))
    saved = path.read_text(encoding="utf-8")
    for damaged in (saved.replace('"version":2', '"version":99'), "not json", '{"cards": 3}',
                    '{"format": "kb-ids", "version": 2, "cards": [{"id": 1}]}',
                    '{"format": "kb-ids", "version": 2, "cards": [["a", "b", false, [1, 2]]]}'):
        path.write_text(damaged, encoding="utf-8")
        assert load_history(path) == []
    assert ids(follow_ids(load_history(path), NOTES).cards) == ids(NOTES)


@pytest.mark.parametrize("count", [300])
def test_a_mass_change_of_every_front_stays_fast_and_matches_by_back(count):
    before = [card(f"Question number {i} about lenses?", f"Answer number {i}, long enough to be distinctive.",
                   ("Optics", f"S{i // 20}"), line=i) for i in range(count)]
    after = [replace(c, front=c.front.replace("Question", "Q"), id=card_id(c.source.file, c.section, f"qa:{c.front}!"))
             for c in before]
    _, second = rebuild(before, after)
    assert ids(second.cards) == ids(before)


def test_a_front_alone_is_no_evidence_across_notes():
    intro = card("What is Introduction?", "This course covers lenses and mirrors.", ("Optics", "Introduction"),
                 kind="concept")
    other = card("What is Introduction?", "This note is about sound waves.", ("Sound", "Introduction"),
                 file="sound.md", kind="concept")
    _, second = rebuild([intro, FOCAL], [FOCAL, other])
    assert second.cards[1].id == other.id != intro.id and ids(second.retired) == [intro.id]


def test_a_rewritten_part_of_a_note_is_not_compared_front_by_front():
    """Each front below has one similar partner, but 60 x 60 pairs in one part of a note is a rewrite:
    comparing them all would cost a difflib ratio each (SIMILAR_FRONT_MAX_PAIRS)."""
    rng = random.Random(7)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(30)) for _ in range(60)]
    before = [card(f"Is {word} a lens?", "Yes.", line=i) for i, word in enumerate(words)]
    after = [card(f"Is {word} a thin lens?", "Yes.", line=i) for i, word in enumerate(words)]
    assert 60 * 60 > SIMILAR_FRONT_MAX_PAIRS
    _, second = rebuild(before, after)
    assert ids(second.cards) == ids(after) and len(second.retired) == 60
    _, second = rebuild(before[:5], after[:5])  # a few rewordings are compared
    assert ids(second.cards) == ids(before[:5])


def test_the_history_keeps_one_file_per_note_and_rewrites_only_the_notes_that_changed(tmp_path):
    path = tmp_path / HISTORY_NAME
    waves = card("What is diffraction?", "A wave bends around an obstacle.", ("Waves", "Diffraction"), file="waves.md")
    first = follow_ids([], [*NOTES, waves])
    save_history(path, first.history, versions={"optics.md": "v1", "waves.md": "v1"})
    shards = {p.name: p.stat().st_mtime_ns for p in path.with_suffix("").iterdir()}
    assert len(shards) == 2
    second = follow_ids(load_history(path), [FOCAL, THICK, waves])
    save_history(path, second.history, versions={"optics.md": "v2", "waves.md": "v1"})
    after = {p.name: p.stat().st_mtime_ns for p in path.with_suffix("").iterdir()}
    kept = set(shards) & set(after)
    assert len(after) == 2 and len(kept) == 1 and shards[next(iter(kept))] == after[next(iter(kept))]
    assert load_history(path) == list(second.history)
    next(p for p in path.with_suffix("").iterdir() if p.name not in kept).unlink()  # a lost shard: no history
    assert load_history(path) == []

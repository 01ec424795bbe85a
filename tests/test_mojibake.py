"""Mojibake repair: the real damaged note, clean texts left alone, and damage/repair round trips."""
from __future__ import annotations

import random
import subprocess
import sys
from functools import lru_cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb.read import read_bytes
from kb.read.decode import decode_bytes
from kb.read.langmodel import is_cjk
from kb.read.mojibake import Damage, damage, detect_damage, repair_mojibake
from tests.conftest import FIXTURES, NOTES, ROOT, note_with

DAMAGED_FRAGMENT = "# Deep Learning Related Topics"
# Characters of the damaged reading that start a UTF-8 sequence: proper Chinese Markdown has none.
MOJIBAKE_LEADS = set("ÂÃäåæçèéïãâğ")
SAME_PROCEDURE = Damage("cp1254")


@lru_cache(maxsize=1)
def damaged_note() -> tuple[bytes, str]:
    data = note_with(DAMAGED_FRAGMENT).read_bytes()
    return data, decode_bytes(data)[0]


@lru_cache(maxsize=1)
def repaired_note():
    return repair_mojibake(damaged_note()[1])


def restored_count(text: str, dropped: frozenset[int]) -> int:
    """Characters whose UTF-8 holds a dropped byte: they exist only where lost bytes were put back."""
    return sum(1 for char in text if any(byte in dropped for byte in char.encode("utf-8")[1:]))


# --- the real note -------------------------------------------------------------------------------

def test_real_note_is_detected_as_cp1254_with_soft_hyphens_dropped():
    found = detect_damage(damaged_note()[1])
    assert found == Damage("cp1254", "\xad")
    assert found.dropped_bytes == {0x81, 0x8D, 0x8E, 0x8F, 0x90, 0x9D, 0x9E, 0xAD}


def test_real_note_repairs_to_clean_chinese_markdown():
    text, report = repaired_note()
    damaged = damaged_note()[1]
    assert "\ufffd" not in text
    assert not MOJIBAKE_LEADS & set(text)
    assert sum(map(is_cjk, text)) > 4000
    assert text.count("\n") == damaged.count("\n")
    assert text.startswith("# Deep Learning Related Topics\n\n## ResNeXt\n\n> 传统为增加深度（层数）和宽度")
    for phrase in ("深度可分离卷积", "过拟合", "信息", "降维", "模型", "「Inception」"):
        assert phrase in text, phrase
    assert report.codepage == "cp1254"
    assert report.chars_restored == len(report.restored) > 1000
    assert report.chars_uncertain == sum(1 for char in report.restored if not char.certain)
    lines = text.split("\n")
    assert all(lines[char.line - 1][char.column] == char.char for char in report.restored)


def test_real_note_round_trip_is_byte_exact():
    text, report = repaired_note()
    data, damaged = damaged_note()
    again = damage(text, report.codepage)
    assert again == damaged
    assert again.encode("utf-8") == data


def test_read_stage_keeps_the_repaired_markdown():
    data, _ = damaged_note()
    source = read_bytes(data, "note.md")
    assert source.text == repaired_note()[0]
    assert source.repair is not None and source.repair.chars_restored > 1000


def test_restores_far_more_than_ftfy():
    import ftfy

    damaged = damaged_note()[1]
    dropped = SAME_PROCEDURE.dropped_bytes
    ours = restored_count(repaired_note()[0], dropped)
    theirs = restored_count(ftfy.fix_text(damaged), dropped)
    assert ours > 1000
    assert ours > 20 * max(theirs, 1)


# --- clean texts are never repaired ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["clean_en.md", "clean_zh.md", "clean_ru.md"])
def test_clean_texts_are_left_alone(name):
    assert repair_mojibake((FIXTURES / "mojibake" / name).read_text(encoding="utf-8")) is None


def test_text_decoded_correctly_from_a_legacy_code_page_is_left_alone():
    russian = (FIXTURES / "mojibake" / "clean_ru.md").read_text(encoding="utf-8")
    legacy = russian.replace("ё", "е").encode("cp1251")
    assert repair_mojibake(decode_bytes(legacy)[0]) is None


def test_other_notes_are_left_alone():
    damaged = note_with(DAMAGED_FRAGMENT)
    others = [path for path in sorted(NOTES.iterdir()) if path != damaged]
    assert len(others) == 4
    for path in others:
        assert repair_mojibake(decode_bytes(path.read_bytes())[0]) is None, path.name


def test_detection_does_not_load_the_language_model():
    script = ("import sys; from pathlib import Path; from kb.read.mojibake import repair_mojibake; "
              f"assert repair_mojibake(Path({str(FIXTURES / 'mojibake' / 'clean_zh.md')!r}).read_text()) is None; "
              "assert not {'jieba', 'wordfreq'} & set(sys.modules), sorted(sys.modules)")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=ROOT)


# --- damage and repair of generated text -----------------------------------------------------------

@lru_cache(maxsize=1)
def chinese_words() -> tuple[str, ...]:
    """Common jieba words; about half contain a character whose UTF-8 the damage cuts."""
    from kb.read.langmodel import shared_model

    freq = shared_model().chinese.freq
    common = sorted((w for w, n in freq.items() if n >= 2000 and all(map(is_cjk, w))), key=freq.get)
    return tuple(common[-4000:])


@lru_cache(maxsize=1)
def russian_words() -> tuple[str, ...]:
    from wordfreq import top_n_list

    return tuple(w for w in top_n_list("ru", 5000) if w.isalpha() and all("а" <= c <= "я" or c == "ё" for c in w))


def sentence(rng: random.Random, words: tuple[str, ...], joiner: str) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(6, 14))]
    return joiner.join(chosen) + ("。" if joiner == "" else ".")


def chinese_text(rng: random.Random) -> str:
    return "\n".join("，".join(sentence(rng, chinese_words(), "") for _ in range(2)) for _ in range(3))


def russian_text(rng: random.Random) -> str:
    return "\n".join(sentence(rng, russian_words(), " ").capitalize() for _ in range(3))


def repair_generated(original: str) -> str:
    damaged = damage(original, "cp1254")
    result = repair_mojibake(damaged)
    assert result is not None
    repaired, report = result
    assert damage(repaired, report.codepage, detect_damage(damaged).invisible) == damaged
    assert len(repaired) == len(original)
    return repaired


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), language=st.sampled_from(["zh", "ru"]))
def test_generated_text_round_trips_exactly(seed, language):
    rng = random.Random(seed)
    original = chinese_text(rng) if language == "zh" else russian_text(rng)
    repair_generated(original)


@pytest.mark.parametrize("language, make", [("zh", chinese_text), ("ru", russian_text)])
def test_restoration_rate_of_generated_text(language, make):
    rng = random.Random(20240)
    total = right = damaged_total = damaged_right = 0
    dropped = SAME_PROCEDURE.dropped_bytes
    for _ in range(60):
        original = make(rng)
        repaired = repair_generated(original)
        for want, got in zip(original, repaired):
            hit = any(byte in dropped for byte in want.encode("utf-8")[1:])
            total, right = total + 1, right + (want == got)
            damaged_total, damaged_right = damaged_total + hit, damaged_right + (hit and want == got)
    print(f"{language}: {right / total:.2%} of characters, {damaged_right}/{damaged_total} damaged ones restored")
    assert damaged_total > 200
    assert right / total >= 0.95
    assert damaged_right / damaged_total >= 0.75


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="cp1254")) | st.text())
def test_repair_never_crashes(text):
    result = repair_mojibake(text)
    if result is not None:
        repaired, report = result
        assert report.chars_restored == len(report.restored)
        assert repaired.count("\n") == text.count("\n")


# --- held-out accuracy on the real note (scripts/mojibake_heldout.py) --------------------------------

def test_held_out_characters_of_the_real_note_are_restored():
    """A second, seeded set of lost byte values breaks intact characters whose truth is known."""
    from kb.read.langmodel import shared_model
    from scripts.mojibake_heldout import score, simulate

    model = shared_model()
    figures = score(simulate(damaged_note()[1], seed=1, model=model), model)
    assert figures["held out"] > 500
    assert figures["right"] / figures["held out"] >= 0.93
    # `certain` must mean something: many restorations marked so, and those almost never wrong.
    assert figures["certain"] / figures["held out"] >= 0.3
    assert figures["certain right"] / figures["certain"] >= 0.99


def test_certain_restorations_of_the_real_note():
    _, report = repaired_note()
    certain = report.chars_restored - report.chars_uncertain
    assert 0.2 * report.chars_restored <= certain < report.chars_restored

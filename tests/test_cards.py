from dataclasses import replace

from kb.cards import make_cards
from kb.model import Block
from tests.parse_helpers import parse_full, parse_text

UI_TEXT = ("Sign in via GitHub", "Import from Dropbox", "Publish Note", "Customize slides")


def _cards(fragment):
    return make_cards(parse_full(fragment))


def test_every_question_is_exactly_one_card_with_an_answer():
    note = parse_full("EECS498 Computer Vision with Justin")
    cards = [c for c in make_cards(note) if c.kind == "qa"]
    questions = [s for s in note.sections if s.is_question]
    assert len(cards) == len(questions) == 271
    assert [c.front for c in cards] == [q.heading for q in questions]
    assert all(c.back.strip() for c in cards)
    nearest = next(c for c in cards if c.front == "What are some distance metrics for nearest neighbour?")
    assert nearest.back.startswith("L1 - Manhattan distance.") and "Get creative broski." in nearest.back
    assert nearest.section == ("Lecture 2 - Image Classification", nearest.front)


def test_concept_fronts_in_the_sections_language():
    fronts = {c.front for c in _cards("MobileDrive")} | {c.front for c in _cards("Глобальные дескрипторы")}
    assert "What is NAS?" in fronts
    assert "Что такое HOG?" in fronts


def test_label_smoothing_card_from_the_repaired_chinese_note():
    cards = _cards("Deep Learning Related Topics")
    card = next(c for c in cards if c.front == "什么是 Label Smoothing？")
    assert card.lang == "zh" and "错误标注" in card.back


def test_webdump_sections_and_no_editor_ui_in_cards():
    note = parse_full("Sign in")
    headings = {s.heading for s in note.sections}
    assert {"Output Size of Convolution", "SSD — Single Shot Detector"} <= headings
    for fragment in ("MobileDrive", "Deep Learning Related Topics", "Sign in", "Глобальные дескрипторы",
                     "EECS498 Computer Vision with Justin"):
        for card in _cards(fragment):
            assert not any(ui in card.front or ui in card.back for ui in UI_TEXT), card.front


def test_no_empty_backs_and_no_duplicate_ids_and_full_provenance():
    for fragment in ("MobileDrive", "Deep Learning Related Topics", "Глобальные дескрипторы"):
        cards = _cards(fragment)
        assert len({c.id for c in cards}) == len(cards)
        for c in cards:
            assert c.back.strip() and c.front.strip() and c.source.line >= 1 and c.source.file
            assert f"kb::lang::{c.lang}" in c.tags and any(t.startswith("kb::topic::") for t in c.tags)
            assert any(t.startswith("kb::source::") for t in c.tags)


def test_formula_cards_carry_latex_and_source_line():
    cards = _cards("Deep Learning Related Topics")
    formulas = [c for c in cards if c.kind == "formula"]
    conv = next(c for c in formulas if "\\lfloor\\frac{W-F+2P}{S}\\rfloor+1" in c.back)
    assert conv.front.startswith("卷积大小") and f"{conv.source.file}:{conv.source.line}" in conv.back
    assert any(c.kind == "cloze" and "{{c1::" in c.front for c in cards)


def test_images_stay_as_markdown_with_alt_text():
    note = parse_text("# T\n\n## Diagram\n\nThe block layout is shown here in detail\n![LSTM gate](Figures/g.png)\n")
    card = next(c for c in make_cards(note) if c.kind == "concept")
    assert card.front == "What is Diagram?"
    assert "![LSTM gate](Figures/g.png)" in card.back and card.back.count("Figures/g.png") == 1


def test_card_ids_stay_when_only_the_back_changes():
    note = parse_full("MobileDrive")
    before = {c.front: c.id for c in make_cards(note)}
    edited = tuple(
        replace(s, blocks=s.blocks + (Block("paragraph", "An extra line the author added later.", s.line + 1),))
        for s in note.sections
    )
    after = make_cards(replace(note, sections=edited))
    assert after and all(before[c.front] == c.id for c in after if c.front in before)
    assert {c.front for c in after} >= set(before)
    changed = {c.front: c.back for c in after}
    assert any("An extra line" in back for back in changed.values())


def test_generic_headings_are_asked_about_under_their_parent():
    fronts = [c.front for c in _cards("MobileDrive")]
    assert "Neural Radiance Field: what is the method?" in fronts
    assert "What is Method?" not in fronts

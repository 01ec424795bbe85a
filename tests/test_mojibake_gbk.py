"""UTF-8 read as GBK: the places where the decoder loses a byte, and the rules that read them.

GBK loses a character's last byte where the byte after it cannot be a trail byte (below 0x40: a space, a digit,
a line break, a dollar), so the damage gathers before formulas, at the ends of lines and before spaces.
Every text here is written for these tests.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kb.read.mojibake as mojibake
from kb.read.mojibake import damage, repair_mojibake
from kb.read.mojibake_candidates import Slot
from kb.read.mojibake_formula import before_formula, formula_lead_scores

# A first line that gets the note detected (a few whole characters) and damages nothing that matters below.
OPENING = "这一节介绍优化方法的基本记号。\n"


def gbk_damaged(text: str) -> str:
    damaged = damage(text, "gbk")
    assert "\ufffd" in damaged   # the decoder lost a byte: the test is about a repair
    return damaged


def assert_read_whole_only_with(weight: str, original: str, monkeypatch) -> None:
    """The note, damaged by GBK, reads back whole; with the rule's weight (kb.read.mojibake) at 0 it does not."""
    damaged = gbk_damaged(OPENING + original)
    assert repair_mojibake(damaged)[0] == OPENING + original
    monkeypatch.setattr(mojibake, weight, 0.0)
    assert repair_mojibake(damaged)[0] != OPENING + original


def test_a_slot_stands_before_a_formula_when_math_opens_after_it_or_on_the_next_line():
    assert before_formula("误差\0$e$", 2, False)
    assert before_formula("误差\0 $e$", 2, False)            # a space between
    assert before_formula("误差\0\\(e\\)", 2, False)         # LaTeX's inline brackets
    assert not before_formula("误差\0，$e$", 2, False)       # a mark between: the formula is another clause's
    assert before_formula("于是\0", 2, True)                 # the line ends, the next one opens display math
    assert before_formula("于是\0 ", 2, True)
    assert not before_formula("于是\0", 2, False)
    assert not before_formula("于是\0可得", 2, True)         # words follow on its own line


def test_the_formula_rule_weighs_only_the_leads_and_only_where_the_slot_has_a_choice():
    fixed = "误差\0$e$"
    options = [("误",), ("差",), ("为", "中", "下"), ("$",), ("e",), ("$",)]
    damaged = [False, False, True, False, False, False]
    score = formula_lead_scores(fixed, options, damaged, False, 3.0)
    assert [score(2, char) for char in ("为", "中", "下")] == [3.0, 0.0, 0.0]
    certain = formula_lead_scores(fixed, options[:2] + [("为",)] + options[3:], damaged, False, 3.0)
    assert certain(2, "为") == 0.0
    elsewhere = formula_lead_scores("误差\0等于", [("误",), ("差",), ("为", "中"), ("等",), ("于",)],
                                    [False, False, True, False, False], True, 3.0)
    assert elsewhere(2, "为") == 0.0


def test_the_next_line_that_holds_anything_says_whether_display_math_follows():
    def line(text: str) -> list[Slot]:
        return [Slot((char,), False) for char in text]

    lines = [line("令"), line(""), line("$$"), line("x = 1"), line("$$"), line("于是")]
    assert mojibake._display_math_next(lines) == [True, True, False, False, False, False]
    damaged = [[Slot(("中", "为"), True)], line("\\[ y \\]")]
    assert mojibake._display_math_next(damaged) == [True, False]
    # A display formula written whole on one line holds two dollars signs however its Chinese is damaged.
    whole = [line("$$A = ") + [Slot(("优", "会"), True)] + line("势$$"), line("令"), line("$$"), line("x"), line("$$")]
    assert mojibake._display_math_next(whole) == [False, True, False, False, False]


@pytest.mark.parametrize("original", [
    "取步长为$h$，误差为$e$。",        # 步长与 $h$: 与 shares 为's two surviving bytes
    "一般取 $\\beta = 0.9$。",          # 一般只: 只 shares 取's two surviving bytes
    "令\n$$\nk = 1\n$$",                 # 他, one lost byte from 令, is far commoner alone
    "它的输出为\n\n$$\ny = Wx\n$$",
])
def test_the_character_that_introduces_a_formula_is_read_before_one(original, monkeypatch):
    """GBK loses the last byte of 为 and 令 before a dollar or a line break, and the news the pairs were counted
    from holds no formula: without the rule each of these comes back wrong."""
    assert_read_whole_only_with("FORMULA_LEAD_LOGP", original, monkeypatch)


def test_a_comma_is_lowered_only_where_a_space_and_more_text_follow_it():
    from kb.read.mojibake_marks import spacing_scores

    options = [("务",), ("：", "，", "、")]
    for fixed, lowered in [("务\0 文本", True), ("务\0", False), ("务\0  ", False), ("务\0文本", False)]:
        rest = [(char,) for char in fixed[2:]]
        score = spacing_scores(fixed, options + rest, [False, True] + [False] * len(rest), -3.0)
        assert [score(1, char) for char in ("：", "，", "、")] == ([0.0, -3.0, -3.0] if lowered else [0.0] * 3)


@pytest.mark.parametrize("original", ["命名实体识别： 找出人名和地名。"])
def test_a_mark_a_space_follows_is_read_as_the_colon_of_a_label(original, monkeypatch):
    """GBK loses the mark's last byte before the space; the comma's share won there."""
    assert_read_whole_only_with("SPACED_MARK_LOGP", original, monkeypatch)


def test_a_colon_before_a_list_keeps_its_place_at_the_line_end():
    original = OPENING + "训练的过程如下：\n- 前向计算损失\n- 反向传播梯度\n"
    damaged = gbk_damaged(original)
    assert damaged.split("\n")[1].endswith("\ufffd")   # the colon lost its last byte
    assert repair_mojibake(damaged)[0] == original


def test_the_siblings_of_a_list_item_are_the_items_of_its_list_at_its_indentation_with_its_marker():
    from collections import Counter

    from kb.read.mojibake_marks import sibling_ends

    texts = ["前言：", "- 甲；", "  - 子项。", "- 乙\0", "", "- 丙；", "- 丁？ <br>", "1. 编号不同；", "- 戊\0", "正文。", "- 己！"]
    items = sibling_ends(texts)
    assert items[3].ends == Counter({"；": 2, "？": 1})   # the nested item and the numbered one are no siblings
    assert items[3].followed                               # 丙 and 丁 follow it
    assert items[8].ends == Counter() and not items[8].followed   # the text after it ends its list
    assert [at for at, found in enumerate(items) if found is not None] == [3, 8]   # only items ending damaged


@pytest.mark.parametrize("original", [
    "- 学习率过大时损失会震荡；\n- 批量过小时梯度噪声大；\n- 层数过深时网络难训练；\n- 正则化过强时模型欠拟合；\n",
    "1. 先做数据清洗；\n2. 再划分训练集；\n3. 然后训练模型；\n4. 最后在测试集上评估；\n",
    "- 为什么要归一化？\n- 动量的作用是什么？\n- 学习率衰减的时机？\n- 权重衰减等于正则化吗？\n- 早停的依据？\n",
])
def test_a_list_item_ends_in_the_mark_its_siblings_show_whole(original, monkeypatch):
    """GBK loses the last byte of about every other item's mark before the line break; read alone, each such
    item's mark came back as the colon a line's end takes. (The semicolon that separates an enumeration's
    items is also the reading where a sibling follows: both rules are taken away for the ablation.)"""
    damaged = gbk_damaged(OPENING + original)
    assert repair_mojibake(damaged)[0] == OPENING + original
    monkeypatch.setattr(mojibake, "ITEM_SEPARATOR_LOGP", 0.0)
    assert repair_mojibake(damaged)[0] == OPENING + original   # the siblings alone suffice
    monkeypatch.setattr(mojibake, "SIBLING_MARK_LOGP", 0.0)
    assert repair_mojibake(damaged)[0] != OPENING + original


def test_a_double_byte_reading_leaves_the_restored_characters_own_frequencies_out_of_the_cache():
    """GBK shows each character whole about as often as broken: the intact text is the author's distribution,
    and 导 restored in 导致 is no evidence for 导 in 「的值由」 (the first pass's guesses repeated)."""
    from kb.read.langmodel import shared_model
    from kb.read.mojibake_lattice import Choice

    word = [Slot(("导", "值"), True), Slot(("致",), False)]
    slot = [Slot(("的",), False), Slot(("值", "导"), True), Slot(("由",), False)]
    lines = [word] * 4 + [slot]
    decided = [[Choice("导", 10.0), Choice("致")]] * 4 + [[Choice("的"), Choice("值", 1.0), Choice("由")]]

    def scores(restored_cache: bool) -> tuple[float, float]:
        score = mojibake._DocumentPairs(lines, decided, shared_model(), restored_cache).unary(slot, ["的", None, "由"])
        return score(1, "导"), score(1, "值")

    with_restored, without = scores(True), scores(False)
    assert with_restored[0] > with_restored[1]
    assert without[0] == without[1]


# Characters of every UTF-8 length and of the kinds GBK pairs badly: Han characters (3 bytes), full-width marks
# (EF BC xx), 2-byte letters and signs, a 4-byte emoji, and the ASCII bytes below 0x40 that no GBK pair takes as
# its second byte (space, digits, $, brackets) beside letters that one does (A, x: a pair may swallow them).
_ALPHABET = "的一个中为值导令他只可，：；？）。、é×θ😀 $0129()*-Ax"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=24))
def test_the_damaged_line_pins_every_lost_byte_and_its_candidates_hold_the_original(line):
    """Byte arithmetic of GBK's decoder: each U+FFFD is one lost continuation byte in place, so the damaged line
    splits into the original's characters, and each broken one's candidates (the byte values the decoder
    would have rejected there) hold the original; each candidate, damaged again, gives back the damaged line."""
    from kb.read.mojibake_double import is_whole, pinned_candidates, pinned_runs

    damaged = damage(line, "gbk")
    runs = pinned_runs(damaged, "gbk")
    assert runs is not None and len(runs) == len(line)
    for at, (run, char) in enumerate(zip(runs, line)):
        if is_whole(run):
            assert bytes(run).decode("utf-8") == char
            continue
        following = runs[at + 1][0] if at + 1 < len(runs) else 0x0A
        found = pinned_candidates(run, following, "gbk", private_use=True)
        assert char in found
        for other in found:
            assert damage(line[:at] + other + line[at + 1:], "gbk") == damaged


def test_a_note_that_shows_a_whole_comma_before_a_space_keeps_its_spaced_commas(monkeypatch):
    """An author who types a space after commas shows some of them whole (GBK loses the last byte only where
    the mark starts a pair): there a lost mark before a space is no label's colon."""
    from kb.read.mojibake_marks import spaces_commas

    assert spaces_commas(["批量大， 梯度准。"]) and spaces_commas(["卷积、 池化"])
    assert not spaces_commas(["批量大，梯度准。", "任务： 文本", "批量越大\0 梯度越准。"])
    original = OPENING + "正则化会让权重变得更小， 从而降低复杂度。\n批量越大， 梯度越准。\n"
    damaged = gbk_damaged(original)
    assert damaged.split("\n")[2].count("\ufffd") and "， " in repair_mojibake(damaged)[0].split("\n")[1]
    assert repair_mojibake(damaged)[0].split("\n")[2] == "批量越大， 梯度越准。"
    monkeypatch.setattr("kb.read.mojibake_marks.spaces_commas", lambda texts: False)
    assert repair_mojibake(damaged)[0].split("\n")[2] == "批量越大： 梯度越准。"   # the label's colon, ungated


def test_a_full_width_bracket_closes_an_unmatched_half_width_one():
    """An input method switched between the widths leaves 「(」 unmatched before a 「）」: that pairs them."""
    from kb.read.langmodel import _PAIR_MATCH, _PAIR_MISMATCH, pairing_logp

    fixed = "步幅(即每次移动的格数\0"
    assert pairing_logp("）", fixed, len(fixed) - 1, mixed_widths=True) == _PAIR_MATCH
    assert pairing_logp("）", fixed, len(fixed) - 1) == _PAIR_MISMATCH   # one width only: nothing to close
    fixed = "函数f(x)的值\0"                       # the ASCII pair is closed: nothing for ） to close
    assert pairing_logp("）", fixed, len(fixed) - 1, mixed_widths=True) == _PAIR_MISMATCH
    fixed = "\0即每次移动的格数)"                   # and the other way round
    assert pairing_logp("（", fixed, 0, mixed_widths=True) == _PAIR_MATCH


@pytest.mark.parametrize("original", ["步幅(即每次移动的格数）\n", "*(步幅即每次移动的格数）*\n", "池化层(也叫下采样层）\n"])
def test_a_lost_full_width_bracket_closes_a_half_width_one(original):
    """GBK loses ）'s last byte before a line break or an ASCII mark; the colon a line's end takes won."""
    damaged = gbk_damaged(OPENING + original)
    assert repair_mojibake(damaged)[0] == OPENING + original


@pytest.mark.parametrize("before, after, bare", [
    ("编码器是", "深度网络。", True), ("中间加", "池化层", True),
    ("再加", "层卷积。", False),       # a classifier follows: 一层
    ("效果", "样好。", False),         # a word 一 starts: 一样
    ("这", "模型很常用。", False),     # a determiner before: 这一模型
    ("是", "\0网络", False), ("是", "GPU", False), ("\0", "深度网络", False),
])
def test_the_numeral_counts_a_bare_noun_only_without_classifier_word_or_determiner(before, after, bare):
    from kb.read.langmodel import shared_model
    from kb.read.mojibake_classifier import bare_numeral
    from kb.read.wordclass import shared_word_classes

    assert bare_numeral(before, after, shared_word_classes(), shared_model().chinese) is bare


@pytest.mark.parametrize("original", ["中间加个池化层就行。", "编码器是个深度网络。"])
def test_the_slot_before_a_bare_noun_holds_the_classifier_not_the_numeral(original, monkeypatch):
    """GBK loses 个's last byte before a Han character, and 一 shares the two bytes left; 一 counts no bare noun."""
    assert_read_whole_only_with("BARE_NUMERAL_LOGP", original, monkeypatch)


def test_the_separator_of_items_is_scored_where_a_sibling_follows():
    from collections import Counter

    from kb.read.mojibake_marks import ListItem, sibling_scores

    marks = ("：", "；", "！")
    fixed = "- 一阶矩：梯度的平均\0"
    options = [(char,) for char in fixed[:-1]] + [marks]
    damaged = [False] * (len(fixed) - 1) + [True]
    followed = sibling_scores(fixed, options, damaged, ListItem(Counter({"。": 1}), True), 4.0, 1.5)
    assert [followed(len(fixed) - 1, char) for char in ("；", "。", "：")] == [1.5, 4.0, 0.0]
    last = sibling_scores(fixed, options, damaged, ListItem(Counter(), False), 4.0, 1.5)
    assert last(len(fixed) - 1, "；") == 0.0   # the list's last item separates nothing


def test_the_items_of_an_enumeration_end_in_the_semicolon_that_separates_them(monkeypatch):
    """GBK loses both items' ； before the line break; the colon a line's end takes won there."""
    original = OPENING + "- 一阶矩：梯度的指数加权平均；\n- 二阶矩：梯度平方的指数加权平均；\n- 偏差修正：除以 $1-\\beta^t$。\n"
    damaged = gbk_damaged(original)
    assert repair_mojibake(damaged)[0] == original
    monkeypatch.setattr(mojibake, "ITEM_SEPARATOR_LOGP", 0.0)
    assert repair_mojibake(damaged)[0] != original


def test_a_note_written_for_these_rules_reads_back_whole_after_gbk_damage():
    """A study note on optimizers (written for this test) with the layout GBK damages: formulas after 为, 令 and
    取, an enumeration of items ending in ；, a label with a space after its colon, counts."""
    from tests.conftest import FIXTURES

    original = (FIXTURES / "mojibake" / "gbk_optimizers_zh.md").read_text(encoding="utf-8")
    damaged = gbk_damaged(original)
    repaired, report = repair_mojibake(damaged)
    assert repaired == original
    assert damage(repaired, "gbk") == damaged
    assert not any(char.certain and original.split("\n")[char.line - 1][char.column] != char.char
                   for char in report.restored)


def test_an_item_ending_in_a_formula_takes_the_separator_not_the_colon():
    """「- 偶数维用 $\\sin$；」: the colon's share is larger than the semicolon's; the enumeration decides."""
    original = OPENING + "\n- 偶数维用 $\\sin$；\n- 奇数维用 $\\cos$；\n- 不同维度的频率不同。\n"
    damaged = gbk_damaged(original)
    assert repair_mojibake(damaged)[0] == original


@pytest.mark.parametrize("original", ["模型只保留前 k 个词的概率。\n", "接下来取第 i 个样本的梯度。\n",
                                      "最后输出第 j 个通道的特征图。\n"])
def test_a_count_takes_the_classifier_and_its_opener_where_both_are_damaged(original, monkeypatch):
    # GBK loses the last byte of 第 (E7 AC AC) and 前 (E5 89 8D) before the space, and of 个 before the next Han
    # character: without the frame the pairs read 「前 k 一词」, 「取笑 i 一样本」, 「输出租 j 中通道」.
    assert "\ufffd " in gbk_damaged(OPENING + original)
    assert_read_whole_only_with("COUNTED_CLASSIFIER_LOGP", original, monkeypatch)


def test_a_private_use_bullet_that_lost_its_last_byte_keeps_its_line_repaired():
    # Word's Symbol font writes a bullet as U+F0A1 (EF 82 A1): read as GBK, EF 82 pair and A1 is lost before the
    # space, where every byte it can have been makes a private-use character. The line's other mojibake (the dash
    # of 「data—If」) is repaired all the same, and the repair, damaged again, gives back the damaged text.
    text = ("Notas del curso sobre datos y modelos.\n\uf0a1 Redundancy in your data—If some points appear twice.\n"
            "La función de pérdida mide el error del modelo en los datos de validación y de prueba.\n")
    damaged = gbk_damaged(text)
    repaired, report = repair_mojibake(damaged)
    line = repaired.split("\n")[1]
    assert "data—If" in line and "\ue000" <= line[0] <= "\uf8ff"
    assert damage(repaired, "gbk") == damaged
    assert not next(char for char in report.restored if char.line == 2 and char.column == 0).certain


RANGE_NOTES = {
    "zh": "这一节介绍优化方法的基本记号。\n常用的设置：lr = 0.001–0.01，batch = 32–256，训练 10–20 轮即可。\n",
    "ru": ("Обучение модели занимает много времени.\nОбычно берут 10–20 эпох, а скорость обучения 0.001–0.01. "
           "Это — хороший выбор.\n"),
    "de": ("Das Training eines Modells dauert lange.\nDie Datenaugmentierung – etwa zufälliges Spiegeln – "
           "vergrößert den Datensatz um 10–20 Prozent.\n"),
}


@pytest.mark.parametrize("language", sorted(RANGE_NOTES))
def test_a_dash_between_numbers_is_a_range_and_a_spaced_one_follows_the_languages_convention(language, monkeypatch):
    # GBK loses a dash's last byte (– E2 80 93) before a digit or a space: between numbers the en dash of a range;
    # between spaces the en dash in German (Gedankenstrich), the em dash in Russian (тире).
    original = RANGE_NOTES[language]
    damaged = gbk_damaged(original)
    assert repair_mojibake(damaged)[0] == original
    monkeypatch.setattr(mojibake, "RANGE_DASH_LOGP", 0.0)
    assert repair_mojibake(damaged)[0] != original


@pytest.mark.parametrize("original", [
    "动量的系数一般取 0.9，学习率取 0.001。\n",      # 取 (E5 8F 96): 又 and 号 share its first two bytes
    "把学习率记作$\\eta$，动量的$\\beta$取0.9。\n",
])
def test_a_value_given_as_a_number_is_introduced_as_a_formula_is(original, monkeypatch):
    # GBK loses the byte before a digit as before a dollar: 为 and 取 give a value a number can be.
    assert_read_whole_only_with("FORMULA_LEAD_LOGP", original, monkeypatch)


def test_only_the_leads_of_a_value_are_read_before_a_number_and_not_after_one():
    def scored(fixed: str, char: str) -> float:
        at = fixed.index("\0")
        options = [(c,) for c in fixed[:at]] + [("为", "与", "中", "令")] + [(c,) for c in fixed[at + 1:]]
        damaged = [position == at for position in range(len(fixed))]
        return formula_lead_scores(fixed, options, damaged, False, 3.0)(at, char)

    assert scored("学习率\0 0.01", "为") == 3.0
    assert scored("学习率\0 0.01", "令") == 0.0            # 令 introduces a formula, not a bare value
    assert scored("在 0 \0 1 之间", "为") == 0.0           # after a number: 与 of a range
    assert scored("工程\x003D卷积", "为") == 0.0           # 3D is a name that opens with a digit
    assert scored("一\0 5×5 卷积", "为") == 0.0            # after a numeral: a count's classifier (一个)


def test_a_prefix_operator_never_stands_before_a_space_nor_a_relation_after_another(monkeypatch):
    # GBK loses ∈ (E2 88 88), ∞ (E2 88 9E) and → (E2 86 92) before a space, where ∂ (E2 88 82), the first of the
    # block at the same share, fits too: 「x ∈ X」 came back 「x ∂ X」 and 「β → ∞」 「β → ∂」.
    original = "极限：当 β → ∞ 时函数趋近于 ReLU，对任意 x ∈ X 都成立。\n"
    assert_read_whole_only_with("MISPLACED_OPERATOR_LOGP", original, monkeypatch)


def test_the_operator_rule_weighs_only_misplaced_symbols():
    from kb.read.mojibake_operators import operator_scores

    def scored(fixed: str, char: str) -> float:
        at = fixed.index("\0")
        options = [(c,) for c in fixed[:at]] + [("∂", "∈", "∞", "∑")] + [(c,) for c in fixed[at + 1:]]
        return operator_scores(fixed, options, [position == at for position in range(len(fixed))], -4.0)(at, char)

    assert scored("x \0 X", "∂") == -4.0 and scored("x \0 X", "∈") == 0.0     # ∂ before a space
    assert scored("\0L/\0w", "∂") == 0.0                                      # ∂ against its operand
    assert scored("β → \0 时", "∈") == -4.0 and scored("β → \0 时", "∞") == 0.0   # no relation after an arrow
    assert scored("n \0 1", "∈") == -4.0 and scored("x \0 [0, 1]", "∈") == 0.0   # no set is a number


def test_a_number_in_digits_takes_the_classifier_not_the_numeral(monkeypatch):
    # 个 (E4 B8 AA) loses its last byte before 点 as 一 (E4 B8 80) would, and 一点 is a word; but no one writes 「2 一点」.
    original = "学习率调度对精度影响很大，通常能带来 1~2 个点的提升。\n"
    assert_read_whole_only_with("NUMBER_NUMERAL_LOGP", original, monkeypatch)


def test_a_range_between_numbers_is_written_with_its_range_word(monkeypatch):
    # 到 (E5 88 B0) loses its last byte before the space as 分 (E5 88 86) would: between numbers, a range.
    original = "正则项的系数 $\\lambda$ 一般取 0.0001 到 0.01，太大会欠拟合。\n"
    assert_read_whole_only_with("RANGE_DASH_LOGP", original, monkeypatch)


def test_a_count_before_a_size_keeps_its_classifier():
    # 个 of 一个 loses its byte before 「 5×5」 as 为 would; after the numeral it is the count's classifier.
    original = "两个 3×3 卷积的感受野等于一个 5×5 卷积，但参数更少。\n"
    assert repair_mojibake(gbk_damaged(OPENING + original))[0] == OPENING + original


def test_a_sentence_a_question_label_opens_asks_whatever_its_words():
    # GBK loses ？'s last byte (EF BC 9F) before 「**」 as ！'s (EF BC 81); 「Q5：」 says the sentence asks, though
    # no word of it does.
    from kb.read.langmodel import question_logp

    assert question_logp("**Q5：1×1 卷积的作用\0**", 13)["？"] > 0
    assert question_logp("**问：1×1 卷积的作用\0**", 13)["？"] > 0
    assert question_logp("**A5：1×1 卷积的作用\0**", 13).get("？", 0.0) < 0   # an answer's label asks nothing
    original = "**Q1：卷积层的参数量怎么算？**\n\n答：输入通道乘以输出通道。\n\n**Q5：1×1 卷积的作用？**\n\n答：改变通道数。\n"
    assert repair_mojibake(gbk_damaged(OPENING + original))[0] == OPENING + original


def test_a_tree_drawing_joins_the_arms_of_its_lines(monkeypatch):
    # GBK loses │'s last byte (E2 94 82) before a line's end or a space, where ─ (E2 94 80) and the rest of the
    # block fit as well: a vertical line standing alone between spaces came back as a horizontal one.
    original = ("```\n项目\n├── 数据\n│   ├── 训练集\n│   └── 测试集\n└── 模型\n    │\n    └─ 编码器\n```\n")
    assert_read_whole_only_with("MISPLACED_BOX_LOGP", original, monkeypatch)


def test_the_box_rule_weighs_arms_the_drawing_does_not_join():
    from kb.read.mojibake_boxes import arms, box_scores

    assert arms("─") == set("lr") and arms("│") == set("ud") and arms("├") == set("udr") and arms("中") == set()
    box = ("─", "│", "├", "┼")

    def scored(lines: list[str], char: str) -> float:
        row = next(at for at, line in enumerate(lines) if "\0" in line)
        at = lines[row].index("\0")
        options = [(c,) for c in lines[row][:at]] + [box] + [(c,) for c in lines[row][at + 1:]]
        return box_scores(lines, row, options, [position == at for position in range(len(options))], -4.0)(at, char)

    assert scored(["    \0"], "─") == -4.0 and scored(["    \0"], "│") == 0.0     # reaching out into spaces both ways
    assert scored(["├─\0 数据"], "─") == 0.0 and scored(["├─\0 数据"], "│") == -4.0   # ─ left dangling
    assert scored(["│", "\0"], "├") == 0.0 and scored(["│", "\0"], "│") == 0.0     # │ above goes on down:
    assert scored(["│", "\0"], "─") == -8.0                                         # ─ neither joins it nor anything
    assert scored(["根", "\0 数据"], "├") == 0.0                                      # text above: nothing to join
    assert scored(["    \0"], "中") == 0.0


def test_a_mark_between_two_numbers_separates_them():
    # GBK loses 、's last byte (E3 80 81) before a digit, where 。 (E3 80 82) fits too, and is the commoner mark.
    original = "相关的做法见文献[12、35、37、40]，本节只讨论第一种。\n"
    assert repair_mojibake(gbk_damaged(OPENING + original))[0] == OPENING + original


def test_a_label_numbered_after_its_noun_takes_the_colon():
    # 「情况1：$A > 0$」: GBK loses the colon's last byte (EF BC 9A) before the dollar; the label is the noun 情况
    # and the number that indexes it, which opens a plain paragraph as 情况 alone would.
    from kb.read.langmodel import placement_logp
    from kb.read.mojibake_lattice import _names_thing, _names_topic

    for label in ("情况1", "步骤 2"):
        placed = placement_logp(label + "\0$A > 0$", len(label), _names_topic, _names_thing)
        assert placed["，"] < 0 and "：" not in placed
    assert "，" not in placement_logp("在训练时\0$A > 0$", 4, _names_topic, _names_thing)   # a clause, no label
    assert "，" not in placement_logp("12\0$A > 0$", 2, _names_topic, _names_thing)         # no noun before it

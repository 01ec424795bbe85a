from dataclasses import replace

import pytest

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
    assert len(cards) == len(questions) == 273  # two of them answered after a dash on their own line ("...? - Saliency")
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
    note = parse_text("# T\n\n## LSTM gates\n\nThe block layout is shown here in detail\n![LSTM gate](Figures/g.png)\n")
    card = next(c for c in make_cards(note) if c.kind == "concept")
    assert card.front == "What are LSTM gates?"
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


# ---- prompts follow the heading's shape ----------------------------------------------------------

def _fronts(text, kind="concept"):
    return [c.front for c in make_cards(parse_text(text)) if c.kind == kind]


BODY = "This section explains the idea in a full sentence of prose.\n"


def test_an_aspect_heading_is_asked_about_under_its_parent_even_in_title_case():
    fronts = _fronts(f"# Notes\n\n## SSD\n\n{BODY}\n### Loss Function\n\n{BODY}\n### Motivations\n\n{BODY}")
    assert "SSD: what is the loss function?" in fronts
    assert "SSD: what are the motivations?" in fronts


def test_an_english_aspect_in_a_chinese_section_is_judged_as_english():
    fronts = _fronts("# 笔记\n\n## Normalization\n\n这一节解释归一化的基本思想和计算方法。\n\n"
                     "### Training\n\n训练时对一个批次的所有样本计算统计量。\n")
    assert "Normalization 的 Training 是怎样的？" in fronts


def test_plural_comparison_and_half_question_headings_read_naturally():
    fronts = _fronts(f"# Notes\n\n## Separable Convolutions\n\n{BODY}\n## CNN vs MLP for images\n\n{BODY}\n"
                     f"## Ways to improve recall\n\n{BODY}\n## Some Details of Training\n\n{BODY}")
    assert "What are Separable Convolutions?" in fronts
    assert "Compare CNN and MLP for images." in fronts
    assert "What are ways to improve recall?" in fronts
    assert "What are some details of training?" in fronts


def test_escaped_parentheses_in_a_heading_are_parentheses_and_bracket_math_is_math():
    """GitBook escapes parentheses as `\\(` `\\)`; a word between them is no formula. `\\(\\sigma(x)\\)` is math,
    written in fronts as `$...$` like every other formula."""
    fronts = _fronts(f"# Notes\n\n## Rectified Linear Unit \\(ReLU\\)\n\n{BODY}\n## Gradient of \\(\\sigma(x)\\)\n\n{BODY}")
    assert "What is Rectified Linear Unit (ReLU)?" in fronts
    assert "What is Gradient of $\\sigma(x)$?" in fronts
    assert not any("\\(" in front for front in fronts)


def test_two_phrase_shouting_and_numbered_headings():
    fronts = _fronts(f"# Notes\n\n## Transfer learning. Fine-tuning\n\n{BODY}\n## СВЕРТОЧНЫЕ СЕТИ\n\n"
                     f"Сверточная сеть применяет одно ядро ко всем позициям изображения.\n\n## Procrustes shape models (1)\n\n{BODY}")
    assert "Explain: Transfer learning. Fine-tuning." in fronts
    assert "Что такое Сверточные сети?" in fronts
    assert "What are Procrustes shape models?" in fronts


def test_fronts_are_unique_a_paper_takes_its_full_title_and_repeats_get_their_parent():
    fronts = _fronts(f"# Notes\n\n## Gating: Saving Compute\n\n{BODY}\n### Gating\n\n{BODY}\n"
                     f"## MobileNet\n\n{BODY}\n### Depthwise conv\n\n{BODY}\n## Xception\n\n{BODY}\n### Depthwise conv\n\n{BODY}")
    assert len(fronts) == len(set(fronts))
    assert "What is Gating: Saving Compute?" in fronts and "What is Gating?" in fronts
    assert "MobileNet: what is Depthwise conv?" in fronts and "Xception: what is Depthwise conv?" in fronts


def test_sections_with_only_links_images_or_labels_get_no_concept_card():
    fronts = _fronts("# Notes\n\n## Reading\n\n- https://example.org/a Part two of the series on vision\n\n"
                     "## Figure\n\n![x](a.png)\n\n## Halting score\n\nHeat map of computation time\n\n"
                     f"## MobileNet\n\n- Use depthwise convolutions.\n")
    assert fronts == ["What is MobileNet?"]


# ---- formula fronts say what the formula computes ---------------------------------------------------

def test_formula_front_names_topic_parent_label_and_lhs():
    text = ("# Notes\n\n## Normalization\n\nIntro sentence about it.\n\n### Training\n\nnorm👇\n\n"
            "$$\\hat{h}=\\gamma \\frac{h-\\mu}{\\sigma}+\\beta$$\n\n$$w_k=\\frac{e^{\\lambda_k}}{\\sum_z e^{\\lambda_z}}$$\n")
    fronts = _fronts(text, "formula")
    assert fronts == ["Training (Normalization): what is the formula for norm $\\hat{h}$?",
                      "Training (Normalization): what is the formula for $w_k$?"]


def test_aligned_lhs_is_cleaned_and_worked_examples_ask_for_the_value():
    text = ("# Notes\n\n## BiDet: A Binarized Detector\n\n$$\\begin{aligned}&\\min J=J_1+J_2\\end{aligned}$$\n\n"
            "$$J_2=-\\gamma \\sum_i s_i \\log s_i$$\n\n## SSD Head\n\n$$38\\times 38\\times 4 = 5776$$\n")
    fronts = _fronts(text, "formula")
    assert "BiDet: what is the formula for $\\min J$?" in fronts
    assert "SSD Head: what is $38\\times 38\\times 4$?" in fronts


def test_settings_and_continuations_are_not_formula_cards():
    # (a continuation that repeats the step above it, `$$= a x + b$$` under `$$y = a x + b$$`, states nothing new;
    # one with a new right side is a step of a derivation: tests/test_parse_markdown.py)
    fronts = _fronts("# Notes\n\n## Kernel\n\n$$K(1, 1)=1$$\n\n$$x_{ij}^p = {1,0}$$\n\n"
                     "$$y = a x + b$$\n\n$$= a x + b$$\n", "formula")
    assert fronts == ["What is the formula for Kernel?"]


def test_a_number_times_a_symbol_is_a_formula_but_a_number_is_a_setting():
    fronts = _fronts("# Notes\n\n## Receptive field\n\n$$r = 3L$$\n\n$$r = 5$$\n", "formula")
    assert fronts == ["What is the formula for Receptive field?"]


# ---- clozes ------------------------------------------------------------------------------------------

def test_cloze_fronts_carry_the_topic_and_skip_trivial_blanks():
    text = ("# Notes\n\n## LSTM\n\nIntro sentence about it.\n\n### Core idea\n\n"
            "👆**Cell state** conveys information along the chain\n\n**Steps**: train a big model, then prune it\n\n"
            "$$\\sum_i s_i=1$$\n\n$$h = \\sigma(W x)$$\n")
    clozes = _fronts(text, "cloze")
    assert "Core idea (LSTM)\n\n{{c1::Cell state}} conveys information along the chain" in clozes
    assert not any("Steps" in c for c in clozes)
    assert not any("{{c1::1" in c for c in clozes)
    assert any(c.startswith("Core idea (LSTM)\n\n$$h = {{c1::") for c in clozes)


def test_under_a_generic_parent_only_a_bare_word_is_an_aspect():
    fronts = _fronts(f"# Paper\n\n## Method\n\n### Dual pathway\n\n{BODY}\n### Problem\n\n{BODY}")
    assert "What is Dual pathway?" in fronts and "Method: what is the dual pathway?" not in fronts
    assert "Method: what is the problem?" in fronts


@pytest.mark.parametrize("display", [
    "$$\\hat{x}_{i} = \\frac{{x_{i} - \\mu}}{\\sqrt{ \\sigma^{2}+\\epsilon }}$$",
    # three braces in a run: the score at the label inside an exponent inside a fraction
    "$$L_i = -\\log\\left(\\frac{e^{s_{y_i}}}{\\sum_j e^{s_j}}\\right)$$",
    "$$z = \\frac{1}{ {{1 + e^{-x}}} }$$",
])
def test_a_formula_cloze_never_shows_double_braces_outside_its_own_markup(display):
    r"""`\frac{{x_i - \mu}}{...}` is valid LaTeX, but "{{" / "}}" inside a front reads as Anki markup."""
    fronts = _fronts(f"# BN\n\n{display}\n", "cloze")
    assert fronts, "the formula should make a cloze"
    for front in fronts:
        body = front.replace("{{c1::", "", 1)
        body = body[: body.rindex("}}")] + body[body.rindex("}}") + 2:]
        assert "{{" not in body and "}}" not in body


def test_a_formula_whose_left_side_is_written_in_words_is_a_card_named_by_them():
    """'The hinge loss $= \\max(0, 1 - y\\hat y)$': the relation opens the formula, the words before it name it."""
    text = "# Losses\n\n## Hinge\n\nThe hinge loss $= \\max(0, 1 - y \\hat{y})$\n\nA continuation $= x$ alone.\n"
    assert _fronts(text, "formula") == ["Hinge: what is the formula for The hinge loss?"]


def test_a_bold_lead_in_ending_in_a_colon_is_a_label_not_a_cloze_term():
    text = ("# RL\n\n## Q-learning\n\n**Goal:** Learn the optimal action-value function for any policy.\n\n"
            "**Q-learning** learns the optimal action values off-policy.\n")
    clozes = _fronts(text, "cloze")
    assert not any("{{c1::Goal" in front for front in clozes)
    assert any("{{c1::Q-learning}}" in front for front in clozes)


def test_a_term_clozes_front_keeps_no_italics_or_links_of_its_sentence():
    text = ("# Nets\n\n## Output\n\nThe loss compares them through a ***cost function***, such as *MSE*.\n\n"
            "## Training\n\nWeights are updated by an (**optimizer**) such as *Adam*, see [the docs](https://x.org).\n")
    clozes = _fronts(text, "cloze")
    assert "Output (Nets)\n\nThe loss compares them through a {{c1::cost function}}, such as MSE." in clozes
    assert "Training (Nets)\n\nWeights are updated by an ({{c1::optimizer}}) such as Adam, see the docs." in clozes


def test_a_display_expression_the_paragraph_above_leads_into_is_a_formula_card():
    note = parse_text("# Convolutions\n\n## Volume\n\nThe output size of the whole layer is\n"
                      "$$\\left(\\frac{H-F+2P}{S}+1\\right)\\times\\left(\\frac{W-F+2P}{S}+1\\right)\\times K$$\n\n"
                      "## Label\n\nFormula:\n\n$$\\frac{W-F+2P}{S}+1$$\n", "volume.md")
    fronts = {c.source.line: c.front for c in make_cards(note) if c.kind == "formula"}
    assert "The output size of the whole layer" in fronts[6]
    assert "Formula" not in fronts[12]   # a short label is the labelled expression's, as before


def test_an_assignment_written_colon_equals_is_one_relation_in_fronts_and_clozes():
    """`W := W - \\alpha V` (Ng's update notation), also inside an aligned block's rows: the relation is `:=`,
    so the formula front names `W` and the cloze keeps `:=` whole instead of showing `W : = ...`."""
    text = ("# Momentum\n\n## Update\n\nThe update:\n\n$$\n\\begin{aligned}\nV_{dW} &:= \\beta V_{dW} + (1-\\beta) dW \\\\\n"
            "W &:= W - \\alpha V_{dW}\n\\end{aligned}\n$$\n\nPlain: $$\\theta := \\theta - \\alpha g$$\n")
    clozes = _fronts(text, "cloze")
    formulas = _fronts(text, "formula")
    assert any("$$\\theta := {{c1::\\theta - \\alpha g}}$$" in front for front in clozes)
    assert any("W := {{c1::W - \\alpha V_{dW}" in front for front in clozes)
    assert not any(": =" in front for front in clozes)
    assert not any(" :$" in front for front in formulas) and any("$\\theta$" in front for front in formulas)


def test_a_list_item_names_its_expression_without_its_marker():
    """`- dL/dW for that step is $(L_0 - L_1)/h$`: the list item names the expression as a sentence does, and
    its marker is markup, not a word of the name."""
    text = "# Gradients\n\n## Numerical\n\n- Take a small step h.\n- dL/dW for that step is $(L_1 - L_0)/h$.\n"
    assert _fronts(text, "formula") == ["Numerical: what is the formula for dL/dW for that step?"]


def test_an_expression_that_opens_its_line_is_named_by_the_wrapped_sentence_above_it_in_any_tense():
    """d2l's soft-wrapped prose, one clause a line: `então a forma de saída será` / `$(n_h-k_h+1)$.` names the
    expression as a sentence on its line does; the future tense ("will be", "será") states a value as "is" does."""
    text = ("# Convolution\n\n## Output\n\nTake a filter of width $F$.\nThen the width of the output will be\n"
            "$W - F + 1$.\n")
    assert _fronts(text, "formula") == ["Output (Convolution): what is the formula for Then the width of the output?"]
    pt = "# Convolução\n\n## Saída\n\nSe o filtro tem largura $F$,\nentão a largura da saída será\n$W - F + 1$.\n"
    assert _fronts(pt, "formula") == ["Saída: qual é a fórmula de então a largura da saída?"]


def test_a_colon_after_the_verb_leaves_the_verb_out_of_the_name():
    text = "# Sigmoid\n\n## Slope\n\nIt saturates. \\\nThe sigmoid derivative is: sigmoid(x)(1 - sigmoid(x))\n"
    assert _fronts(text, "formula") == ["Slope (Sigmoid): what is the formula for The sigmoid derivative?"]


def test_an_unclosed_bracket_before_the_cue_starts_the_aside_that_names_the_expression():
    """`加入弱学习器 $s_l = s_{l-1} + c_l w_l$ 「权重为 $\\arg\\min_c E$ ...」`: the words inside the open corner
    bracket (or parenthesis) name the second expression, not the clause with the first formula before it."""
    text = ("# 集成\n\n## Boosting\n\n1. 加入新的学习器$s_{l}=s_{l-1}+c_{l} w_{l}$ 「AdaBoost权重为$\\arg\\min_{c} E(c)$ 越好越大」\n"
            "\nSee the weight (as before $w = \\log(1/\\beta)$) below.\n")
    fronts = _fronts(text, "formula")
    assert "Boosting：AdaBoost权重 的公式是什么？" in fronts
    assert all("加入新的学习器" not in front for front in fronts)


@pytest.mark.parametrize("latex, lhs", [
    (r"P(y=1|x) = \sigma(w^T x)", "P(y=1|x)"),           # a condition inside the argument is no relation
    (r"\Pr[Y = 1] = p", r"\Pr[Y = 1]"),
    (r"L = -\sum_i [y_i = 1]\log p_i", "L"),              # an Iverson bracket on the right stays on the right
    (r"x \in (0, 1] = I", r"x \in (0, 1]"),               # an interval closes whatever its brackets
    (r"W := W - \eta g", "W"),
])
def test_a_formula_is_split_at_its_own_relation(latex, lhs):
    from kb.cards.formula import top_relation

    match = top_relation(latex)
    assert match is not None and latex[: match.start()].strip() == lhs


@pytest.mark.parametrize("latex", [r"-\sum_i [y_i = 1]\log p_i", r"a ==> b", r"x == y"])
def test_a_condition_an_arrow_or_a_comparison_is_no_relation_of_the_formula(latex):
    from kb.cards.formula import top_relation

    assert top_relation(latex) is None


def test_a_probability_with_a_condition_makes_one_front_and_one_cloze():
    text = "# Logistic regression\n\n$$P(y=1|x) = \\sigma(w^T x)$$\n"
    fronts = _fronts(text, "formula")
    assert len(fronts) == 1 and ("P(y" not in fronts[0] or "P(y=1|x)" in fronts[0])
    assert _fronts(text, "cloze") == ["Logistic regression\n\n$$P(y=1|x) = {{c1::\\sigma(w^T x)}}$$"]

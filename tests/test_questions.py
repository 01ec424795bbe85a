"""Every question an author wrote becomes exactly one clean Q&A card, in any note kind and language.

Each test is one convention, on a short note written for it (never a line of notes/).
"""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb.cards import make_cards
from kb.parse.questions import answer_text, inline_answer, is_placeholder, question_of
from tests.parse_helpers import parse_text


def _cards(text: str, file: str = "note.md"):
    return make_cards(parse_text(text, file))


def _qa(text: str, file: str = "note.md") -> dict[str, str]:
    return {c.front: c.back for c in _cards(text, file) if c.kind == "qa"}


def _note(*body: str) -> str:
    """A Markdown note with a few ordinary sections around the body, as a student would write it."""
    return "\n\n".join(("# Optimisers", "## Momentum", "Momentum keeps a running average of past gradients.",
                        *body, "## Adam", "Adam scales each step by a running estimate of the gradient's size."))


def test_a_question_heading_is_one_qa_card_and_no_concept_card():
    cards = _cards(_note("### What is weight decay?", "It shrinks every weight a little at each step."))
    assert [(c.kind, c.front, c.back) for c in cards if "decay" in c.front] == [
        ("qa", "What is weight decay?", "It shrinks every weight a little at each step.")]


@pytest.mark.parametrize("heading", ["#### 1. What's weight decay?", "### 2) What's weight decay?",
                                     "### **What's weight decay?**", "## Q3: What's weight decay?"])
def test_numbering_labels_and_markup_leave_the_question_as_written(heading):
    assert _qa(_note(heading, "A penalty on large weights.")) == {"What's weight decay?": "A penalty on large weights."}


def test_bold_numbered_question_label_without_a_question_mark():
    qa = _qa(_note("**Q1- Explain why momentum helps on ravines**", "It damps the oscillation across the ravine."))
    assert qa == {"Explain why momentum helps on ravines": "It damps the oscillation across the ravine."}


def test_q_and_a_pairs_lose_their_labels():
    qa = _qa(_note("Q: What does the learning rate scale?\nA: The size of each step.",
                   "Q: What is a warm-up?\nA: A few steps with a small learning rate."))
    assert qa == {"What does the learning rate scale?": "The size of each step.",
                  "What is a warm-up?": "A few steps with a small learning rate."}


@pytest.mark.parametrize(("question", "answer"), [
    ("Question: Why clip gradients?", "Answer: To stop one batch from blowing up the weights."),
    ("Question : Pourquoi normaliser les entrées ?", "Réponse : Les gradients se comportent mieux."),
    ("问：什么是学习率衰减？", "答：训练中逐步减小学习率。"),
    ("问题：为什么要打乱数据？", "因为相邻样本往往相似。"),
    ("Вопрос: Что такое импульс?", "Ответ: Скользящее среднее градиентов."),
    ("Frage: Was ist ein Gradientenabstieg?", "Antwort: Schritte entgegen dem Gradienten."),
    ("Pregunta: ¿Qué es una época?", "Respuesta: Una pasada completa por los datos."),
    ("Câu hỏi: Tốc độ học là gì?", "Trả lời: Độ lớn của mỗi bước."),
])
def test_labelled_questions_in_many_languages(question, answer):
    qa = _qa(_note(question, answer))
    front = question.split(":", 1)[1].strip() if ":" in question else question.split("：", 1)[1]
    assert list(qa) == [front]
    assert qa[front] and not re.match(r"^(Answer|Réponse|答|Ответ|Antwort|Respuesta|Trả lời)\s*[:：]", qa[front])


def test_blockquote_questions():
    qa = _qa(_note("> **Question**: Why does Adam need bias correction?\n> Its averages start at zero.",
                   "> Q: What is Nesterov momentum?\n> A gradient taken after the momentum step."))
    assert qa == {"Why does Adam need bias correction?": "Its averages start at zero.",
                  "What is Nesterov momentum?": "A gradient taken after the momentum step."}


def test_a_quote_that_holds_follow_up_questions_with_answers_quoted_again():
    """Interview collections quote a question's answer, then its follow-ups as a list inside the same quote,
    each answered in a quote within the quote (`>\t- Why ...?` over `>> Because ...`)."""
    qa = _qa(_note("- Why normalise inputs?\n> Features on one scale train faster.\n"
                   ">\t- What if one feature has a huge range?\n>> It dominates the gradient.\n"
                   ">\t- Does it matter for trees?\n>> No, splits do not depend on scale."))
    assert qa == {"Why normalise inputs?": "> Features on one scale train faster.",
                  "What if one feature has a huge range?": ">> It dominates the gradient.",
                  "Does it matter for trees?": ">> No, splits do not depend on scale."}


def test_a_quote_with_a_list_that_asks_nothing_stays_one_quote():
    note = _note("- Why normalise inputs?\n> Features on one scale train faster.\n>\t- see lecture 3\n>\t- and the lab")
    assert _qa(note) == {"Why normalise inputs?": "> Features on one scale train faster.\n>\t- see lecture 3\n>\t- and the lab"}


def test_an_instruction_in_brackets_after_a_question_belongs_to_it():
    """"(두 가지 이상 작성하세요)", "(explain with an example)": how to answer, not the answer."""
    qa = _qa(_note("1. What does softmax output? (Explain with an example)", "Probabilities that sum to one."))
    assert qa == {"What does softmax output? (Explain with an example)": "Probabilities that sum to one."}


def test_numbered_question_items_answered_by_what_follows():
    qa = _qa(_note("1) Why decay the learning rate?", "Large steps overshoot near a minimum.",
                   "2) When to stop training?", "When the validation loss stops falling."))
    assert qa == {"Why decay the learning rate?": "Large steps overshoot near a minimum.",
                  "When to stop training?": "When the validation loss stops falling."}


def test_a_list_of_questions_with_nested_answers():
    qa = _qa(_note("- What is a batch?\n  - A group of samples.\n- Why shuffle?\n  - Neighbours are alike."))
    assert qa == {"What is a batch?": "- A group of samples.", "Why shuffle?": "- Neighbours are alike."}


def test_a_list_that_mixes_questions_with_other_items_stays_a_list():
    assert _qa(_note("- Momentum\n- Why does it help?\n- Nesterov", "More on this later.")) == {}


def test_a_question_line_in_prose_followed_by_its_answer():
    qa = _qa(_note("What is max pooling?\nIt keeps the largest value of each window."))
    assert qa == {"What is max pooling?": "It keeps the largest value of each window."}


def test_questions_in_prose_that_are_not_asked_of_the_reader():
    cards = _cards(_note("Step sizes matter. Why?\nBecause the loss is curved.",
                         "It is unclear\nwhether this helps or hurts?\nWe tried both.",
                         "Is warm-up needed?"))
    assert [c for c in cards if c.kind == "qa"] == []
    momentum = next(c for c in cards if "momentum" in c.front.casefold())
    assert "Is warm-up needed?" in momentum.back  # an unanswered question stays in its section's text


@pytest.mark.parametrize(("heading", "front"), [
    ("### Explain the role of momentum", "Explain the role of momentum"),
    ("### Compare SGD and Adam", "Compare SGD and Adam"),
    ("### 简述动量法的作用", "简述动量法的作用"),
    ("### Объясните роль импульса", "Объясните роль импульса"),
    ("### Expliquez le rôle du moment", "Expliquez le rôle du moment"),
    ("### 勾配降下法を説明せよ", "勾配降下法を説明せよ"),
])
def test_exam_prompts_on_headings_are_questions(heading, front):
    assert list(_qa(_note(heading, "It smooths the path of the weights."))) == [front]


@pytest.mark.parametrize("heading", ["### 알고있는 활성화 함수에 대해 알려주세요. (Sigmoid, ReLU 등)",
                                     "### Explain the activations you know (sigmoid, ReLU)"])
def test_a_headings_prompt_may_end_before_an_aside_naming_what_to_cover(heading):
    front = heading.removeprefix("### ")
    assert _qa(_note(heading, "Sigmoid squashes to (0, 1); ReLU keeps positives.")) == {
        front: "Sigmoid squashes to (0, 1); ReLU keeps positives."}


@pytest.mark.parametrize("heading, front", [
    ("### 01. Dropout이란?", "Dropout이란?"),                 # a Latin term and its particle are two words
    ("### ReLUとは？", "ReLUとは？"),
    ("## C. Quand utiliser Adam ?", "Quand utiliser Adam ?"),  # a letter numbers it
    ("## b) Why warm up?", "Why warm up?"),
    ("### Neden Sigmoid Tercih Edilmez", "Neden Sigmoid Tercih Edilmez"),
    ("### Dlaczego ReLU jest popularna", "Dlaczego ReLU jest popularna"),
    ("## 何为共线性", "何为共线性"),
])
def test_short_lettered_and_unmarked_question_headings(heading, front):
    assert _qa(_note(heading, "An answer in one sentence.")) == {front: "An answer in one sentence."}


def test_a_paragraph_under_a_question_heading_answers_it_even_when_it_opens_by_asking():
    answer = "Imagine a network with no nonlinearity: can it bend its boundary? It cannot, whatever its depth."
    assert _qa(_note("### What is an activation function for?", answer)) == {
        "What is an activation function for?": answer}


def test_exam_prompts_in_running_prose_are_instructions():
    assert _qa(_note("The first one is smoother.\nCompare the two curves below.\nThey part at the start.")) == {}
    assert question_of("## Outline", "heading") is None and question_of("## 说明", "heading") is None


def test_the_back_never_repeats_the_question():
    qa = _qa(_note("### What is gradient noise?", "What is gradient noise?\nThe spread of minibatch gradients."))
    assert qa == {"What is gradient noise?": "The spread of minibatch gradients."}


def test_answers_keep_lists_code_and_math():
    back = _qa(_note("### How is SGD written?", "$$w \\leftarrow w - \\eta g$$",
                     "- $\\eta$: the learning rate\n- $g$: the gradient", "```python\nw -= lr * g\n```"))["How is SGD written?"]
    assert "$$w \\leftarrow w - \\eta g$$" in back and "- $g$: the gradient" in back and "w -= lr * g" in back


def test_an_answer_runs_to_the_next_question_or_heading_of_its_level():
    qa = _qa(_note("### Why use momentum?", "It averages gradients.", "#### In practice", "Use 0.9.",
                   "#### When does it fail?", "On very noisy losses.", "### Nesterov", "A look-ahead variant."))
    assert qa == {"Why use momentum?": "It averages gradients.\n\n**In practice**\n\nUse 0.9.",
                  "When does it fail?": "On very noisy losses."}


def test_an_unanswered_question_heading_makes_no_card_outside_a_qa_text():
    cards = _cards(_note("### Why does Adam generalise worse?"))
    assert not any("generalise" in c.front for c in cards)


def test_a_bold_line_that_opens_a_paragraph_asks_like_a_heading_even_with_two_sentences():
    qa = _qa(_note("**7. What is a saddle point? Why does it slow SGD?**\nThe gradient vanishes there in every direction."))
    assert qa == {"What is a saddle point? Why does it slow SGD?": "The gradient vanishes there in every direction."}


def test_a_bold_question_followed_by_an_instruction_or_closing_a_parenthesis_is_one_question():
    qa = _qa(_note("**8. What is gradient clipping? Give an example.**", "*Solution:* Rescale the gradient when its norm is too large.",
                   "**9. Which norm is clipped (per layer or global?)**", "_Answer:_ Usually the global norm."))
    assert qa == {"What is gradient clipping? Give an example.": "Rescale the gradient when its norm is too large.",
                  "Which norm is clipped (per layer or global?)": "Usually the global norm."}
    assert not _qa(_note("Is it stable? Not always, the loss can still spike."))


@pytest.mark.parametrize("placeholder", ["TODO", "**Answer:** _[To be filled]_", "...", "A: TBD", "待补充"])
def test_a_question_whose_answer_is_a_placeholder_makes_no_card_and_is_reported(placeholder):
    note = parse_text(_note("### Why does Adam generalise worse?", placeholder), "note.md")
    assert not any("generalise" in c.front for c in make_cards(note))
    assert [(d.pos.line, d.message.split(":")[0]) for d in note.diagnostics] == [
        (7, "question has only a placeholder for an answer, so it makes no card")]


def test_a_placeholder_before_a_real_answer_is_dropped_and_not_reported():
    note = parse_text(_note("### Why does Adam generalise worse?", "TODO", "Its steps favour sharp minima."), "note.md")
    assert {c.front: c.back for c in make_cards(note) if c.kind == "qa"} == {
        "Why does Adam generalise worse?": "Its steps favour sharp minima."}
    assert not note.diagnostics


@pytest.mark.parametrize("answer, expected", [
    ("TODO", True), ("_[To be filled]_", True), ("…", True), ("(to be written)", True), ("À compléter", True),
    ("0", False), ("$x$", False), ("To be filled with water: a tank.", False), ("Later layers see more.", False)])
def test_placeholder_answers(answer, expected):
    assert is_placeholder(answer) is expected


def test_questions_in_an_outline_note():
    text = "Optimisers\nSGD takes plain gradient steps.\nWhy add momentum?\nTo damp oscillations.\n"
    assert _qa(text, "outline.txt") == {"Why add momentum?": "To damp oscillations."}


_MARKUP = re.compile(r"\*\*|__|==|^#|^>|^\s*[-*+]\s|</?\w+>|\[\[|^\s*(Q\d*|Question)\s*[-:.]", re.M)
_LABELLED = ["Q: ", "**Q1- ", "> **Question**: ", "问："]
_LABELS = st.sampled_from(["", "#### 2. ", "1) ", "### ", "- ", *_LABELLED])
_WORDS = st.lists(st.text(st.characters(codec="utf-8", categories=("L", "N")), min_size=1, max_size=8),
                  min_size=2, max_size=6).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_LABELS, _WORDS, st.sampled_from(["?", "？", ""]), _WORDS), min_size=1, max_size=4))
def test_fronts_never_carry_markup_and_backs_are_never_empty(pairs):
    parts = ["# Notes", "## Topic", "Some words about the topic to open it."]
    for label, question, mark, answer in pairs:
        closing = "**" if label.startswith("**") else ""
        parts += [f"{label}{question}{mark}{closing}", answer]
    cards = _cards("\n\n".join([*parts, "## Next topic", "Closing words for the note."]))
    qa = [card for card in cards if card.kind == "qa"]
    assert len(qa) >= len({q for label, q, _, a in pairs if label in _LABELLED and q != a})
    for card in cards:
        assert card.back.strip()
    for card in qa:
        assert not _MARKUP.search(card.front), card.front
        assert card.back.split("\n")[0].strip() != card.front


def test_an_exam_prompt_paragraph_of_its_own_is_a_question():
    qa = _qa(_note("Explain why Adam needs bias correction.", "Its running averages start at zero."))
    assert qa == {"Explain why Adam needs bias correction.": "Its running averages start at zero."}
    assert _qa(_note("Define the update as follows:", "$$w \\leftarrow w - \\eta g$$")) == {}


def test_an_exam_prompt_list_item_with_its_answer_under_it():
    qa = _qa(_note("- 简述动量法的作用。\n  - 平滑更新方向。\n- 下一步看 Adam"))
    assert qa == {"简述动量法的作用。": "- 平滑更新方向。"}  # the next item is not part of the answer


# Explicit card markup of other flashcard tools: the author's own cards win over inference.

def test_one_line_cards_and_reversed_one_line_cards():
    qa = _qa(_note("Momentum coefficient::usually 0.9", "- Adam::adaptive moment estimation",
                   "Default Adam learning rate:::0.001"))
    assert qa == {"Momentum coefficient": "usually 0.9", "Adam": "adaptive moment estimation",
                  "Default Adam learning rate": "0.001", "0.001": "Default Adam learning rate"}


def test_logseq_properties_and_cpp_scope_are_not_cards():
    assert _qa(_note("type:: lecture\ncourse:: CS231n", "std::sort(v.begin(), v.end());",
                     "Call `std::sort` on the indices.")) == {}


def test_multi_line_cards_split_by_a_question_mark_line():
    qa = _qa(_note("Why does SGD need a schedule?\n?\nNoise keeps it bouncing\naround the minimum.",
                   "Warm-up\n??\nA few small steps at the start."))
    assert qa == {"Why does SGD need a schedule?": "Noise keeps it bouncing\naround the minimum.",
                  "Warm-up": "A few small steps at the start.", "A few small steps at the start.": "Warm-up"}


def _clozes(text: str) -> list[str]:
    return [c.front for c in _cards(text) if c.kind == "cloze"]


def test_highlights_are_one_cloze_each():
    assert _clozes(_note("The ==momentum== term is an average of ==past gradients==.")) == [
        "The {{c1::momentum}} term is an average of past gradients.",
        "The momentum term is an average of {{c1::past gradients}}."]


def test_anki_clozes_stay_as_written_and_curly_clozes_are_one_each():
    assert _clozes(_note("- {{c1::Adam}} keeps {{c2::two::how many}} **moments**.")) == [
        "{{c1::Adam}} keeps {{c2::two::how many}} moments."]
    assert _clozes(_note("- Nesterov looks {{ahead}} before stepping.")) == [
        "Nesterov looks {{c1::ahead}} before stepping."]


def test_a_marked_line_gets_no_guessed_cloze():
    assert _clozes(_note("**Momentum** damps ==oscillations== across a ravine.")) == [
        "Momentum damps {{c1::oscillations}} across a ravine."]


def test_cloze_fronts_leave_out_comments_and_equation_labels():
    fronts = _clozes(_note("Momentum damps ==oscillations==. %% check the lecture %%",
                           "$$v_t = \\beta v_{t-1} + g_t \\label{eq:momentum}$$"))
    assert fronts[0] == "Momentum damps {{c1::oscillations}}."
    assert not any("label" in front or "%%" in front for front in fronts) and len(fronts) == 2


def test_a_paragraphs_first_line_and_a_line_before_an_answer_label_stand_out():
    assert _qa(_note("Define weight decay.\nA penalty on the squared weights.")) == {
        "Define weight decay.": "A penalty on the squared weights."}
    assert _qa(_note("Some context first.\n解释一下动量法。\n答：它平均了过去的梯度。")) == {
        "解释一下动量法。": "它平均了过去的梯度。"}


@pytest.mark.parametrize("line", ["Q7-What is label smoothing?", "🤔 What is label smoothing?",
                                  "###What is label smoothing?", "TODO What is label smoothing?"])
def test_labels_emoji_tasks_and_unspaced_hashes_leave_the_question(line):
    assert question_of(line, "heading") == "What is label smoothing?"


def test_japanese_prompt_before_a_colon():
    assert question_of("説明せよ：勾配消失の原因。", "heading") == "説明せよ：勾配消失の原因。"


# Prompts in the note's language, from one table; tags in every script.

@pytest.mark.parametrize(("lang", "heading", "body", "front"), [
    ("fr", "Normalisation par lots", "La normalisation par lots centre et réduit chaque canal sur le lot courant.",
     "Qu'est-ce que Normalisation par lots ?"),
    ("de", "Stapelnormalisierung", "Die Stapelnormalisierung zentriert und skaliert jeden Kanal über den Stapel.",
     "Was ist Stapelnormalisierung?"),
    ("es", "Normalización por lotes", "La normalización por lotes centra y escala cada canal sobre el lote actual.",
     "¿Qué es Normalización por lotes?"),
    ("vi", "Chuẩn hóa theo lô", "Chuẩn hóa theo lô đưa mỗi kênh về trung bình không và phương sai một trên lô.",
     "Chuẩn hóa theo lô là gì?"),
    ("ja", "バッチ正規化", "バッチ正規化は各チャネルをミニバッチの平均と分散で標準化する。", "バッチ正規化とは何か？"),
    ("ko", "배치 정규화", "배치 정규화는 각 채널을 미니배치의 평균과 분산으로 표준화한다.", "배치 정규화(이)란 무엇인가?"),
    ("tr", "Toplu normalleştirme", "Toplu normalleştirme her kanalı mini yığının ortalaması ve varyansı ile ölçekler.",
     "Toplu normalleştirme?"),
])
def test_concept_prompts_in_the_notes_language_and_a_neutral_one_elsewhere(lang, heading, body, front):
    cards = _cards(f"# {heading}\n\n## {heading}\n\n{body}\n\n## {heading} 2\n\n{body}")
    concept = next(c for c in cards if c.kind == "concept")
    assert (concept.lang, concept.front) == (lang, front)


def test_tags_keep_every_script():
    from kb.cards.common import slug
    assert slug("การเรียนรู้ เชิงลึก") == "การเรียนรู้_เชิงลึก"
    assert slug("التعلم العميق") == "التعلم_العميق"
    assert slug("深層学習: 基礎") == "深層学習_基礎" and slug("합성곱 신경망") == "합성곱_신경망"


# A question answered on its own line (interview lists, lecture notes): one card per question.

@pytest.mark.parametrize(("line", "front", "back"), [
    ("1. Why does batch norm speed up training? (It keeps each layer's inputs at a steady scale.)",
     "Why does batch norm speed up training?", "It keeps each layer's inputs at a steady scale."),
    ("- 什么是 Dropout？（答：训练时随机置零部分神经元。）", "什么是 Dropout？", "训练时随机置零部分神经元。"),
    ("- Q: What does Adam keep per weight? A: Two running averages.", "What does Adam keep per weight?",
     "Two running averages."),
    ("问：学习率预热有什么作用？答：避免一开始就发散。", "学习率预热有什么作用？", "避免一开始就发散。"),
    ("- Вопрос: Что такое эпоха? Ответ: Один проход по выборке.", "Что такое эпоха?", "Один проход по выборке."),
    ("- What is the usual momentum coefficient? — 0.9 for most problems.", "What is the usual momentum coefficient?",
     "0.9 for most problems."),
    ("- ¿Qué hace la función softmax? -> Convierte puntuaciones en probabilidades.", "¿Qué hace la función softmax?",
     "Convierte puntuaciones en probabilidades."),
    ("- **What is dropout?** Randomly zeroing activations during training.", "What is dropout?",
     "Randomly zeroing activations during training."),
    ("3. **Что делает ранняя остановка?** Прекращает обучение вовремя.", "Что делает ранняя остановка?",
     "Прекращает обучение вовремя."),
    ("- What is the loss at initialization? It should be close to log(C) for C classes.",
     "What is the loss at initialization?", "It should be close to log(C) for C classes."),
    ("Was ist der Verlust bei der Initialisierung? Ungefähr log(C) bei C Klassen.",
     "Was ist der Verlust bei der Initialisierung?", "Ungefähr log(C) bei C Klassen."),
    ("- What is X-ray diffraction? How does it differ from scattering? (Both bend light, it is a case of it.)",
     "What is X-ray diffraction? How does it differ from scattering?", "Both bend light, it is a case of it."),
])
def test_a_question_answered_on_its_own_line_is_one_card(line, front, back):
    assert _qa(_note(line)) == {front: back}


def test_an_interview_list_makes_one_card_per_question_and_none_for_the_list():
    qa = _qa(_note("1. Why shuffle every epoch? (A fixed order biases the gradient.)\n"
                   "2. When should you stop training? (When the validation loss stops improving.)\n"
                   "3. What does a residual connection add? (The block's input, so gradients pass\n"
                   "   through unchanged.)"))
    assert qa == {"Why shuffle every epoch?": "A fixed order biases the gradient.",
                  "When should you stop training?": "When the validation loss stops improving.",
                  "What does a residual connection add?": "The block's input, so gradients pass\nthrough unchanged."}


def test_a_question_wrapped_over_its_items_lines_and_an_answer_in_brackets_on_the_next_line():
    qa = _qa(_note("1. Why does batch norm allow a larger learning rate than a plain\n"
                   "   network? (Each layer's inputs keep a steady scale.)\n"
                   "2. What is a residual connection?\n   (It adds a block's input to its output.)"))
    assert qa == {"Why does batch norm allow a larger learning rate than a plain network?":
                  "Each layer's inputs keep a steady scale.",
                  "What is a residual connection?": "It adds a block's input to its output."}


def test_a_labelled_question_and_answer_on_one_line_of_prose_and_of_a_qa_text():
    assert _qa(_note("Some words first.\nQ: What if the sum ran over all classes? A: Every loss grows by one.")) == {
        "What if the sum ran over all classes?": "Every loss grows by one."}
    text = "Loss functions\n" + "".join(f"What is loss {n}?\nIt is a number.\n" for n in range(5))
    text += "Q: What is the hinge loss? A: A margin loss.\n"
    assert _qa(text, "review.txt")["What is the hinge loss?"] == "A margin loss."


@pytest.mark.parametrize("text", [
    "Step sizes matter. Why? Because the loss is curved.",          # a question inside a sentence run
    "- Why? Because the loss is curved.",                           # names nothing
    "- Is it stable? Not always, the loss can spike.",              # points back
    "- Why does this happen? Because the steps are too large.",
    "- Can we do better? Yes, with a schedule.",
    "为什么？因为前几步的统计量还不准。",
    "¿Esto siempre funciona? No, depende del problema.",
    "- Помогает ли это всегда? Нет, на маленьких сетях эффект незаметен.",
    "- What is a saddle point? why it matters is another story.",  # the rest goes on in lower case
    "- What is gradient clipping? Give an example.",                # asks twice
])
def test_a_question_answered_in_passing_by_the_writer_makes_no_card(text):
    assert _qa(_note(text)) == {}


@pytest.mark.parametrize(("line", "front"), [
    ("1. Why do deeper layers see more of the image? (5 points)", None),     # a mark, not an answer
    ("1. What does batch norm do? (normalises each channel over the batch)", "What does batch norm do?"),
    ("- What does softmax return (for logits)? (Probabilities that sum to one.)", "What does softmax return (for logits)?"),
])
def test_brackets_after_a_question_answer_it_only_when_they_say_something(line, front):
    found = inline_answer(line)
    assert (found[0] if found else None) == front


def test_a_bracket_that_goes_on_with_a_labelled_question_stays_in_its_front():
    qa = _qa(_note("Q: What if the sum ran over all classes? (including j = y_i)\nA: Every loss grows by one."))
    assert qa == {"What if the sum ran over all classes? (including j = y_i)": "Every loss grows by one."}


@pytest.mark.parametrize("heading", ["## 0x02. 为什么要归一化？", "### 0x1F 为什么要归一化？", "## 0x0a、为什么要归一化？"])
def test_hex_numbering_is_stripped_like_other_numbering(heading):
    assert question_of(heading, "heading") == "为什么要归一化？"


@pytest.mark.parametrize("heading", ["### 3）梯度消失的原因是什么？", "### ③ 梯度消失的原因是什么？", "### （3）梯度消失的原因是什么？"])
def test_full_width_and_circled_numbering_is_stripped(heading):
    assert question_of(heading, "heading") == "梯度消失的原因是什么？"


def test_a_heading_that_asks_then_says_is_a_question_unless_its_question_names_nothing():
    assert question_of("## What is BN? Give an example.", "heading") == "What is BN? Give an example."
    assert question_of("¿Por qué? Porque el profesor lo repite.", "heading") is None


def test_a_word_in_another_script_names_what_a_chinese_question_asks():
    assert inline_answer("- 什么是BN？BN对每个通道做归一化。") == ("什么是BN？", "BN对每个通道做归一化。")
    assert inline_answer("- 为什么呢？因为前几步的统计量还不准。") is None


def test_hex_numbering_leaves_concept_and_formula_fronts_too():
    cards = _cards("# 批归一化\n\n## 0x01. 反向传播\n\n梯度按链式法则逐层传回，每一层都要用到上一层的梯度。\n\n"
                   "## 0x02 归一化\n\n先减去均值再除以标准差。")
    assert [c.front for c in cards if c.kind == "concept"] == ["什么是 反向传播？", "什么是 归一化？"]


def test_a_lower_case_bracket_is_an_aside_when_the_answer_follows_under_the_question():
    qa = _qa(_note("What is risk? (a niche keyword, it seems)\nThe expected loss over the data distribution."))
    assert not any("niche" in back for back in qa.values())
    assert _qa(_note("- What is risk? (the expected loss over the data distribution)")) == {
        "What is risk?": "the expected loss over the data distribution"}


@pytest.mark.parametrize(("line", "front", "back"), [
    # interview lists: an exam prompt, its full stop, then the answer in brackets
    ("1. Name three losses for regression. Compare them. (MSE, MAE and the Huber loss)",
     "Name three losses for regression. Compare them.", "(MSE, MAE and the Huber loss)"),
    ("3. Explain why dropout regularises. (It averages many thinned networks.)",
     "Explain why dropout regularises.", "(It averages many thinned networks.)"),
    ("2. 简述批归一化的作用。（加速收敛，允许更大的学习率）", "简述批归一化的作用。", "（加速收敛，允许更大的学习率）"),
    ("- Назовите три функции потерь для регрессии. (MSE, MAE и функция Хьюбера)",
     "Назовите три функции потерь для регрессии.", "(MSE, MAE и функция Хьюбера)"),
])
def test_an_exam_prompt_answered_in_brackets_on_its_line(line, front, back):
    assert inline_answer(line) == (front, back)


@pytest.mark.parametrize("line", [
    "1. Explain why dropout regularises. (5 points)",                  # a mark
    "1. Explain why dropout regularises (see the lecture).",           # an aside inside the prompt
    "1. Dropout regularises. (It averages many thinned networks.)",    # a statement, not a prompt
    "1. Explain why dropout regularises. (use the ensemble view and one formula)",  # a hint on how to answer
])
def test_a_prompt_without_a_bracketed_answer_closing_its_line_is_no_inline_card(line):
    assert inline_answer(line) is None


def test_a_question_in_an_aside_inside_a_bracketed_answer_does_not_unmake_the_answer():
    line = "1. How do you pick hyper-parameters? (Grid search, random search, Bayesian search (which one when?))"
    assert inline_answer(line) == ("How do you pick hyper-parameters?",
                                   "(Grid search, random search, Bayesian search (which one when?))")
    assert inline_answer("1. What is a prior? (What is a posterior?)") is None


@pytest.mark.parametrize(("line", "front"), [
    ("- what is the range of the softmax loss? 0 to infinity, never negative", "what is the range of the softmax loss?"),
    ("- if the loss is zero, is the weight matrix unique? **No**: twice the weights also give zero",
     "if the loss is zero, is the weight matrix unique?"),
    ("* what does a 1x1 convolution change? — only the number of channels", "what does a 1x1 convolution change?"),
])
def test_a_bullet_question_in_lower_case_answered_on_its_line(line, front):
    found = inline_answer(line)
    assert found and found[0] == front


def test_a_lower_case_question_inside_running_prose_is_still_not_asked_of_the_reader():
    assert inline_answer("what is the range of the softmax loss? 0 to infinity, never negative", False) is None
    assert _qa(_note("The loss goes down slowly\nwhat is the range of the softmax loss? 0 to infinity.")) == {}


def test_a_writer_who_capitalises_nothing_answers_in_lower_case_too():
    assert inline_answer("- what is the largest value of the hinge loss? unbounded, it grows with the scores") == (
        "what is the largest value of the hinge loss?", "unbounded, it grows with the scores")
    assert inline_answer("- What is a saddle point? why it matters is another story.") is None


def test_questions_nested_under_a_topic_item_are_cards_and_never_join_their_topic():
    qa = _qa(_note("- Hinge loss\n    - sums the clipped margins\n"
                   "    - if the loss is zero, is the weight matrix unique? **No**: doubling it keeps the loss at zero\n"
                   "- Softmax loss\n    - what are the min and max of the softmax loss? 0 and infinity"))
    assert "if the loss is zero, is the weight matrix unique?" in qa
    assert qa["what are the min and max of the softmax loss?"] == "0 and infinity"
    assert not any(front.startswith("Hinge loss") for front in qa)


@pytest.mark.parametrize(("heading", "front"), [
    ("## 2.5 为什么要归一化？", "为什么要归一化？"),
    ("## 2.5，为什么要归一化？", "为什么要归一化？"),
    ("### 1.2 What does batch norm fix?", "What does batch norm fix?"),
    ("## 0.5 的 dropout 为什么够用？", "0.5 的 dropout 为什么够用？"),   # a number the sentence is about
])
def test_section_numbers_are_stripped_whole_never_in_half(heading, front):
    assert question_of(heading, "heading") == front


@pytest.mark.parametrize("paragraph", [
    "入力8×8を3×3のフィルタで畳み込んだ時の出力サイズを求めよ。なおストライドは1とする。",   # givens after the task
    "シグモイド関数の微分の最大値を選択肢から選べ。",
    "バッチ正規化の効果を２点挙げよ。",
])
def test_japanese_exam_prompts_with_their_givens_after_the_verb_are_questions(paragraph):
    assert question_of(paragraph, "lead") == paragraph


def test_a_japanese_sentence_that_only_states_givens_is_no_prompt():
    assert question_of("なおストライドは1とする。", "lead") is None


def test_an_answer_inside_a_list_item_ends_with_the_item():
    """Lecture bullets ask and answer one item at a time: the items after it are the section's again."""
    qa = _qa(_note("- the loss sums over the wrong classes\n"
                   "- if the loss is zero, is the weight matrix unique? **No**: doubling it keeps the loss at zero\n"
                   "- at initialisation every score is about equal\n"
                   "- L2 penalty\n    - which weights does the L2 penalty prefer? small ones spread out\n"
                   "- L1 penalty\n    - good when only a few inputs matter"))
    assert qa == {"if the loss is zero, is the weight matrix unique?": "**No**: doubling it keeps the loss at zero",
                  "which weights does the L2 penalty prefer?": "small ones spread out"}


def test_the_items_after_a_list_question_stay_in_their_section_and_nothing_is_dropped():
    note = parse_text(_note("- the loss sums over the wrong classes\n"
                            "- what is the largest value of the hinge loss? unbounded, it grows with the scores\n"
                            "- at initialisation every score is about equal\n"
                            "- so the loss starts near the number of classes"), "note.md")
    momentum = [s for s in note.sections if s.heading == "Momentum"]
    assert [s.continues for s in momentum] == [False, True]
    assert momentum[1].path == momentum[0].path and momentum[1].line > momentum[0].line
    assert "at initialisation" in momentum[1].blocks[0].text and "near the number" in momentum[1].blocks[0].text
    concept = [c for c in make_cards(note) if c.kind == "concept" and "momentum" in c.front.lower()]
    assert len(concept) == 1  # the section's rest makes no second card of the same name


@pytest.mark.parametrize("item, front, answer", [
    ("- p14: Why does the Markov chain converge in the infinite horizon case? Ergodicity and aperiodicity.",
     "Why does the Markov chain converge in the infinite horizon case?", "Ergodicity and aperiodicity."),
    ("- slide 7: What does the critic estimate? (the value of the current policy)",
     "What does the critic estimate?", "the value of the current policy"),
    ("- p20: 모델 f는 다음 상태를 예측한다? (입력: 현재 상태와 행동)", "모델 f는 다음 상태를 예측한다?", "입력: 현재 상태와 행동"),
])
def test_a_page_label_before_a_question_is_no_part_of_its_front(item, front, answer):
    """Lecture notes taken slide by slide put the page a line comes from before it: a locator, not the question."""
    assert _qa(_note(item, "- p21: the simulator makes samples cheap")) == {front: answer}


def test_a_page_label_is_no_question_by_itself():
    assert question_of("p12: the state marginal", "line") is None


ANKI_NOTE = """# Note
```
guid: aB3#xY9!qz
notetype: Basic-1a2b3-4c5d6
```

### Tags
```
dl::optimisers
```

## Front
Name the <b>two moments</b> Adam keeps
<div>
  <ul>
    <li>for each weight \\(w\\)</li>
  </ul>
</div>

## Back
<div>The mean of the gradients \\(m_t\\) and the mean of their squares \\(v_t\\).</div>
"""


def test_an_anki_note_exported_as_markdown_is_one_card_from_its_two_fields():
    """`## Front` and `## Back` are the card's fields: the front is the question whatever its wording (no
    question mark here), its HTML read as text and Anki's \\(...\\) as math."""
    qa = _qa(ANKI_NOTE)
    assert list(qa) == ["Name the two moments Adam keeps for each weight $w$"]
    assert "mean of their squares" in qa["Name the two moments Adam keeps for each weight $w$"]


def test_an_anki_note_exported_as_markdown_is_named_by_its_file_not_the_exporters_note_title():
    """Every exported card is headed `# Note`: a title the same on every page names none of them."""
    assert parse_text(ANKI_NOTE, "name-the-two-moments-adam-keeps.md").title == "name-the-two-moments-adam-keeps"
    assert parse_text("# Note\n\nMy note on Adam.\n", "adam.md").title == "Note"  # no card: the author's own title


def test_front_and_back_headings_that_are_no_field_pair_stay_sections():
    text = "# Notes\n\n## Front\n\nThe front end renders pages.\n\n## Middle\n\nAn API.\n\n## Back\n\nThe database.\n"
    assert _qa(text) == {}


@pytest.mark.parametrize("heading, question", [
    ("## What is dropout", "What is dropout"),
    ("### 2. Why use label smoothing", "Why use label smoothing"),
    ("## When to use group normalization", "When to use group normalization"),
    ("### 1. 什么是过拟合", "什么是过拟合"),
    ("## Dropout 在测试时怎么处理", "Dropout 在测试时怎么处理"),
    ("## BN 和 LN 的区别是什么", "BN 和 LN 的区别是什么"),
    ("## 活性化関数とは", "活性化関数とは"),
    ("## なぜ ReLU がよく使われるのか", "なぜ ReLU がよく使われるのか"),
    ("### 드롭아웃이란", "드롭아웃이란"),
    ("### Что такое затухание градиента", "Что такое затухание градиента"),
    ("## Qu'est-ce que la normalisation", "Qu'est-ce que la normalisation"),
    ("## Was ist Batch-Normalisierung", "Was ist Batch-Normalisierung"),
])
def test_a_heading_that_starts_or_ends_with_an_interrogative_asks_without_the_mark(heading, question):
    assert question_of(heading, "heading") == question


@pytest.mark.parametrize("line, place", [
    ("## How it works in practice", "heading"),      # "How" without the verb that makes it ask names a part
    ("## Whatever happened to LeNet", "heading"),
    ("## 数据增强", "heading"),
    ("## 幾何学的な変換", "heading"),                    # 何 inside a word asks nothing
    ("What is dropout", "prose"),                    # in running text the mark is needed
    ("## Why? Because the teacher says so.", "heading"),
])
def test_an_interrogative_word_asks_only_at_a_heading_and_as_an_interrogative(line, place):
    assert question_of(line, place) is None


def test_a_numbered_answer_label_is_not_part_of_the_answer():
    assert answer_text("**A7：** 损失震荡甚至发散。", "学习率太大会怎样？") == "损失震荡甚至发散。"


def _asked(text: str) -> dict[str, str]:
    return {s.heading: "\n".join(b.text for b in s.blocks) for s in parse_text(text, "t.md").sections if s.is_question}


def test_a_table_whose_header_names_question_and_answer_is_one_card_per_row():
    found = _asked("# T\n\n| Question | Answer | Source |\n|:--|:--|---|\n"
                   "| What is NMS? | Dropping overlapping boxes. | lecture 9 |\n| Receptive field | The input patch `a|b`. | |\n")
    assert found == {"What is NMS?": "Dropping overlapping boxes.\n\n**Source:** lecture 9",
                     "Receptive field": "The input patch `a|b`."}
    assert _asked("# T\n\n| 问题 | 答案 |\n| --- | --- |\n| L1 正则化的效果 | 稀疏的权重。 |\n") == {"L1 正则化的效果": "稀疏的权重。"}


def test_a_table_whose_every_row_asks_is_one_card_per_row_and_a_table_of_facts_stays_a_table():
    assert _asked("# T\n\n| | |\n|---|---|\n| What is A? | a |\n| Why B? | b |\n") == {"What is A?": "a", "Why B?": "b"}
    facts = "# T\n\n| Model | Idea |\n|---|---|\n| VGG | 3x3 stacks |\n| Why not both? | a joke |\n"
    assert _asked(facts) == {}
    assert any(b.kind == "table" for s in parse_text(facts, "t.md").sections for b in s.blocks)


def test_the_section_goes_on_after_a_table_of_questions():
    note = parse_text("# T\n\n## Basics\n\n| Q | A |\n|---|---|\n| What is A? | a |\n\nAfter the table.\n", "t.md")
    basics = [s for s in note.sections if s.heading == "Basics"]
    assert any(b.text == "After the table." for s in basics for b in s.blocks)


def test_a_line_right_above_an_answer_label_is_its_question_with_or_without_a_mark():
    note = parse_text("# T\n\nCompute the output size for W=32, F=5, P=2, S=1\nAnswer: 32\n\n"
                      "- 17、过拟合的表现\n  答案：验证集损失上升。\n", "t.md")
    asked = {s.heading for s in note.sections if s.is_question}
    assert asked == {"Compute the output size for W=32, F=5, P=2, S=1", "过拟合的表现"}


def test_questions_asked_one_after_another_on_a_line_are_one_question():
    assert question_of("- 과적합은 무엇인가요? 어떻게 막을 수 있나요?", "prose") == "과적합은 무엇인가요? 어떻게 막을 수 있나요?"
    assert question_of("It is unclear. Can we fix it?", "prose") is None   # a sentence ends before the question


def test_a_lone_list_item_whose_answer_follows_the_list_stands_out_like_a_heading():
    note = parse_text("## 면접\n\n- Dropout에 대해 설명해주세요\n> 학습 중 뉴런의 일부를 끈다.\n\n"
                      "- 참고 자료\n> 강의 노트 3장\n", "k.md")
    assert [s.heading for s in note.sections if s.is_question] == ["Dropout에 대해 설명해주세요"]


# ---- quiz pages: keycap numbers, hints, collapsed answers, labels on their own line, paired list items ----

def test_keycap_numbers_before_a_question_are_numbering_not_words():
    qa = _qa(_note("### 3️⃣ ¿Qué guarda el momento?", "✅ **Respuesta:** Una media de los gradientes pasados.",
                   "### 1️⃣2️⃣ ¿Cuándo conviene Adam?", "Casi siempre como punto de partida."))
    assert qa == {"¿Qué guarda el momento?": "Una media de los gradientes pasados.",
                  "¿Cuándo conviene Adam?": "Casi siempre como punto de partida."}


def test_a_level_icon_after_a_question_is_decoration_not_words():
    qa = _qa(_note("**Why normalise the inputs? 🟢**", "The loss surface is better conditioned.",
                   "**What does weight tying save?** ⭐", "The output layer's own matrix.",
                   "**When does label smoothing hurt? 🟡 🔴**", "When the model must output calibrated certainties."))
    assert qa == {"Why normalise the inputs?": "The loss surface is better conditioned.",
                  "What does weight tying save?": "The output layer's own matrix.",
                  "When does label smoothing hurt?": "When the model must output calibrated certainties."}


def test_a_hint_under_a_question_is_no_question_and_the_collapsed_answer_after_it_loses_its_label():
    qa = _qa(_note("**Question 2**: Does momentum help on a flat plateau? Learning rate: $0.01$",
                   "**Think first**: what does the running average hold there?",
                   "<details>\n<summary>Click for the worked answer</summary>\n\nYes: it keeps the speed "
                   "it gathered before.\n\n</details>"))
    assert qa == {"Does momentum help on a flat plateau? Learning rate: $0.01$":
                  "**Think first**: what does the running average hold there?\n\n"
                  "Yes: it keeps the speed it gathered before."}


@pytest.mark.parametrize("hint", ["**Hint**: Is the step size fixed?", "Tipp: Ist die Schrittweite fest?",
                                  "**Consider**: what if the gradient is noisy?"])
def test_a_hint_label_never_makes_a_question(hint):
    assert question_of(hint, "lead") is None


def test_a_question_label_on_a_line_of_its_own_makes_the_paragraph_under_it_the_question():
    qa = _qa(_note("**Question**", "Given a step of 0.1 and a gradient of 3, find the change of the weight.",
                   "<details>\n<summary>Show solution</summary>\n\nIt moves by 0.3 against the gradient.\n\n</details>"))
    assert qa == {"Given a step of 0.1 and a gradient of 3, find the change of the weight.":
                  "It moves by 0.3 against the gradient."}


def test_answer_items_under_asking_items_are_their_answers_and_symbol_lists_stay_lists():
    cards = _cards(_note("- Q: 学習率を下げすぎると何が起こるか。\n- A: 学習がなかなか進まない。",
                         "- v: velocity of the update\n- A: the matrix of activations"))
    qa = {c.front: c.back for c in cards if c.kind == "qa"}
    assert qa == {"学習率を下げすぎると何が起こるか。": "学習がなかなか進まない。"}


@pytest.mark.parametrize("heading", ["### 2. Ismertesse a momentum módszer lényegét.",
                                     "### Nevezz meg két adaptív optimalizálót!",
                                     "### Hasonlítsa össze az SGD-t és az Adamot!"])
def test_hungarian_exam_prompts_in_both_persons_ask(heading):
    assert question_of(heading, "heading") is not None


@pytest.mark.parametrize("item", ["- 알고있는 최적화 기법을 설명해주세요. (SGD, Momentum, Adam 등)",
                                  "- Name the optimisers you know. (SGD, Momentum, Adam, etc.)",
                                  "- 知っている活性化関数を説明してください。（シグモイド、ReLUなど）"])
def test_a_bracket_that_lists_what_to_cover_is_part_of_the_question_not_its_answer(item):
    qa = _qa(_note(item, "> Each one scales the step differently."))
    assert qa == {item[2:]: "> Each one scales the step differently."}


def test_a_korean_request_for_an_example_is_an_exam_prompt():
    assert question_of("### 04. ReLU를 활용하는 예시를 들어주세요.", "heading") == "ReLU를 활용하는 예시를 들어주세요."


def test_numbered_questions_under_a_list_label_take_the_solutions_numbered_the_same_way():
    qa = _qa(_note("**Questions**:", "1. How many weights has a 3×3 conv from 2 to 4 channels?\n2. And its biases?",
                   "<details>\n<summary>Click for solutions</summary>\n\n**Solutions**:\n\n1. 72 weights.\n"
                   "2. 4 biases, one per filter.\n\n</details>"))
    assert qa == {"How many weights has a 3×3 conv from 2 to 4 channels?": "72 weights.",
                  "And its biases?": "4 biases, one per filter."}


def test_numbered_questions_without_solutions_stay_a_list():
    assert _qa(_note("**Questions**:", "1. Does pooling keep the sum?\n2. Would a stride of 1 shrink the map?")) == {}


def test_chinese_numbering_leaves_concept_fronts():
    cards = _cards("# 批归一化\n\n## 1、反向传播\n\n梯度按链式法则逐层传回，每一层都要用到上一层的梯度。\n\n"
                   "## （2）归一化\n\n先减去均值再除以标准差。\n\n## ③ 缩放\n\n最后乘以可学习的尺度参数。")
    assert [c.front for c in cards if c.kind == "concept"] == ["什么是 反向传播？", "什么是 归一化？", "什么是 缩放？"]

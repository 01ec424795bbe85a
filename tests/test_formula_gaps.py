"""Places where a note lost an inline formula when it was exported: found, marked quietly, never invented."""
from __future__ import annotations

from pathlib import Path

import pytest

from kb.check.formula_gaps import OBJECT, find_gaps
from kb.emit.gap_marks import count_gaps, gap_marker
from kb.emit.html import render_markdown

CORPUS = Path(__file__).resolve().parent / "corpus"
ENGLISH = CORPUS / "qa" / "generative_exported.md"
CHINESE = CORPUS / "qa" / "sunshi_daochu_zh.md"
GAP = "⟦⟧"


def marked(text: str, lang: str) -> str:
    out = text
    for at in reversed(find_gaps(text, lang)):
        out = out[:at] + GAP + out[at:]
    return out


def paragraphs(path: Path) -> list[str]:
    return [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip() and not p.startswith("#")]


def test_english_note_gaps_are_found_where_the_formulas_were():
    assert [marked(p, "en") for p in paragraphs(ENGLISH)] == [
        "Given samples ⟦⟧, we pick the parameters that make the data most probable: we maximise the likelihood ⟦⟧,"
        " where ⟦⟧are the parameters of the model.",
        "It says how far a distribution is from a reference distribution ⟦⟧. For discrete distributions it is"
        " given by ⟦⟧. It is zero only when the two are equal.",
        # "a mean [μ] and" cannot be told from prose: the one gap of this paragraph left unmarked
        "Let ⟦⟧be the latent code. The encoder outputs a mean and a spread ⟦⟧, and the decoder rebuilds the input"
        " from a sample of ⟦⟧.",
        "It adds Gaussian noise over steps, where ⟦⟧is the noise schedule, and a network learns to remove the"
        " noise step by step.",
        "During training the decoder is fed the true previous token instead of its own guess, which makes early"
        " training stable.",
    ]


def test_chinese_note_gaps_are_found_where_the_formulas_were():
    assert [marked(p, "zh") for p in paragraphs(CHINESE)] == [
        "给定真实分布  ⟦⟧和预测分布 ⟦⟧，交叉熵定义为 ⟦⟧。其中  ⟦⟧是类别数。",
        "对  ⟦⟧个样本，均方误差等于 ⟦⟧。它对离群点很敏感。",
        "Softmax 把一个向量变成概率分布，每一项都是正数，总和为一。",
    ]


@pytest.mark.parametrize("path, lang", [(ENGLISH, "en"), (CHINESE, "zh")])
def test_the_same_prose_with_its_formulas_has_no_gap(path, lang):
    """Put a formula back at every gap found: nothing is missing any more, so nothing may be marked."""
    for paragraph in paragraphs(path):
        gaps = find_gaps(paragraph, lang)
        restored = paragraph
        for at in reversed(gaps):
            restored = restored[:at].rstrip(" ") + " " + OBJECT + ("" if restored[at] in ",.;:，。；：、" else " ") + restored[at:]
        assert find_gaps(restored, lang) == []


@pytest.mark.parametrize("text", [
    "The tensor has shape (N, C) ... and so on ... fun :) see the .py file, e.g. model.eval() works.",
    "Some of which are big; a margin of at least 1. The so-called trick is a for loop, it's what we work with.",
    "Where is the model saved? Let it be. The region it is snapped to is not the box.",
    "pruned = w[:, :, idx] keeps the kernels.",
    "使用 ReLU 激活的 CNN 网络，在 **训练** 时很快。",
    "A lead-in before a list:",
    "- Split 2 : train on parts 1-2, test on part 3",   # a colon spaced by habit (French typing), not a gap
    "Remarque : the note spaces its colons.",
])
def test_clean_prose_gets_no_mark(text):
    lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en"
    assert find_gaps(text, lang) == []


def test_a_latin_word_set_off_by_one_space_in_han_text_is_the_writers_habit_not_a_gap():
    """Writers who space Latin words off Han text leave one space before the full stop or comma after the
    word; a formula lost after the word leaves the two spaces that framed it."""
    assert find_gaps("先用 dropout ，再做 batch norm 。", "zh") == []
    assert marked("先用 dropout  ，再做 batch norm  。", "zh") == "先用 dropout  ⟦⟧，再做 batch norm  ⟦⟧。"
    assert marked("交叉熵定义为 ，其中", "zh") == "交叉熵定义为 ⟦⟧，其中"


def test_a_spaced_colon_is_a_gap_only_after_a_word_that_needs_one_after_it():
    assert marked("We minimise the : it is convex.", "en") == "We minimise the ⟦⟧: it is convex."


def test_a_language_without_cues_gets_no_marks():
    assert find_gaps("Gegeven een dataset , maximaliseren we waar de parameters zijn.", "nl") == []


@pytest.mark.parametrize("math", ["anki", "mathml"])
def test_formulas_code_and_formatting_present_in_the_html_count_as_present(math):
    fine = render_markdown("Given a dataset $D$, we maximise $p(D)$ where $\\theta$ are **our** weights: `f(x , y)`.",
                           math=math)
    assert count_gaps(fine, "en") == 0
    stripped = render_markdown("Given a dataset , we maximise where are **our** weights.", math=math)
    out = gap_marker("en")(stripped)
    assert out.count('<span class="kb-gap"') == 2 == count_gaps(stripped, "en")
    assert 'dataset <span class="kb-gap" title="A formula seems to be missing here' in out
    assert ">formula missing</span>, we" in out


def test_marking_never_turns_note_text_into_markup():
    html = render_markdown("A &lt;b&gt; tag &amp; <script>x()</script> , done where are we.", math="anki")
    out = gap_marker("en")(html)
    assert "<script" not in out and "&lt;b&gt;" in out
    assert out.replace('<span class="kb-gap"', "").count("<span") == html.count("<span")


# Sentences written for these tests, each with its formulas cut out the way an export cuts them.
STRIPPED = {
    "ru": ("Функция потерь зависит от . Пусть — обучающая выборка, где — шаг обучения, а ошибка равна .",
           "Функция потерь зависит от ⟦⟧. Пусть ⟦⟧— обучающая выборка, где ⟦⟧— шаг обучения, а ошибка равна ⟦⟧."),
    "de": ("Die Verlustfunktion ist gegeben durch . Sie hängt von den Gewichten , ab.",
           "Die Verlustfunktion ist gegeben durch ⟦⟧. Sie hängt von den Gewichten ⟦⟧, ab."),
    "fr": ("La perte est donnée par . Le modèle apprend les poids , où désigne le taux d'apprentissage.",
           "La perte est donnée par ⟦⟧. Le modèle apprend les poids ⟦⟧, où ⟦⟧désigne le taux d'apprentissage."),
    "es": ("La pérdida es igual a . Actualizamos los pesos , donde denota la tasa de aprendizaje.",
           "La pérdida es igual a ⟦⟧. Actualizamos los pesos ⟦⟧, donde ⟦⟧denota la tasa de aprendizaje."),
    "pt": ("A perda é dada por . Atualizamos os pesos , onde representa a taxa de aprendizado.",
           "A perda é dada por ⟦⟧. Atualizamos os pesos ⟦⟧, onde ⟦⟧representa a taxa de aprendizado."),
    "it": ("La perdita è data da . Aggiorniamo i pesi , dove indica il tasso di apprendimento.",
           "La perdita è data da ⟦⟧. Aggiorniamo i pesi ⟦⟧, dove ⟦⟧indica il tasso di apprendimento."),
    "vi": ("Hàm mất mát được định nghĩa là . Ta cập nhật trọng số , với tốc độ học nhỏ.",
           "Hàm mất mát được định nghĩa là ⟦⟧. Ta cập nhật trọng số ⟦⟧, với tốc độ học nhỏ."),
    "ja": ("損失関数は  で定義される。ここで は学習率である。",
           "損失関数は  ⟦⟧で定義される。ここで ⟦⟧は学習率である。"),
    "ko": ("여기서 는 학습률이고 가중치는 매 단계 갱신된다 .",
           "여기서 ⟦⟧는 학습률이고 가중치는 매 단계 갱신된다 ⟦⟧."),
}


@pytest.mark.parametrize("lang", sorted(STRIPPED))
def test_gaps_are_found_in_each_language_with_a_cue_table(lang):
    text, expected = STRIPPED[lang]
    assert marked(text, lang) == expected


LEGACY_NOTES = Path(__file__).resolve().parent / "fixtures" / "legacy"


@pytest.mark.parametrize("lang", ["ru", "de", "fr", "es", "pt", "it", "ja", "ko", "zh"])
def test_clean_notes_in_each_language_get_no_mark(lang):
    """Notes written with every formula in place (tests/fixtures/legacy/): nothing is missing."""
    text = (LEGACY_NOTES / f"{lang}.md").read_text(encoding="utf-8")
    assert marked(text, lang) == text


def test_clean_vietnamese_prose_gets_no_mark():
    text = ("Mạng nơ-ron tích chập dùng một nhân nhỏ trượt trên toàn bộ ảnh, nên số tham số không phụ thuộc vào"
            " độ phân giải. Tốc độ học quyết định độ dài mỗi bước của giảm dần độ dốc.")
    assert find_gaps(text, "vi") == []


@pytest.mark.parametrize("text, expected", [
    ("Our L1 distance is\n\nIt adds the absolute differences.", "Our L1 distance is⟦⟧\n\nIt adds the absolute differences."),
    ("The update rule can be written as\n\nThe step size is small.", "The update rule can be written as⟦⟧\n\nThe step size is small."),
    ("The gradient of the loss is", "The gradient of the loss is⟦⟧"),
    # the display formula is there, the sentence goes on, or the sentence is a clause of its own
    (f"Our L1 distance is\n\n{OBJECT}", None),
    ("Our L1 distance is\nthe sum of the absolute differences.", None),
    ("Nobody knows what the best learning rate is\n\nTry a few.", None),
    ("That is how it is\n\nMoving on.", None),
    ("We tried three optimisers and kept the one whose loss fell fastest\n\nNext.", None),
])
def test_a_line_announcing_a_display_formula_that_is_not_there_is_marked(text, expected):
    assert marked(text, "en") == (expected or text)


def test_a_note_that_kept_its_math_gets_no_gap_marks_anywhere():
    """An exporter that drops math drops every formula: a note still holding one kept them all, and its
    author's spacing before a full stop ("in backpropagation .") is no lost formula."""
    from kb.check.formula_gaps import lost_its_math
    from tests.parse_helpers import parse_text

    spaced = "Given a dataset , we want to maximise the likelihood ."
    stripped = parse_text(f"# Likelihood\n\n{spaced}\n", "stripped.md")
    kept = parse_text(f"# Likelihood\n\n{spaced}\n\nThe likelihood is $p(D \\mid \\theta)$.\n", "kept.md")
    assert lost_its_math(stripped) and not lost_its_math(kept)
    code = parse_text(f"# Likelihood\n\n{spaced}\n\n- bias correction: `(1-beta1**t)`\n", "code.md")
    assert any(b.kind == "formula" for s in code.sections for b in s.blocks)
    assert lost_its_math(code)   # a formula in plain text or code survives an export that drops math
    html = render_markdown(spaced, math="anki")
    assert "kb-gap" in gap_marker("en")(html)   # what both outputs do for a note that lost its math


def test_gaps_in_markdown_source_read_code_and_math_as_present():
    """A card's answer is Markdown: a code span or inline math where the formula stood is no gap."""
    from kb.check.formula_gaps import markdown_gaps

    assert markdown_gaps("Given a dataset , we maximise it.", "en")
    assert markdown_gaps("Given a dataset `D` , we maximise it.", "en") == []
    assert markdown_gaps("Given a dataset ![D](d.png) , we maximise it.", "en") == []
    assert markdown_gaps("Given a **dataset** , we maximise it.", "en") == []

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


def test_a_spaced_colon_is_a_gap_only_after_a_word_that_needs_one_after_it():
    assert marked("We minimise the : it is convex.", "en") == "We minimise the ⟦⟧: it is convex."


def test_a_language_without_cues_gets_no_marks():
    assert find_gaps("Dado un conjunto , queremos maximizar donde son los parámetros.", "es") == []


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

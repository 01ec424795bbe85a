"""Guessed characters of a repaired note are marked in rendered card HTML, never in the Markdown."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.emit.guess_marks import _ContextFinder, guess_marker
from kb.emit.html import render_markdown
from kb.read import read_bytes
from kb.read.mojibake import damage

NOTE = "# 卷积\n\n卷积层通过共享权重减少参数数量。\n\n池化层降低特征图的分辨率，扩大感受野。\n\n`卷积层` 是代码。\n"
GUESS = re.compile(r'<span class="kb-guess"[^>]*data-alternatives="([^"]*)">(.)</span>')


def repaired_source():
    return read_bytes(damage(NOTE, "cp1254").encode("utf-8"), "note.md")


def guessed_in(line: str, source) -> list[str]:
    """The guessed characters of the note line equal to `line`, in order."""
    start = source.text.index(line)
    return [r.char for r in source.repair.restored if not r.certain
            for offset in [sum(len(l) + 1 for l in source.text.split("\n")[:r.line - 1]) + r.column]
            if start <= offset < start + len(line)]


def test_every_guessed_character_of_a_quoted_line_is_marked_with_its_alternatives():
    source = repaired_source()
    line = "池化层降低特征图的分辨率，扩大感受野。"
    assert source.text.count(line) == 1
    html = guess_marker(source)(render_markdown("**答案**：" + line, math="mathml"))
    marked = GUESS.findall(html)
    assert [char for _, char in marked] == guessed_in(line, source) and marked
    assert all(alternatives for alternatives, _ in marked)
    assert re.sub(r"<[^>]+>", "", html).strip() == "答案：" + line   # the text itself is unchanged


def test_code_is_never_marked_and_clean_notes_are_left_alone():
    source = repaired_source()
    code = render_markdown("`卷积层` 是代码。", math="mathml")
    marked = guess_marker(source)(code)
    assert "<code>卷积层</code>" in marked
    clean = read_bytes(NOTE.encode("utf-8"), "note.md")
    prose = render_markdown("池化层降低特征图的分辨率", math="mathml")
    assert guess_marker(clean)(prose) == prose


def test_a_character_the_repair_is_sure_of_is_not_marked_and_a_guess_still_is():
    # 征, 率 and 受 win by more than CERTAIN_MARGIN in every pass, 降, 低 and 野 do not: the site's cards and
    # Anki's alike (both wrap card HTML with guess_marker) mark only the guesses.
    source = repaired_source()
    line = "池化层降低特征图的分辨率，扩大感受野。"
    start = source.text.index(line)
    lines = source.text.split("\n")
    offsets = {sum(len(l) + 1 for l in lines[:r.line - 1]) + r.column: r for r in source.repair.restored}
    in_line = [offsets[at] for at in sorted(offsets) if start <= at < start + len(line)]
    certain = [r.char for r in in_line if r.certain]
    guessed = [r.char for r in in_line if not r.certain]
    assert certain and guessed
    html = guess_marker(source)(render_markdown(line, math="mathml"))
    assert [char for _, char in GUESS.findall(html)] == guessed
    assert re.sub(r"<[^>]+>", "", html).strip() == line


def _marks_by_the_rule(text: str, contexts: dict[str, list[tuple[int, str]]]) -> dict[int, str]:
    """The rule, written the slow way: at every start from the left, the longest context found there marks its
    guesses, and a character already marked by a context that starts earlier keeps that mark."""
    marked: dict[int, str] = {}
    for start in range(len(text)):
        here = [context for context in contexts if text.startswith(context, start)]
        if here:
            for where, alternatives in contexts[max(here, key=len)]:
                marked.setdefault(start + where, alternatives)
    return marked


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_guesses_are_found_where_the_rule_finds_them(data):
    # Contexts of a small alphabet overlap, repeat and nest, as those of a note's common characters do.
    alphabet = "的中不卷积层a，"
    contexts: dict[str, list[tuple[int, str]]] = {}
    for _ in range(data.draw(st.integers(1, 12))):
        context = data.draw(st.text(alphabet, min_size=1, max_size=5))
        where = data.draw(st.integers(0, len(context) - 1))
        contexts.setdefault(context, []).append((where, data.draw(st.sampled_from(["甲", "乙 丙"]))))
    text = data.draw(st.text(alphabet, max_size=40))
    assert _ContextFinder(contexts).guesses(text) == _marks_by_the_rule(text, contexts)

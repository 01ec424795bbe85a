"""A LaTeX document is read as the Markdown it would be (kb.parse.dialects.latex_document): the spec, rule by rule."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.parse.dialects.latex_document import inline_text, is_latex_document, rewrite
from kb.read.kinds import detect_kind
from tests.parse_helpers import parse_text

_ARTICLE = r"""\documentclass{article}
\usepackage{amsmath}
\title{Pooling \\ Week 5}
\author{Me}
\begin{document}
\maketitle
\section{Max pooling}
Takes the \textbf{largest} value. % said twice in class
\subsection{Why pool?}
It makes the map \emph{smaller}.
\end{document}
"""


def _shown(text: str) -> list[str]:
    return [line for line in rewrite(text).split("\n") if line.strip()]


def test_the_preamble_is_no_text_and_its_title_names_the_note():
    assert _shown(_ARTICLE) == ["# Pooling Week 5", "## Max pooling", "Takes the **largest** value.",
                                "### Why pool?", "It makes the map *smaller*."]
    note = parse_text(_ARTICLE, "pooling.tex")
    assert note.title == "Pooling Week 5"
    assert [(s.level, s.heading) for s in note.sections if s.level] == [(1, "Pooling Week 5"), (2, "Max pooling"),
                                                                         (3, "Why pool?")]


def test_every_line_stays_on_its_line():
    assert rewrite(_ARTICLE).count("\n") == _ARTICLE.count("\n")
    assert rewrite(_ARTICLE).split("\n")[6] == "## Max pooling"


def test_frame_titles_are_headings_under_the_deepest_sectioning():
    text = ("\\documentclass{beamer}\n\\title[Short]{Optimisers}\n\\begin{document}\n\\section{Steps}\n"
            "\\begin{frame}[fragile]{Why momentum?}\nIt smooths the steps.\n\\end{frame}\n"
            "\\begin{frame}\n\\frametitle<2->{Adam}\nTwo moments.\n\\end{frame}\n\\end{document}\n")
    assert _shown(text) == ["# Optimisers", "## Steps", "### Why momentum?", "It smooths the steps.", "### Adam",
                            "Two moments."]


def test_items_are_list_items_nested_as_their_lists_and_terms_are_bold():
    text = ("\\begin{document}\n\\begin{itemize}[<+->]\n\\item<2-> Pooling\n\\begin{enumerate}\n\\item max\n"
            "\\end{enumerate}\n\\item[Stride] the step\n\\end{itemize}\n\\end{document}\n")
    assert _shown(text) == ["- Pooling", "  1. max", "- **Stride** the step"]


def test_an_item_of_a_list_environment_of_the_documents_own_is_still_an_item():
    text = "\\begin{document}\n\\begin{wideitemize}\n\\item One\n\\end{wideitemize}\n\\end{document}\n"
    assert _shown(text) == ["- One"]


def test_display_math_is_kept_as_written_and_stays_inside_its_list_item():
    text = ("\\begin{document}\n\\begin{enumerate}\n\\item Its derivative:\n  \\begin{equation}\n"
            "    \\sigma'(x) = \\sigma(x)(1 - \\sigma(x)) % the classic one\n  \\end{equation}\n"
            "\\end{enumerate}\n\\[\n  y = \\max(0, x)\n\\]\n\\end{document}\n")
    assert _shown(text) == ["1. Its derivative:", "   \\begin{equation}", "   \\sigma'(x) = \\sigma(x)(1 - \\sigma(x))",
                            "   \\end{equation}", "\\[", "y = \\max(0, x)", "\\]"]
    formulas = [b.latex for s in parse_text(text, "a.tex").sections for b in s.blocks if b.kind == "formula"]
    assert "\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))" in [f.strip() for f in formulas]


def test_inline_math_is_never_rewritten_as_text():
    assert inline_text(r"width $W - K + 2P$ and \(a \% b\) -- done~now") == r"width $W - K + 2P$ and \(a \% b\) – done now"


def test_verbatim_is_fenced_code_and_drawings_are_no_text():
    text = ("\\begin{document}\n\\begin{minted}{python}\nx = 1  % not a comment here\n\\end{minted}\n"
            "\\begin{tikzpicture}\n\\node at (0,0) {A};\n\\end{tikzpicture}\nAfter.\n\\end{document}\n")
    assert _shown(text) == ["```python", "x = 1  % not a comment here", "```", "After."]


def test_set_up_commands_spanning_lines_are_no_text():
    text = ("\\begin{document}\n\\tikzset{\n  every node/.style={draw},\n}\n\\newcommand\\mark[1]{%\n  \\tikz \\node {#1};%\n}\n"
            "Text.\n\\end{document}\n")
    assert _shown(text) == ["Text."]


def test_commands_show_their_text_and_layout_commands_show_nothing():
    assert inline_text(r"\centering \textcolor{blue}{Deep} \vspace{2mm}learning, see \cite{lecun} \url{ http://x.org }") \
        == "Deep learning, see <http://x.org>"
    assert inline_text(r"\href{http://a.org}{the \emph{paper}} and \includegraphics[width=2cm]{f.png}") \
        == "[the *paper*](http://a.org) and ![](f.png)"
    assert inline_text(r"50\% of \textbf{\color{red} Q:} costs \$5") == "50% of **Q:** costs \\$5"


def test_blocks_and_theorems_give_their_titles_as_bold_lines():
    text = ("\\begin{document}\n\\begin{block}{Momentum}\nAverage the steps.\n\\end{block}\n"
            "\\begin{definition}[Stride]\nThe step of the window.\n\\end{definition}\n\\end{document}\n")
    assert _shown(text) == ["**Momentum**", "Average the steps.", "**Stride**", "The step of the window."]


def test_a_fragment_with_sectioning_lines_is_a_document_and_a_markdown_note_about_latex_is_not():
    fragment = "% chapter 3\n\\section{Backprop}\nChain rule.\n\\subsection{Why does it vanish?}\nSmall slopes.\n"
    assert is_latex_document(fragment) and detect_kind(fragment) == "markdown"
    assert _shown(fragment)[:2] == ["## Backprop", "Chain rule."]
    markdown = "# LaTeX tips\n\n```latex\n\\documentclass{article}\n\\section{A}\n\\section{B}\n```\n"
    assert not is_latex_document(markdown) and rewrite(markdown) == markdown
    one_section = "Some text with \\section{A} once.\n"
    assert not is_latex_document(one_section) and rewrite(one_section) == one_section


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([
    "\\section{A}", "\\begin{itemize}", "\\item x", "\\end{itemize}", "\\[", "\\]", "x = 1", "% c", "\\tikzset{",
    "}", "\\begin{verbatim}", "\\end{verbatim}", "\\begin{frame}{T}", "\\end{frame}", "$$", "\\title{T}", "",
    "\\begin{align}", "\\end{align}", "\\textbf{open", "text } more",
]), max_size=30))
def test_a_document_keeps_its_number_of_lines_whatever_it_holds(lines):
    text = "\\documentclass{article}\n\\begin{document}\n" + "\n".join(lines) + "\n\\end{document}"
    assert rewrite(text).count("\n") == text.count("\n")


def test_the_authors_macros_without_arguments_are_written_out_where_they_are_used():
    text = ("\\documentclass{article}\n\\newcommand{\\R}{\\mathbb{R}}\n\\DeclareMathOperator{\\sign}{sign}\n"
            "\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}\n\\begin{document}\n"
            "$x \\in \\R^n$, $\\sign(x)$, $\\norm{x}$, $\\Rho$\n\\end{document}\n")
    assert _shown(text) == ["$x \\in \\mathbb{R}^n$, $\\operatorname{sign}(x)$, $\\norm{x}$, $\\Rho$"]


def test_babel_quotes_become_the_quotes_they_print():
    assert inline_text("<<доля дефектных пар>> and ``this''") == "«доля дефектных пар» and “this”"


def test_a_line_break_before_a_closing_brace_closes_the_group():
    assert inline_text(r"\textbf{Two \\} lines") == "**Two** lines"

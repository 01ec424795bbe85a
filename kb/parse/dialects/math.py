"""Math in every delimiter TeX users write: `$..$` and `$$..$$` (inline or display), `\\(..\\)`,
`\\[..\\]` and amsmath environments (`\\begin{equation}..\\end{equation}`, `align`, ...).

All of it becomes the token types the rest of kb reads: `math_inline`, `math_inline_double` (display
math inside a line), `math_block` and `amsmath`. mdit-py-plugins' dollarmath and amsmath are used as
they are; texmath's bracket rules are reused, with the source lines its block rule leaves out.
"""
from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.texmath.index import make_block_func, rules

# Closing delimiter of each opening one, for writing a formula back as its author did.
CLOSING = {"$": "$", "$$": "$$", "\\(": "\\)", "\\[": "\\]"}
_INLINE = {"\\(": (re.compile(r"\\\((.+?)\\\)", re.S), "math_inline"),
           "\\[": (re.compile(r"\\\[(.+?)\\\]", re.S), "math_inline_double")}
_ENVIRONMENT = re.compile(r"^\\begin\{(equation\*?|displaymath)\}(.*)\\end\{\1\}$", re.S)


def plugin(md: MarkdownIt) -> None:
    dollarmath_plugin(md, allow_space=True, allow_digits=True, double_inline=True)
    md.inline.ruler.before("escape", "math_brackets", _bracket_inline)
    md.block.ruler.before("fence", "math_block_brackets", _bracket_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    amsmath_plugin(md)


def _bracket_inline(state: StateInline, silent: bool) -> bool:
    opener = state.src[state.pos:state.pos + 2]
    if opener not in _INLINE:
        return False
    pattern, kind = _INLINE[opener]
    match = pattern.match(state.src, state.pos)
    if not match or not match.group(1).strip():
        return False
    if not silent:
        token = state.push(kind, "math", 0)
        token.content = match.group(1)
        token.markup = opener
    state.pos = match.end()
    return True


_TEXMATH_BLOCK = make_block_func(next(r for r in rules["brackets"]["block"] if r["name"] == "math_block"))


def _bracket_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A `\\[..\\]` display block; texmath's rule does not record the lines it spans, kb needs them."""
    if not _TEXMATH_BLOCK(state, start, end, silent):
        return False
    if not silent:
        state.tokens[-1].map = [start, state.line]
        state.tokens[-1].markup = "\\["
    return True


def environment_latex(env: str) -> str:
    """The LaTeX of an amsmath environment as a formula: an equation's body, other environments whole."""
    match = _ENVIRONMENT.match(env.strip())
    return match.group(2).strip() if match else env.strip()

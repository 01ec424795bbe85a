"""Which character introduces a formula: a damaged slot right before inline or display math, read as
mathematical writing.

UTF-8 read as GBK loses a character's last byte exactly where the byte after it cannot be a GBK trail byte
(below 0x40: a space, a digit, a line break, and the dollar that opens inline math), so the characters this
accident breaks most are the ones that stand right before a formula: 「设样本集为$S$」, 「误差为$e$」, and a
line that ends just before a display formula (「令」 above 「$$ k = 1 $$」). There the lost byte leaves a dozen
characters sharing the two bytes that survived (为 E4 B8 BA beside 中 E4 B8 AD, 下 E4 B8 8B; 令 E4 BB A4 beside
他 E4 BB 96), and the news the character pairs were counted from, which holds no formula, ranks 步长与 and 一般只
over 步长为 and 一般取. Mathematical Chinese introduces a formula as a value with a copula or an imperative
(为 "is, equals", 令 and 设 "let", 记 "denote", 即 "that is", 取 "take the value"): the words are data (kb/read/data/formulas_zh.toml).
A number is a value as a formula is, and GBK loses the byte before a digit as before a dollar: 为 and 取 introduce
one (「学习率为 0.01」, 「β 一般取 0.9」), where the pairs ranked 又 and 号 (取's bytes) over 取.
"""
from __future__ import annotations

from functools import cache
import re

# What may stand between the slot and the formula it introduces: spaces and Markdown's emphasis marks.
_GAP = r"[ *_]*"
# A formula opening right after the slot: inline math (`$x$`, `$$x$$`) or LaTeX's inline brackets (`\(x\)`).
_INLINE_AFTER = re.compile(_GAP + r"(?:\$|\\\()")
# What may end a line after the slot when the next line opens display math: spaces, emphasis and a line break.
_LINE_END = re.compile(r"[ *_]*(?:<br\s*/?>)?[ ]*", re.IGNORECASE)
# A number opening right after the slot (「取 0.9」, 「为-1」), not a name that opens with digits (「3D卷积」).
_NUMBER_AFTER = re.compile(_GAP + r"[-+]?\d(?![\d.,]*[A-Za-z_])")
# A number ending right before the slot.
_NUMBER_BEFORE = re.compile(r"\d[ ]*$")
# A line opening display math: `$$`, LaTeX's `\[` or an environment (`\begin{aligned}`).
DISPLAY_OPENS = re.compile(r"[ \t>]*(?:\$\$|\\\[|\\begin\{)")


@cache
def formula_leads() -> frozenset[str]:
    """The characters that introduce a formula as a value (kb/read/data/formulas_zh.toml)."""
    from kb.read.langmodel import data_table

    return frozenset(data_table("formulas_zh.toml")["leads"])


@cache
def value_leads() -> frozenset[str]:
    """The characters that introduce a value a number can be (kb/read/data/formulas_zh.toml)."""
    from kb.read.langmodel import data_table

    return frozenset(data_table("formulas_zh.toml")["value_leads"])


def before_number(fixed: str, at: int) -> bool:
    """Whether slot `at` of the line `fixed` stands right before a number and not right after one."""
    return bool(_NUMBER_AFTER.match(fixed, at + 1)) and not _NUMBER_BEFORE.search(fixed, 0, at)


def before_formula(fixed: str, at: int, display_next: bool) -> bool:
    """Whether slot `at` of the line `fixed` stands right before a formula: inline math opening after it, or
    the end of its line where the next line opens display math (`display_next`)."""
    rest = fixed[at + 1:]
    return bool(_INLINE_AFTER.match(rest)) or (display_next and bool(_LINE_END.fullmatch(rest)))


# The numerals and demonstratives a classifier follows: after one, a slot before a number holds the classifier of a
# count whose noun the number measures (「一个 5×5 卷积」), not a value.
COUNTERS = frozenset("一两几这那每各某")


def _after_counter(fixed: str, options, at: int) -> bool:
    """Whether the character before slot `at` is, or (damaged) may be, a numeral or a demonstrative."""
    if at == 0:
        return False
    before = fixed[at - 1]
    return before in COUNTERS or (before == "\0" and not COUNTERS.isdisjoint(options[at - 1]))


def formula_lead_scores(fixed: str, options, damaged, display_next: bool, logp: float):
    """A score per (slot, character): `logp` for a character that introduces a formula in a damaged slot
    right before one, or a value in a damaged slot right before a number (`before_number`) that no numeral
    or demonstrative precedes, where the slot may hold another character too; nothing elsewhere. `fixed` is the line with NUL for characters not
    settled."""
    leads, values = formula_leads(), value_leads()

    @cache
    def placed(at: int) -> bool:
        return before_formula(fixed, at, display_next) and len(options[at]) > 1

    @cache
    def numbered(at: int) -> bool:
        return before_number(fixed, at) and len(options[at]) > 1 and not _after_counter(fixed, options, at)

    def score(at: int, char: str) -> float:
        if not damaged[at]:
            return 0.0
        return logp if (char in leads and placed(at)) or (char in values and numbered(at)) else 0.0

    return score

"""A legend of what a formula's symbols stand for puts a colon after each symbol (「- $x$：输入特征图」): with LaTeX's
\\( \\) delimiters as with $ $, and on a line that opens with the symbol as on a list item
(`kb.read.langmodel.placement_logp`). cp1253 and cp1257 lose the colon's last byte (EF BC 9A) as the comma's."""
from __future__ import annotations

import pytest

from kb.read.mojibake import damage, repair_mojibake


def _legend_line(line: str, codepage: str) -> str:
    text = "下面是各个符号的含义。\n" + line + "\n这是一个普通的句子，用来凑够检测所需的字符。\n"
    return repair_mojibake(damage(text, codepage))[0].split("\n")[1]


@pytest.mark.parametrize("codepage", ["cp1253", "cp1257"])
@pytest.mark.parametrize("line", [
    "- \\(x\\)：输入的特征图",                          # \( \) as the symbol of a list item
    "- \\(\\gamma\\)：折扣因子，取值在 0 到 1 之间",
    "\\(x\\)：输入的特征图",                            # a legend line with no list marker
    "$x$：输入的特征图",
    "$x$，$y$ 分别表示输入和输出。",                    # a comma between symbols lists them: no legend
])
def test_a_symbol_legend_takes_the_colon(line, codepage):
    assert _legend_line(line, codepage) == line

"""Labels that take a colon (`kb.read.langmodel.placement_logp`): a legend of what a formula's symbols stand for
(「- $x$：输入特征图」), with LaTeX's \\( \\) delimiters as with $ $ and on a line that opens with the symbol as on a list
item; and a label numbered after its noun (「情况1：」). cp1253 and cp1257 lose the colon's last byte (EF BC 9A) as the
comma's."""
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


@pytest.mark.parametrize("line", [
    "情况1：优势为正时增加概率。",       # a label numbered after its noun takes the colon
    "阶段2：计算每一步的优势",
    "步骤三：更新策略网络的参数",
    "训练时，学习率逐渐减小。",          # a clause opening a paragraph takes the comma
])
def test_a_numbered_label_opening_a_paragraph_takes_the_colon(line):
    text = "下面分几种情况讨论。\n\n" + line + "\n\n这是一个普通的句子，用来凑够检测所需的字符。\n"
    assert repair_mojibake(damage(text, "cp1257"))[0].split("\n")[2] == line

"""The vocabulary of machine learning's subfields in kb/read/data/lexicon_zh_fields.txt: terms everyday word
lists count a handful of times or lack, which a damaged character read as an everyday word one byte away."""
from __future__ import annotations

import pytest

from kb.read.langmodel import lexicon
from kb.read.mojibake import damage, repair_mojibake

# A filler line makes the damage of a short sentence detectable.
FILLER = "\n这是一个普通的句子，用来凑够检测所需的字符。\n"


def test_the_subfield_files_are_read_with_the_main_lexicon():
    terms = lexicon("zh")
    assert "卷积神经网络" in terms      # lexicon_zh.txt
    assert "目标域" in terms            # lexicon_zh_fields.txt


@pytest.mark.parametrize("original, codepage", [
    ("模型在源域上训练，在目标域上测试。", "cp1257"),      # 源域, 目标域 (domains), not 动机子, 目标子
    ("信息熵满足非负性。", "cp1253"),                      # 非负性 (non-negativity), not 队负性
    ("最大熵原理认为熵最大的模型最好。", "cp1253"),        # 最大熵原理, not 最大熵合理
    ("把实数域映射到区间内。", "cp1257"),                  # 实数域 (the real numbers), not 实数同
    ("可行域是满足所有约束的点。", "cp1253"),              # 可行域 (the feasible region), not 可行只
    ("强对偶成立时两个问题的最优值相等。", "cp1257"),      # 最优值 (the optimal value), not 最会值
])
def test_subfield_vocabulary_is_restored(original, codepage):
    repaired, _ = repair_mojibake(damage(original + FILLER, codepage))
    assert repaired.split("\n")[0] == original


@pytest.mark.parametrize("original, codepage", [
    ("重要性采样给出期望的无偏估计，也就是无偏的。", "cp1254"),  # 无偏 (unbiased), not 无名
    ("综上可知正则化能减小方差。", "cp1253"),                    # 综上 (in sum), not 综中
])
def test_short_forms_of_estimation_and_summing_up_are_restored(original, codepage):
    repaired, _ = repair_mojibake(damage(original + FILLER, codepage))
    assert repaired.split("\n")[0] == original


@pytest.mark.parametrize("codepage", ["cp1253", "cp1257"])
def test_a_domain_takes_the_surface_postposition(codepage):
    # kb/read/data/locatives_zh.toml: one trains and tests on a domain as on a data set (在目标域上测试).
    original = "分类器在源域上的误差较小，在目标域上的误差较大。"
    repaired, _ = repair_mojibake(damage(original + FILLER, codepage))
    assert repaired.split("\n")[0] == original

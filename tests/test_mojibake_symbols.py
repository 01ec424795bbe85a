"""Symbols notes type as characters beyond those kb.read.langmodel already weighed: probability's letters of the
Mathematical Alphanumeric Symbols block (𝔼, 𝕀, 𝒩), the tilde of 「x ∼ p(x)」 and the box drawing of directory trees.
Unseen, each lost to whatever shares its surviving bytes (𝔼 to an Elbasan letter, 𝒩 to an emoji)."""
from __future__ import annotations

import pytest

from kb.read.mojibake import damage, repair_mojibake

FILLER = "这是一个普通的句子，用来凑够检测所需的字符。\n"


@pytest.mark.parametrize("codepage", ["cp1252", "cp1254", "cp1253", "cp1257"])
@pytest.mark.parametrize("line", ["期望 𝔼[X] 是随机变量的均值。", "其中 𝕀 是指示函数，𝒩 是正态分布。"])
def test_probability_letters_are_restored(line, codepage):
    repaired, _ = repair_mojibake(damage(line + "\n" + FILLER, codepage))
    assert repaired.split("\n")[0] == line


@pytest.mark.parametrize("codepage", ["cp1252", "cp1254", "cp1257", "cp1250"])
def test_a_directory_tree_and_a_sampling_tilde_are_restored(codepage):
    original = ("项目结构如下：\n\n```\nproject\n├── data\n│   └── train.csv\n└── README.md\n```\n\n"
                "其中 x ∼ p(x) 表示从分布中采样。\n")
    repaired, _ = repair_mojibake(damage(original + FILLER, codepage))
    assert repaired.startswith(original)

"""The symbols notes type as characters outrank the rest of the blocks their lost bytes leave as candidates.

Every text here is written for these tests.
"""
from __future__ import annotations

from kb.read.langmodel import shared_model
from kb.read.mojibake import damage, repair_mojibake


def test_the_expectation_and_the_latex_letter_forms_outrank_what_shares_their_bytes():
    # Read twice as cp1252, 𝔼 (F0 9D 94 BC) loses its 9D, and F0 90 94 BC (the Elbasan letter 𐔼) fits as well; ϕ (CF 95)
    # loses the 8F of its first misreading, and CD 95 (a combining mark) fits as well.
    model = shared_model()
    assert model.char_logp("𝔼") > model.char_logp("\U0001053c")
    assert model.char_logp("ϕ") > model.char_logp("\u0355")
    assert model.char_logp("ϵ") > model.char_logp("\u0375")


def test_a_note_with_the_expectation_read_twice_as_cp1252_comes_back_whole():
    original = ("价值网络的参数记为 ϕ，更新为 $ϕ = ϕ - α ∇_ϕ L$。\n"
                "目标是最大化期望回报 $J = 𝔼[R]$，这一节介绍优化方法的基本记号。\n")
    twice = damage(damage(original, "cp1252", ""), "cp1252", "")
    assert repair_mojibake(twice)[0] == original

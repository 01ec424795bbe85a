"""scripts/repair_eval.py: its ablation settings and its certainty calibration."""
from __future__ import annotations

import pytest

import kb.read.mojibake as mojibake
from kb.read.mojibake import damage, repair_mojibake
from scripts.repair_eval import apply_settings, calibration

TEXT = "# 卷积\n\n卷积层通过共享权重减少参数数量。\n池化层降低特征图的分辨率，扩大感受野。\n"


def test_a_count_set_for_an_ablation_stays_a_whole_number_and_the_repair_runs(monkeypatch):
    for name in ("CACHE_PASSES", "TEXT_PAIR_WEIGHT"):
        monkeypatch.setattr(mojibake, name, getattr(mojibake, name))   # restored after the test
    apply_settings(mojibake, "CACHE_PASSES=2,TEXT_PAIR_WEIGHT=0.5")
    assert mojibake.CACHE_PASSES == 2 and isinstance(mojibake.CACHE_PASSES, int)
    assert mojibake.TEXT_PAIR_WEIGHT == 0.5
    repaired, report = repair_mojibake(damage(TEXT, "cp1254"))   # range(2.0) raised TypeError here
    assert len(repaired) == len(TEXT) and report.chars_restored > 5


@pytest.mark.parametrize("assignment", ["CACHE_PASSES=1.5", "NO_SUCH_WEIGHT=1", "CODEPAGES=1"])
def test_a_setting_that_cannot_apply_is_refused(assignment, monkeypatch):
    monkeypatch.setattr(mojibake, "CACHE_PASSES", mojibake.CACHE_PASSES)
    with pytest.raises(ValueError):
        apply_settings(mojibake, assignment)
    assert mojibake.CACHE_PASSES == 1


def test_calibration_reports_the_most_confident_wrong_character():
    line = calibration("x", [(12.0, True), (9.8, False), (3.0, False), (10.5, True)])
    assert "highest wrong confidence    9.80" in line and "right above it      2" in line

"""note_differs only when the quantity is identified for certain: its left side (and the decorations on it),
the words near it and the roles of its symbols agree with the entry. Anything less is not_checkable with
the missing piece named; a match of letters is never enough. Notes written for these tests."""
from __future__ import annotations

import pytest

from kb.check.link import check_note_formula
from kb.formulas import registry


def _pool(*ids: str):
    found = [f for f in registry() if f.id in ids]
    if len(found) != len(ids):
        pytest.skip(f"not all of {ids} are in the registry")
    return found


def test_a_correct_derivative_is_never_called_a_wrong_function():
    pool = _pool("sigmoid", "tanh_scaled_sigmoid")
    for latex, context in ((r"\sigma'(x)=\sigma(x)(1-\sigma(x))", "Activations\nSigmoid\nIts derivative is handy:"),
                           (r"\tanh'(x)=1-\tanh^2(x)", "Activations\ntanh\nand its slope")):
        decision = check_note_formula(latex, context, pool)
        # not the function entry with a wrong right side: the derivative, checked as an identity
        assert decision.status == "verified" and decision.formula is None, decision.detail


def test_a_worked_substitution_is_not_the_l2_gradient():
    pool = _pool("l2_penalty_gradient", "conv_output_size")
    latex = r"\frac{W-F+2P}{S}+1=\frac{W-3+2}{1}+1=W"
    decision = check_note_formula(latex, "CNN\nSame output size\nWith F = 3, P = 1, S = 1; weight decay (L2) aside", pool)
    assert decision.status != "note_differs" or (decision.formula and decision.formula.id != "l2_penalty_gradient"), \
        decision.detail


def test_a_left_side_that_is_an_input_of_the_entry_is_not_its_value():
    pool = _pool("dilated_conv_output_size")
    decision = check_note_formula(r"P = \frac{K - 1}{2}", "Dilated convolution output size\nSame padding, odd K", pool)
    assert decision.status == "not_checkable"
    assert "input" in decision.detail and "P" in decision.detail


def test_a_parameter_left_out_is_a_special_case_not_a_mistake():
    pool = _pool("conv_output_size", "leaky_relu", "focal_loss")
    # the unpadded output size is right for P = 0; the verdict says which case it checked
    decision = check_note_formula(r"O = \left\lfloor \frac{W-K}{S} \right\rfloor + 1", "Convolution output size", pool)
    assert decision.status == "verified" and "when P = 0" in decision.detail, decision.detail
    # a slope the note writes as a number is the entry's parameter at that value
    decision = check_note_formula(r"f(x) = \max(0.01x, x)", "Leaky ReLU", pool)
    assert decision.status == "verified" and "alpha = 0.01" in decision.detail, decision.detail
    # focal loss written for the true class: the label's case y = 1
    decision = check_note_formula(r"FL(p) = -(1 - p)^{\gamma} \log(p)", "Focal loss", pool)
    assert decision.status == "verified" and "y = 1" in decision.detail, decision.detail
    # a focal loss without γ is right for no value of γ the entry takes (γ = 1 is not its smallest): a mistake
    wrong = check_note_formula(r"L(p,y)=-(y (1-p) \log(p)+(1-y) p \log(1-p))", "Focal loss", pool)
    assert wrong.status == "note_differs", wrong.detail


def test_a_formula_wrong_in_the_case_its_text_states_is_not_claimed_from_another_case():
    pool = _pool("conv_output_size")
    latex = r"O = \frac{W-K}{S} + 1"
    for context in ("Convolution output size\nWhen there is no padding:", "Convolution output size\nwith $P = 0$"):
        decision = check_note_formula(latex, context, pool)
        assert decision.status == "not_checkable", decision.detail
        assert "leaves out P" in decision.detail


def test_letters_alone_do_not_make_a_mistake():
    pool = _pool("conv_output_size")
    decision = check_note_formula(r"O = \frac{W-K+2P}{S} + 1", "Pooling and strides\nA formula from the slides", pool)
    assert decision.status == "not_checkable"
    assert "nothing near the formula names" in decision.detail


def test_a_mistake_carries_its_evidence():
    pool = _pool("conv_output_size")
    decision = check_note_formula(r"O = \frac{W-K+2P}{S} + 1", "CNN\nOutput size", pool)
    assert decision.status == "note_differs"
    evidence = decision.evidence
    assert evidence is not None and evidence.lhs == "O" and evidence.words == "output size"
    assert evidence.roles == {"K": "F", "P": "P", "S": "S", "W": "W"}
    assert "identified by: left side O" in decision.detail and "K=F" in decision.detail



def test_a_left_side_that_names_another_entry_is_not_this_one():
    # TPR is recall's name: under an F1 heading, TP/P (P = the positives) is not a wrong F1
    named_other = check_note_formula(r"\mathrm{TPR} = \frac{TP}{P}", "Precision, recall and F1 score")
    assert named_other.status == "not_checkable" and "names recall" in named_other.detail, named_other.detail
    # and a left side naming an entry picks it among the entries the words around name
    wrong_recall = check_note_formula(r"\mathrm{Recall} = \frac{TP}{TP + FP}", "Precision, recall and F1 score")
    assert wrong_recall.status == "note_differs" and wrong_recall.formula.id == "recall", wrong_recall.detail


def test_an_input_the_right_side_writes_with_another_symbol_is_not_the_left_side():
    # N is a spelling of the input size, but here W is the input and N the output
    note = check_note_formula(r"N = (W - F + 2P) / S + 1", "output size of the convolution")
    assert note.status == "note_differs" and note.formula.id == "conv_output_size", note.detail
    # with no other symbol for the input, a left side that spells an input is still not the value
    assert check_note_formula(r"W = (W - F + 2P) / S + 1", "output size").status == "not_checkable"


def test_a_chinese_keyword_inside_a_longer_word_run_names_the_entry():
    # Chinese has no spaces: 卷积后 ("after the convolution") inside 经过卷积后的 still names the output size
    note = check_note_formula(r"N = (W - F + 2P) / S + 1", "经过卷积后的特征图尺寸")
    assert note.status == "note_differs" and note.formula.id == "conv_output_size", note.detail


def test_pooling_written_without_padding_is_the_no_padding_case():
    # pool_output_size also takes its kind (max/avg), a setting notes never write
    note = check_note_formula(r"M = \lfloor (N - F) / S \rfloor + 1", "pooling output size")
    assert note.status == "verified" and "P = 0" in note.detail, note.detail


def test_the_named_initialisation_wins_over_the_one_the_formula_matches():
    """1/n_in is LeCun's variance: under words that name Kaiming (He) it is a Kaiming variance written wrong,
    never a verified LeCun variance; under words that name nothing it is LeCun's."""
    pool = _pool("lecun_variance", "kaiming_variance")
    lecun_form = r"\mathrm{Var}(W) = \frac{1}{n_{in}}"
    for context in ("Init\nWhat is the Kaiming initialisation variance?", "初期化\nHe の初期化の分散は？",
                    "Инициализация\nинициализация He для ReLU"):
        decision = check_note_formula(lecun_form, context, pool)
        assert decision.status == "note_differs" and decision.formula.id == "kaiming_variance", decision.detail
        assert "n_in=1" in decision.detail and "lecun_variance" in decision.detail
    assert check_note_formula(lecun_form, "Init\nVariance of the weights", pool).formula.id == "lecun_variance"
    right = check_note_formula(r"\mathrm{Var}(W) = \frac{2}{n_{in}}", "He の初期化の分散は？", pool)
    assert right.status == "verified" and right.formula.id == "kaiming_variance"


def test_a_named_entry_the_formula_fails_without_certain_identity_leaves_it_unverified():
    """Words name Kaiming, but the left side is one of the entry's inputs: not verified as LeCun, not a mistake."""
    pool = _pool("lecun_variance", "kaiming_variance")
    decision = check_note_formula(r"n_{in} = \frac{1}{n_{in}}", "Kaiming initialisation", pool)
    assert decision.status == "not_checkable", decision.detail


def test_a_mean_under_a_heading_of_another_topic_is_not_verified_as_a_batch_mean():
    """A mean over N under a layer-norm heading matches SyncBN's batch mean by its numbers only."""
    pool = _pool("syncbn_mean", "batchnorm_forward", "layer_norm")
    latex = r"\mu_n = \frac{1}{N}\sum_{i=1}^{N} x_i"
    context = "Normalisation\nHow does layer normalization differ?\nIt averages over the features of a sample."
    decision = check_note_formula(latex, context, pool, heading="How does layer normalization differ?")
    assert decision.status == "not_checkable" and "layer_norm" in decision.detail, decision.detail
    # the plain word "mean" names no entry: a batch mean is verified under its family's heading
    batch = check_note_formula(r"\mu_B = \frac{1}{m}\sum_{i=1}^{m} x_i", "Batch normalization\nthe mean",
                               pool, heading="Batch normalization")
    assert batch.status == "verified" and batch.formula.id == "syncbn_mean", batch.detail


def test_set_notation_is_checked_on_entries_over_sets_and_left_alone_on_boxes():
    """|A ∩ B| over |A| + |B| is checked by enumerating small sets when the entry's values are sets of ids
    (IoU of two sets is their Jaccard index; Dice), never on an entry whose values are boxes."""
    pool = _pool("iou", "jaccard_index", "dice_coefficient")
    wrong_iou = check_note_formula(r"\mathrm{IoU}(A,B) = \frac{|A \cap B|}{|A| + |B|}", "Metrics\nIoU", pool)
    assert wrong_iou.status == "note_differs" and wrong_iou.formula.id == "jaccard_index", wrong_iou.detail
    assert "A=[1], B=[1]: expected 1, the note's formula gives 0.5" in wrong_iou.detail
    right_iou = check_note_formula(r"\mathrm{IoU}(A,B) = \frac{|A \cap B|}{|A \cup B|}", "Metrics\nIoU", pool)
    assert right_iou.status == "verified"
    wrong_dice = check_note_formula(r"\mathrm{Dice} = \frac{|A \cap B|}{|A| + |B|}", "Segmentation\nDice score", pool)
    assert wrong_dice.status == "note_differs" and wrong_dice.formula.id == "dice_coefficient", wrong_dice.detail
    boxes = check_note_formula(r"IoU = \frac{|P \cap G|}{|P| + |G|}", "Detection\nIoU of two boxes", pool)
    assert boxes.status == "not_checkable" and "set notation" in boxes.detail


def test_a_per_sample_formula_is_not_a_wrong_batch_mean():
    """One loss per sample written under a batch-mean entry's name differs by shape, not by a mistake."""
    half_squared = check_note_formula(r"L = \frac{1}{2}(y - \hat{y})^2", "Losses\nMean squared error")
    assert half_squared.status == "not_checkable" and "another shape" in half_squared.detail, half_squared.detail
    # -y log ŷ is one class's term of a categorical cross-entropy: since the registry holds a one-example
    # BCE, the scalar meets that entry too; it is not the BCE, and nothing near names it, so no verdict
    one_term = check_note_formula(r"L = -y\log(\hat{y})", "Losses\nCross-entropy loss")
    assert one_term.status == "not_checkable", one_term.detail
    assert "another shape" in one_term.detail or "not certain the note states it" in one_term.detail, one_term.detail
    # the same shape and the named quantity: a sum called the MSE is a mistake (the 1/N is missing)
    summed = check_note_formula(r"L = \sum_i (y_i - \hat{y}_i)^2", "Losses\nMean squared error")
    assert summed.status == "note_differs" and summed.formula.id == "mse", summed.detail

from kb.read.lang import detect_lang


def test_scripts_decide_the_language():
    assert detect_lang("What is a deep network?") == "en"
    assert detect_lang("Глобальный дескриптор HOG (Histogram of Oriented Gradients)") == "ru"
    assert detect_lang("把传统卷积变成depth-wise卷积和1x1卷积") == "zh"


def test_mixed_chinese_with_substantial_han_is_chinese():
    assert detect_lang("针对数据集中错误标注，使 label smoothing 减弱正样本的 loss") == "zh"


def test_latex_and_urls_do_not_count_as_english():
    assert detect_lang("Обычная свертка $256 \\times 3 \\times 5 \\times 5$ https://example.org/abc") == "ru"


def test_text_without_letters_falls_back_to_the_default():
    assert detect_lang("$$x^2$$ 123", default="ru") == "ru"
    assert detect_lang("") == "en"

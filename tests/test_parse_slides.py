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

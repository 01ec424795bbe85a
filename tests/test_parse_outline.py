from tests.parse_helpers import parse_full, parse_text, section

EXCERPT = """Background
MobileDrive
Yolov5
Backbone: Use to extract feature map
Model optimization pipeline
Perform NAS and Pruning on the backbone

Pruning
Channel Pruning
Goal: Aim to remove less important channels

# Get the weights of a specific convolutional layer
conv_weights = model.layers[1].get_weights()[0]
# Prune the filters
pruned = conv_weights[:, :, :, keep]
model.layers[1].set_weights([pruned])
KD
Teacher (large model) Student (small model)
"""


def test_short_lines_nest_and_blank_lines_start_topics():
    note = parse_text(EXCERPT)
    assert note.kind == "outline"
    paths = [s.path for s in note.sections]
    assert ("Background", "MobileDrive", "Yolov5") in paths
    assert ("Background", "MobileDrive", "Model optimization pipeline") in paths
    assert ("Pruning", "Channel Pruning") in paths
    assert ("Pruning", "KD") in paths


def test_unfenced_python_is_one_code_block_not_headings():
    note = parse_text(EXCERPT)
    pruning = section(note, "Channel Pruning")
    code = [b for b in pruning.blocks if b.kind == "code"]
    assert len(code) == 1
    assert code[0].text.startswith("# Get the weights")
    assert code[0].text.endswith("set_weights([pruned])")
    assert code[0].line == 12
    assert not any(s.heading.startswith("#") for s in note.sections)


def test_full_outline_keeps_its_python_as_one_block_at_the_right_line():
    note = parse_full("MobileDrive")
    code = [b for s in note.sections for b in s.blocks if b.kind == "code"]
    assert len(code) == 1
    lines = note.source.text.split("\n")
    assert lines[code[0].line - 1].startswith("# Get the weights")
    assert code[0].text.count("\n") == 11


def test_full_outline_section_lines_point_at_their_headings():
    note = parse_full("MobileDrive")
    lines = note.source.text.split("\n")
    for s in note.sections:
        assert lines[s.line - 1].strip() == s.heading
    assert section(note, "NAS").path == ("NAS",)

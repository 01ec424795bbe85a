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
    assert ("KD",) in paths  # not a kind of pruning, unlike its sibling 'Channel Pruning'


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


def test_a_group_opening_mid_topic_goes_to_the_top_level():
    note = parse_text("Detection\nBoxes overlap in crowded scenes.\nRepulsion\nBoxes push each other away from the crowd\n"
                      "Paper\nProblem\nPedestrians hide each other in crowds\n")
    paths = [s.path for s in note.sections]
    assert ("Detection", "Repulsion") in paths
    assert ("Paper", "Problem") in paths


def test_a_heading_after_content_under_the_topic_heading_is_its_child():
    note = parse_text("NAS\nGoal: search an architecture automatically\nOne Shot NAS\nSuperNet: one huge network\n")
    assert ("NAS", "One Shot NAS") in [s.path for s in note.sections]


def test_a_heading_that_ends_a_topic_parents_the_next_topic():
    note = parse_text("Paper\nProblem\nCrowds hide faces in group images\nMethod\n\n"
                      "Dual-pathway learning\nBoth images are cut into patches\n\n"
                      "Volume Rendering\nStore textures along the z axis\n")
    paths = [s.path for s in note.sections]
    assert ("Paper", "Method", "Dual-pathway learning") in paths
    assert ("Volume Rendering",) in paths


def test_a_blank_line_before_code_keeps_the_topic():
    note = parse_text("Pruning\nChannel Pruning\nGoal: remove channels\n\nx = compute(1)\ny = x + 1\n"
                      "Fine Pruning\nPrune again after tuning\n")
    assert ("Pruning", "Fine Pruning") in [s.path for s in note.sections]


def test_a_question_line_is_content_not_a_heading():
    note = parse_text("Tokens\nThe class token gathers the image\nWhy use class token?\n\nNext\nMore text here\n")
    assert all(not s.heading.endswith("?") for s in note.sections)


def test_a_tab_indented_outline_nests_by_its_tabs_and_answers_stop_at_the_next_heading():
    from kb.cards import make_cards
    from tests.parse_helpers import parse_text

    note = parse_text("Optimizers\n\tSGD\n\t\tWhy is it noisy?\n\t\t\tEach step sees one mini-batch.\n\tMomentum\n"
                      "\t\tA velocity sums past gradients.\nRegularisation\n\tDropout\n\t\tZeroes random units.\n",
                      "outline.txt")
    assert [(s.heading, s.level) for s in note.sections] == [
        ("Optimizers", 1), ("SGD", 2), ("Why is it noisy?", 7), ("Momentum", 2), ("Regularisation", 1), ("Dropout", 2)]
    assert {c.front: c.back for c in make_cards(note) if c.kind == "qa"} == {
        "Why is it noisy?": "Each step sees one mini-batch."}

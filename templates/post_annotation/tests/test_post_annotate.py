import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from plugin.post_annotate import PostAnnotateAction, PostAnnotateParams

FILES = {
    "img1.jpg.json": json.dumps(
        {
            "annotations": [
                {"label": " Cat ", "score": 0.9, "box": [1, 2, 3, 4]},
                {"label": "cat", "score": 0.9, "box": [1, 2, 3, 4]},
                {"label": "kitty", "score": 0.8},
                {"label": "dog", "score": 0.1},
                {"score": 0.99},
            ]
        }
    ),
    "sub/img2.jpg.json": json.dumps([{"label": "DOG"}]),
    "broken.json": "{",
    "img1.jpg": "not an annotation file",
}


@pytest.fixture
def dataset(write_files):
    return write_files(FILES)


def test_post_annotate_params_validation():
    """The dataset is required; min_score is between 0 and 1."""
    params = PostAnnotateParams(path="data")
    assert params.min_score == 0.0

    with pytest.raises(ValidationError):
        PostAnnotateParams()
    with pytest.raises(ValidationError):
        PostAnnotateParams(path="data", min_score=2)


def test_post_annotate_action_execution(run_action, dataset, tmp_path):
    """Labels are normalised and mapped; duplicates, unlabelled and low scores are dropped."""
    result = run_action(PostAnnotateAction, {"path": str(dataset), "label_map": {"Kitty": "cat"}, "min_score": 0.5, "output_dir": str(tmp_path)})

    assert result["files"] == 2
    assert result["kept"] == 3
    assert result["dropped"] == 3
    assert result["label_counts"] == {"cat": 2, "dog": 1}
    assert [e["file"] for e in result["errors"]] == ["broken.json"]
    cleaned = json.loads((Path(result["output_dir"]) / "img1.jpg.json").read_text())["annotations"]
    assert cleaned == [{"label": "cat", "score": 0.9, "box": [1, 2, 3, 4]}, {"label": "cat", "score": 0.8}]

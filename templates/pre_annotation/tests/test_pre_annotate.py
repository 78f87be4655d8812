import json

import pytest
from pydantic import ValidationError

from plugin.pre_annotate import PreAnnotateAction, PreAnnotateParams

FILES = {
    "reviews/1.txt": "Great phone, I love it. Excellent battery.",
    "reviews/2.txt": "Terrible screen and poor support.",
    "reviews/3.txt": "It arrived on Tuesday.",
    "reviews/4.txt": "Good camera, bad battery.",
}


@pytest.fixture
def dataset(write_files):
    return write_files(FILES)


def test_pre_annotate_params_validation():
    """Rules need keywords; min_score is a share between 0 and 1."""
    params = PreAnnotateParams(path="data")
    assert set(params.rules) == {"positive", "negative"}

    with pytest.raises(ValidationError):
        PreAnnotateParams(path="data", rules={})
    with pytest.raises(ValidationError):
        PreAnnotateParams(path="data", rules={"spam": [" "]})
    with pytest.raises(ValidationError):
        PreAnnotateParams(path="data", min_score=1.5)


def test_pre_annotate_action_execution(run_action, dataset, tmp_path):
    """Clear cases get a label; unclear and unmatched files get none."""
    output = tmp_path / "pre.json"
    result = run_action(PreAnnotateAction, {"path": str(dataset), "output_path": str(output)})

    labels = {a["file"]: a["label"] for a in result["annotations"]}
    assert labels == {"reviews/1.txt": "positive", "reviews/2.txt": "negative"}
    assert result["annotated"] == 2
    assert result["unmatched"] == 2
    assert json.loads(output.read_text())["annotations"] == result["annotations"]

import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError

from plugin.to_task import ToTaskAction, ToTaskParams

FILES = {
    "a.txt": "first",
    "b.txt": "second",
    "b.txt.json": json.dumps([{"label": "checked"}]),
    "c.txt": "third",
}


@pytest.fixture
def dataset(write_files):
    return write_files(FILES)


def test_to_task_params_validation():
    """The dataset is required and the project name cannot be empty."""
    params = ToTaskParams(path="data")
    assert params.project == "default"

    with pytest.raises(ValidationError):
        ToTaskParams()
    with pytest.raises(ValidationError):
        ToTaskParams(path="data", project="")


def test_to_task_action_execution(run_action, dataset, tmp_path):
    """One task per data file, with annotations from the file and from the sidecars."""
    annotations = tmp_path / "pre.json"
    annotations.write_text(json.dumps({"annotations": [{"file": "a.txt", "label": "positive", "score": 1.0}]}))

    result = run_action(ToTaskAction, {"path": str(dataset), "annotations_path": str(annotations), "project": "p1", "output_dir": str(tmp_path)})

    assert result["task_count"] == 3
    assert result["with_annotations"] == 2
    tasks = json.loads(Path(result["tasks_path"]).read_text())["tasks"]
    by_file = {t["data"]["file"]: t["annotations"] for t in tasks}
    assert by_file == {
        "a.txt": [{"label": "positive", "score": 1.0}],
        "b.txt": [{"label": "checked"}],
        "c.txt": [],
    }
    assert {t["project"] for t in tasks} == {"p1"}


def test_to_task_action_annotated_only(run_action, dataset, tmp_path):
    """include_unannotated=false leaves out files without annotations."""
    result = run_action(ToTaskAction, {"path": str(dataset), "include_unannotated": False, "output_dir": str(tmp_path)})

    assert result["task_count"] == 1


def test_to_task_action_missing_annotations_file(run_action, dataset, tmp_path):
    """A missing annotations file is a clear error."""
    with pytest.raises(PluginError):
        run_action(ToTaskAction, {"path": str(dataset), "annotations_path": str(tmp_path / "none.json"), "output_dir": str(tmp_path)})

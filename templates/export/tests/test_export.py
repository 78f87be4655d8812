import csv
import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError

from plugin.export import ExportAction, ExportParams

FILES = {
    "train/cat/a.txt": "a cat",
    "train/cat/a.txt.json": json.dumps({"annotations": [{"label": "cat", "score": 0.9}]}),
    "train/dog/b.txt": "a dog",
    "c.txt": "unlabelled",
}


@pytest.fixture
def dataset(write_files):
    return write_files(FILES)


def test_export_params_validation():
    """The format is one of jsonl/csv; the dataset is required."""
    params = ExportParams(path="data")
    assert params.format == "jsonl"
    assert params.copy_files is False

    with pytest.raises(ValidationError):
        ExportParams(path="data", format="xml")
    with pytest.raises(ValidationError):
        ExportParams(format="csv")


def test_export_action_execution(run_action, dataset, tmp_path):
    """Every data file becomes one JSON line with its split, label and annotations."""
    result = run_action(ExportAction, {"path": str(dataset), "output_dir": str(tmp_path / "out"), "copy_files": True})

    assert result["exported"] == 3
    assert result["annotated"] == 1
    lines = Path(result["output_path"]).read_text(encoding="utf-8").splitlines()
    records = {r["file"]: r for r in map(json.loads, lines)}
    assert sorted(records) == ["c.txt", "train/cat/a.txt", "train/dog/b.txt"]
    assert records["train/cat/a.txt"]["label"] == "cat"
    assert records["train/cat/a.txt"]["annotations"] == [{"label": "cat", "score": 0.9}]
    assert records["c.txt"]["split"] is None
    assert (Path(result["files_dir"]) / "train/dog/b.txt").read_text() == "a dog"


def test_export_action_csv(run_action, dataset, tmp_path):
    """The CSV export has a header and one row per data file."""
    result = run_action(ExportAction, {"path": str(dataset), "format": "csv", "output_dir": str(tmp_path)})

    with open(result["output_path"], newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [row["file"] for row in rows] == ["c.txt", "train/cat/a.txt", "train/dog/b.txt"]
    assert result["files_dir"] is None


def test_export_action_empty_dataset(run_action, write_files, tmp_path):
    """An empty dataset is an error, not an empty export."""
    root = write_files({})

    with pytest.raises(PluginError):
        run_action(ExportAction, {"path": str(root), "output_dir": str(tmp_path)})

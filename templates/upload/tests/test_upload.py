import json
from pathlib import Path

import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError

from plugin.upload import UploadAction, UploadParams



@pytest.fixture
def source(tmp_path):
    """A source directory with a duplicate and a file of another type."""
    root = tmp_path / "source"
    (root / "photos").mkdir(parents=True)
    (root / "photos/a.jpg").write_bytes(b"image a")
    (root / "photos/b.jpg").write_bytes(b"image b")
    (root / "photos/copy-of-a.jpg").write_bytes(b"image a")
    (root / "notes.txt").write_text("not an image")
    return root


def test_upload_params_validation():
    """The source is required; duplicates are skipped by default."""
    params = UploadParams(source="data")
    assert params.skip_duplicates is True
    assert params.extensions == []

    with pytest.raises(ValidationError):
        UploadParams()
    with pytest.raises(ValidationError):
        UploadParams(source="")


def test_upload_action_execution(run_action, source, tmp_path):
    """Matching files are copied once each, and the manifest records their checksums."""
    destination = tmp_path / "collection"
    result = run_action(UploadAction, {"source": str(source), "extensions": [".jpg"], "destination": str(destination)})

    assert result["uploaded"] == 2
    assert result["skipped"] == 1
    assert result["total_bytes"] == len(b"image a") + len(b"image b")
    assert (destination / "photos/a.jpg").read_bytes() == b"image a"
    assert not (destination / "notes.txt").exists()
    manifest = json.loads((destination / "manifest.json").read_text())
    assert sorted(Path(e["stored"]).name for e in manifest) == ["a.jpg", "b.jpg"]


def test_upload_action_is_incremental(run_action, source, tmp_path):
    """A second upload of the same source imports nothing new."""
    params = {"source": str(source), "destination": str(tmp_path / "collection")}
    first = run_action(UploadAction, params)
    second = run_action(UploadAction, params)

    assert first["uploaded"] == 3
    assert second["uploaded"] == 0
    assert second["skipped"] == 4


def test_upload_action_missing_source(run_action, tmp_path):
    """A source that does not exist is a clear error."""
    with pytest.raises(PluginError):
        run_action(UploadAction, {"source": str(tmp_path / "nowhere")})

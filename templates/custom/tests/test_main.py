import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError

from plugin.main import MainAction, MainParams



@pytest.fixture
def folder(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "src/app.py").write_text("print('hi')\n")
    (tmp_path / "README.md").write_text("# readme\n" * 10)
    (tmp_path / "LICENSE").write_text("MIT")
    (tmp_path / ".hidden").write_text("skipped")
    return tmp_path


def test_main_params_validation():
    """Everything has a default; top is bounded."""
    params = MainParams()
    assert params.path == "."
    assert params.top == 5

    with pytest.raises(ValidationError):
        MainParams(top=-1)
    with pytest.raises(ValidationError):
        MainParams(pattern="")


def test_main_action_execution(run_action, folder):
    """Files are counted by extension and the largest are listed first."""
    result = run_action(MainAction, {"path": str(folder), "top": 2})

    assert result["files"] == 3
    assert result["total_bytes"] == 12 + 90 + 3
    assert result["by_extension"] == {"(none)": 1, ".md": 1, ".py": 1}
    assert [f["file"] for f in result["largest"]] == ["README.md", "src/app.py"]


def test_main_action_pattern(run_action, folder):
    """The pattern narrows the files down."""
    result = run_action(MainAction, {"path": str(folder), "pattern": "*.py"})

    assert result["files"] == 1


def test_main_action_missing_directory(run_action, folder):
    """A path that is not a directory is a clear error."""
    with pytest.raises(PluginError):
        run_action(MainAction, {"path": str(folder / "nope")})

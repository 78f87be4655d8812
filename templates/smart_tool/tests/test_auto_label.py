import pytest
from pydantic import ValidationError
from synapse_sdk.plugins.errors import PluginError

from plugin.auto_label import AutoLabelAction, AutoLabelParams

TEXT = "Mail ana@example.com before 2024-05-01 about 3 tickets, see https://example.com/t?id=7"



def test_auto_label_params_validation():
    """Exactly one of text/path, and only valid regular expressions."""
    params = AutoLabelParams(text="hello")
    assert "email" in params.patterns

    with pytest.raises(ValidationError):
        AutoLabelParams()
    with pytest.raises(ValidationError):
        AutoLabelParams(text="a", path="b.txt")
    with pytest.raises(ValidationError):
        AutoLabelParams(text="a", patterns={"broken": "("})


def test_auto_label_action_execution(run_action):
    """Each rule's matches come back as spans, without overlaps."""
    result = run_action(AutoLabelAction, {"text": TEXT})

    found = [(a["label"], a["text"]) for a in result["annotations"]]
    assert found == [
        ("email", "ana@example.com"),
        ("date", "2024-05-01"),
        ("number", "3"),
        ("url", "https://example.com/t?id=7"),
    ]
    first = result["annotations"][0]
    assert TEXT[first["start"] : first["end"]] == "ana@example.com"
    assert result["counts"] == {"email": 1, "date": 1, "number": 1, "url": 1}


def test_auto_label_action_from_file_with_label_filter(run_action, tmp_path):
    """A text file can be labelled, and the labels narrowed down."""
    item = tmp_path / "item.txt"
    item.write_text(TEXT, encoding="utf-8")

    result = run_action(AutoLabelAction, {"path": str(item), "labels": ["date"]})

    assert [a["text"] for a in result["annotations"]] == ["2024-05-01"]


def test_auto_label_action_missing_file(run_action, tmp_path):
    """A path that is not a text file is a clear error."""
    with pytest.raises(PluginError):
        run_action(AutoLabelAction, {"path": str(tmp_path / "missing.txt")})

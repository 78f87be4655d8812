import pytest
from pydantic import ValidationError

from plugin.validate import ValidateAction, ValidateParams



def rules(result):
    """(file, rule) pairs of a result's errors and warnings."""
    errors = sorted((i["file"] or "", i["rule"]) for i in result["errors"])
    warnings = sorted((i["file"] or "", i["rule"]) for i in result["warnings"])
    return errors, warnings


def test_validate_params_validation():
    """The dataset is required; limits must be positive."""
    params = ValidateParams(path="data")
    assert params.check_duplicates is True

    with pytest.raises(ValidationError):
        ValidateParams()
    with pytest.raises(ValidationError):
        ValidateParams(path="data", max_file_size_mb=0)
    with pytest.raises(ValidationError):
        ValidateParams(path="data", min_files_per_label=-1)


def test_validate_action_clean_dataset(run_action, write_files):
    """A dataset without problems is valid."""
    root = write_files({"cat/a.txt": "a", "cat/b.txt": "b", "dog/c.txt": "c"})

    result = run_action(ValidateAction, {"path": str(root)})

    assert result["valid"] is True
    assert result["checked"] == 3
    assert result["labels"] == {"cat": 2, "dog": 1}
    assert rules(result) == ([], [])


def test_validate_action_finds_problems(run_action, write_files):
    """Each kind of problem is reported against its file."""
    root = write_files(
        {
            "cat/a.txt": "same",
            "cat/b.txt": "same",
            "cat/empty.txt": "",
            "cat/c.exe": "binary",
            "cat/a.txt.json": "{not json",
            "dog/gone.txt.json": "[]",
            "bird/only.txt": "tweet",
        }
    )

    result = run_action(ValidateAction, {"path": str(root), "allowed_extensions": ["txt"], "min_files_per_label": 2})

    assert result["valid"] is False
    errors, warnings = rules(result)
    assert errors == [("cat/a.txt.json", "annotation"), ("cat/c.exe", "extension"), ("cat/empty.txt", "empty")]
    assert warnings == [("", "label_size"), ("cat/b.txt", "duplicate"), ("dog/gone.txt.json", "orphan")]

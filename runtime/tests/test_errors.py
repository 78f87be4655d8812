"""The guide's error hierarchy and the PluginError(message, details) shape."""

from __future__ import annotations

import pytest

from synapse_sdk.plugins import errors

GUIDE_TABLE = [
    "ValidationError", "ActionNotFoundError", "ExecutionError", "PluginUploadError",
    "ArchiveError", "BuildError", "ChecksumMismatchError", "PluginRunError",
]


def test_plugin_error_is_an_exception():
    assert issubclass(errors.PluginError, Exception)


@pytest.mark.parametrize("name", GUIDE_TABLE)
def test_guide_hierarchy(name):
    cls = getattr(errors, name)
    assert cls.__bases__ == (errors.PluginError,)
    err = cls("went wrong", details={"k": [1]})
    assert err.message == "went wrong"
    assert err.details == {"k": [1]}
    assert str(err) == "went wrong"
    assert repr(err) == f"{name}(message='went wrong', details={{'k': [1]}})"


def test_details_default_to_none_and_positional_details():
    assert errors.ExecutionError("x").details is None
    assert errors.ExecutionError("x", [1]).details == [1]


def test_resource_not_found_is_an_execution_error():
    err = errors.ResourceNotFoundError("missing", {"path": "/x"})
    assert isinstance(err, errors.ExecutionError)
    with pytest.raises(errors.PluginError) as info:
        raise err
    assert info.value.details == {"path": "/x"}


def test_validation_error_is_not_pydantics():
    import pydantic

    assert not issubclass(errors.ValidationError, pydantic.ValidationError)

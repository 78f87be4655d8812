"""Shared pytest setup.

``synapse_store`` is the runtime's fixture: a local store in a temporary directory, with
SYNAPSE_LOCAL_STORE pointing at it for the test, where tests register small datasets and
checkpoints. Importing it here makes it available even when synapse_sdk is not installed
as a pytest plugin (for example when it is found through PYTHONPATH).
"""

from synapse_sdk.plugins.testing import synapse_store  # noqa: F401

"""synapse_sdk: the Python runtime that Synapse plugins import.

Only the parts a plugin needs to run locally live here (``synapse_sdk.plugins``); the
command-line tool itself is the Swift ``synapse`` binary, which starts
``python3 -m synapse_sdk.plugins.run_action`` to run an action.
"""

__version__ = "0.1.0"

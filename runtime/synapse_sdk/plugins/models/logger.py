"""``from synapse_sdk.plugins.models.logger import LogLevel``: upstream's home of LogLevel.

The enum is the one in ``synapse_sdk.plugins.enums``, so code written for either path gets
the same class (and ``ctx.log_message`` accepts it or its string value).
"""

from ..enums import LogLevel

__all__ = ["LogLevel"]

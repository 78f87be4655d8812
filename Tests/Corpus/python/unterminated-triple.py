from synapse_sdk.plugins import BaseAction
"""never closed
class A(BaseAction):
    pass

from synapse_sdk.plugins import BaseAction
class A(BaseAction:
    pass

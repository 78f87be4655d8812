from synapse_sdk.plugins import BaseAction
NAMES = ["x"]
class A(BaseAction):
    action_name = NAMES[0]

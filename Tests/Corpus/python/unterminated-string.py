from synapse_sdk.plugins import BaseAction

class Broken(BaseAction):
    action_name = "broken

from synapse_sdk.plugins import BaseAction
class A(BaseAction):
	x = 1
        y = 2
from synapse_sdk.plugins import BaseAction
Base = type("Base", (BaseAction,), {})
class A(Base if True else object):
    action_name = "a"

from pydantic import BaseModel

from synapse_sdk.plugins import BaseAction


class GreetParams(BaseModel):
    name: str = "world"


class GreetAction(BaseAction[GreetParams]):
    action_name = "greet"

    def execute(self):
        self.ctx.log_message(f"greeting {self.params.name}", "info")
        return {"message": f"Hello, {self.params.name}!"}

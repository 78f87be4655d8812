print("synapse")

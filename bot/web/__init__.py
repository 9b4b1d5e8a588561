"""The web gateway: buyer chat page and API, socket.io channel, rep console."""

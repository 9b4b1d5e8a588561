"""Candor: an honest buyer decision-support assistant (our code around a Rasa server)."""

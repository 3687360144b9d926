"""Feedback after a session: the participant's form (routes on the learners' blueprint)."""

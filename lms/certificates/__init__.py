"""Certificates: issuing at completion, learner views and PDF, public verification, revocation."""

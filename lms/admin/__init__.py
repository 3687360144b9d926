"""Administration: completion figures, donor reports, learners and the audit log."""

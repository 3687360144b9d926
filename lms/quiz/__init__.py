"""Module quizzes and final assessments: attempts, server-side grading, results."""

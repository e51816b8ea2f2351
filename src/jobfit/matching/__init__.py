"""Matching: occupations, requirements, scores and explanations from encoded documents."""

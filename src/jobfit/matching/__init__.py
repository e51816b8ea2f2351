"""Matching: encoders, scoring, explanations and ranking."""

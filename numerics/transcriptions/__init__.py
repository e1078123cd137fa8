"""Verbatim transcriptions of equations from the seed papers, kept apart from the engine."""

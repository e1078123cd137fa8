"""Seed 002: Wang and Abernethy, a single teacher neuron and K students (quadratic activation).

transcription (the printed equations), engine (the same systems derived with quadwick, and the step-size
experiments), claims, figures.
"""

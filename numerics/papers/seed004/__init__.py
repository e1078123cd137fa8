"""Seed 004: Gamarnik, Kizildag, Zadik, stationary points and sample complexity of quadratic networks.

transcription (the printed statements), engine (the loss and gradient derived with quadwick, stationary
points, the trace-minimal interpolant, barrier and span studies), claims, figures.
"""

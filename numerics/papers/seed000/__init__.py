"""Seed 000: Sarao Mannelli, Vanden-Eijnden, Zdeborova (2020), quadratic networks with m >= d students.

transcription (eqs. (1)-(29) as printed), engine (the same systems derived with quadwick, and the experiments:
GD success fractions, the Theorem 3.1 programme, population and empirical flows), string_method (Section 6),
claims, figures.
"""

"""The seed papers, one folder each, and the registry that gathers their claims and figures.

Each folder holds everything about one paper, under the same names:

    transcription.py   the paper's equations typed verbatim in SymPy (with the quotes they come from)
    engine.py          the paper's system derived with quadwick in the paper's own convention, and its
                       experiments (seed 003 uses the engine directly: see numerics.dynamics.ode, numerics.landscape)
    claims.py          the checkable statements, each with its check and negative control (numerics.claims)
    figures.py         the paper's figures and studies (numerics.figures)

Seed 000 (Sarao Mannelli, Vanden-Eijnden, Zdeborova) adds :mod:`.seed000.string_method`; seed 003 (Bocchi et
al.) splits its transcription and claims into the general part, the plateau dynamics and the landscape. Seed 002 is Wang and Abernethy, seed 004 Gamarnik, Kizildag and
Zadik. :mod:`.registry` lists the folders; :mod:`.seeds` finds the papers' texts.

Generic layers (numerics.claims, numerics.figures, numerics.weights, ...) never import a paper: papers import
them.
"""

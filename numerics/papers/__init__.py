"""The seed papers' systems derived with the engine in each paper's own convention, and their studies.

:mod:`.seed000` (Sarao Mannelli et al.), :mod:`.seed002` (Wang, Abernethy), :mod:`.seed004` (Gamarnik et al.).
The shared step is :func:`.weights.substitute_weights`: the engine's results are polynomials in the overlaps
Q_kj = w_k . w_j, rho_kl = w_k . w*_l, T_lm = w*_l . w*_m (unit input scaling), which become functions of
explicit weight vectors when the overlaps are replaced by dot products.
"""

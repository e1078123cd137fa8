"""Seed 003: Bocchi et al. (2026), online SGD of a quadratic two-layer network, p students and p* teachers.

transcription (risk, gradient, Hessian, ODEs as printed), transcription_dynamics (the plateau analysis),
transcription_landscape (the stationary points and Hessian spectra of the appendices), claims and
claims_landscape, and figures (Figures 1-4 computed from the engine's ODE and simulations, and drawn). The engine itself needs no paper convention here: the paper's model is preset 'seed003'.
"""

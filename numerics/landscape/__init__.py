"""The population-risk landscape of the quadratic two-layer network (the model of seed 003, App. 7.2).

Stationary points (points), Hessians and their exact spectra (hessian), the risk, gradient and Hessian in
floats (functions: the one road from the derived expressions to numbers), the zero-error manifold
(manifold), the overlap ODE as a dynamical system (dynamics) and a numerical search for stationary points
(finder). No
paper's statements live here: the comparisons with seed 003 are in numerics.papers.seed003.
"""

from .hessian import (
    EigenGroup,
    Spectrum,
    dense_hessian,
    eigenbasis,
    exact_dense_hessian,
    exact_spectrum,
    finite_difference_hessian,
    gradient_norm,
    numeric_eigenvalues,
    numeric_spectrum,
    symbolic_hessian,
)
from .points import (
    FAMILIES,
    StationaryPoint,
    aligned,
    correlated,
    gradient,
    is_stationary_exact,
    stationary_point,
    tabula_rasa,
    uncorrelated,
)

__all__ = [
    "FAMILIES",
    "StationaryPoint",
    "aligned",
    "correlated",
    "gradient",
    "gradient_norm",
    "is_stationary_exact",
    "stationary_point",
    "tabula_rasa",
    "uncorrelated",
    "EigenGroup",
    "Spectrum",
    "dense_hessian",
    "eigenbasis",
    "exact_dense_hessian",
    "exact_spectrum",
    "finite_difference_hessian",
    "numeric_eigenvalues",
    "numeric_spectrum",
    "symbolic_hessian",
]

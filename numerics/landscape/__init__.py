"""The population-risk landscape of seed 003 Appendix 7.2: stationary points and Hessian spectra."""

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

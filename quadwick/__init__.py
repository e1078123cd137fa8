"""quadwick: a symbolic-numeric derivation engine for two-layer networks in the teacher-student setting.

One namespace: :mod:`quadwick.derive` (the symbolic layer: models, Wick's theorem, the concrete and general
routes, renderings, code generation), :mod:`quadwick.numerics` (kernels, ODEs, simulations, landscape, the claims
of the papers, figures, the command line) and :mod:`quadwick.generated` (the committed generator output).

Installed, they are subpackages of this package: pyproject.toml maps the repository's folders derive/, numerics/
and generated/ onto them, and nothing else is installed at the top level. In a checkout, this package's path
also holds the repository root, so that the same imports work there before (or without) installing.

>>> import quadwick.derive.model
>>> quadwick.derive.model.Model(p=2, pstar=1).order_parameters
(rho_1_1, rho_2_1, Q_1_1, Q_1_2, Q_2_2)
"""

from __future__ import annotations

import os

_CHECKOUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if os.path.isfile(os.path.join(_CHECKOUT, "pyproject.toml")) and os.path.isdir(os.path.join(_CHECKOUT, "derive")):
    __path__.append(_CHECKOUT)  # quadwick.derive is the checkout's derive/ (installed, it lies beside this file)

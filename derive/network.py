"""The network's outputs and loss as polynomials in the Gaussian pre-activations.

For a :class:`~derive.model.Model` at concrete widths, the pre-activations

    z = (u_1, ..., u_p*, lambda_1, ..., lambda_p[, zeta])

(``zeta`` only when there is label noise) are generators of a SymPy polynomial
ring whose coefficient domain holds the model's parameters (read-outs, loss
prefactor, activation coefficients).  This module builds, as elements of that ring,

    residual   e   = sum_l v_l sigma(u_l) + zeta - sum_k a_k sigma(lambda_k)
    loss       l   = c e^2
    amplitude  A_k = -d l / d lambda_k = 2 c a_k sigma'(lambda_k) e,
    read-out   B_k = -d l / d a_k      = 2 c sigma(lambda_k) e,

so that the SGD learning amplitude is F_k = eta A_k, and pairs each generator
with the weight vector it projects (``w_k`` for lambda_k, ``wstar_l`` for u_l).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import sympy
from sympy.polys.constructor import construct_domain
from sympy.polys.rings import PolyElement, PolyRing

from .model import ACTIVATION_VARIABLE, Model
from .wick import GaussianMoments

__all__ = ["Preactivations", "preactivations"]


@dataclass(frozen=True, eq=False)
class Preactivations:
    """Polynomial ring of the pre-activations of ``model`` and the network polynomials in it."""

    model: Model

    @cached_property
    def names(self) -> tuple[str, ...]:
        """Generator names: u_l, lambda_k, then zeta when there is label noise."""
        model = self.model
        names = [f"u_{l}" for l in range(1, model.pstar + 1)]
        names += [f"lambda_{k}" for k in range(1, model.p + 1)]
        if model.noise_variance != 0:
            names.append("zeta")
        return tuple(names)

    @cached_property
    def vectors(self) -> tuple[str, ...]:
        """Weight vector projected by each of the first p* + p generators."""
        model = self.model
        return tuple([f"wstar_{l}" for l in range(1, model.pstar + 1)] + [f"w_{k}" for k in range(1, model.p + 1)])

    @cached_property
    def _activation_coefficients(self) -> list[sympy.Expr]:
        return sympy.Poly(self.model.activation, ACTIVATION_VARIABLE).all_coeffs()[::-1]

    @cached_property
    def _teacher_coefficients(self) -> list[sympy.Expr]:
        return sympy.Poly(self.model.teacher_activation, ACTIVATION_VARIABLE).all_coeffs()[::-1]

    @cached_property
    def ring(self) -> PolyRing:
        model = self.model
        parameters = [*self._activation_coefficients, *self._teacher_coefficients, *model.student_readout,
                      *model.teacher_readout]
        parameters.append(model.loss_prefactor)
        domain, _ = construct_domain(parameters)
        return PolyRing([sympy.Symbol(name) for name in self.names], domain)

    @cached_property
    def moments(self) -> GaussianMoments:
        """Moments of z ~ N(0, [[T, rho^T], [rho, Q]]) (with Delta for zeta)."""
        covariance = self.model.covariance()
        if self.model.noise_variance != 0:
            covariance = sympy.diag(covariance, self.model.noise_variance)
        return GaussianMoments(covariance)

    def constant(self, value: sympy.Expr) -> PolyElement:
        return self.ring.ground_new(self.ring.domain.from_sympy(sympy.sympify(value)))

    def u(self, l: int) -> PolyElement:
        """Teacher pre-activation u_l (1-based)."""
        return self.ring.gens[l - 1]

    def lam(self, k: int) -> PolyElement:
        """Student pre-activation lambda_k (1-based)."""
        return self.ring.gens[self.model.pstar + k - 1]

    def sigma(self, x: PolyElement, derivative: int = 0, teacher: bool = False) -> PolyElement:
        """sigma^(derivative)(x) for the student's polynomial activation (``teacher``: the teacher's, sigma*)."""
        result = self.ring.zero
        for degree, coefficient in enumerate(self._teacher_coefficients if teacher else self._activation_coefficients):
            if degree < derivative or coefficient == 0:
                continue
            falling = sympy.ff(degree, derivative)
            result += self.constant(coefficient * falling) * x ** (degree - derivative)
        return result

    @cached_property
    def residual(self) -> PolyElement:
        """e = y - yhat."""
        model = self.model
        teacher = sum((self.constant(v) * self.sigma(self.u(l), teacher=True) for l, v in enumerate(model.teacher_readout, 1)),
                      self.ring.zero)
        student = sum((self.constant(a) * self.sigma(self.lam(k)) for k, a in enumerate(model.student_readout, 1)), self.ring.zero)
        noise = self.ring.gens[-1] if model.noise_variance != 0 else self.ring.zero
        return teacher + noise - student

    @cached_property
    def residual_squared(self) -> PolyElement:
        return self.residual**2

    @cached_property
    def loss(self) -> PolyElement:
        """l = c e^2."""
        return self.constant(self.model.loss_prefactor) * self.residual_squared

    def amplitude_factor(self, k: int) -> PolyElement:
        """2 c a_k sigma'(lambda_k): the learning amplitude without eta and without e."""
        model = self.model
        scale = 2 * model.loss_prefactor * model.student_readout[k - 1]
        return self.constant(scale) * self.sigma(self.lam(k), derivative=1)

    def amplitude(self, k: int) -> PolyElement:
        """A_k = -d l / d lambda_k = 2 c a_k sigma'(lambda_k) e; F_k = eta A_k."""
        return self.amplitude_factor(k) * self.residual

    def readout_amplitude(self, k: int) -> PolyElement:
        """B_k = -d l / d a_k = 2 c sigma(lambda_k) e; learned read-outs move as d a_k / d alpha = eta_a E[B_k]."""
        return self.constant(2 * self.model.loss_prefactor) * self.sigma(self.lam(k)) * self.residual


@lru_cache(maxsize=16)
def preactivations(model: Model) -> Preactivations:
    """The (cached) pre-activation polynomials of ``model``, shared by all derivations."""
    return Preactivations(model)

"""The concrete route: the model's equations at given integer widths (p, p*).

Every quantity is an exact Gaussian expectation over the pre-activations
z = (u, lambda[, zeta]) ~ N(0, [[T, rho^T], [rho, Q]]), taken by :mod:`derive.wick`:

* population risk           R = E[c e^2];
* overlap ODEs (d/d alpha), with F_k = eta A_k (see :mod:`derive.network`),

      d rho_kl / d alpha = <F_k u_l>,
      d Q_kj   / d alpha = <F_k lambda_j> + <F_j lambda_k>  +  <F_k F_j>,
                           `------------ O(eta) ------------'   `O(eta^2)'

  exact in eta.  With learned read-outs (``model.readout_lr`` = eta_a; :mod:`derive.model`) also

      d a_k / d alpha = eta_a <B_k> = 2 c eta_a <e sigma(lambda_k)>     (in ``order_eta``; no O(eta^2) part),

  the other equations unchanged in form, with the a_k in them order parameters.  In the weight-norm-1 scaling the same equations hold with eta
  read as N times the per-step learning rate;
* gradient and Hessian blocks in weight space, by Stein's lemma on x (s^2 = N or 1):

      grad_{w_m} R       = (1/s^2) sum_j E[d_j d_{lambda_m} l] a_j,
      d^2 R / dw_m dw_n  = (1/s^2) E[d_{lambda_m} d_{lambda_n} l] I_N
                           + (1/s^4) sum_{i,j} E[d_i d_j d_{lambda_m} d_{lambda_n} l] a_i a_j^T,

  where a_j runs over the weight vectors (w*_l for u_l, w_k for lambda_k).

>>> from derive.model import Model
>>> population_risk(Model(p=1, pstar=1))
3*Q_1_1**2 - 2*Q_1_1 - 4*rho_1_1**2 + 3
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Mapping

import sympy

from .model import Model, q_symbol, rho_symbol
from .network import preactivations
from .sparse import LazyExpressions, ScaledPolynomial, Sparse

__all__ = [
    "VectorCombination",
    "HessianBlock",
    "OverlapODE",
    "ConcreteSystem",
    "population_risk",
    "overlap_ode",
    "risk_gradient",
    "hessian_blocks",
    "derive_system",
]


@dataclass(frozen=True)
class VectorCombination:
    """sum_a coefficients[a] * a over weight vectors named ``w_k`` and ``wstar_l`` (kept sparse until read)."""

    coefficients: LazyExpressions[str]

    def as_expr(self) -> sympy.Expr:
        """The combination with each vector as a commutative symbol (for display)."""
        return sympy.Add(*(c * sympy.Symbol(name) for name, c in self.coefficients.items()))


@dataclass(frozen=True)
class HessianBlock:
    """identity * I_N + sum_(a, b) outer[(a, b)] * a b^T over weight vectors a, b (kept sparse until read)."""

    sparse_identity: Sparse
    outer: LazyExpressions[tuple[str, str]]

    @cached_property
    def identity(self) -> sympy.Expr:
        return self.sparse_identity.as_expr()


@dataclass(frozen=True)
class OverlapODE:
    """d/d alpha of each order parameter, split into its O(eta) and O(eta^2) parts (eta included), kept sparse
    until read."""

    order_eta: LazyExpressions[sympy.Symbol]
    order_eta2: LazyExpressions[sympy.Symbol]

    @cached_property
    def rhs(self) -> dict[sympy.Symbol, sympy.Expr]:
        """The full right-hand side, order_eta + order_eta2 (built once: read it, do not change it)."""
        return {name: self.order_eta[name] + self.order_eta2.get(name, sympy.Integer(0)) for name in self.order_eta}


@dataclass(frozen=True)
class ConcreteSystem:
    """Everything the concrete route derives for one model."""

    model: Model
    sparse_risk: Sparse
    ode: OverlapODE
    gradient: Mapping[int, VectorCombination]
    hessian_blocks: Mapping[tuple[int, int], HessianBlock]

    @cached_property
    def risk(self) -> sympy.Expr:
        return self.sparse_risk.as_expr()


def population_risk(model: Model) -> sympy.Expr:
    """R(rho, Q, T) = E[c (y - yhat)^2]."""
    return _risk(model).as_expr()


def _risk(model: Model) -> ScaledPolynomial:
    net = preactivations(model)
    return ScaledPolynomial(1, net.moments.expectation_polynomial(net.loss))


@lru_cache(maxsize=16)
def overlap_ode(model: Model) -> OverlapODE:
    """d rho_kl/d alpha = <F_k u_l>; d Q_kj/d alpha = <F_k lambda_j> + <F_j lambda_k> + <F_k F_j> / B.

    With a batch of B samples per step the mean gradient is unchanged and the O(eta^2) term, the second moment
    of the averaged amplitude, keeps only its B diagonal terms as N -> infinity (two different samples' inputs
    are orthogonal to O(N^{-1/2})): it is divided by B exactly.  Learned read-outs add
    d a_k/d alpha = eta_a <2 c e sigma(lambda_k)> (whatever B: the mean gradient), with no O(eta^2) part (their
    per-step moves are O(1/N))."""
    net = preactivations(model)
    expect = net.moments.expectation_polynomial
    eta = model.eta
    order_eta: dict[sympy.Symbol, ScaledPolynomial] = {}
    order_eta2: dict[sympy.Symbol, ScaledPolynomial] = {}
    amplitudes = {k: net.amplitude(k) for k in range(1, model.p + 1)}
    for k in range(1, model.p + 1):
        for l in range(1, model.pstar + 1):
            order_eta[rho_symbol(k, l)] = ScaledPolynomial(eta, expect(amplitudes[k] * net.u(l)))
            order_eta2[rho_symbol(k, l)] = ScaledPolynomial(eta**2, expect(net.ring.zero))
    for k in range(1, model.p + 1):
        for j in range(k, model.p + 1):
            linear = amplitudes[k] * net.lam(j) + amplitudes[j] * net.lam(k)
            quadratic = net.amplitude_factor(k) * net.amplitude_factor(j) * net.residual_squared
            order_eta[q_symbol(k, j)] = ScaledPolynomial(eta, expect(linear))
            order_eta2[q_symbol(k, j)] = ScaledPolynomial(eta**2 / model.batch, expect(quadratic))
    if model.learns_readouts:
        for k, a in enumerate(model.student_readout, 1):
            order_eta[a] = ScaledPolynomial(model.readout_lr, expect(net.readout_amplitude(k)))
            order_eta2[a] = ScaledPolynomial(eta**2, expect(net.ring.zero))
    return OverlapODE(LazyExpressions(order_eta), LazyExpressions(order_eta2))


def risk_gradient(model: Model) -> dict[int, VectorCombination]:
    """grad_{w_m} R = (1/s^2) sum_j E[d_j d_{lambda_m} l] a_j for m = 1..p (Stein's lemma)."""
    net = preactivations(model)
    scale = 1 / model.weight_scale
    gradient = {}
    for m in range(1, model.p + 1):
        dloss = -net.amplitude(m)
        coefficients = {}
        for j, vector in enumerate(net.vectors):
            value = ScaledPolynomial(scale, net.moments.expectation_polynomial(dloss.diff(net.ring.gens[j])))
            if value:
                coefficients[vector] = value
        gradient[m] = VectorCombination(LazyExpressions(coefficients))
    return gradient


def hessian_blocks(model: Model) -> dict[tuple[int, int], HessianBlock]:
    """H_mn = (1/s^2) E[g_mn] I_N + (1/s^4) sum_ij E[d_i d_j g_mn] a_i a_j^T, g_mn = d^2 l/d lambda_m d lambda_n."""
    net = preactivations(model)
    expect = net.moments.expectation_polynomial
    scale = 1 / model.weight_scale
    gens = net.ring.gens
    blocks = {}
    for m in range(1, model.p + 1):
        for n in range(1, model.p + 1):
            g = -net.amplitude(m).diff(net.lam(n))
            outer = {}
            for i, a in enumerate(net.vectors):
                dg = g.diff(gens[i])
                for j, b in enumerate(net.vectors):
                    value = ScaledPolynomial(scale**2, expect(dg.diff(gens[j])))
                    if value:
                        outer[(a, b)] = value
            blocks[(m, n)] = HessianBlock(ScaledPolynomial(scale, expect(g)), LazyExpressions(outer))
    return blocks


def derive_system(model: Model) -> ConcreteSystem:
    """Risk, overlap ODEs, gradient and Hessian blocks of ``model`` at its widths."""
    return ConcreteSystem(
        model=model,
        sparse_risk=_risk(model),
        ode=overlap_ode(model),
        gradient=risk_gradient(model),
        hessian_blocks=hessian_blocks(model),
    )

r"""Stationary points of the population risk from random starts, classified by Morse index and risk.

Risk, gradient and Hessian blocks are the engine's (``derive.concrete``) for a model with weights of norm
~ 1: ``seed003-appendix`` (T = I, seed 003 App. 7.2) or ``seed004`` (read-outs 1, general teacher Gram).
Search: gradient descent with Armijo backtracking (a discretised gradient flow) until |grad| < switch,
then Newton steps delta = -H^+ grad (least squares, for the degenerate critical manifolds) until
|grad| < tol (default 1e-10, Frobenius norm in weight space).

Gradient flow keeps a start's row space inside an invariant subspace V = V_c (+) V_o, V_c in the teacher
span, V_o orthogonal to it (rows of grad are combinations of the rows of W and of W* weighted by
rho = W W*^T, and W W*^T W* has rows in V_c); a ``sector`` (s0, r0) runs the flow there, which reaches the
saddles of seed 003's families.

Classification (T = I).  Stationarity reads G_W [c - (2/p) G_W + (2/p*) G_*] = 0, c = 1 - tr G_W / p,
G_* the teacher projector, so G_W commutes with G_* and has eigenvalues mu_o = p c/2 off the teacher span
(multiplicity r) and mu_c = p c/2 + p/p* on it (multiplicity s):
    c = 2 (1 - s/p*) / (2 + r + s),  r = rank Q - rank rho,  s = rank rho,  (r > 0 needs s < p*).
(r, 0) is eq. (28), (0, s) eq. (30); (r, s) with r, s > 0 ('mixed') is not among seed 003's families.

Seed 004 Theorem 2.3 (W, W* in R^{m x d}, m >= d, rank W* = d, f = |W x|^2): every stationary W of rank d
has L(W) = 0 and W = Q W*.  Mapping: m = p = p* (equal widths), d = N; seed 004's preset is this module's
``seed004`` model (read-outs 1, T = W* W*^T of rank N <= p*); seed 003's appendix scaling (read-outs 1/p,
1/p*, T = I) differs by the factor 1/p^2 in the risk when p = p*, and needs N >= p*, so the theorem's
setting meets it only at p = p* = N.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy

from .functions import CompiledLandscape, compiled_landscape
from .hessian import numeric_eigenvalues
from .points import StationaryPoint, rational_orthogonal

__all__ = [
    "THEOREM_2_3_QUOTE",
    "Found",
    "descend",
    "newton",
    "find_stationary",
    "random_start",
    "Classification",
    "classify",
    "family_eigenvalues",
    "mixed_point",
    "Theorem23Result",
    "check_theorem_2_3",
]

THEOREM_2_3_QUOTE = ("Let  $W \\in \\mathbb{R}^{m \\times d}$  be a stationary point of the population risk with "
                     "full-rank, that is,  $\\nabla \\mathcal{L}(W) = \\mathbb{E}[\\nabla(f(W^*; X) - f(W; X))^2] = 0$ ,"
                     " and  $\\text{rank}(W) = d$ . Then,  $W = QW^*$  for some orthogonal matrix  $Q$ , and  "
                     "$\\mathcal{L}(W) = 0$ .")


# -- search ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """The end of a search: W, |grad|, risk, whether |grad| < tol, and the iterations used."""

    W: np.ndarray
    Wstar: np.ndarray
    gradient_norm: float
    risk: float
    converged: bool
    descent_steps: int
    newton_steps: int


def descend(land: CompiledLandscape, W: np.ndarray, Wstar: np.ndarray, switch: float = 1e-4,
            max_steps: int = 20000, basis: np.ndarray | None = None) -> tuple[np.ndarray, int]:
    """Gradient descent with Armijo backtracking until |grad| < ``switch``; with ``basis`` (rows orthonormal,
    spanning an invariant subspace) the iterates are W = X basis (the flow restricted to the sector)."""
    project = (lambda G: G @ basis.T @ basis) if basis is not None else (lambda G: G)
    step, risk = 1.0, land.risk(W, Wstar)
    for n in range(max_steps):
        G = project(land.gradient(W, Wstar))
        norm2 = float(np.sum(G * G))
        if norm2 < switch**2:
            return W, n
        while True:
            trial = W - step * G
            trial_risk = land.risk(trial, Wstar)
            if trial_risk <= risk - 0.5 * step * norm2 or step < 1e-12:
                break
            step /= 2
        W, risk, step = trial, trial_risk, min(2 * step, 10.0)
    return W, max_steps


def newton(land: CompiledLandscape, W: np.ndarray, Wstar: np.ndarray, tol: float = 1e-10,
           max_steps: int = 50, rcond: float = 1e-9) -> tuple[np.ndarray, int]:
    """Newton steps delta = -H^+ grad (numpy lstsq, relative cut-off ``rcond``) until |grad| < ``tol``."""
    p, N = W.shape
    for n in range(max_steps):
        G = land.gradient(W, Wstar)
        if np.linalg.norm(G) < tol:
            return W, n
        delta = np.linalg.lstsq(land.hessian(W, Wstar), -G.ravel(), rcond=rcond)[0]
        W = W + delta.reshape(p, N)
    return W, max_steps


def random_start(N: int, p: int, pstar: int, rng: np.random.Generator, sector: tuple[int, int] | None = None,
                 scale: float = 1.0) -> tuple[np.ndarray, np.ndarray | None]:
    """A Gaussian start (entries N(0, scale^2 / N)) and, for ``sector`` = (s0, r0), the basis rows
    [e_1..e_s0 ; e_{p*+1}..e_{p*+r0}] of the invariant subspace it lies in (teacher rows e_1..e_p*)."""
    if sector is None:
        return rng.normal(scale=scale / np.sqrt(N), size=(p, N)), None
    s0, r0 = sector
    if not (0 <= s0 <= pstar and 0 <= r0 <= N - pstar):
        raise ValueError(f"sector (s0, r0) = {sector} needs s0 <= p* = {pstar} and r0 <= N - p* = {N - pstar}")
    basis = np.eye(N)[list(range(s0)) + list(range(pstar, pstar + r0))]
    return rng.normal(scale=scale / np.sqrt(max(s0 + r0, 1)), size=(p, s0 + r0)) @ basis, basis


def find_stationary(N: int, p: int, pstar: int, rng: np.random.Generator, model: str = "seed003-appendix",
                    Wstar: np.ndarray | None = None, sector: tuple[int, int] | None = None,
                    tol: float = 1e-10) -> Found:
    """One search from a random start: descent (in ``sector`` if given), then Newton to |grad| < ``tol``.

    The teacher defaults to W* = [I_p* 0] (seed 003's orthonormal rows)."""
    Wstar = np.eye(pstar, N) if Wstar is None else Wstar
    land = compiled_landscape(model, p, pstar)
    W, basis = random_start(N, p, pstar, rng, sector)
    W, n_descent = descend(land, W, Wstar, basis=basis)
    W, n_newton = newton(land, W, Wstar, tol=tol)
    norm = float(np.linalg.norm(land.gradient(W, Wstar)))
    return Found(W, Wstar, norm, land.risk(W, Wstar), norm < tol, n_descent, n_newton)


# -- classification (seed 003, T = I) ----------------------------------------------------------------


def _rank(M: np.ndarray, tolerance: float) -> int:
    values = np.linalg.svd(M, compute_uv=False)
    return int(np.sum(values > tolerance * max(1.0, values.max(initial=0.0))))


def family_eigenvalues(p: int, pstar: int, r: int, s: int) -> tuple[sympy.Rational, sympy.Rational]:
    """(mu_o, mu_c): the nonzero eigenvalues of G_W = W^T W off and on the teacher span at the (r, s) point."""
    c = 2 * (1 - sympy.Rational(s, pstar)) / (2 + r + s)
    return p * c / 2, p * c / 2 + sympy.Rational(p, pstar)


@dataclass(frozen=True)
class Classification:
    """Family (r, s), its name, whether G_W has the family's eigenvalues, Morse index and nullity."""

    r: int
    s: int
    family: str
    eigenvalues_match: bool
    risk: float
    index: int
    nullity: int


def _family_name(r: int, s: int, p: int, pstar: int) -> str:
    if r == s == 0:
        return "tabula-rasa"
    if s == 0:
        return "plateau" if r == p else f"uncorrelated rank {r}"
    if r == 0:
        return "zero-error" if s == pstar else f"correlated rank {s}"
    return f"mixed (r={r}, s={s})"


def classify(W: np.ndarray, Wstar: np.ndarray, rank_tolerance: float = 1e-7,
             eigen_tolerance: float = 1e-7) -> Classification:
    """Classify a stationary point of the seed003-appendix landscape (W* rows orthonormal).

    Ranks by SVD with relative ``rank_tolerance``; G_W's eigenvalues against family_eigenvalues with
    absolute ``eigen_tolerance``; the Morse index and nullity from the block Hessian spectrum
    (hessian.numeric_eigenvalues), eigenvalues within ``eigen_tolerance`` of 0 counted as null."""
    p, pstar = W.shape[0], Wstar.shape[0]
    rho, Q = W @ Wstar.T, W @ W.T
    s = _rank(rho, rank_tolerance)
    r = _rank(Q, rank_tolerance) - s
    mu_o, mu_c = (float(v) for v in family_eigenvalues(p, pstar, r, s))
    on = np.sort(np.linalg.eigvalsh(rho.T @ rho))[::-1][:s]
    allv = np.sort(np.linalg.eigvalsh(Q))[::-1][: r + s]
    expected = np.sort(np.concatenate([np.full(r, mu_o), np.full(s, mu_c)]))[::-1]
    match = np.allclose(on, mu_c, atol=eigen_tolerance) and np.allclose(allv, expected, atol=eigen_tolerance)
    values = numeric_eigenvalues(W, Wstar)
    land = compiled_landscape("seed003-appendix", p, pstar)
    return Classification(r, s, _family_name(r, s, p, pstar), bool(match), land.risk(W, Wstar),
                          int(np.sum(values < -eigen_tolerance)), int(np.sum(np.abs(values) <= eigen_tolerance)))


def mixed_point(N: int, p: int, pstar: int, r: int, s: int) -> StationaryPoint:
    """The exact (r, s) stationary point W = sqrt(mu_c) M_c O_c^T + sqrt(mu_o) M_o O_o^T (T = I, W* = [I 0]).

    M = [M_c M_o]: the first s + r columns of a rational orthogonal p x p matrix; O_c^T = e_1..e_s,
    O_o^T = e_{p*+1}..e_{p*+r}.  Needs r + s <= p, s <= p*, r <= N - p*, and s < p* when r > 0."""
    if not (0 <= s <= min(p, pstar) and 0 <= r and r + s <= p and pstar + r <= N):
        raise ValueError(f"no (r, s) = ({r}, {s}) point at N = {N}, p = {p}, p* = {pstar}")
    if r > 0 and s == pstar:
        raise ValueError("r > 0 needs s < p* (mu_o = 0 otherwise)")
    mu_o, mu_c = family_eigenvalues(p, pstar, r, s)
    M = rational_orthogonal(p)[:, : r + s]
    identity = sympy.eye(N)
    W = sympy.zeros(p, N)
    if s:
        W += sympy.sqrt(mu_c) * M[:, :s] * identity[:s, :]
    if r:
        W += sympy.sqrt(mu_o) * M[:, s:] * identity[pstar:pstar + r, :]
    return StationaryPoint("mixed", r + s, W, sympy.eye(pstar, N))


# -- seed 004 Theorem 2.3 ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theorem23Result:
    """Stationary points found for seed 004's model (m = p = p*, d = N) from random starts."""

    m: int
    d: int
    found: tuple[Found, ...]
    ranks: tuple[int, ...]
    full_rank_risks: tuple[float, ...]
    full_rank_orthogonality: tuple[float, ...]
    rank_deficient_risks: tuple[float, ...]
    risk_tolerance: float

    @property
    def holds(self) -> bool:
        """Every converged full-rank stationary point has |L| < risk_tolerance and |W^T W - W*^T W*| < 1e-7
        (the latter is equivalent to W = Q W* with Q orthogonal).  risk_tolerance = 1e-12 (1 + |W*|_F^4)
        covers the rounding of the risk polynomial, which cancels terms of size |W*|^4."""
        return (all(abs(r) < self.risk_tolerance for r in self.full_rank_risks)
                and all(o < 1e-7 for o in self.full_rank_orthogonality))


def check_theorem_2_3(m: int, d: int, rng: np.random.Generator, starts: int = 8,
                      tol: float = 1e-10) -> Theorem23Result:
    """Search stationary points of seed 004's L (read-outs 1, loss (f(W*) - f(W))^2) for a Gaussian teacher
    W* (m x d, rank d), from ``starts`` random starts: half by descent then Newton, half by Newton alone
    (which also converges to saddles); for each full-rank one, L and |W^T W - W*^T W*|."""
    if not m >= d >= 1:
        raise ValueError(f"seed 004 Theorem 2.3 needs m >= d >= 1, got m = {m}, d = {d}")
    land = compiled_landscape("seed004", m, m)
    Wstar = rng.normal(size=(m, d))
    found, ranks, risks, orth, deficient = [], [], [], [], []
    for n in range(starts):
        W = rng.normal(size=(m, d))
        if n % 2 == 0:
            W, steps = descend(land, W, Wstar)
        else:
            steps = 0
        W, newton_steps = newton(land, W, Wstar, tol=tol, max_steps=100)
        norm = float(np.linalg.norm(land.gradient(W, Wstar)))
        result = Found(W, Wstar, norm, land.risk(W, Wstar), norm < tol, steps, newton_steps)
        found.append(result)
        if not result.converged:
            continue
        rank = _rank(W, 1e-7)
        ranks.append(rank)
        if rank == d:
            risks.append(result.risk)
            orth.append(float(np.linalg.norm(W.T @ W - Wstar.T @ Wstar)))
        else:
            deficient.append(result.risk)
    tolerance = 1e-12 * (1 + float(np.linalg.norm(Wstar)) ** 4)
    return Theorem23Result(m, d, tuple(found), tuple(ranks), tuple(risks), tuple(orth), tuple(deficient), tolerance)

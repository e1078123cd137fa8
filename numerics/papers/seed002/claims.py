r"""Claims of seed 002 (Wang & Abernethy: one teacher neuron with quadratic activation, K student neurons).

How the claims are checked (``COVERAGE`` at the end lists them per section of the paper, with what was not
checkable and why):

* the population gradient, eq. (6), the two Gaussian identities beside it, the population GD updates (7) and
  (8), the optima w_* q^T (Sec. 3) and the algebra of the remark after Theorem 5: exact symbolic identities
  against the engine's derivation (:mod:`numerics.papers.seed002.engine`) on symbolic weight vectors;
* the distance to the optima, eqs. (4), (12)-(14): exact minimisation of q -> ||W - w_* q^T||_F^2 over the ball
  ||q|| <= 1 (as printed in (4)) and over the sphere ||q|| = 1 (the optima, as the text, (12) and (14) use it);
* Lemma 1: population GD near the optima (K = 1, ||w_*|| = 1) and from the paper's isotropic initialisation
  (K = 3; ||w_*|| = 1/2), the contraction of dist^2 against the lemma's factor, with exact one-step examples;
* Theorem 2 (K = 1): population GD from isotropic starts satisfying (C1)-(C2) over a grid of ||w_*||, gamma, c;
* Theorem 5: its bound with theta, vartheta, psi and c_2t measured on simulated runs, under a criterion fixed in
  advance; the statements about Figure 1, the quantity (9) and the step sizes of Sec. 4.4: empirical GD in the
  Figure 1 setting over seeded data sets, with the criteria stated in each outcome.

Reading as a referee: each claim lists the paper's standing hypotheses that bear on it (``HYPOTHESES``); a
refutation checks its counterexample against each, from the counterexample itself; every check takes its
transcription as a parameter and its negative ``Control`` runs it on an altered one (a constant, a sign or a
claimed order changed), reusing the cached simulations.

Findings: eq. (4) prints ||q||_2 <= 1 for the sphere ||q||_2 = 1 (a misprint, repeated in (13)'s first lines);
"nu <= 0.141" rounds the root 0.14005 of 2 - 14 nu - 2 nu^2 up (a misprint). Lemma 1 fails for K >= 2 (flat
directions of the optimum manifold: sublinear convergence from the paper's own initialisation) and for
||w_*||^2 below about (2 - 14 nu - 2 nu^2)/4 (its factor does not scale with ||w_*||); Theorem 2's ||w_t^perp|| <=
gamma fails for isotropic starts with a small parallel component. Inconclusive, with why: larger K is faster only
down to about 1e-3 of the initial objective, not to 1e-6 (Sec. 1; the figure's range decides); eta = 0.3 converges
on the data sets whose Hessian at the optimum allows it, a minority (Sec. 4.4); Theorem 5's bound is vacuous
wherever its hypotheses hold as measured.

Widths are K students of dimension d; w_* = ||w_*|| e_1 (002 Sec. 3).  In numerical code students are the
rows of W (the paper's columns).
"""

from __future__ import annotations

from functools import lru_cache, partial
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from quadwick.numerics.dynamics import gd
from quadwick.numerics.papers.seed002 import engine as paper
from quadwick.numerics.weights import risk_of_weights, symbolic_vectors
from quadwick.numerics.papers.seed002 import transcription as t002

from quadwick.numerics.claims.base import Claim, Control, HypothesisCheck, Outcome, Reading, Section, identity_outcome

__all__ = ["CLAIMS", "COVERAGE", "HYPOTHESES"]

SEED = t002.SEED_FILE

# -- the paper's standing hypotheses (Secs. 1, 3, 4), reused by the claims that bear on them ----------------------

H_MODEL = ("x ~ N(0, I_d), labels y = (x^T w_*)^2, objective (2) = (1/4n) sum_i (sum_k (x_i^T w^(k))^2 - y_i)^2 "
           "(Sec. 1)")
H_TEACHER = ("w_* = ||w_*|| e_1 'without loss of generality', ||w_*|| free: the paper never sets it to 1 (Sec. 3; "
             "Lemma 1 and Theorem 2 carry ||w_*|| explicitly)")
H_STUDENTS = "K >= 1 student neurons, the columns w^(k) of W in R^{d x K} (eq. (2))"
H_POPULATION = "the analysis runs gradient descent on the population gradient (6) (Sec. 4)"
H_SPHERE = ("dist(W, w_*) is the distance to the nearest zero-test-error optimum w_* q^T, ||q||_2 = 1 (Sec. 3; eq. (4) "
            "prints ||q||_2 <= 1, a misprint: 002-eq4)")
H_INIT = "each neuron is initialised i.i.d. from an isotropic distribution, e.g. Gaussian (Sec. 3)"
H_LEMMA1 = ("Lemma 1: dist(W_t0, w_*) <= nu ||w_*|| at some t0, nu > 0 with 2 - 14 nu - 2 nu^2 > 0, step eta <= "
            "(2 - 14 nu - 2 nu^2)/((13 + 16 nu^2)^2 ||w_*||^4), any K (the remark after it)")
H_C1 = "(C1) ||w_*|| > 1.1 gamma (Sec. 4.2)"
H_C2 = "(C2) gamma >= 10 ||w_0|| (Sec. 4.2)"
H_THM2_STEP = "Theorem 2: K = 1 and eta <= c/||w_*||^2 for some sufficiently small constant c > 0"
H_THM5 = ("Theorem 5: (10)-(11) hold from 0 to t, |w^par_#1,t| = c_1t ||w_*||^2 with 0 < c_1t < 1, c_2t as defined, "
          "eta <= 1/(3 ||w_*||^2), psi > 1")
H_FIGURE1 = ("Figure 1 setting: d = 10, n = 200 training and 200 test samples, w_* = e_1, w_0^(k) ~ 0.01 N(0, I_d/d), "
             "the same eta for every K in {1, 3, 10}")
HYPOTHESES = (H_MODEL, H_TEACHER, H_STUDENTS, H_POPULATION, H_SPHERE, H_INIT, H_LEMMA1, H_C1, H_C2, H_THM2_STEP,
              H_THM5, H_FIGURE1)


def _g(x: float) -> str:
    """A float with 3 significant digits, as printed in summaries and values.

    >>> _g(0.00123456)
    '0.00123'
    """
    return f"{x:.3g}"


def _dot(u: sp.Matrix, v: sp.Matrix) -> sp.Expr:
    return (u.T * v)[0, 0]


# -- quotes (verbatim from the seed, cut programmatically; garbling kept) --------------------------------------

_CUBIC_QUOTE, _MIXED_QUOTE = t002.QUOTES["identities"].split("$ and $")

_EQ8_QUOTE = (
    r"w_{t+1}^{(k), \parallel} &= \underbrace{w_t^{(k), \parallel} (1 + 3\eta(\|w_*\|^2 - \|w_t^{(k)}\|^2))}"
    r"_{\text{component A}} - \underbrace{(2\eta \sum_{j \neq k}^K \langle w_t^{(j)}, w_t^{(k)} \rangle "
    r"w_t^{(j), \parallel} + \eta w_t^{(k), \parallel} \sum_{j \neq k}^K \|w_t^{(j)}\|^2)}_{\text{component B}} "
    r"\\ w_{t+1}^{(k), \perp} &= \underbrace{w_t^{(k), \perp} (1 + \eta(\|w_*\|^2 - 3\|w_t^{(k)}\|^2))}"
    r"_{\text{component C}} - \underbrace{(2\eta \sum_{j \neq k}^K \langle w_t^{(j)}, w_t^{(k)} \rangle "
    r"w_t^{(j), \perp} + \eta w_t^{(k), \perp} \sum_{j \neq k}^K \|w_t^{(j)}\|^2)}_{\text{component D}} "
    r"\end{aligned} \quad (8)"
)

_EQ12_QUOTE = (
    r"\text{dist}(W_t^{\#1}, w_*)^2 &= \min_{q \in \{-1, +1\}} \|W_t^{\#1} - w_* q^\top\|^2 = "
    r"\|w_{\#1,t}^{(1)}\|^2 - 2|w_{\#1,t}^{(1)}| + \|w_*\|^2 \\ &= \|w_{\#1,t}^{(1)}\|^2 + \|w_*\|^2 - "
    r"2\sqrt{\|w_{\#1,t}^{(1)}\|^2}. \end{aligned} \quad (12)"
)

_EQ13_QUOTE = (
    r"\text{dist}^2(W_t^{\#K}, w_*) &= \min_{q \in \mathcal{R}^K: \|q\|_2 \leq 1} \|W_t^{\#K} - w_* q^\top\|_F^2 "
    r"\\ &= \min_{q \in \mathcal{R}^K: \|q\|_2 \leq 1} \text{tr}((W_t^{\#K} - w_* q^\top)^\top (W_t^{\#K} - "
    r"w_* q^\top)) \\ &= \|W_t^{\#K}\|_F^2 + \|w_*\|^2 - 2 \max_{q \in \mathcal{R}^K: \|q\|_2 \leq 1} "
    r"\text{tr}((W_t^{\#K})^\top w_* q^\top) \\ &= \|W_t^{\#K}\|_F^2 + \|w_*\|^2 - 2\sqrt{\sum_{k=1}^K "
    r"|w_{\#K,t}^{(k)}|^2}, \end{aligned} \quad (13)"
)

_EQ14_QUOTE = (
    r"\max_{q \in \mathcal{R}^K: \|q\|_2 \leq 1} \text{tr}((W_t^{\#K})^\top w_* q^\top) \stackrel{(a)}{=} "
    r"\max_{q \in \mathcal{R}^K: \|q\|_2 \leq 1} \text{tr}(\bar{v} q^\top) = \max_{q \in \mathcal{R}^K: "
    r"\|q\|_2 \leq 1} \text{tr}(q^\top \bar{v}) \stackrel{(b)}{=} \|\bar{v}\|. \quad (14)"
)

_LEMMA1_QUOTE = (
    r"Suppose that at time  $t_0$ ,  $\text{dist}(W_{t_0}, w_*) := \|W_{t_0} - w_* q_{t_0}^\top\| \leq \nu "
    r"\|w_*\|$  where  $W_{t_0} \in \mathcal{R}^{d \times K}$ ,  $\nu > 0$  satisfies  $2 - 14\nu - 2\nu^2 > 0$ , "
    r"and  $q_{t_0} := \arg \min_{q \in \mathcal{R}^K: \|q\|_2 \leq 1} \|W_{t_0} - w_* q^\top\|$ . Then, gradient "
    r"descent with the step size  $\eta \leq \frac{2-14\nu-2\nu^2}{(13+16\nu^2)^2 \|w_*\|^4}$  generates "
    r"iterates  $\{W_t\}_{t \geq t_0}$  satisfying  $\text{dist}^2(W_{t+1}, w_*) \leq (1 - \eta(2 - 14\nu - "
    r"2\nu^2)) \text{dist}^2(W_t, w_*)$ ."
)

_LEMMA1_ANY_K_QUOTE = (
    r"Note that the lemma holds for *any* size  $K$  of neural nets, as long as the condition,  "
    r"$\text{dist}(W, w_*) \leq \nu \|w_*\|_2$  with the required  $\nu$ , is satisfied."
)

_THM2_BOUND_QUOTE = (
    r"(1) (i.e.  $K = 1$ ) has  $T_\gamma \leq \frac{\log(\frac{\|w_*\| - \gamma}{|w_0[1]|})}{\log(1 + "
    r"\eta\Delta)}$ , where  $\Delta := 6\gamma(\|w_*\| - \gamma) > 0$ ."
)
_THM2_GROWTH_QUOTE = (
    r"Furthermore, for  $0 \leq t \leq T_\gamma$ , we have that  $|w_t^\parallel| \geq (1 + \eta\Delta)^t "
    r"|w_0^\parallel|$  and  $\|w_t^\perp\| \leq \gamma$ ."
)

_THM5_QUOTE = (
    r"Then, an over-parametrized network  $W_t^{\#K}$  trained by GD with the same  $\eta$  has "
    r"$$\text{dist}^2(W_t^{\#1}, w_*) - \text{dist}^2(W_t^{\#K}, w_*) \gtrsim \|w_*\|^2 (2c_{1,t}"
    r"(\sqrt{(1-2t\theta)}\sqrt{K} - 1) - K(c_{1,t}^2 + c_{2,t}^2) + c_{1,t}^2).$$"
)

_BENIGN_QUOTE = (
    r"Hence, the observation suggests that gradient descent enters a benign region faster for a larger "
    r"student network."
)

_FIG1_QUOTE = (
    'First, we see that over-parametrization not only helps to decrease the training error faster but '
    'also decrease the testing error faster (c.f. subfigure (a) and (b)). Furthermore, the '
    'generalization error is very small since both training error and testing error approach zero.'
)
_OPTIMA_QUOTE = (
    'the global optimal solutions of (2) that achieve zero testing error are $w_* q^\\top \\in '
    '\\mathcal{R}^{d \\times K}$ for any $q \\in \\mathcal{R}^K$ such that $\\|q\\|_2 = 1$'
)
_NU_QUOTE = 'with $\\nu$ satisfying $2 - 14\\nu - 2\\nu^2 > 0$ (i.e. $\\nu \\leq 0.141$ )'
_C1_QUOTE = (
    'we will set $2\\gamma^2 = \\nu^2 \\|w_*\\|^2$ with $\\nu$ satisfying $2 - 14\\nu - 2\\nu^2 > 0$ '
    '(i.e. $\\nu \\leq 0.141$ ); consequently, (C1) is trivially satisfied.'
)
_REMARK5_QUOTE = (
    'Note that the lower bound is a quadratic function of $\\sqrt{K}$ and is increasing for $1 \\leq '
    '\\sqrt{K} \\leq \\frac{c_{1,t}\\sqrt{1-2t\\theta}}{c_{1,t}^2 + c_{2,t}^2}$ , which means that up '
    'to a certain threshold of $K$ , more over-parametrization could lead to more improvements. '
    'Moreover, if $c_{1,t}$ and $c_{2,t}$ further satisfy (\\*) '
    '$2c_{1,t}(\\sqrt{2}\\sqrt{(1-2t\\theta)} - 1) - c_{1,t}^2 - 2c_{2,t}^2 > 0$ , then the lower '
    'bound of the difference for $K = 2$ neurons is strictly positive and keeps being positive up to '
    '$\\sqrt{K} \\leq \\lfloor \\frac{c_{1,t}\\sqrt{1-2t\\theta} + \\sqrt{c_{1,t}^2(1-2t\\theta) - '
    '(c_{1,t}^2 + c_{2,t}^2)(2c_{1,t} - c_{1,t}^2)}}{c_{1,t}^2 + c_{2,t}^2} \\rfloor$ , which gives an '
    'upper limit of the degree of over-parametrization that allows acceleration.'
)
_SEC44_QUOTE = (
    'We found out that gradient descent with step size $\\eta = \\{1.0, 0.5, 0.4, 0.3\\}$ either '
    'diverges or cannot converge towards zero testing error for all $K = \\{1, 3, 10\\}$ , which means '
    'that $\\eta = 0.2$ is basically the best step size of gradient descent for each model $K$ .'
)


# -- symbols of the statements ----------------------------------------------------------------------------------

_K, _d = sp.symbols("K d", integer=True, positive=True)
_a, _b, _j, _k = sp.symbols("a b j k", integer=True, positive=True)
_eta = sp.Symbol("eta", positive=True)
_W = sp.MatrixSymbol("W", _d, _K)          # the paper's W: students as columns
_WSTAR = sp.MatrixSymbol("w_*", _d, 1)
_dist = sp.Function("dist", real=True)


def _teacher_projection_norm() -> sp.Expr:
    """||W^T w_*|| = sqrt(sum_k <w^(k), w_*>^2) = ||v_bar|| of 002 eq. (14)."""
    return sp.sqrt(sp.trace(_WSTAR.T * _W * _W.T * _WSTAR))


def _eq6_statement() -> sp.Eq:
    """002 eq. (6) component a: g[k, a] = E[grad_{w^(k)} f(W)]_a, with w[j, a] the a-th entry of w^(j)."""
    w, ws, g = sp.IndexedBase("w"), sp.IndexedBase("w_*"), sp.IndexedBase("g")

    def inner(u: Callable[[sp.Expr], sp.Expr], v: Callable[[sp.Expr], sp.Expr]) -> sp.Expr:
        return sp.Sum(u(_b) * v(_b), (_b, 1, _d))

    def student(j: sp.Expr) -> Callable[[sp.Expr], sp.Expr]:
        return lambda b: w[j, b]

    def teacher(b: sp.Expr) -> sp.Expr:
        return ws[b]

    interaction = sp.Sum((1 - sp.KroneckerDelta(_j, _k)) * (2 * inner(student(_j), student(_k)) * w[_j, _a]
                                                            + inner(student(_j), student(_j)) * w[_k, _a]),
                         (_j, 1, _K))
    return sp.Eq(g[_k, _a], (3 * inner(student(_k), student(_k)) - inner(teacher, teacher)) * w[_k, _a]
                 - 2 * inner(teacher, student(_k)) * ws[_a] + interaction)


def _identity_statements() -> tuple[sp.Eq, sp.Eq]:
    """E[(x^T u)^3 x] = 3 ||u||^2 u and E[(x^T u)^2 (x^T v) x] = 2 (u^T v) u + ||u||^2 v."""
    u, v = sp.MatrixSymbol("u", _d, 1), sp.MatrixSymbol("v", _d, 1)
    cubic, mixed = sp.Symbol("E[(x^T u)^3 x]"), sp.Symbol("E[(x^T u)^2 (x^T v) x]")
    return (sp.Eq(cubic, 3 * sp.trace(u.T * u) * u, evaluate=False),
            sp.Eq(mixed, 2 * sp.trace(u.T * v) * u + sp.trace(u.T * u) * v, evaluate=False))


def _update_statement(interacting: bool) -> sp.Tuple:
    """002 eq. (8) (``interacting``) or (7): next parallel and perpendicular components of neuron k.

    P[j] = w^(j),par = <w^(j), w_*>, U[j] one entry of w^(j),perp, N[j] = ||w^(j)||^2, G[j, k] = <w^(j), w^(k)>,
    s = ||w_*||^2.
    """
    P, U, N, G = (sp.IndexedBase(name) for name in ("P", "U", "N", "G"))
    P1, U1 = sp.IndexedBase("P_next"), sp.IndexedBase("U_next")
    s = sp.Symbol("s", positive=True)
    k = _k if interacting else 1
    parallel = P[k] * (1 + 3 * _eta * (s - N[k]))
    perpendicular = U[k] * (1 + _eta * (s - 3 * N[k]))
    if interacting:
        others = 1 - sp.KroneckerDelta(_j, _k)
        mass = sp.Sum(others * N[_j], (_j, 1, _K))
        parallel -= 2 * _eta * sp.Sum(others * G[_j, _k] * P[_j], (_j, 1, _K)) + _eta * P[_k] * mass
        perpendicular -= 2 * _eta * sp.Sum(others * G[_j, _k] * U[_j], (_j, 1, _K)) + _eta * U[_k] * mass
    return sp.Tuple(sp.Eq(P1[k], parallel), sp.Eq(U1[k], perpendicular))


# -- exact identities: transcription against the engine, at concrete widths ------------------------------------

Comparison = Callable[[int, int], tuple[sp.Matrix, sp.Matrix]]


def _identity_at_widths(compare: Comparison, widths: Sequence[tuple[int, int]], what: str) -> Outcome:
    """identity_outcome of (transcription, engine) stacked over the widths (K, d), which the summary names."""
    pairs = [compare(K, d) for K, d in widths]
    outcome = identity_outcome(sp.Matrix.vstack(*(p for p, _ in pairs)), sp.Matrix.vstack(*(e for _, e in pairs)), what)
    at = ", ".join(f"(K, d) = ({K}, {d})" for K, d in widths)
    return Outcome(outcome.verdict, f"{outcome.summary[:-1]}, on symbolic weight vectors at {at}.",
                   outcome.residual, outcome.correct_form)


Gradient = Callable[[Sequence[sp.Matrix], sp.Matrix, int], sp.Matrix]


def _gradient_pair(transcription: Gradient) -> Comparison:
    """Eq. (6) for every k against the engine's grad_{w^(k)} E[f] (Stein's lemma on the overlaps)."""
    def compare(K: int, d: int) -> tuple[sp.Matrix, sp.Matrix]:
        students, wstar = symbolic_vectors("w", K, d), symbolic_vectors("v", 1, d)[0]
        engine = paper.population_gradient(students, wstar)
        return (sp.Matrix.vstack(*(transcription(students, wstar, k) for k in range(K))), sp.Matrix.vstack(*engine))
    return compare


def _check_eq6(quick: bool, transcription: Gradient = t002.population_gradient_eq6) -> Outcome:
    """Eq. (6) against the engine, exactly, at (K, d) = (1, 2), (2, 2), (3, 3)."""
    return _identity_at_widths(_gradient_pair(transcription), [(1, 2), (2, 2), (3, 3)],
                               "eq. (6), E[grad_{w^(k)} f(W)]")


def _eq6_with_2_for_3(students: Sequence[sp.Matrix], wstar: sp.Matrix, k: int) -> sp.Matrix:
    """Eq. (6) with (3||w^(k)||^2 - ||w_*||^2) replaced by (2||w^(k)||^2 - ||w_*||^2): the control's alteration."""
    w = students[k]
    return t002.population_gradient_eq6(students, wstar, k) - _dot(w, w) * w


Identity = Callable[[sp.Matrix, sp.Matrix], sp.Matrix]


def _identity_pair(which: int, transcription: Identity) -> Comparison:
    """Comparison of the cubic (0) or mixed (1) identity with Wick's theorem, component by component."""
    def compare(_K: int, d: int) -> tuple[sp.Matrix, sp.Matrix]:
        u, v = symbolic_vectors("u", 2, d)
        return transcription(u, v), paper.gaussian_identities(u, v)[which]
    return compare


def _cubic(u: sp.Matrix, v: sp.Matrix) -> sp.Matrix:
    """The first identity beside eq. (6), as printed (v unused)."""
    return t002.identity_cubic(u)


def _cubic_with_2_for_3(u: sp.Matrix, v: sp.Matrix) -> sp.Matrix:
    """The first identity with 3 ||u||^2 u replaced by 2 ||u||^2 u: the control's alteration."""
    return 2 * _dot(u, u) * u


def _mixed_with_1_for_2(u: sp.Matrix, v: sp.Matrix) -> sp.Matrix:
    """The second identity with 2 (u^T v) u replaced by (u^T v) u: the control's alteration."""
    return _dot(u, v) * u + _dot(u, u) * v


def _check_identity_cubic(quick: bool, transcription: Identity = _cubic) -> Outcome:
    """E[(x^T u)^3 x] = 3 ||u||^2 u against Wick's theorem, d = 3."""
    return _identity_at_widths(_identity_pair(0, transcription), [(1, 3)], "E[(x^T u)^3 x] = 3 ||u||^2 u")


def _check_identity_mixed(quick: bool, transcription: Identity = t002.identity_mixed) -> Outcome:
    """E[(x^T u)^2 (x^T v) x] = 2 (u^T v) u + ||u||^2 v against Wick's theorem, d = 3."""
    return _identity_at_widths(_identity_pair(1, transcription), [(1, 3)],
                               "E[(x^T u)^2 (x^T v) x] = 2 (u^T v) u + ||u||^2 v")


Update = Callable[[Sequence[sp.Matrix], sp.Matrix, int, sp.Expr], tuple[sp.Expr, sp.Matrix]]


def _update_eq7(students: Sequence[sp.Matrix], wstar: sp.Matrix, k: int, eta: sp.Expr) -> tuple[sp.Expr, sp.Matrix]:
    """Eq. (7) in the signature of :func:`numerics.papers.seed002.transcription.update_eq8` (K = 1)."""
    w = students[k]
    return t002.update_eq7(_dot(w, wstar), w[1:, :], _dot(w, w), _dot(wstar, wstar), eta)


def _update_eq7_with_2_for_3(students: Sequence[sp.Matrix], wstar: sp.Matrix, k: int,
                             eta: sp.Expr) -> tuple[sp.Expr, sp.Matrix]:
    """Eq. (7) with its parallel factor 1 + eta(3||w_*||^2 - 3||w||^2) replaced by 1 + eta(2||w_*||^2 - 3||w||^2)."""
    parallel, perpendicular = _update_eq7(students, wstar, k, eta)
    return parallel - eta * _dot(students[k], wstar) * _dot(wstar, wstar), perpendicular


def _update_eq8_without_2(students: Sequence[sp.Matrix], wstar: sp.Matrix, k: int,
                          eta: sp.Expr) -> tuple[sp.Expr, sp.Matrix]:
    """Eq. (8) with the factor 2 of component B's sum 2 eta sum_j <w^(j), w^(k)> w^(j),par dropped."""
    parallel, perpendicular = t002.update_eq8(students, wstar, k, eta)
    interaction = sum((_dot(students[j], students[k]) * _dot(students[j], wstar)
                       for j in range(len(students)) if j != k), sp.Integer(0))
    return parallel + eta * interaction, perpendicular


def _update_pair(transcription: Update) -> Comparison:
    """(7) or (8): transcribed components of w^(k) - eta E[grad] against those of the engine's step."""
    def compare(K: int, d: int) -> tuple[sp.Matrix, sp.Matrix]:
        norm = sp.Symbol("s", positive=True)
        students, wstar = symbolic_vectors("w", K, d), sp.Matrix([norm] + [0] * (d - 1))  # w_* = ||w_*|| e_1
        transcribed, engine = [], []
        for k, gradient in enumerate(paper.population_gradient(students, wstar)):
            new = students[k] - _eta * gradient
            engine.append(sp.Matrix([_dot(new, wstar)]).col_join(new[1:, :]))
            parallel, perpendicular = transcription(students, wstar, k, _eta)
            transcribed.append(sp.Matrix([parallel]).col_join(perpendicular))
        return sp.Matrix.vstack(*transcribed), sp.Matrix.vstack(*engine)
    return compare


def _check_eq7(quick: bool, transcription: Update = _update_eq7) -> Outcome:
    """Eq. (7) against one population GD step of the engine, K = 1, d = 3, w_* = ||w_*|| e_1."""
    return _identity_at_widths(_update_pair(transcription), [(1, 3)], "eq. (7), the K = 1 population GD step")


def _check_eq8(quick: bool, transcription: Update = t002.update_eq8) -> Outcome:
    """Eq. (8) against one population GD step of the engine, K = 2, 3, d = 3, w_* = ||w_*|| e_1."""
    return _identity_at_widths(_update_pair(transcription), [(2, 3), (3, 3)],
                               "eq. (8), the population GD step of neuron k")


# -- the distance to the optima, eqs. (4), (12)-(14) -------------------------------------------------------------


def _check_squared_distance_expansion(K: int, d: int) -> None:
    """||W - w_* q^T||_F^2 = ||W||_F^2 - 2 q.v_bar + ||w_*||^2 ||q||^2, v_bar = W^T w_*: exact on symbolic W (d x K).

    Raises AssertionError otherwise; the distance claims below work with this expansion in scalar symbols.
    """
    students, wstar = symbolic_vectors("w", K, d), symbolic_vectors("v", 1, d)[0]
    W, q = sp.Matrix.hstack(*students), sp.Matrix(sp.symbols(f"q1:{K + 1}", real=True))
    entrywise = sum(entry**2 for entry in W - wstar * q.T)
    expansion = sum(entry**2 for entry in W) - 2 * _dot(q, W.T * wstar) + _dot(wstar, wstar) * _dot(q, q)
    if sp.expand(entrywise - expansion) != 0:
        raise AssertionError("||W - w_* q^T||^2 does not expand to ||W||^2 - 2 q.v + ||w_*||^2 ||q||^2")


@lru_cache(maxsize=None)
def _ball_minimum() -> tuple[sp.Expr, sp.Expr]:
    """Exact minimum of phi(q) = F - 2 q.v + s ||q||^2 over ||q|| <= 1, as (argmin, minimum) in r = ||v||.

    phi(q) - phi(v/s) = s ||q - v/s||^2 (checked exactly at K = 3): the unconstrained minimiser v/s is the
    answer when r <= s; otherwise the minimiser is v/r on the sphere, where grad phi = -2 (1 - s/r) v is an
    inward normal (KKT, multiplier r - s >= 0).  Returned in the scalars (F, r, s) with v = r e.
    """
    _check_squared_distance_expansion(3, 3)
    F, r, s = sp.symbols("F r s", positive=True)
    v = sp.Matrix(sp.symbols("v1:4", real=True))
    q = sp.Matrix(sp.symbols("q1:4", real=True))

    def phi(x: sp.Matrix) -> sp.Expr:
        return F - 2 * _dot(x, v) + s * _dot(x, x)

    inside = v / s
    if sp.expand(phi(q) - phi(inside) - s * _dot(q - inside, q - inside)) != 0:
        raise AssertionError("phi is not s ||q - v/s||^2 above its minimum")
    norm_v = sp.sqrt(_dot(v, v))
    boundary = v / norm_v
    gradient = sp.Matrix([sp.diff(phi(q), x) for x in q]).subs(dict(zip(q, boundary)))
    kkt = sp.simplify(gradient + 2 * (norm_v - s) * boundary)
    if kkt != sp.zeros(3, 1):
        raise AssertionError("v/||v|| is not a KKT point of phi on the unit sphere")
    argmin_scale = sp.Piecewise((1 / s, r <= s), (1 / r, True))       # q = argmin_scale * v
    minimum = sp.Piecewise((F - r**2 / s, r <= s), (F + s - 2 * r, True))
    return argmin_scale, minimum


def _exact_distance_squared(students: Sequence[sp.Matrix], wstar: sp.Matrix) -> sp.Expr:
    """dist^2(W, w_*) of 002 eq. (4) exactly: the ball minimum of :func:`_ball_minimum` at these vectors."""
    F, r, s = sp.symbols("F r s", positive=True)
    values = {F: sum(_dot(w, w) for w in students), s: _dot(wstar, wstar),
              r: sp.sqrt(sum(_dot(w, wstar) ** 2 for w in students))}
    return _ball_minimum()[1].subs(values)


# The example of EQ4_FINDING (tests/test_papers.py): students (1/10, 0), (0, 1/20), w_* = e_1.
_EXAMPLE_STUDENTS = [sp.Matrix([sp.Rational(1, 10), 0]), sp.Matrix([0, sp.Rational(1, 20)])]
_EXAMPLE_TEACHER = sp.Matrix([1, 0])
_F_, _R_, _S_ = sp.symbols("F r s", positive=True)   # ||W||_F^2, ||W^T w_*||, ||w_*||^2
_MISPRINT_EVIDENCE = (
    "the next sentence names the optima w_* q^T with ||q||_2 = 1 and calls dist the distance to the closest one; the "
    "stated argmin W^T w_*/||W^T w_*|| has norm 1; (12) minimises over q in {-1, +1}, the unit sphere of R^1; "
    "(14)(b) takes q = v_bar/||v_bar||")


def _sphere_identity(K: int = 3) -> sp.Expr:
    """Lagrange's identity ||v||^2 ||q||^2 - (q.v)^2 - sum_{i<j} (v_i q_j - v_j q_i)^2, expanded (zero): q.v <= ||v||
    on the unit sphere, with equality at q = v/||v||."""
    v, q = sp.Matrix(sp.symbols(f"v1:{K + 1}", real=True)), sp.Matrix(sp.symbols(f"q1:{K + 1}", real=True))
    return sp.expand(_dot(v, v) * _dot(q, q) - _dot(q, v) ** 2
                     - sum((v[i] * q[j] - v[j] * q[i]) ** 2 for i in range(K) for j in range(i + 1, K)))


def _closed_form_eq12(N: sp.Expr, s: sp.Expr, P: sp.Expr) -> sp.Expr:
    """(12): ||w||^2 + ||w_*||^2 - 2 sqrt(<w, w_*>^2), with N = ||w||^2, s = ||w_*||^2, P = <w, w_*>."""
    return N + s - 2 * sp.sqrt(P**2)


def _closed_form_eq12_halved(N: sp.Expr, s: sp.Expr, P: sp.Expr) -> sp.Expr:
    """(12) with its 2 sqrt(...) replaced by sqrt(...): the control's alteration."""
    return N + s - sp.sqrt(P**2)


ClosedForm = Callable[[sp.Expr, sp.Expr, sp.Expr], sp.Expr]


def _check_eq12(quick: bool, closed_form: ClosedForm = _closed_form_eq12) -> Outcome:
    """min_{q in {-1, 1}} ||w - q w_*||^2 = ||w||^2 - 2 |<w, w_*>| + ||w_*||^2, exactly.

    With the expansion ||w - q w_*||^2 = N - 2 q P + s q^2 (N = ||w||^2, P = <w, w_*>, s = ||w_*||^2; checked on
    symbolic vectors, d = 3), both signs of P are compared.
    """
    _check_squared_distance_expansion(1, 3)
    N, s, t = sp.symbols("N s t", positive=True)   # t = |P|
    for P in (t, -t):
        smallest = sp.Min(*(N - 2 * q * P + s * q**2 for q in (-1, 1)))
        stated = closed_form(N, s, P)
        if sp.expand(smallest - stated) != 0:
            return Outcome("refuted", "eq. (12): the minimum over q = -1, +1 differs from the closed form.",
                           residual=sp.expand(stated - smallest), correct_form=smallest,
                           finding=f"eq. (12): closed form minus the minimum over q = +-1 is "
                                   f"{sp.expand(stated - smallest)}.")
    return Outcome(
        "verified",
        "eq. (12): min over q in {-1, +1} of ||w - w_* q||^2 equals ||w||^2 + ||w_*||^2 - 2|<w, w_*>| exactly "
        "(expansion checked on symbolic w, w_* in d = 3; both signs of <w, w_*>). It is the distance to the optima "
        "{+w_*, -w_*}: eq. (4) read on the sphere ||q|| = 1 (002-eq4).",
    )


def _stated_max_eq14(v: sp.Matrix) -> sp.Expr:
    """(14): max_{||q|| <= 1} q.v_bar = ||v_bar||."""
    return sp.sqrt(_dot(v, v))


def _stated_max_eq14_squared(v: sp.Matrix) -> sp.Expr:
    """(14) with ||v_bar|| replaced by ||v_bar||^2: the control's alteration."""
    return _dot(v, v)


def _check_eq14(quick: bool, stated_max: Callable[[sp.Matrix], sp.Expr] = _stated_max_eq14) -> Outcome:
    """(a) tr(W^T w_* q^T) = q.v_bar, v_bar = W^T w_*; (b) max_{||q|| <= 1} q.v_bar = ||v_bar|| (K = 3, d = 3)."""
    K = 3
    students, wstar = symbolic_vectors("w", K, 3), symbolic_vectors("v", 1, 3)[0]
    W, q = sp.Matrix.hstack(*students), sp.Matrix(sp.symbols(f"q1:{K + 1}", real=True))
    v_bar = W.T * wstar
    step_a = sp.expand((W.T * wstar * q.T).trace() - _dot(q, v_bar))
    # Lagrange's identity: q.v <= ||v|| ||q|| <= ||v||, equality at q = v/||v||; the claimed maximum must be attained.
    attained = sp.simplify(_dot(v_bar / sp.sqrt(_dot(v_bar, v_bar)), v_bar) - stated_max(v_bar))
    if step_a == 0 and _sphere_identity(K) == 0 and attained == 0:
        return Outcome("verified", "eq. (14): tr(W^T w_* q^T) = q.v_bar with v_bar = W^T w_*, q.v_bar <= ||v_bar|| "
                                   "||q|| by Lagrange's identity, with equality at q = v_bar/||v_bar||; exact, "
                                   "symbolic W and w_* at (K, d) = (3, 3).")
    return Outcome("refuted", "eq. (14): one of its steps fails exactly; residuals (step (a), the maximum) shown.",
                   residual=sp.Tuple(step_a, attained),
                   finding="eq. (14): the stated maximum is not max_{||q|| <= 1} q.v_bar = ||v_bar||.")


def _stated_argmin_eq4(v: sp.Matrix) -> sp.Matrix:
    """The argmin stated after (4): q_* = W^T w_*/||W^T w_*||, as a function of v_bar = W^T w_*."""
    return v / sp.sqrt(_dot(v, v))


def _stated_argmin_squared(v: sp.Matrix) -> sp.Matrix:
    """The stated argmin with ||W^T w_*|| replaced by ||W^T w_*||^2: the control's alteration."""
    return v / _dot(v, v)


def _check_eq4_argmin(quick: bool, stated_argmin: Callable[[sp.Matrix], sp.Matrix] = _stated_argmin_eq4) -> Outcome:
    """Eq. (4) and its argmin under the two readings of the constraint: the ball ||q|| <= 1 as printed, the sphere
    ||q|| = 1 (the set of optima, as the text, (12) and (14) use it).

    On the sphere ||W - w_* q^T||^2 = F + s - 2 q.v_bar (v_bar = W^T w_*), minimal where q.v_bar is maximal, i.e. at
    v_bar/||v_bar|| (Lagrange's identity, exact). On the ball the exact minimiser is v_bar/max(||v_bar||, s)
    (:func:`_ball_minimum`), which differs from the stated one when ||v_bar|| < ||w_*||^2.
    """
    argmin_scale, minimum = _ball_minimum()
    v = sp.Matrix(sp.symbols("v1:4", positive=True))
    r = sp.sqrt(_dot(v, v))
    q_stated = stated_argmin(v)
    on_sphere = sp.simplify(_dot(q_stated, q_stated) - 1) == 0
    sphere_value = sp.simplify(-2 * _dot(q_stated, v) + 2 * r)          # phi(q_stated) - (F + s - 2 ||v||)
    sphere_holds = on_sphere and sphere_value == 0 and _sphere_identity(3) == 0
    example_v = sp.Matrix([sp.Rational(1, 10), 0, 0])                  # v_bar of the example, ||w_*|| = 1
    F = sum(_dot(w, w) for w in _EXAMPLE_STUDENTS)
    q_example = stated_argmin(example_v)
    at_stated = F - 2 * _dot(q_example, example_v) + _dot(q_example, q_example)
    true_minimum = minimum.subs({_F_: F, _S_: 1, _R_: sp.Rational(1, 10)})
    ball_holds = at_stated == true_minimum
    readings = (
        Reading("as printed: the minimum over the ball ||q||_2 <= 1", "verified" if ball_holds else "refuted",
                f"students (0.1, 0), (0, 0.05), w_* = e_1: objective {at_stated} at the stated q_*, exact minimum "
                f"{true_minimum} at q = W^T w_*/||w_*||^2 = (1/10, 0) (the ball's minimiser is "
                "W^T w_*/max(||W^T w_*||, ||w_*||^2), exact)"),
        Reading("intended: the minimum over the sphere ||q||_2 = 1 (" + _MISPRINT_EVIDENCE + ")",
                "verified" if sphere_holds else "refuted",
                "on the sphere ||W - w_* q^T||^2 = ||W||^2 + ||w_*||^2 - 2 q.W^T w_*, minimal at q_* by Lagrange's "
                f"identity (exact, K = 3); stated q_* on the sphere: {on_sphere}, objective there minus the minimum: "
                f"{sphere_value}"),
    )
    values = {"objective at stated q_* (example)": str(at_stated), "exact ball minimum (example)": str(true_minimum)}
    if ball_holds:
        return Outcome("verified", "eq. (4): the stated argmin is the minimiser over the ball.", readings=readings)
    if sphere_holds:
        return Outcome(
            "misprint",
            "eq. (4) prints the constraint ||q||_2 <= 1, under which its stated argmin q_* = W^T w_*/||W^T w_*|| is "
            "wrong whenever ||W^T w_*|| < ||w_*||^2 (the ball's minimiser is W^T w_*/||w_*||^2 there). The text "
            "means the sphere ||q||_2 = 1, the set of optima, on which q_* is the exact minimiser; (13) repeats the "
            "same misprint in its first three lines (002-eq13, checked on the sphere).",
            residual=sp.Piecewise((_W.T * _WSTAR * (1 / _teacher_projection_norm() - 1 / sp.trace(_WSTAR.T * _WSTAR)),
                                   _teacher_projection_norm() < sp.trace(_WSTAR.T * _WSTAR)), (0, True)),
            correct_form=_W.T * _WSTAR * argmin_scale.subs({_R_: _teacher_projection_norm(),
                                                           _S_: sp.trace(_WSTAR.T * _WSTAR)}),
            values=values,
            finding="eq. (4) (and the first lines of (13)): ||q||_2 <= 1 printed for ||q||_2 = 1; over the ball the "
                    f"stated argmin fails (example: {at_stated} at q_* against the minimum {true_minimum}), over the "
                    "sphere it is exact.",
            readings=readings,
        )
    return Outcome("refuted", "eq. (4): the stated argmin is the minimiser neither over the ball nor over the sphere.",
                   values=values, readings=readings, hypotheses=_exact_hypotheses(),
                   finding="eq. (4): the stated argmin minimises over neither the ball nor the sphere "
                           f"(example: {at_stated} at it, minimum {true_minimum}).")


def _exact_hypotheses() -> tuple[HypothesisCheck, ...]:
    """The standing hypotheses of the distance claims, met by the symbolic W, w_* of an exact check."""
    return (HypothesisCheck(H_MODEL, True, "no data enters: dist is a function of W and w_* only"),
            HypothesisCheck(H_TEACHER, True, "w_* = e_1 in the example, symbolic w_* in the identities"),
            HypothesisCheck(H_STUDENTS, True, "K = 2 in the example, K = 3 symbolic"),
            HypothesisCheck(H_SPHERE, True, "both readings of the constraint are evaluated"))


def _closed_form_eq13(F: sp.Expr, r: sp.Expr, s: sp.Expr) -> sp.Expr:
    """(13): ||W||_F^2 + ||w_*||^2 - 2 sqrt(sum_k <w^(k), w_*>^2), in F = ||W||_F^2, r = ||W^T w_*||, s = ||w_*||^2."""
    return F + s - 2 * r


def _closed_form_eq13_halved(F: sp.Expr, r: sp.Expr, s: sp.Expr) -> sp.Expr:
    """(13) with its 2 sqrt(...) replaced by sqrt(...): the control's alteration."""
    return F + s - r


def _check_eq13(quick: bool, closed_form: ClosedForm = _closed_form_eq13) -> Outcome:
    """(13) on the sphere ||q|| = 1 (the intended reading of (4), 002-eq4): min ||W - w_* q^T||^2 = F + s - 2 r exactly.

    The expansion ||W - w_* q^T||^2 = F - 2 q.v_bar + s ||q||^2 is checked on symbolic W (d x K); on the sphere it is
    F + s - 2 q.v_bar, minimal at q = v_bar/r by Lagrange's identity.  Under the printed ball the minimum is lower by
    (s - r)^2/s when r < s (shown as a reading; the misprint is reported once, under 002-eq4).
    """
    _check_squared_distance_expansion(3, 3)
    _, minimum = _ball_minimum()
    stated = closed_form(_F_, _R_, _S_)
    sphere_residual = sp.expand(stated - (_F_ + _S_ - 2 * _R_))
    ball_gap = sp.simplify(stated - minimum.args[0][0])
    example = stated.subs({_F_: sum(_dot(w, w) for w in _EXAMPLE_STUDENTS), _S_: 1, _R_: sp.Rational(1, 10)})
    true_ball = _exact_distance_squared(_EXAMPLE_STUDENTS, _EXAMPLE_TEACHER)
    norms = {_R_: _teacher_projection_norm(), _S_: sp.trace(_WSTAR.T * _WSTAR), _F_: sp.trace(_W.T * _W)}
    readings = (Reading("on the sphere ||q||_2 = 1 (intended; see 002-eq4)",
                        "verified" if sphere_residual == 0 and _sphere_identity(3) == 0 else "refuted",
                        f"closed form minus F + s - 2 ||W^T w_*|| = {sphere_residual} (exact)"),
                Reading("on the ball ||q||_2 <= 1 (as printed; the misprint of 002-eq4)", "refuted",
                        f"for ||W^T w_*|| < ||w_*||^2 the closed form exceeds the ball minimum by {ball_gap}; example "
                        f"students (0.1, 0), (0, 0.05), w_* = e_1: {example} against {true_ball}"))
    if sphere_residual == 0:
        return Outcome(
            "verified",
            "eq. (13): min over ||q||_2 = 1 of ||W - w_* q^T||_F^2 = ||W||_F^2 + ||w_*||^2 - 2 ||W^T w_*|| exactly "
            "(expansion on symbolic W, w_* at (K, d) = (3, 3); Lagrange's identity for the maximum of q.W^T w_*).",
            values={"(13) at example": str(example), "ball minimum at example": str(true_ball)},
            readings=readings,
            note="Checked in its intended reading: the constraint ||q||_2 <= 1 printed in (13)'s first lines is the "
                 "misprint of eq. (4), reported once under 002-eq4.")
    return Outcome(
        "refuted", "eq. (13): the closed form is not the minimum over the sphere (nor over the ball).",
        residual=sphere_residual, correct_form=(_F_ + _S_ - 2 * _R_).subs(norms), readings=readings,
        hypotheses=_exact_hypotheses(),
        finding=f"eq. (13): closed form minus the exact minimum over ||q|| = 1 is {sphere_residual}.")


# -- Lemma 1: local linear convergence -----------------------------------------------------------------------------


def _lemma1_constant(nu: sp.Expr) -> sp.Expr:
    """2 - 14 nu - 2 nu^2, the rate constant of Lemma 1."""
    return 2 - 14 * nu - 2 * nu**2


def _lemma1_step(nu: sp.Expr, teacher_norm: sp.Expr) -> sp.Expr:
    """The largest step Lemma 1 allows: (2 - 14 nu - 2 nu^2) / ((13 + 16 nu^2)^2 ||w_*||^4)."""
    return _lemma1_constant(nu) / ((13 + 16 * nu**2) ** 2 * teacher_norm**4)


RateConstant = Callable[[sp.Expr], sp.Expr]


def _lemma1_constant_raised(nu: sp.Expr) -> sp.Expr:
    """The control's alteration: the rate constant 2 - 14 nu - 2 nu^2 with its 2 replaced by 8 (above GD's local
    rate, about 4 ||w_*||^2 for K = 1; the step bound kept as printed)."""
    return _lemma1_constant(nu) + 6


@lru_cache(maxsize=None)
def _near_optimum_runs(K: int, nu: float, starts: int, steps: int, seed: int) -> np.ndarray:
    """dist^2 (ball reading; steps + 1, starts) of population GD near the optima, ||w_*|| = 1, d = 5, step = Lemma 1's
    largest at nu.  Starts W_0 = q w_*^T + E, ||q|| = 1, ||E||_F = nu u, u ~ U(0.2, 1): dist(W_0) <= nu."""
    rng = np.random.default_rng(seed)
    d, eta = 5, float(_lemma1_step(sp.nsimplify(nu), 1))
    wstar = np.eye(d)[0]
    q = rng.standard_normal((starts, K))
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    E = rng.standard_normal((starts, K, d))
    E *= nu * rng.uniform(0.2, 1.0, (starts, 1, 1)) / np.linalg.norm(E, axis=(1, 2), keepdims=True)
    result = gd.run_gd(q[:, :, None] * wstar + E, wstar[None], gd.convention("seed002", K, 1), eta, steps,
                       record=np.arange(steps + 1), keep_path=True).check()
    return paper.distance_squared_batch(result.path, wstar)


def _check_lemma1_single(quick: bool, constant: RateConstant = _lemma1_constant) -> Outcome:
    """K = 1, ||w_*|| = 1: every step contracts dist^2 at least by 1 - eta c(nu), c = ``constant`` (the lemma's
    2 - 14 nu - 2 nu^2), step = the lemma's largest; and the fitted asymptotic rate constant (1 - f)/eta beside c.

    Steps with dist^2 > 1e-20 count (above rounding); f is the median over starts of the per-step factor of dist^2
    over the later half of the resolved steps."""
    starts, steps = (40, 1500) if quick else (200, 3000)
    values, failures, fitted = {}, 0, []
    for nu in (0.05, 0.1, 0.13):
        dist2 = _near_optimum_runs(1, nu, starts, steps, 11)
        eta, claimed = float(_lemma1_step(sp.nsimplify(nu), 1)), float(constant(sp.nsimplify(nu)))
        bound = 1 - eta * claimed
        resolved = dist2[:-1] > 1e-20
        largest = float((dist2[1:][resolved] / dist2[:-1][resolved]).max())
        failures += largest > bound
        last = np.sum(dist2 > 1e-20, axis=0) - 1                        # dist^2 decreases: resolved steps lead
        middle, start = last // 2, np.arange(starts)
        factor = float(np.exp(np.median(np.log(dist2[last, start] / dist2[middle, start]) / (last - middle))))
        fitted.append(f"{_g((1 - factor) / eta)} vs {_g(claimed)}")
        values |= {f"nu={nu}: smallest one-step decrease": _g(1 - largest), f"nu={nu}: lemma's decrease": _g(1 - bound),
                   f"nu={nu}: fitted constant": _g((1 - factor) / eta), f"nu={nu}: lemma constant": _g(claimed)}
    holds = failures == 0
    summary = (f"K = 1, ||w_*|| = 1, d = 5, step = the lemma's largest, {starts} starts within nu of the optima for "
               f"nu = 0.05, 0.1, 0.13, {steps} population GD steps: every one-step ratio of dist^2 is "
               f"{'below' if holds else 'NOT always below'} 1 - eta c(nu); fitted rate constants (1 - factor)/eta "
               f"{', '.join(fitted)} (claimed), i.e. GD contracts at about 4 = 2 x 2||w_*||^2.")
    if holds:
        return Outcome("verified numerically", summary, values=values | {"starts": str(starts), "steps": str(steps)},
                       note="Scope: ||w_*|| = 1 and K = 1; other K and ||w_*|| are 002-lemma1-b and 002-lemma1-c.")
    return Outcome("refuted", summary, values=values | {"starts": str(starts), "steps": str(steps)},
                   finding=f"Lemma 1 (K = 1, ||w_*|| = 1): some one-step ratio of dist^2 exceeds 1 - eta c(nu) in "
                           f"{failures} of 3 values of nu.",
                   hypotheses=(HypothesisCheck(H_TEACHER, True, "w_* = e_1"),
                               HypothesisCheck(H_STUDENTS, True, "K = 1"),
                               HypothesisCheck(H_POPULATION, True, "engine's population gradient (= (6), 002-eq6)"),
                               HypothesisCheck(H_SPHERE, True, "ball reading; = sphere here within rounding"),
                               HypothesisCheck(H_LEMMA1, True, "starts at dist <= nu, eta = the lemma's bound")))


_INIT_SCALE = 0.01     # Figure 1's initialisation w_0^(k) ~ 0.01 N(0, I_d/d)


@lru_cache(maxsize=None)
def _from_initialisation(K: int, norm: float, nu: float, replicas: int, steps: int, seed: int) -> dict[str, np.ndarray]:
    """Population GD from the paper's initialisation (isotropic Gaussian, 0.01 N(0, I_d/d), d = 10), w_* = norm e_1,
    step = Lemma 1's largest at (nu, norm); dist^2 along the path in both readings of (4) (sphere, ball)."""
    rng = np.random.default_rng(seed)
    d = 10
    eta = float(_lemma1_step(sp.nsimplify(nu), sp.nsimplify(norm)))
    wstar = norm * np.eye(d)[0]
    W0 = _INIT_SCALE * rng.standard_normal((replicas, K, d)) / np.sqrt(d)
    path = gd.run_gd(W0, wstar[None], gd.convention("seed002", K, 1), eta, steps, record=np.arange(steps + 1),
                     keep_path=True).check().path
    return {"sphere": _distance_squared_eq13(path, wstar), "ball": paper.distance_squared_batch(path, wstar),
            "eta": np.array(eta), "W0": W0}


def _lemma1_shortfall(dist2: np.ndarray, limit: float, factor: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per run: t0 = first step with dist <= ``limit`` (nu ||w_*||), t1 = last step with dist^2 > 1e-20 (resolved),
    and log(dist^2_t1 / dist^2_t0) - (t1 - t0) log(factor): positive where dist^2 contracted less than the lemma's
    factor per step implies (the per-step statement implies the cumulative one)."""
    entered = dist2 <= limit**2
    t0 = np.where(entered.any(axis=0), np.argmax(entered, axis=0), -1)
    t1 = np.sum(dist2 > 1e-20, axis=0) - 1
    runs = np.arange(dist2.shape[1])
    valid = (t0 >= 0) & (t1 > t0)
    with np.errstate(divide="ignore", invalid="ignore"):
        shortfall = np.log(dist2[t1, runs] / dist2[t0, runs]) - (t1 - t0) * np.log(factor)
    return t0, t1, np.where(valid, shortfall, -np.inf)


def _check_lemma1_from_initialisation(quick: bool, K: int, norm: sp.Rational, nu: sp.Rational,
                                      constant: RateConstant = _lemma1_constant) -> Outcome:
    """Lemma 1 on population GD from the paper's isotropic initialisation, at (K, ||w_*||, nu), step = the lemma's
    largest: from the first step t0 with dist <= nu ||w_*|| on, dist^2 must contract by 1 - eta c(nu) per step.

    Criterion (fixed in advance): refuted when, for some run and under both readings of dist (sphere, ball), the
    resolved contraction from t0 falls short of the lemma's by more than a factor 10 (shortfall > log 10).
    """
    replicas, steps = (6, 4000) if quick else (20, 8000)
    if K == 1:
        steps = 600
    run = _from_initialisation(K, float(norm), float(nu), replicas, steps, 7 + K)
    eta, claimed = float(run["eta"]), float(constant(nu))
    factor = 1 - eta * claimed
    limit = float(nu * norm)
    results = {reading: _lemma1_shortfall(run[reading], limit, factor) for reading in ("sphere", "ball")}
    both = np.minimum(results["sphere"][2], results["ball"][2])
    worst = int(np.argmax(both))
    t0, t1 = int(results["sphere"][0][worst]), int(results["sphere"][1][worst])
    refuted = bool(both[worst] > np.log(10))
    dist_t0 = float(np.sqrt(run["sphere"][t0, worst]))
    constant_paper = float(_lemma1_constant(nu))
    step_bound = float(_lemma1_step(nu, norm))
    w0_norms = np.linalg.norm(run["W0"][worst], axis=-1)
    values = {"K": str(K), "||w_*||": str(norm), "nu": str(nu), "eta": _g(eta), "lemma factor per step": _g(factor),
              "worst run: t0": str(t0), "worst run: t1": str(t1),
              "worst run: shortfall, sphere (log)": _g(float(results["sphere"][2][worst])),
              "worst run: shortfall, ball (log)": _g(float(results["ball"][2][worst])),
              "criterion": "refuted when the shortfall exceeds log 10 = 2.3 under both readings",
              "runs above the criterion": f"{int(np.sum(both > np.log(10)))}/{replicas}"}
    summary = (f"Population GD, K = {K}, w_* = {norm} e_1, d = 10, from the paper's isotropic initialisation "
               f"0.01 N(0, I/d), step eta = {_g(eta)} (the lemma's largest at nu = {nu}): the worst of {replicas} runs "
               f"enters dist <= nu ||w_*|| at t0 = {t0} (dist = {_g(dist_t0)}); by t1 = {t1} dist^2 has contracted "
               f"exp({_g(float(both[worst]))}) times less than the lemma's (1 - eta c)^(t1 - t0) allows (both readings "
               "of dist).")
    if not refuted:
        return Outcome("verified numerically", summary, values=values)
    hypotheses = (
        HypothesisCheck(H_MODEL, True, "population objective: the expectation of (2) over x ~ N(0, I_10), "
                                       "y = (x^T w_*)^2"),
        HypothesisCheck(H_TEACHER, True, f"w_* = {norm} e_1 (the lemma's step bound carries ||w_*||^4, so ||w_*|| is "
                                         "free in it)"),
        HypothesisCheck(H_STUDENTS, True, f"K = {K}"),
        HypothesisCheck(H_POPULATION, True, "GD on the engine's population gradient, equal to (6) exactly (002-eq6)"),
        HypothesisCheck(H_SPHERE, True, f"shortfall {_g(float(results['sphere'][2][worst]))} on the sphere, "
                                        f"{_g(float(results['ball'][2][worst]))} on the printed ball: both above "
                                        "log 10"),
        HypothesisCheck(H_INIT, True, f"W_0 ~ 0.01 N(0, I_10/10) i.i.d. per neuron; ||w_0^(k)|| = "
                                      f"{', '.join(_g(float(x)) for x in w0_norms)}"),
        HypothesisCheck(H_LEMMA1, bool(dist_t0 <= limit and constant_paper > 0 and eta <= step_bound * (1 + 1e-12)),
                        f"dist(W_t0) = {_g(dist_t0)} <= nu ||w_*|| = {_g(limit)}; 2 - 14 nu - 2 nu^2 = "
                        f"{_g(constant_paper)} > 0; eta = {_g(eta)} = the bound {_g(step_bound)}"),
    )
    return Outcome(
        "refuted", summary, values=values, hypotheses=hypotheses,
        residual=sp.Float(float(both[worst]), 3),
        finding=f"Lemma 1 at K = {K}, ||w_*|| = {norm}: GD from the paper's isotropic initialisation, once within "
                f"nu ||w_*|| (nu = {nu}), contracts dist^2 exp({_g(float(both[worst]))}) times less than the lemma "
                f"promises over {t1 - t0} steps.",
        readings=(Reading("dist on the sphere ||q|| = 1 (intended, 002-eq4)", "refuted",
                          f"shortfall {_g(float(results['sphere'][2][worst]))} > log 10"),
                  Reading("dist on the ball ||q|| <= 1 (as printed)", "refuted",
                          f"shortfall {_g(float(results['ball'][2][worst]))} > log 10")),
    )


def _one_step_ratio(students: Sequence[sp.Matrix], wstar: sp.Matrix, eta: sp.Expr) -> sp.Expr:
    """dist^2(W_1)/dist^2(W_0) for one exact population GD step (engine gradient), dist of eq. (4) (ball)."""
    gradient = paper.population_gradient(students, wstar)
    stepped = [w - eta * g for w, g in zip(students, gradient)]
    return sp.nsimplify(_exact_distance_squared(stepped, wstar) / _exact_distance_squared(students, wstar))


def _check_lemma1_any_k(quick: bool, constant: RateConstant = _lemma1_constant) -> Outcome:
    """K = 3, ||w_*|| = 1, nu = 1/10 from the paper's initialisation; beside it, the exact one-step example
    W = [w_*, nu e_2] (the direction e_2 q_perp^T is flat to second order: risk (3/4) eps^4)."""
    outcome = _check_lemma1_from_initialisation(quick, 3, sp.Integer(1), sp.Rational(1, 10), constant)
    nu = sp.Rational(1, 10)
    eta = _lemma1_step(nu, 1)
    ratio = _one_step_ratio([sp.Matrix([1, 0]), sp.Matrix([0, nu])], sp.Matrix([1, 0]), eta)
    bound = 1 - eta * constant(nu)
    exact = (f" Exact one-step example (K = 2, students e_1 and e_2/10, dist = nu on both readings): dist^2 ratio "
             f"{float(ratio):.6f} against the lemma's {float(bound):.6f}.")
    return Outcome(outcome.verdict, outcome.summary + exact, residual=outcome.residual,
                   values=outcome.values | {"exact one-step ratio (K = 2)": str(ratio),
                                            "lemma factor (K = 2 example)": str(bound)},
                   finding=outcome.finding, hypotheses=outcome.hypotheses, readings=outcome.readings,
                   note="The remark 'the lemma holds for any size K' fails: for K >= 2 the optima form a manifold "
                        "whose normal directions e_j q_perp^T (j > 1, q_perp orthogonal to q) are flat to second "
                        "order, and the perpendicular weights GD carries there decay sublinearly.")


def _check_lemma1_scale(quick: bool, constant: RateConstant = _lemma1_constant) -> Outcome:
    """K = 1, ||w_*|| = 1/2, nu = 1/20, from the paper's initialisation; beside it the exact one-step example."""
    norm, nu = sp.Rational(1, 2), sp.Rational(1, 20)
    outcome = _check_lemma1_from_initialisation(quick, 1, norm, nu, constant)
    eta = _lemma1_step(nu, norm)
    ratio = _one_step_ratio([sp.Matrix([norm, nu * norm])], sp.Matrix([norm, 0]), eta)   # dist(W_0) = nu ||w_*||
    bound = 1 - eta * constant(nu)
    exact = (f" Exact one-step example w_0 = w_* + e_2/40: dist^2 ratio {_g(float(ratio))} against the lemma's "
             f"{_g(float(bound))}.")
    return Outcome(outcome.verdict, outcome.summary + exact, residual=outcome.residual,
                   values=outcome.values | {"exact one-step ratio": str(ratio), "lemma factor (example)": str(bound)},
                   finding=outcome.finding, hypotheses=outcome.hypotheses, readings=outcome.readings,
                   note="The paper never sets ||w_*|| = 1 (w_* = ||w_*|| e_1 'without loss of generality'; the lemma's "
                        "step bound carries ||w_*||^4 and Theorem 2 applies the lemma with general ||w_*||), so "
                        "||w_*|| = 1/2 is inside its setting. GD's local contraction is about 1 - 4 eta ||w_*||^2, "
                        "the lemma's factor does not scale with ||w_*||: it fails once 4 ||w_*||^2 < 2 - 14 nu - "
                        "2 nu^2. At ||w_*|| = 1 it holds (002-lemma1-a); a rate eta ||w_*||^2 (2 - 14 nu - 2 nu^2) "
                        "would be scale-consistent, but that is another statement, not a reading of the text.")


# -- Theorem 2: K = 1 escape time ------------------------------------------------------------------------------------


Delta = Callable[[float, float], float]


def _delta_theorem2(gamma: float, norm: float) -> float:
    """Theorem 2's Delta := 6 gamma (||w_*|| - gamma)."""
    return 6 * gamma * (norm - gamma)


def _delta_altered(gamma: float, norm: float) -> float:
    """The control's alteration: Delta with its first gamma replaced by ||w_*||, 6 ||w_*|| (||w_*|| - gamma)."""
    return 6 * norm * (norm - gamma)


@lru_cache(maxsize=None)
def _theorem2_paths(quick: bool) -> tuple[tuple[float, float, float, np.ndarray, np.ndarray], ...]:
    """Population GD for K = 1 (d = 10) over a grid of ||w_*||, gamma/||w_*|| and c = eta ||w_*||^2: per grid point
    (||w_*||, gamma, eta, w_0 (starts, 1, d), path (steps + 1, starts, d)).

    Starts: isotropic directions with ||w_0|| = gamma u / 10, u ~ U(0.1, 1) (conditions (C1)-(C2)); the horizon is
    the largest bound of Theorem 2 plus 2 steps.
    """
    rng = np.random.default_rng(21)
    starts, d = (30 if quick else 200), 10
    runs = []
    for norm in (1.0, 2.0):
        for fraction in (0.05, 0.09):
            for c in (0.1, 0.01):
                gamma, eta = fraction * norm, c / norm**2
                w0 = rng.standard_normal((starts, 1, d))
                w0 *= gamma / 10 * rng.uniform(0.1, 1.0, (starts, 1, 1)) / np.linalg.norm(w0, axis=-1, keepdims=True)
                runs.append((norm, gamma, eta, w0, _theorem2_path(w0, norm, gamma, eta)))
    return tuple(runs)


def _theorem2_path(w0: np.ndarray, norm: float, gamma: float, eta: float) -> np.ndarray:
    """K = 1 population GD path (steps + 1, starts, d) from w0 up to Theorem 2's bound plus 2 steps."""
    bound = np.log((norm - gamma) / np.abs(w0[:, 0, 0])) / np.log(1 + eta * _delta_theorem2(gamma, norm))
    steps = int(bound.max()) + 2
    wstar = np.eye(w0.shape[-1])[:1] * norm
    return gd.run_gd(w0, wstar, gd.convention("seed002", 1, 1), eta, steps, record=np.arange(steps + 1),
                     keep_path=True).check().path[:, :, 0, :]


def _theorem2_row(w0: np.ndarray, path: np.ndarray, norm: float, gamma: float, eta: float,
                  delta_of: Delta = _delta_theorem2) -> dict[str, float]:
    """Theorem 2's three statements on one grid point, T_gamma read as min{t : | |w_t[1]| - ||w_*|| | <= gamma and
    ||w_t^perp|| <= gamma} (the printed definition lacks the outer absolute value), Delta = ``delta_of``."""
    delta = delta_of(gamma, norm)
    bound = np.log((norm - gamma) / np.abs(w0[:, 0, 0])) / np.log(1 + eta * delta)
    first, perpendicular = path[..., 0], np.linalg.norm(path[..., 1:], axis=-1)
    inside = (np.abs(np.abs(first) - norm) <= gamma) & (perpendicular <= gamma)
    t_gamma = np.where(inside.any(axis=0), np.argmax(inside, axis=0), np.inf)
    t = np.arange(path.shape[0])[:, None]
    before = t <= t_gamma[None, :]
    growth = np.abs(first) >= (1 + eta * delta) ** t * np.abs(w0[:, 0, 0]) * (1 - 1e-12)
    above = np.any(before & (perpendicular > gamma), axis=0)
    worst = int(np.argmax(np.max(np.where(before, perpendicular, 0.0), axis=0)))
    return {"max T/bound": float(np.max(t_gamma / bound)), "T within bound": float(np.all(t_gamma <= bound)),
            "growth holds": float(np.all(growth | ~before)),
            "max perp/gamma": float(np.max(np.where(before, perpendicular, 0.0)) / gamma),
            "fraction perp above gamma": float(np.mean(above)),
            "worst start: ||w_0||/gamma": float(np.linalg.norm(w0[worst]) / gamma),
            "worst start: |w_0[1]|/||w_0||": float(np.abs(w0[worst, 0, 0]) / np.linalg.norm(w0[worst]))}


def _theorem2_rows(quick: bool, delta_of: Delta = _delta_theorem2) -> list[dict[str, float]]:
    """:func:`_theorem2_row` over the grid of :func:`_theorem2_paths`, with the grid point's parameters."""
    return [{"norm": norm, "gamma": gamma, "c": eta * norm**2} | _theorem2_row(w0, path, norm, gamma, eta, delta_of)
            for norm, gamma, eta, w0, path in _theorem2_paths(quick)]


_THM2_GRID = "||w_*|| in {1, 2}, gamma/||w_*|| in {0.05, 0.09}, c = eta ||w_*||^2 in {0.1, 0.01}, d = 10"


def _theorem2_hypotheses(row: dict[str, float], what: str, small_c: str = "") -> tuple[HypothesisCheck, ...]:
    """Theorem 2's standing hypotheses, checked on the grid point ``row`` and its worst start; ``small_c`` says
    what the counterexample shows as c decreases."""
    return (
        HypothesisCheck(H_MODEL, True, "population objective: the expectation of (2) over x ~ N(0, I_10)"),
        HypothesisCheck(H_TEACHER, True, f"w_* = {row['norm']:g} e_1"),
        HypothesisCheck(H_POPULATION, True, "GD on the engine's population gradient, equal to (6)-(7) (002-eq6, -eq7)"),
        HypothesisCheck(H_INIT, True, f"w_0 isotropic (Gaussian direction), {what}"),
        HypothesisCheck(H_C1, row["norm"] > 1.1 * row["gamma"], f"||w_*|| = {row['norm']:g} > 1.1 gamma = "
                                                                f"{_g(1.1 * row['gamma'])}"),
        HypothesisCheck(H_C2, row["worst start: ||w_0||/gamma"] <= 0.1,
                        f"||w_0|| = {_g(row['worst start: ||w_0||/gamma'])} gamma <= gamma/10"),
        HypothesisCheck(H_THM2_STEP, True, f"c = eta ||w_*||^2 = {row['c']:g}, the smallest of the grid{small_c}"),
    )


def _check_theorem2_time(quick: bool, delta_of: Delta = _delta_theorem2) -> Outcome:
    """T_gamma <= log((||w_*|| - gamma)/|w_0[1]|)/log(1 + eta Delta) for every start of the grid."""
    rows = _theorem2_rows(quick, delta_of)
    holds = all(row["T within bound"] == 1.0 for row in rows)
    worst = max(rows, key=lambda row: row["max T/bound"])
    summary = (f"Population GD, K = 1, {_THM2_GRID}, isotropic starts with ||w_0|| <= gamma/10: T_gamma is "
               f"{'within' if holds else 'NOT within'} the bound for every start; the largest T_gamma/bound is "
               f"{_g(worst['max T/bound'])}.")
    values = {"largest T_gamma / bound": _g(worst["max T/bound"]), "grid points": str(len(rows))}
    if holds:
        return Outcome("verified numerically", summary + " (The bound is loose by about 3 ||w_*||^2/Delta, the ratio "
                       "of GD's growth rate to the theorem's.)", values=values)
    return Outcome("refuted", summary, values=values, residual=sp.Float(worst["max T/bound"] - 1, 3),
                   hypotheses=_theorem2_hypotheses(worst, "the start with the largest T_gamma/bound"),
                   finding=f"Theorem 2: T_gamma exceeds the bound by the factor {_g(worst['max T/bound'])} at "
                           f"||w_*|| = {worst['norm']:g}, gamma = {_g(worst['gamma'])}, c = {worst['c']:g}.")


def _check_theorem2_growth(quick: bool, delta_of: Delta = _delta_theorem2) -> Outcome:
    """|w_t^par| >= (1 + eta Delta)^t |w_0^par| for 0 <= t <= T_gamma, every start of the grid."""
    rows = _theorem2_rows(quick, delta_of)
    failing = [row for row in rows if row["growth holds"] != 1.0]
    summary = (f"Population GD, K = 1, {_THM2_GRID}, isotropic starts with ||w_0|| <= gamma/10: |w_t^par| >= "
               f"(1 + eta Delta)^t |w_0^par| {'FAILS' if failing else 'holds'} at some t <= T_gamma in "
               f"{len(failing)} of {len(rows)} grid points.")
    if not failing:
        return Outcome("verified numerically", summary, values={"grid points": str(len(rows))})
    return Outcome("refuted", summary, values={"grid points": str(len(rows)), "failing grid points": str(len(failing))},
                   hypotheses=_theorem2_hypotheses(failing[0], "every start of the grid point"),
                   finding=f"Theorem 2: the growth bound fails at {len(failing)} of {len(rows)} grid points.")


@lru_cache(maxsize=None)
def _perpendicular_counterexample(c: float) -> float:
    """max_{t <= T_gamma} ||w_t^perp|| / gamma from w_0 = (gamma/10)(1e-3 e_1 + sqrt(1 - 1e-6) e_2), ||w_*|| = 1,
    gamma = 0.05, eta = c: a start satisfying (C1)-(C2) with a small parallel component."""
    gamma, d = 0.05, 3
    w0 = np.zeros((1, 1, d))
    w0[0, 0, :2] = gamma / 10 * np.array([1e-3, np.sqrt(1 - 1e-6)])
    return _theorem2_row(w0, _theorem2_path(w0, 1.0, gamma, c), 1.0, gamma, c)["max perp/gamma"]


def _check_theorem2_perpendicular(quick: bool, gamma_factor: float = 1.0) -> Outcome:
    """||w_t^perp|| <= gamma_factor gamma for t <= T_gamma (the theorem: gamma_factor = 1), on the isotropic starts
    of the grid (the paper's initialisation); refuted when some start exceeds it at the smallest c of the grid.

    Mechanism: w^perp grows by about 1 + eta ||w_*||^2 per step while ||w||^2 < ||w_*||^2/3, over the
    log(||w_*||/|w_0[1]|)/(3 eta ||w_*||^2) steps the parallel part needs: a factor (||w_*||/|w_0[1]|)^(1/3).
    """
    rows = _theorem2_rows(quick)
    ratios = {c: _perpendicular_counterexample(c) for c in (0.1, 0.03, 0.01)}
    smallest_c = min(row["c"] for row in rows)
    above = [row for row in rows if row["c"] == smallest_c and row["max perp/gamma"] > gamma_factor]
    worst = max(rows, key=lambda row: row["max perp/gamma"] if row["c"] == smallest_c else 0.0)
    fractions = ", ".join(f"{_g(100 * row['fraction perp above gamma'])}%" for row in rows)
    summary = (f"Population GD, K = 1, {_THM2_GRID}, isotropic starts with ||w_0|| <= gamma/10: the fraction of starts "
               f"whose ||w_t^perp|| exceeds gamma before T_gamma is {fractions} per grid point; the largest "
               f"max ||w_t^perp||/gamma at c = {smallest_c:g} is {_g(worst['max perp/gamma'])}. The start w_0 = "
               f"(gamma/10)(0.001 e_1 + e_2) gives {', '.join(_g(v) for v in ratios.values())} for c = 0.1, 0.03, "
               "0.01: no small c saves the bound.")
    values = {f"c={c}: max perp/gamma (w_0 with small w_0[1])": _g(v) for c, v in ratios.items()} | {
        "worst isotropic start: max perp/gamma": _g(worst["max perp/gamma"]),
        "worst start: |w_0[1]|/||w_0||": _g(worst["worst start: |w_0[1]|/||w_0||"]),
        "criterion": f"refuted when an isotropic start exceeds {gamma_factor:g} gamma at the smallest c"}
    if not above:
        return Outcome("verified numerically", summary, values=values)
    return Outcome(
        "refuted", summary, values=values, residual=sp.Float(worst["max perp/gamma"] - gamma_factor, 3),
        hypotheses=_theorem2_hypotheses(
            worst, f"|w_0[1]|/||w_0|| = {_g(worst['worst start: |w_0[1]|/||w_0||'])} for the worst start",
            "; the start (gamma/10)(0.001 e_1 + e_2) gives max ||w^perp||/gamma = "
            + ", ".join(f"{_g(v)} at c = {c}" for c, v in ratios.items()) + ": the excess does not vanish as c -> 0"),
        finding=f"Theorem 2: ||w_t^perp|| <= gamma fails before T_gamma: an isotropic start satisfying (C1)-(C2) "
                f"reaches {_g(worst['max perp/gamma'])} gamma at c = {smallest_c:g} (||w_*|| = {worst['norm']:g}, "
                f"gamma = {_g(worst['gamma'])}); w^perp grows by 1 + eta ||w_*||^2 per step while the parallel part "
                "escapes.",
        readings=(Reading("T_gamma with the outer absolute value | |w_t[1]| - ||w_*|| | <= gamma (the paper's next "
                          "sentence needs it for dist^2 <= 2 gamma^2)", "refuted",
                          f"{len(above)} grid points at c = {smallest_c:g} have a start above gamma"),),
        note="As printed, T_gamma = min{t : |w_t[1]| - ||w_*|| <= gamma and ...} is 0 under (C2) (|w_0[1]| < ||w_*|| "
             "and ||w_0^perp|| <= gamma/10), which makes the theorem empty and contradicts the sentence after the "
             "definition; it is not a reading consistent with the paper.")


# -- Theorem 5: the distance gap ----------------------------------------------------------------------------------


def _distance_squared_eq13(W: np.ndarray, wstar: np.ndarray) -> np.ndarray:
    """(13): ||W||_F^2 + ||w_*||^2 - 2 ||W w_*|| over leading axes (the distance to the optima, used by Theorem 5)."""
    return np.sum(W**2, axis=(-2, -1)) + wstar @ wstar - 2 * np.linalg.norm(W @ wstar, axis=-1)


Theorem5Bound = Callable[[np.ndarray, np.ndarray, np.ndarray, int], np.ndarray]


def _bound_theorem5(c1: np.ndarray, c2: np.ndarray, two_t_theta: np.ndarray, K: int) -> np.ndarray:
    """Theorem 5's bound over ||w_*||^2: 2 c_1t (sqrt(1 - 2 t theta) sqrt(K) - 1) - K (c_1t^2 + c_2t^2) + c_1t^2."""
    return 2 * c1 * (np.sqrt(1 - two_t_theta) * np.sqrt(K) - 1) - K * (c1**2 + c2**2) + c1**2


def _bound_theorem5_sign_flipped(c1: np.ndarray, c2: np.ndarray, two_t_theta: np.ndarray, K: int) -> np.ndarray:
    """The control's alteration: - K (c_1t^2 + c_2t^2) replaced by + K (c_1t^2 + c_2t^2)."""
    return 2 * c1 * (np.sqrt(1 - two_t_theta) * np.sqrt(K) - 1) + K * (c1**2 + c2**2) + c1**2


_THM5_LEVELS = (0.25, 0.5, 0.75, 0.9)     # the values of c_1t at which the snapshot is taken
_THM5_ETA, _THM5_SMALL = 0.01, 0.01       # step; theta, vartheta must be below it for "<< 1"
_THM5_ALLOWANCE = 0.1                      # ">~": violated when gap < bound - 0.1 c_1t ||w_*||^2


@lru_cache(maxsize=None)
def _theorem5_paths(quick: bool) -> dict[int, np.ndarray]:
    """Population GD paths (steps + 1, replicas, K, d) for K = 1, 3, 10, ||w_*|| = 1, d = 10, eta = 0.01, from Figure
    1's initialisation 0.01 N(0, I/d), each K its own draw."""
    rng = np.random.default_rng(51)
    replicas, d, steps = (12 if quick else 60), 10, 400
    wstar = np.eye(d)[0]
    return {K: gd.run_gd(_INIT_SCALE * rng.standard_normal((replicas, K, d)) / np.sqrt(d), wstar[None],
                         gd.convention("seed002", K, 1), _THM5_ETA, steps, record=np.arange(steps + 1),
                         keep_path=True).check().path for K in (1, 3, 10)}


def _theorem5_cases(quick: bool, bound_of: Theorem5Bound) -> list[dict[str, float]]:
    """One case per (K, replica, level c): t = first step with |w^par_#1,t| >= c; theta, vartheta the smallest values
    making (10) hold for every neuron from 0 to t; psi, c_2t by their definitions; gap and bound."""
    paths = _theorem5_paths(quick)
    eta, wstar = _THM5_ETA, np.eye(paths[1].shape[-1])[0]
    single = paths[1]
    c1_path = np.abs(single[:, :, 0, 0])
    cases = []
    for K in (3, 10):
        path = paths[K]
        P, U = path[..., 0], np.linalg.norm(path[..., 1:], axis=-1)               # (steps + 1, replicas, K)
        theta_steps = 1 - np.abs(P[1:]) / (np.abs(P[:-1]) * (1 + eta * (3 - 3 * P[:-1] ** 2)))
        vartheta_steps = U[1:] / (U[:-1] * (1 + eta * (1 - 3 * P[:-1] ** 2))) - 1
        for replica in range(path.shape[1]):
            for level in _THM5_LEVELS:
                reached = np.flatnonzero(c1_path[:, replica] >= level)
                if len(reached) == 0:
                    continue
                t = int(reached[0])
                c1 = float(c1_path[t, replica])
                theta = max(0.0, float(theta_steps[:t, replica].max()))
                vartheta = max(0.0, float(vartheta_steps[:t, replica].max()))
                psi = (1 - theta - vartheta - theta * vartheta) * (1 + eta)
                c2 = float(np.max(c1 * U[0, replica] / np.abs(P[0, replica]))) / psi**t
                two_t_theta = 2 * t * theta
                hypotheses = (theta < _THM5_SMALL and vartheta < _THM5_SMALL and psi > 1 and two_t_theta < 1
                              and eta <= 1 / 3 and 0 < c1 < 1)
                bound = float(bound_of(np.array(c1), np.array(c2), np.array(min(two_t_theta, 1.0)), K))
                gap = float(_distance_squared_eq13(single[t, replica], wstar) - _distance_squared_eq13(path[t, replica],
                                                                                                        wstar))
                cases.append({"K": K, "t": t, "c1": c1, "c2": c2, "theta": theta, "vartheta": vartheta, "psi": psi,
                              "hypotheses": hypotheses, "bound": bound, "gap": gap,
                              "violated": gap < bound - _THM5_ALLOWANCE * c1})
    return cases


def _check_theorem5(quick: bool, bound_of: Theorem5Bound = _bound_theorem5) -> Outcome:
    """Theorem 5 on population GD runs (K = 1 against K = 3, 10, Figure 1's initialisation, eta = 0.01, ||w_*|| = 1)
    at the steps where c_1t first reaches 0.25, 0.5, 0.75, 0.9, with theta, vartheta, psi, c_2t measured.

    Criterion, fixed in advance: ">~" is read as ">= up to 0.1 c_1t ||w_*||^2"; a case counts where the theorem's
    hypotheses hold as measured (theta, vartheta < 0.01, psi > 1, 2 t theta < 1). Refuted if any counted case has
    gap < bound - 0.1 c_1t; verified numerically if none does and some counted bound exceeds 0.1 c_1t (a
    non-vacuous test); inconclusive otherwise (no counted case, or every counted bound vacuous).
    """
    cases = _theorem5_cases(quick, bound_of)
    counted = [case for case in cases if case["hypotheses"]]
    violated = [case for case in counted if case["violated"]]
    informative = [case for case in counted if case["bound"] > _THM5_ALLOWANCE * case["c1"]]
    values = {"cases": str(len(cases)), "cases meeting the hypotheses": str(len(counted)),
              "violations": str(len(violated)), "non-vacuous bounds": str(len(informative)),
              "criterion": "violated when gap < bound - 0.1 c_1t ||w_*||^2, among cases with theta, vartheta < 0.01, "
                           "psi > 1, 2 t theta < 1"}
    if counted:
        values |= {"largest theta": _g(max(c["theta"] for c in counted)),
                   "largest vartheta": _g(max(c["vartheta"] for c in counted)),
                   "median c_2t": _g(float(np.median([c["c2"] for c in counted]))),
                   "largest bound": _g(max(c["bound"] for c in counted)),
                   "smallest gap - bound": _g(min(c["gap"] - c["bound"] for c in counted))}
    setting = (f"Population GD, ||w_*|| = 1, d = 10, eta = {_THM5_ETA}, Figure 1's initialisation, K = 3, 10 against "
               f"K = 1, snapshots where c_1t reaches {', '.join(map(str, _THM5_LEVELS))}: {len(counted)} of "
               f"{len(cases)} cases meet the theorem's hypotheses as measured")
    if violated:
        worst = min(violated, key=lambda case: case["gap"] - case["bound"])
        return Outcome(
            "refuted", f"{setting}; in {len(violated)} the gap falls below the bound by more than 0.1 c_1t.",
            values=values, residual=sp.Float(worst["gap"] - worst["bound"], 3),
            hypotheses=(HypothesisCheck(H_MODEL, True, "population objective, x ~ N(0, I_10)"),
                        HypothesisCheck(H_TEACHER, True, "w_* = e_1"),
                        HypothesisCheck(H_POPULATION, True, "engine's population gradient (= (6), 002-eq6)"),
                        HypothesisCheck(H_SPHERE, True, "dist^2 by (12)-(13), the sphere reading"),
                        HypothesisCheck(H_INIT, True, "0.01 N(0, I/d) i.i.d. per neuron"),
                        HypothesisCheck(H_THM5, bool(worst["hypotheses"]),
                                        f"theta = {_g(worst['theta'])}, vartheta = {_g(worst['vartheta'])}, psi = "
                                        f"{_g(worst['psi'])} > 1, c_1t = {_g(worst['c1'])}, c_2t = {_g(worst['c2'])}, "
                                        f"t = {worst['t']}, eta = {_THM5_ETA} <= 1/3")),
            finding=f"Theorem 5: at K = {worst['K']}, t = {worst['t']}, the distance gap {_g(worst['gap'])} is below "
                    f"the bound {_g(worst['bound'])} (allowance 0.1 c_1t = {_g(0.1 * worst['c1'])}).")
    if informative:
        return Outcome("verified numerically", f"{setting}; the gap is above the bound (up to 0.1 c_1t) in every one, "
                                               f"and {len(informative)} bounds are non-vacuous.", values=values)
    return Outcome(
        "inconclusive",
        f"{setting}; no gap falls below its bound, but every counted bound is <= 0.1 c_1t (vacuous), so the data "
        "cannot test the inequality: with c_2t taken, as the theorem defines it, as the largest ratio "
        "c_1t ||w_0^perp||/|w_0^par| / psi^t over the K neurons, the term - K c_2t^2 dominates for isotropic starts.",
        values=values,
        note="Able to fail: the same check with the sign of K (c_1t^2 + c_2t^2) flipped is refuted (the control).")


# -- K > 1 enters the benign region faster ------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _benign_entries(quick: bool) -> tuple[dict[int, np.ndarray], int, int, int]:
    """Iterations until the quantity (9) is positive, K = 1, 3, 10 on shared data sets (Figure 1 setting); a run that
    never entered counts as infinitely late.  Returns (entries, data sets, iterations, evaluation spacing)."""
    replicas, iterations, every = (10, 6000, 20) if quick else (40, 8000, 10)
    entries = paper.benign_entry_iterations((1, 3, 10), np.random.default_rng(2), replicas, iterations=iterations,
                                            every=every)
    return {K: np.nan_to_num(e, nan=np.inf) for K, e in entries.items()}, replicas, iterations, every


def _check_benign_region(quick: bool, faster: bool = True) -> Outcome:
    """Iterations until (9) > 0 for K = 3, 10 against K = 1 on the same data set (Figure 1 setting).

    The claim (``faster``): larger K enters sooner; the control reverses it.  Per data set the log ratio
    log(entry_K / entry_1); its mean over data sets, with its standard error, decides (fixed in advance): on the
    claimed side of zero by two standard errors for both K: verified numerically; on the other side by two for
    some K: refuted; else inconclusive.
    """
    entries, replicas, iterations, every = _benign_entries(quick)
    values = {f"K={K}: median entry": _g(float(np.median(e))) for K, e in entries.items()}
    signs = []
    for K in (3, 10):
        log_ratio = np.log(entries[K] / entries[1]) * (1 if faster else -1)
        mean, error = float(np.mean(log_ratio)), float(np.std(log_ratio, ddof=1) / np.sqrt(replicas))
        signs.append(-1 if mean + 2 * error < 0 else (1 if mean - 2 * error > 0 else 0))
        values |= {f"K={K}: mean log(entry_K/entry_1)": _g(mean * (1 if faster else -1)),
                   f"K={K}: standard error": _g(error),
                   f"K={K}: data sets entering before K=1": f"{int(np.sum(entries[K] < entries[1]))}/{replicas}"}
    verdict = ("verified numerically" if signs == [-1, -1] else "refuted" if 1 in signs else "inconclusive")
    medians = ", ".join(values[f"K={K}: median entry"] for K in (1, 3, 10))
    before = ", ".join(values[f"K={K}: data sets entering before K=1"] for K in (3, 10))
    claim = "larger K enters sooner" if faster else "larger K enters later (the reversed claim)"
    summary = (f"Figure 1 setting (d = 10, n = 200, eta = 1e-3, w_* = e_1, W_0 ~ 0.01 N(0, I/d)), {replicas} data "
               f"sets, (9) evaluated every {every} iterations: median iterations until (9) > 0 are {medians} for "
               f"K = 1, 3, 10; K = 3, 10 enter before K = 1 on {before} data sets; mean log ratios to K = 1 "
               f"{values['K=3: mean log(entry_K/entry_1)']} +- {values['K=3: standard error']} (K = 3), "
               f"{values['K=10: mean log(entry_K/entry_1)']} +- {values['K=10: standard error']} (K = 10). Tested: "
               f"{claim}.")
    values |= {"data sets": str(replicas), "iterations": str(iterations),
               "criterion": "mean log ratio beyond two standard errors of zero, both K"}
    if verdict != "refuted":
        return Outcome(verdict, summary, values=values)
    return Outcome(verdict, summary, values=values, finding=f"Section 3: {claim} is contradicted by the data.",
                   hypotheses=(HypothesisCheck(H_MODEL, True, "n = 200 Gaussian inputs per data set, y = (x^T e_1)^2"),
                               HypothesisCheck(H_STUDENTS, True, "K = 1, 3, 10"),
                               HypothesisCheck(H_INIT, True, "0.01 N(0, I/d) i.i.d. per neuron"),
                               HypothesisCheck(H_FIGURE1, True, "d = 10, n = 200, eta = 1e-3, w_* = e_1")))


# -- Figure 1 and Sec. 1: training and test error fall faster for larger K ----------------------------------------


@lru_cache(maxsize=None)
def _figure1_errors(quick: bool) -> tuple[np.ndarray, dict[int, tuple[np.ndarray, np.ndarray]]]:
    """Empirical GD in the Figure 1 setting on seeded data sets (200 training, 200 test samples each), K = 1, 3, 10:
    recorded iterations and, per K, the training and test objective (2) (records, data sets)."""
    replicas, iterations, every = (4, 8000, 50) if quick else (12, 8000, 20)
    rng = np.random.default_rng(3)
    d, n = 10, 200
    X, X_test = gd.gaussian_inputs(n, d, rng, replicas), gd.gaussian_inputs(n, d, rng, replicas)
    wstar = np.eye(d)[:1]
    record = np.arange(0, iterations + 1, every)
    errors = {}
    for K in (1, 3, 10):
        conv = gd.convention("seed002", K, 1)
        W0 = _INIT_SCALE * rng.standard_normal((replicas, K, d)) / np.sqrt(d)
        result = gd.run_gd(W0, wstar, conv, 1e-3, iterations, X=X, record=record, keep_path=True).check()
        y_test = gd.labels(X_test, wstar, conv)
        test = np.array([gd.empirical_risk(W, X_test, y_test, conv) for W in result.path])
        errors[K] = (result.train_loss, test)
    return record, errors


_FIG1_LEVELS = (1e-3, 1e-6)     # "decrease ... approach zero": the objective below these fractions of its start


def _log_ratio_sign(later: np.ndarray, earlier: np.ndarray) -> tuple[int, float, float]:
    """Mean and standard error of log(later/earlier) over data sets, and its sign beyond two standard errors
    (-1 below zero, +1 above, 0 within)."""
    log_ratio = np.log(later / earlier)
    mean, error = float(np.mean(log_ratio)), float(np.std(log_ratio, ddof=1) / np.sqrt(len(log_ratio)))
    return (-1 if mean + 2 * error < 0 else (1 if mean - 2 * error > 0 else 0)), mean, error


def _check_figure1(quick: bool, speedup: float = 1.0) -> Outcome:
    """Sec. 1 on Figure 1: larger K decreases the training and the test objective faster, and both approach zero.

    Per data set and level L in (1e-3, 1e-6), the first recorded iteration where the objective is below L times its
    start; a run that never gets there within the horizon counts as reaching it at twice the horizon (censored: a
    lower bound on its time, which favours the claim).  Criterion, as for 002-benign: the mean over data sets of
    log(time_K / time_1), with its standard error, for K in (3, 10) and both objectives. Each level is a reading
    (the figure's range, which the text does not give, decides between them): refuted if for some K and objective
    it is above -log(``speedup``) by two standard errors (1: "faster"; the control claims 100 times faster), verified numerically if
    below zero by two for all, inconclusive otherwise. The claim is verified or refuted when both readings agree,
    inconclusive when they differ.
    """
    record, errors = _figure1_errors(quick)
    horizon = 2.0 * record[-1]

    def reach(curve: np.ndarray, level: float) -> np.ndarray:
        below = curve <= level * curve[0]
        return np.where(below.any(axis=0), record[np.argmax(below, axis=0)], horizon).astype(float)

    values, signs, against = {}, {level: [] for level in _FIG1_LEVELS}, []
    for level in _FIG1_LEVELS:
        for kind, index in (("train", 0), ("test", 1)):
            times = {K: reach(errors[K][index], level) for K in (1, 3, 10)}
            values[f"{level:g} ({kind}): median iterations K = 1, 3, 10"] = ", ".join(
                _g(float(np.median(times[K]))) for K in (1, 3, 10))
            for K in (3, 10):
                sign, mean, error = _log_ratio_sign(speedup * times[K], times[1])
                signs[level].append(sign)
                if sign == 1:
                    against.append(f"K = {K}, level {level:g}, {kind}: mean log ratio {_g(mean)} +- {_g(error)}")
    values |= {f"K={K}: largest final test objective": _g(float(errors[K][1][-1].max())) for K in (1, 3, 10)}
    values["criterion"] = "mean log(time_K/time_1) beyond two standard errors of zero, levels 1e-3 and 1e-6"
    claim = "larger K is faster" if speedup == 1 else f"larger K is {speedup:g} times faster"
    summary = (f"Figure 1 setting, {errors[1][0].shape[1]} data sets, {int(record[-1])} GD iterations at eta = 1e-3: "
               "median iterations until the objective falls to 1e-3 / 1e-6 of its start (K = 1, 3, 10): train "
               f"{values['0.001 (train): median iterations K = 1, 3, 10']} / "
               f"{values['1e-06 (train): median iterations K = 1, 3, 10']}, test "
               f"{values['0.001 (test): median iterations K = 1, 3, 10']} / "
               f"{values['1e-06 (test): median iterations K = 1, 3, 10']} (never reached: counted as "
               f"{int(horizon)}). Tested: {claim}.")
    level_verdicts = {level: "refuted" if 1 in level_signs else "verified numerically" if set(level_signs) == {-1}
                      else "inconclusive" for level, level_signs in signs.items()}
    readings = tuple(Reading(f"'{claim}' down to {level:g} of the starting objective", verdict,
                             f"median iterations K = 1, 3, 10: train {values[f'{level:g} (train): median iterations K = 1, 3, 10']}, "
                             f"test {values[f'{level:g} (test): median iterations K = 1, 3, 10']}")
                     for level, verdict in level_verdicts.items())
    if set(level_verdicts.values()) == {"refuted"}:
        return Outcome(
            "refuted", summary, values=values, readings=readings,
            finding=f"Sec. 1 / Figure 1: '{claim}' fails: " + "; ".join(against[:2]) + ".",
            hypotheses=(HypothesisCheck(H_MODEL, True, "200 training and 200 test Gaussian inputs, y = (x^T e_1)^2"),
                        HypothesisCheck(H_STUDENTS, True, "K = 1, 3, 10"),
                        HypothesisCheck(H_INIT, True, "0.01 N(0, I/d) i.i.d. per neuron"),
                        HypothesisCheck(H_FIGURE1, True, "d = 10, n = 200, eta = 1e-3, w_* = e_1")),
            note="Down to 1e-3 of the start the larger networks are ahead (the figure's early phase); below it they "
                 "converge sublinearly (the flat directions of 002-lemma1-b) and K = 1 overtakes them.")
    verdict = level_verdicts[_FIG1_LEVELS[0]] if len(set(level_verdicts.values())) == 1 else "inconclusive"
    return Outcome(verdict, summary, values=values, readings=readings,
                   note="The readings differ: down to 1e-3 of the start the larger networks are ahead (the figure's "
                        "early phase); below it they converge sublinearly (the flat directions of 002-lemma1-b) and "
                        "K = 1 overtakes them. The figure's range, which the text does not state, decides."
                   if verdict == "inconclusive" else "")


# -- Sec. 4.4: step sizes ------------------------------------------------------------------------------------------

_SEC44_STEPS = (1.0, 0.5, 0.4, 0.3, 0.2)
_SEC44_CONVERGED = 1e-4      # "converges towards zero testing error": test objective below 1e-4 at the end
# (K > 1 converges sublinearly near the optima (002-lemma1-b), so a deeper level would count slow convergence as
# failure; the runs that fail stall at 3e-3 or above, and the verdict is the same for any level in [1e-6, 1e-3].)


def _stability_thresholds(X: np.ndarray, wstar: np.ndarray) -> np.ndarray:
    """2/lambda_max of the Hessian of (2) at the optima, per data set X (replicas, n, d): GD is locally stable there
    iff eta is below it.  At zero residual the Hessian's form is Z -> (2/n) sum_i (x_i^T w_*)^2 (x_i^T Z q)^2, whose
    largest value over unit Z is lambda_max((2/n) sum_i y_i x_i x_i^T), the same for every K."""
    y = (X @ wstar) ** 2
    hessian = 2 * np.einsum("rn,rni,rnj->rij", y, X, X) / X.shape[1]
    return 2 / np.linalg.eigvalsh(hessian)[:, -1]


@lru_cache(maxsize=None)
def _step_size_runs(quick: bool) -> dict[tuple[float, int] | str, np.ndarray]:
    """Final test objective (data sets,) of empirical GD in the Figure 1 setting for each (eta, K), diverged runs
    as inf; 1000 (quick) or 1500 iterations.  The key "threshold" holds :func:`_stability_thresholds` of the data sets."""
    replicas, iterations = (4, 1000) if quick else (12, 1500)
    rng = np.random.default_rng(44)
    d, n = 10, 200
    X, X_test = gd.gaussian_inputs(n, d, rng, replicas), gd.gaussian_inputs(n, d, rng, replicas)
    wstar = np.eye(d)[:1]
    finals = {"threshold": _stability_thresholds(X, wstar[0])}
    for K in (1, 3, 10):
        conv = gd.convention("seed002", K, 1)
        W0 = _INIT_SCALE * rng.standard_normal((replicas, K, d)) / np.sqrt(d)
        for eta in _SEC44_STEPS:
            result = gd.run_gd(W0, wstar, conv, eta, iterations, X=X, record=[iterations])
            test = np.array([gd.empirical_risk(W[None], X_test[r][None], gd.labels(X_test[r][None], wstar, conv),
                                               conv)[0] for r, W in enumerate(result.weights)])
            finals[(eta, K)] = np.where(result.diverged | ~np.isfinite(test), np.inf, test)
    return finals


def _check_step_sizes(quick: bool, failing: tuple[float, ...] = (1.0, 0.5, 0.4, 0.3)) -> Outcome:
    """Sec. 4.4: GD with eta in ``failing`` diverges or does not converge to zero test error for K = 1, 3, 10, and
    eta = 0.2 (the 'best' step) converges for every K.

    Criterion: a run converges when its test objective is below 1e-4 after 1000 (quick) or 1500 iterations. The
    paper reports one experiment, on one data set we do not have, so the statement is judged on what is typical of
    its setting: refuted if some (eta, K) goes the other way on most data sets (a step said to fail converges, or
    eta = 0.2 fails); verified numerically if every data set agrees with it; inconclusive otherwise (the outcome
    depends on the data set drawn).
    """
    finals = dict(_step_size_runs(quick))
    thresholds = finals.pop("threshold")
    converged = {key: int(np.sum(value < _SEC44_CONVERGED)) for key, value in finals.items()}
    runs = len(next(iter(finals.values())))
    wrong_failing = {key: count for key, count in converged.items() if key[0] in failing and count > 0}
    remaining = [eta for eta in _SEC44_STEPS if eta not in failing]
    wrong_best = {key: runs - count for key, count in converged.items() if key[0] in remaining and count < runs}
    typical = any(2 * count > runs for count in (*wrong_failing.values(), *wrong_best.values()))
    values = {f"eta={eta}, K={K}: runs converged": f"{converged[(eta, K)]}/{runs}" for eta, K in finals}
    values |= {"criterion": "converged: test objective < 1e-4 after 1000 (quick) or 1500 iterations; refuted when a "
                            "step goes against the text on most data sets, inconclusive on some",
               "2/lambda_max of the Hessian at the optima, per data set": ", ".join(_g(t) for t in thresholds)}
    summary = (f"Figure 1 setting, {runs} data sets, GD for 1000 (quick) or 1500 iterations: runs converging (test objective < 1e-4) "
               + "; ".join(f"eta = {eta}: " + ", ".join(f"{converged[(eta, K)]}/{runs}" for K in (1, 3, 10))
                           for eta in _SEC44_STEPS) + " (K = 1, 3, 10).")
    if not wrong_failing and not wrong_best:
        return Outcome("verified numerically", summary, values=values)
    if not typical:
        return Outcome(
            "inconclusive", summary + " Whether eta = 0.3 fails depends on the data set drawn.", values=values,
            note="GD is locally stable at the optima iff eta < 2/lambda_max((2/n) sum_i y_i x_i x_i^T) (the same for "
                 f"every K); over these data sets that threshold is {', '.join(_g(t) for t in thresholds)}, on either "
                 "side of some of the steps: the paper's single run cannot settle the statement for the setting.")
    return Outcome(
        "refuted", summary, values=values,
        note="GD is locally stable at the optima iff eta < 2/lambda_max((2/n) sum_i y_i x_i x_i^T) (the same for every "
             f"K); over these data sets that threshold is {', '.join(_g(t) for t in thresholds)}, so whether eta = 0.3 "
             "fails depends on the data set drawn, and the paper's single run cannot settle it for the setting.",
        finding="Sec. 4.4: " + "; ".join(
            [f"eta = {eta} (said to fail) converges for K = {K} on {count}/{runs} data sets"
             for (eta, K), count in wrong_failing.items()]
            + [f"eta = {eta} fails for K = {K} on {count}/{runs} data sets" for (eta, K), count in wrong_best.items()])
            + f" (test objective < {_SEC44_CONVERGED:g}; 2/lambda_max of the Hessian at the optima per data set: "
            + ", ".join(_g(t) for t in thresholds) + ").",
        hypotheses=(HypothesisCheck(H_MODEL, True, "200 training and 200 test Gaussian inputs, y = (x^T e_1)^2"),
                    HypothesisCheck(H_STUDENTS, True, "K = 1, 3, 10"),
                    HypothesisCheck(H_INIT, True, "0.01 N(0, I/d) i.i.d. per neuron"),
                    HypothesisCheck(H_FIGURE1, True, "d = 10, n = 200, w_* = e_1; eta as listed in Sec. 4.4")))


# -- Sec. 4.2: the range of nu and (C1) -----------------------------------------------------------------------------

_NU_ROOT = (sp.sqrt(53) - 7) / 2     # the positive root of 2 - 14 nu - 2 nu^2


def _check_nu_range(quick: bool, printed_limit: sp.Rational = sp.Rational(141, 1000)) -> Outcome:
    """'2 - 14 nu - 2 nu^2 > 0 (i.e. nu <= 0.141)': the condition holds exactly for 0 < nu < (sqrt 53 - 7)/2 =
    0.14005.  Readings: as printed (nu <= 0.141 implies the condition); and a rounding misprint, the last digit
    rounded up: nu <= printed - 0.001 implies the condition, and the root lies within 0.001 below the printed value.
    """
    nu = sp.Symbol("nu", positive=True)
    roots = sp.solve(sp.Eq(_lemma1_constant(nu), 0), nu)
    if roots != [_NU_ROOT]:
        raise AssertionError(f"the positive root of 2 - 14 nu - 2 nu^2 is not (sqrt 53 - 7)/2: {roots}")
    unit = sp.Rational(1, 1000)
    probe = sp.Rational(round(float((printed_limit + _NU_ROOT) / 2) * 10**6), 10**6)   # between root and limit
    printed_holds = bool(printed_limit < _NU_ROOT)
    intended = printed_limit - unit
    intended_holds = bool(intended < _NU_ROOT < printed_limit + unit)
    readings = (
        Reading(f"as printed: nu <= {sp.N(printed_limit, 3)}", "verified" if printed_holds else "refuted",
                f"{sp.N(printed_limit, 3)} < (sqrt 53 - 7)/2" if printed_holds else
                f"nu = {sp.N(probe, 6)} satisfies it but 2 - 14 nu - 2 nu^2 = {sp.N(_lemma1_constant(probe), 3)} < 0"),
        Reading(f"intended: nu <= {sp.N(intended, 3)}, the root (sqrt 53 - 7)/2 = {sp.N(_NU_ROOT, 6)} with its last "
                "digit rounded up in print (the 'i.e.' restates the quadratic condition)",
                "verified" if intended_holds else "refuted",
                f"{sp.N(intended, 3)} < {sp.N(_NU_ROOT, 8)} < {sp.N(printed_limit + unit, 3)}: "
                f"{intended_holds} (exact)"),
    )
    values = {"positive root": str(sp.N(_NU_ROOT, 10)), "probe nu": str(probe)}
    if printed_holds:
        return Outcome("verified", f"nu <= {printed_limit} implies 2 - 14 nu - 2 nu^2 > 0.", readings=readings,
                       values=values)
    finding = (f"Sec. 4.2: 'nu <= {sp.N(printed_limit, 3)}' for 2 - 14 nu - 2 nu^2 > 0, whose root is "
               f"{sp.N(_NU_ROOT, 6)}: nu = {sp.N(probe, 6)} passes the printed bound and fails the condition.")
    if intended_holds:
        return Outcome(
            "misprint",
            f"2 - 14 nu - 2 nu^2 > 0 exactly for 0 < nu < (sqrt 53 - 7)/2 = {sp.N(_NU_ROOT, 8)}; the printed 'nu <= "
            f"{sp.N(printed_limit, 3)}' admits nu = {sp.N(probe, 6)}, where the constant is "
            f"{sp.N(_lemma1_constant(probe), 3)} < 0. The root rounded down, {sp.N(intended, 3)}, is what is meant.",
            residual=_lemma1_constant(probe), values=values, finding=finding, readings=readings)
    return Outcome("refuted", f"'nu <= {sp.N(printed_limit, 3)}' is neither implied by the condition nor a rounding of "
                              f"its root {sp.N(_NU_ROOT, 6)}.", residual=_lemma1_constant(probe), values=values,
                   finding=finding, readings=readings,
                   hypotheses=(HypothesisCheck(H_LEMMA1, True, "the quadratic condition as printed, solved exactly"),))


def _check_c1_trivial(quick: bool, c1_factor: sp.Rational = sp.Rational(11, 10)) -> Outcome:
    """'we will set 2 gamma^2 = nu^2 ||w_*||^2 ... consequently, (C1) is trivially satisfied': with gamma =
    nu ||w_*||/sqrt 2 and nu < (sqrt 53 - 7)/2, ||w_*|| > c1_factor gamma (the paper: 1.1) for every admissible nu."""
    worst = c1_factor * _NU_ROOT / sp.sqrt(2)        # sup over admissible nu of c1_factor gamma / ||w_*||
    holds = bool(sp.simplify(worst - 1) < 0)
    summary = (f"gamma = nu ||w_*||/sqrt 2 with nu < (sqrt 53 - 7)/2 gives {c1_factor} gamma/||w_*|| < "
               f"{c1_factor} (sqrt 53 - 7)/(2 sqrt 2) = {sp.N(worst, 6)} (exact bound)")
    if holds:
        return Outcome("verified", summary + " < 1: (C1) holds for every admissible nu.",
                       values={f"sup {c1_factor} gamma/||w_*||": str(sp.N(worst, 8))})
    return Outcome("refuted", summary + " >= 1: the condition fails near the largest admissible nu.",
                   residual=sp.nsimplify(worst - 1), values={f"sup {c1_factor} gamma/||w_*||": str(sp.N(worst, 8))},
                   finding=f"(C1) with the factor {c1_factor} is not implied by 2 gamma^2 = nu^2 ||w_*||^2.",
                   hypotheses=(HypothesisCheck(H_TEACHER, True, "||w_*|| symbolic (the bound is a ratio)"),
                               HypothesisCheck(H_LEMMA1, True, "nu ranges over the admissible (0, (sqrt 53 - 7)/2)")))


# -- Sec. 3: the optima, and the remark after Theorem 5 -------------------------------------------------------------


def _check_optima(quick: bool, norm_of_q: sp.Expr = sp.Integer(1)) -> Outcome:
    """The zero-test-error optima of (2) are w_* q^T with ||q||_2 = ``norm_of_q`` (the paper: 1), and only those.

    The engine's population risk at symbolic W (K = 2, d = 2) equals (2 tr(M^2) + tr(M)^2)/4 with M = W W^T - w_* w_*^T
    exactly, a positive definite form in M: zero iff W W^T = w_* w_*^T, i.e. iff W = w_* q^T with ||q|| = 1.  At
    W = w_* q^T with ||q||^2 = norm_of_q^2 the risk is computed in closed form.
    """
    students, wstar = symbolic_vectors("w", 2, 2), symbolic_vectors("v", 1, 2)[0]
    W = sp.Matrix.hstack(*students)
    M = W * W.T - wstar * wstar.T
    risk = risk_of_weights(paper.model(2), students, [wstar])
    form = sp.expand(risk - (2 * (M * M).trace() + M.trace() ** 2) / 4)
    q = sp.Matrix(sp.symbols("q1:3", real=True))
    at_optimum = sp.factor(risk_of_weights(paper.model(2), [wstar * q[0], wstar * q[1]], [wstar]))
    angle = sp.Symbol("phi", real=True)
    on_circle = sp.simplify(at_optimum.subs({q[0]: norm_of_q * sp.cos(angle), q[1]: norm_of_q * sp.sin(angle)}))
    summary = (f"engine's population risk minus (2 tr M^2 + (tr M)^2)/4, M = W W^T - w_* w_*^T: {form} (symbolic W, "
               f"w_*, K = d = 2); at W = w_* q^T the risk is {at_optimum}, which at ||q|| = {norm_of_q} is {on_circle}")
    if form == 0 and on_circle == 0:
        return Outcome("verified", summary + ": the optima are exactly w_* q^T, ||q||_2 = 1.")
    return Outcome("refuted", summary + ".", residual=on_circle, correct_form=at_optimum,
                   finding=f"Sec. 3: w_* q^T with ||q|| = {norm_of_q} has population risk {on_circle}, not 0.",
                   hypotheses=(HypothesisCheck(H_MODEL, True, "population risk of (2), x ~ N(0, I_2), by the engine"),
                               HypothesisCheck(H_TEACHER, True, "w_* symbolic"),
                               HypothesisCheck(H_STUDENTS, True, "K = 2 symbolic columns")))


def _remark_theorem5(c1: sp.Expr, c2: sp.Expr, a: sp.Expr) -> dict[str, sp.Expr]:
    """The remark after Theorem 5, with a = sqrt(1 - 2 t theta): the vertex sqrt K = c_1 a/(c_1^2 + c_2^2), the
    largest sqrt K with a positive bound, and the K = 2 condition (*)."""
    c = c1**2 + c2**2
    return {"vertex": c1 * a / c,
            "largest root": (c1 * a + sp.sqrt(c1**2 * a**2 - c * (2 * c1 - c1**2))) / c,
            "condition (*)": 2 * c1 * (sp.sqrt(2) * a - 1) - c1**2 - 2 * c2**2}


def _remark_theorem5_vertex_halved(c1: sp.Expr, c2: sp.Expr, a: sp.Expr) -> dict[str, sp.Expr]:
    """The control's alteration: the vertex c_1 a/(c_1^2 + c_2^2) halved."""
    return _remark_theorem5(c1, c2, a) | {"vertex": c1 * a / (2 * (c1**2 + c2**2))}


def _check_remark_theorem5(quick: bool, remark: Callable[..., dict[str, sp.Expr]] = _remark_theorem5) -> Outcome:
    """The bound B(X) = 2 c_1 (a X - 1) - X^2 (c_1^2 + c_2^2) + c_1^2, X = sqrt K, is a concave quadratic: its vertex,
    its larger root and its value at X = sqrt 2, against the remark's expressions, exactly."""
    c1, c2, a, X = sp.symbols("c1 c2 a X", positive=True)
    bound = 2 * c1 * (a * X - 1) - X**2 * (c1**2 + c2**2) + c1**2
    stated = remark(c1, c2, a)
    vertex = sp.solve(sp.diff(bound, X), X)[0]
    residuals = {
        "vertex": sp.simplify(stated["vertex"] - vertex),
        "largest root": sp.simplify(bound.subs(X, stated["largest root"])),
        "condition (*)": sp.simplify(stated["condition (*)"] - bound.subs(X, sp.sqrt(2))),
    }
    larger = sp.simplify(stated["largest root"] - vertex)        # the root lies right of the vertex: the larger one
    ok = all(r == 0 for r in residuals.values()) and larger.could_extract_minus_sign() is False
    summary = ("The bound of Theorem 5 as a quadratic in sqrt K: vertex, larger root and value at K = 2 against the "
               f"remark; residuals {', '.join(f'{k}: {v}' for k, v in residuals.items())} (exact, symbolic c_1, c_2, "
               "a = sqrt(1 - 2 t theta)).")
    if ok:
        return Outcome("verified", summary)
    return Outcome("refuted", summary, residual=sp.Tuple(*residuals.values()),
                   finding="The remark after Theorem 5: " + ", ".join(k for k, v in residuals.items() if v != 0)
                           + " differs from the quadratic's.",
                   hypotheses=(HypothesisCheck(H_THM5, True, "symbolic c_1, c_2, a > 0: the algebra holds for all"),))


# -- the registry entries -------------------------------------------------------------------------------------------

_F, _R, _S = sp.trace(_W.T * _W), _teacher_projection_norm(), sp.trace(_WSTAR.T * _WSTAR)
_GAMMA, _T_GAMMA, _W01 = sp.Symbol("gamma", positive=True), sp.Symbol("T_gamma"), sp.Symbol("w_0[1]")
_DELTA = 6 * _GAMMA * (sp.sqrt(_S) - _GAMMA)
_NU = sp.Symbol("nu", positive=True)
_t = sp.Symbol("t", integer=True, nonnegative=True)
_THM2_ASSUMPTIONS = ("K = 1, population GD; (C1) ||w_*|| > 1.1 gamma, (C2) gamma >= 10 ||w_0||, eta = c/||w_*||^2 "
                     "with c small; T_gamma read as min{t : | |w_t[1]| - ||w_*|| | <= gamma and ||w_t^perp|| <= "
                     "gamma} (the printed definition lacks the outer absolute value)")

_EXACT_HYPOTHESES = (H_MODEL, H_TEACHER, H_STUDENTS)
_DIST_HYPOTHESES = (H_MODEL, H_TEACHER, H_STUDENTS, H_SPHERE)
_LEMMA1_HYPOTHESES = (H_MODEL, H_TEACHER, H_STUDENTS, H_POPULATION, H_SPHERE, H_INIT, H_LEMMA1)
_THM2_HYPOTHESES = (H_MODEL, H_TEACHER, H_POPULATION, H_INIT, H_C1, H_C2, H_THM2_STEP)
_FIGURE1_HYPOTHESES = (H_MODEL, H_STUDENTS, H_INIT, H_FIGURE1)

CLAIMS: list[Claim] = [
    Claim("002-fig1", SEED, "Sec. 1 (Figure 1)", "larger K lowers training and test error faster", _FIG1_QUOTE,
          "With K = 3, 10 the training and the test objective (2) fall to 1e-3 and to 1e-6 of their start in fewer "
          "iterations than with K = 1.", "simulation", _check_figure1, exact=False,
          hypotheses=_FIGURE1_HYPOTHESES,
          control=Control("larger K claimed 100 times faster", partial(_check_figure1, speedup=100.0))),
    Claim("002-eq4", SEED, "eq. (4) and its argmin", "distance to the optima and its argmin", t002.QUOTES["argmin"],
          sp.Eq(sp.Symbol("q_*"), _W.T * _WSTAR / _R, evaluate=False), "exact symbolic identity", _check_eq4_argmin,
          assumptions="W in R^{d x K} (students as columns); readings: the ball ||q||_2 <= 1 as printed, the sphere "
                      "||q||_2 = 1 as the text uses it",
          hypotheses=_DIST_HYPOTHESES,
          control=Control("the stated argmin W^T w_*/||W^T w_*|| replaced by W^T w_*/||W^T w_*||^2",
                          partial(_check_eq4_argmin, stated_argmin=_stated_argmin_squared))),
    Claim("002-optima", SEED, "Sec. 3", "the zero-test-error optima are w_* q^T, ||q|| = 1", _OPTIMA_QUOTE,
          "The population risk of (2) vanishes exactly at W = w_* q^T with ||q||_2 = 1.", "exact symbolic identity",
          _check_optima, hypotheses=_EXACT_HYPOTHESES,
          control=Control("||q||_2 = 1 replaced by ||q||_2 = 2", partial(_check_optima, norm_of_q=sp.Integer(2)))),
    Claim("002-eq6", SEED, "eq. (6)", "population gradient of a student neuron", t002.QUOTES["6"],
          _eq6_statement(), "exact symbolic identity", _check_eq6,
          assumptions="g[k, a] = E_x[grad_{w^(k)} f(W)]_a, w[j, a] = entry a of w^(j); the sum over j != k covers "
                      "both terms", hypotheses=_EXACT_HYPOTHESES,
          control=Control("3||w^(k)||^2 replaced by 2||w^(k)||^2",
                          partial(_check_eq6, transcription=_eq6_with_2_for_3))),
    Claim("002-eq6-cubic", SEED, "eq. (6), first Gaussian identity", "E[(x.u)^3 x]", _CUBIC_QUOTE,
          _identity_statements()[0], "exact symbolic identity", _check_identity_cubic,
          latex=r"\mathbb{E}_{x \sim N(0, I_d)}[(x^\top u)^3 x] = 3 \operatorname{tr}(u^\top u)\, u",
          hypotheses=(H_MODEL,),
          control=Control("3||u||^2 u replaced by 2||u||^2 u",
                          partial(_check_identity_cubic, transcription=_cubic_with_2_for_3))),
    Claim("002-eq6-mixed", SEED, "eq. (6), second Gaussian identity", "E[(x.u)^2 (x.v) x]", _MIXED_QUOTE,
          _identity_statements()[1], "exact symbolic identity", _check_identity_mixed,
          latex=r"\mathbb{E}_{x \sim N(0, I_d)}[(x^\top u)^2 (x^\top v) x] = 2 \operatorname{tr}(u^\top v)\, u "
                r"+ \operatorname{tr}(u^\top u)\, v",
          hypotheses=(H_MODEL,),
          control=Control("2(u^T v) u replaced by (u^T v) u",
                          partial(_check_identity_mixed, transcription=_mixed_with_1_for_2))),
    Claim("002-eq7", SEED, "eq. (7)", "population GD dynamics, K = 1", t002.QUOTES["7"],
          _update_statement(False), "exact symbolic identity", _check_eq7,
          assumptions="w_* = ||w_*|| e_1, s = ||w_*||^2, P = <w, w_*>, U an entry of w^perp, N = ||w||^2",
          hypotheses=(H_MODEL, H_TEACHER, H_POPULATION),
          control=Control("3||w_*||^2 in the parallel factor replaced by 2||w_*||^2",
                          partial(_check_eq7, transcription=_update_eq7_with_2_for_3))),
    Claim("002-eq8", SEED, "eq. (8)", "population GD dynamics, K students", _EQ8_QUOTE,
          _update_statement(True), "exact symbolic identity", _check_eq8,
          assumptions="w_* = ||w_*|| e_1, s = ||w_*||^2, P[j] = <w^(j), w_*>, U[j] an entry of w^(j),perp, "
                      "N[j] = ||w^(j)||^2, G[j, k] = <w^(j), w^(k)>",
          hypotheses=(H_MODEL, H_TEACHER, H_STUDENTS, H_POPULATION),
          control=Control("the factor 2 of component B dropped",
                          partial(_check_eq8, transcription=_update_eq8_without_2))),
    Claim("002-benign", SEED, "Section 3 (quantity (9))", "larger K enters the benign region faster", _BENIGN_QUOTE,
          "Gradient descent reaches a positive quantity (9) in fewer iterations for a larger student network K.",
          "simulation", _check_benign_region, exact=False,
          assumptions="Figure 1 setting; benign region = quantity (9) > 0 with the empirical Hessian of (2) and "
                      "q_t = W^T w_*/||W^T w_*||; iterations counted every 20 (quick) or 10 steps",
          hypotheses=_FIGURE1_HYPOTHESES,
          control=Control("the order reversed: larger K claimed to enter later",
                          partial(_check_benign_region, faster=False))),
    Claim("002-lemma1-a", SEED, "Lemma 1", "local linear rate, K = 1", _LEMMA1_QUOTE,
          sp.LessThan(_dist(sp.Symbol("W_{t+1}"), _WSTAR) ** 2,
                      (1 - _eta * _lemma1_constant(_NU)) * _dist(sp.Symbol("W_t"), _WSTAR) ** 2),
          "simulation", _check_lemma1_single, exact=False,
          assumptions="K = 1, ||w_*|| = 1, population GD (Sec. 4), eta = (2 - 14 nu - 2 nu^2)/((13 + 16 nu^2)^2 "
                      "||w_*||^4), dist of eq. (4)", hypotheses=_LEMMA1_HYPOTHESES,
          control=Control("the 2 of the rate constant 2 - 14 nu - 2 nu^2 replaced by 8 (step bound kept)",
                          partial(_check_lemma1_single, constant=_lemma1_constant_raised))),
    Claim("002-lemma1-b", SEED, "Lemma 1 (any K)", "local linear rate, K >= 2", _LEMMA1_ANY_K_QUOTE,
          "For every K, population GD from within nu ||w_*|| of the optima contracts dist^2 by at least "
          "1 - eta(2 - 14 nu - 2 nu^2) per step.", "simulation", _check_lemma1_any_k, exact=False,
          assumptions="K = 3, ||w_*|| = 1, nu = 1/10, the lemma's largest step, GD from the paper's initialisation",
          hypotheses=_LEMMA1_HYPOTHESES,
          control=Control("the 2 of the rate constant 2 - 14 nu - 2 nu^2 replaced by 8 (step bound kept)",
                          partial(_check_lemma1_any_k, constant=_lemma1_constant_raised))),
    Claim("002-lemma1-c", SEED, "Lemma 1 (any ||w_*||)", "local linear rate, ||w_*|| = 1/2", _LEMMA1_QUOTE,
          sp.LessThan(_dist(sp.Symbol("W_{t+1}"), _WSTAR) ** 2,
                      (1 - _eta * _lemma1_constant(_NU)) * _dist(sp.Symbol("W_t"), _WSTAR) ** 2),
          "simulation", _check_lemma1_scale, exact=False,
          assumptions="K = 1, ||w_*|| = 1/2, nu = 1/20, the lemma's largest step, GD from the paper's initialisation",
          hypotheses=_LEMMA1_HYPOTHESES,
          control=Control("the 2 of the rate constant 2 - 14 nu - 2 nu^2 replaced by 8 (step bound kept)",
                          partial(_check_lemma1_scale, constant=_lemma1_constant_raised))),
    Claim("002-nu-range", SEED, "Sec. 4.2", "the admissible range of nu", _NU_QUOTE,
          sp.Equivalent(_lemma1_constant(_NU) > 0, _NU <= sp.Rational(141, 1000)), "exact evaluation",
          _check_nu_range, hypotheses=(H_LEMMA1,),
          control=Control("0.141 replaced by 0.15", partial(_check_nu_range, printed_limit=sp.Rational(15, 100)))),
    Claim("002-c1-trivial", SEED, "Sec. 4.2", "(C1) follows from 2 gamma^2 = nu^2 ||w_*||^2", _C1_QUOTE,
          sp.Implies(sp.And(sp.Eq(2 * _GAMMA**2, _NU**2 * _S), _lemma1_constant(_NU) > 0),
                     sp.sqrt(_S) > sp.Rational(11, 10) * _GAMMA), "exact evaluation", _check_c1_trivial,
          hypotheses=(H_TEACHER, H_LEMMA1),
          control=Control("the factor 1.1 of (C1) replaced by 11",
                          partial(_check_c1_trivial, c1_factor=sp.Integer(11)))),
    Claim("002-thm2-a", SEED, "Theorem 2", "escape time T_gamma, K = 1", _THM2_BOUND_QUOTE,
          sp.LessThan(_T_GAMMA, sp.log((sp.sqrt(_S) - _GAMMA) / sp.Abs(_W01)) / sp.log(1 + _eta * _DELTA)),
          "simulation", _check_theorem2_time, exact=False, assumptions=_THM2_ASSUMPTIONS,
          hypotheses=_THM2_HYPOTHESES,
          control=Control("Delta = 6 gamma (||w_*|| - gamma) replaced by 6 ||w_*|| (||w_*|| - gamma)",
                          partial(_check_theorem2_time, delta_of=_delta_altered))),
    Claim("002-thm2-b", SEED, "Theorem 2", "growth of the parallel component", _THM2_GROWTH_QUOTE,
          sp.GreaterThan(sp.Abs(sp.Symbol(r"w^{\parallel}_t")),
                         (1 + _eta * _DELTA) ** _t * sp.Abs(sp.Symbol(r"w^{\parallel}_0"))),
          "simulation", _check_theorem2_growth, exact=False, assumptions=_THM2_ASSUMPTIONS + "; 0 <= t <= T_gamma",
          hypotheses=_THM2_HYPOTHESES,
          control=Control("Delta = 6 gamma (||w_*|| - gamma) replaced by 6 ||w_*|| (||w_*|| - gamma)",
                          partial(_check_theorem2_growth, delta_of=_delta_altered))),
    Claim("002-thm2-c", SEED, "Theorem 2", "perpendicular component stays below gamma", _THM2_GROWTH_QUOTE,
          sp.LessThan(sp.Symbol(r"\|w^{\perp}_t\|"), _GAMMA),
          "simulation", _check_theorem2_perpendicular, exact=False,
          assumptions=_THM2_ASSUMPTIONS + "; 0 <= t <= T_gamma", hypotheses=_THM2_HYPOTHESES,
          control=Control("the bound gamma replaced by gamma/2",
                          partial(_check_theorem2_perpendicular, gamma_factor=0.5))),
    Claim("002-thm5", SEED, "Theorem 5", "snapshot of the distance gap", _THM5_QUOTE,
          "dist^2(W_t^#1, w_*) - dist^2(W_t^#K, w_*) >~ ||w_*||^2 (2 c_1t (sqrt(1 - 2 t theta) sqrt(K) - 1) "
          "- K (c_1t^2 + c_2t^2) + c_1t^2)", "simulation", _check_theorem5, exact=False,
          assumptions="hypotheses (10)-(11) from 0 to t, |w^par_{#1,t}| = c_1t ||w_*||^2, eta <= 1/(3 ||w_*||^2), "
                      "psi > 1; dist^2 by (12)-(13)",
          hypotheses=(H_MODEL, H_TEACHER, H_POPULATION, H_SPHERE, H_INIT, H_THM5),
          control=Control("- K (c_1t^2 + c_2t^2) replaced by + K (c_1t^2 + c_2t^2)",
                          partial(_check_theorem5, bound_of=_bound_theorem5_sign_flipped))),
    Claim("002-thm5-remark", SEED, "Theorem 5, remark", "where the bound increases and stays positive", _REMARK5_QUOTE,
          "With X = sqrt K, B(X) = 2 c_1 (a X - 1) - X^2 (c_1^2 + c_2^2) + c_1^2 (a = sqrt(1 - 2 t theta)) has its "
          "vertex at c_1 a/(c_1^2 + c_2^2), its larger root at (c_1 a + sqrt(c_1^2 a^2 - (c_1^2 + c_2^2)(2 c_1 - "
          "c_1^2)))/(c_1^2 + c_2^2), and B(sqrt 2) = 2 c_1 (sqrt 2 a - 1) - c_1^2 - 2 c_2^2.",
          "exact symbolic identity", _check_remark_theorem5, hypotheses=(H_THM5,),
          control=Control("the vertex c_1 a/(c_1^2 + c_2^2) halved",
                          partial(_check_remark_theorem5, remark=_remark_theorem5_vertex_halved))),
    Claim("002-eq12", SEED, "eq. (12)", "distance for K = 1", _EQ12_QUOTE,
          sp.Eq(sp.Min(sp.Symbol("N") - 2 * sp.Symbol("P") + sp.Symbol("s"), sp.Symbol("N") + 2 * sp.Symbol("P")
                       + sp.Symbol("s")), sp.Symbol("N") + sp.Symbol("s") - 2 * sp.sqrt(sp.Symbol("P") ** 2)),
          "exact symbolic identity", _check_eq12,
          assumptions="N = ||w||^2, s = ||w_*||^2, P = <w, w_*> (the paper's |w^(1)_{#1,t}|); the minimum is over "
                      "q in {-1, +1} as printed", hypotheses=_DIST_HYPOTHESES,
          control=Control("2 sqrt(||w||^2) replaced by sqrt(||w||^2)",
                          partial(_check_eq12, closed_form=_closed_form_eq12_halved))),
    Claim("002-eq13", SEED, "eq. (13)", "closed form of the distance", _EQ13_QUOTE,
          sp.Eq(_dist(_W, _WSTAR) ** 2, _F + _S - 2 * _R), "exact symbolic identity", _check_eq13,
          assumptions="dist of eq. (4) read on the sphere ||q||_2 = 1 (the misprint of 002-eq4); "
                      "|w^(k)_{#K,t}| = <w^(k), w_*> (Sec. 4.1)", hypotheses=_DIST_HYPOTHESES,
          control=Control("2 sqrt(sum_k |w^(k)|^2) replaced by sqrt(sum_k |w^(k)|^2)",
                          partial(_check_eq13, closed_form=_closed_form_eq13_halved))),
    Claim("002-eq14", SEED, "eq. (14)", "maximum of the linear term", _EQ14_QUOTE,
          sp.Eq(sp.Symbol("max_{||q|| <= 1} tr(W^T w_* q^T)"), _R), "exact symbolic identity", _check_eq14,
          latex=r"\max_{q \in \mathbb{R}^K: \|q\|_2 \leq 1} \operatorname{tr}(W^\top w_* q^\top) = "
                r"\sqrt{\operatorname{tr}(w_*^\top W W^\top w_*)}",
          assumptions="v_bar = W^T w_* (entries <w^(k), w_*>)", hypotheses=_EXACT_HYPOTHESES,
          control=Control("||v_bar|| replaced by ||v_bar||^2",
                          partial(_check_eq14, stated_max=_stated_max_eq14_squared))),
    Claim("002-sec4.4-steps", SEED, "Sec. 4.4", "step sizes 1.0 to 0.3 fail, 0.2 is the best", _SEC44_QUOTE,
          "In the Figure 1 setting, GD with eta in {1.0, 0.5, 0.4, 0.3} diverges or does not reach zero test error "
          "for K = 1, 3, 10, while eta = 0.2 does for every K.", "simulation", _check_step_sizes, exact=False,
          hypotheses=_FIGURE1_HYPOTHESES,
          control=Control("eta = 0.2 added to the step sizes said to fail",
                          partial(_check_step_sizes, failing=(1.0, 0.5, 0.4, 0.3, 0.2)))),
]

COVERAGE: tuple[Section, ...] = (
    Section(SEED, "Abstract", not_checked="Summarises the result (GD enters the neighbourhood of an optimum faster "
                                          "for larger K), registered under Lemma 1, Theorems 2 and 5 and Figure 1."),
    Section(SEED, "Sec. 1 Introduction (with Figure 1)", claims=("002-fig1",),
            not_checked="Objectives (1)-(2) are definitions (the engine's preset seed002 follows them: 002-eq6, -eq7); "
                        "'two stages' and 'linear convergence' are qualitative descriptions of the curves; the "
                        "step-size remark is Sec. 4.4's; literature (Livni, Arora) is not checkable here."),
    Section(SEED, "Sec. 2 Related works", not_checked="A literature review."),
    Section(SEED, "Sec. 3 Preliminaries", claims=("002-eq4", "002-optima", "002-eq6", "002-eq6-cubic",
                                                   "002-eq6-mixed", "002-eq7", "002-eq8", "002-benign"),
            not_checked="Eq. (3) (parallel/perpendicular components) and (5) (the empirical gradient) and (9) are "
                        "definitions the checks use; 'dist is a surrogate of the test error' and 'strongly convex "
                        "with respect to w_* q_t^T' are interpretations; Figure 1 (c)'s curves are not in the text."),
    Section(SEED, "Sec. 4 / 4.1 Benign region, Lemma 1", claims=("002-lemma1-a", "002-lemma1-b", "002-lemma1-c"),
            not_checked="Appendix A (the proof) is not in the seed text; Figure 2's curves are not in the text; 'each "
                        "neuron only needs a smaller component on w_*' is an interpretation of Figure 2."),
    Section(SEED, "Sec. 4.2 Single neuron, Theorem 2", claims=("002-nu-range", "002-c1-trivial", "002-thm2-a",
                                                                "002-thm2-b", "002-thm2-c"),
            not_checked="The dist^2 <= 2 gamma^2 remark is garbled in the extraction ('||w_t[1]| - ||w_*||^2'); the "
                        "bound max(gamma^2, ...)^2 + gamma^2 after the theorem is garbled likewise (its square is "
                        "misplaced); Appendix B is not in the seed text."),
    Section(SEED, "Sec. 4.3 Over-parametrization, Lemmas 3-4, Theorem 5 and its proof",
            claims=("002-thm5", "002-thm5-remark", "002-eq12", "002-eq13", "002-eq14"),
            not_checked="(10) and (11) are approximate hypotheses ('>~', theta, vartheta << 1) measured inside "
                        "002-thm5 rather than claims; Lemmas 3 and 4 are '>~' statements whose proofs are not in the "
                        "text, exercised through Theorem 5; Figures 3-5 (theta ~ 1e-4) show curves not in the text; "
                        "(15)-(18) are the proof's steps, (15) an identity of (12)-(13), (16)-(17) approximate."),
    Section(SEED, "Sec. 4.4 Step sizes", claims=("002-sec4.4-steps",),
            not_checked="Figures 6-8 show curves not in the text; 'the impacts of eta and K seem complementary' is an "
                        "interpretation."),
    Section(SEED, "Sec. 5 Conclusion", not_checked="Restates the results registered above."),
)

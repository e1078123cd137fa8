r"""Claims of seed 002 (Wang & Abernethy: one teacher neuron with quadratic activation, K student neurons).

What is checked, and how:

* the population gradient, eq. (6), the two Gaussian identities beside it, and the population GD updates
  (7) (K = 1) and (8) (K students): exact symbolic identities between the transcriptions of
  :mod:`numerics.transcriptions.seed002` and the engine's derivation (:mod:`numerics.papers.seed002`) on
  symbolic weight vectors, at concrete widths;
* the distance to the global optima, eqs. (4), (12)-(14): exact symbolic derivation of the minimum of the
  convex quadratic q -> ||W - w_* q^T||_F^2 over the ball ||q|| <= 1.  (12) and (14) hold; the argmin stated
  after (4) and the last line of (13) hold only when ||W^T w_*|| >= ||w_*||^2 (the known finding EQ4_FINDING
  of tests/test_papers.py);
* Lemma 1 (local linear rate): population GD from starts within nu ||w_*|| of the optima, every step's
  contraction of dist^2 against the lemma's factor and the fitted asymptotic rate against the lemma's; plus
  two exact one-step counterexamples (K = 2; ||w_*|| = 1/2);
* Theorem 2 (K = 1 escape time): population GD from small starts satisfying (C1)-(C2), by parts;
* Theorem 5 (snapshot of the distance gap): its lower bound evaluated on simulated K = 1 and K runs;
* "GD enters the benign region faster for a larger network": iterations until the quantity (9) becomes
  positive for K = 1, 3, 10 in the setting of Figure 1, over seeded data sets.

Widths are K students of dimension d; w_* = ||w_*|| e_1 (002 Sec. 3).  In numerical code students are the
rows of W (the paper's columns).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable, Sequence

import numpy as np
import sympy as sp

from numerics import gd
from numerics.papers import seed002 as paper
from numerics.papers.weights import symbolic_vectors
from numerics.transcriptions import seed002 as t002

from .base import Claim, Outcome, identity_outcome

__all__ = ["CLAIMS"]

SEED = t002.SEED_FILE


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


def _gradient_pair(K: int, d: int) -> tuple[sp.Matrix, sp.Matrix]:
    """Eq. (6) for every k against the engine's grad_{w^(k)} E[f] (Stein's lemma on the overlaps)."""
    students, wstar = symbolic_vectors("w", K, d), symbolic_vectors("v", 1, d)[0]
    engine = paper.population_gradient(students, wstar)
    return (sp.Matrix.vstack(*(t002.population_gradient_eq6(students, wstar, k) for k in range(K))),
            sp.Matrix.vstack(*engine))


def _check_eq6(quick: bool) -> Outcome:
    return _identity_at_widths(_gradient_pair, [(1, 2), (2, 2), (3, 3)], "eq. (6), E[grad_{w^(k)} f(W)]")


def _identity_pair(which: int) -> Comparison:
    """Comparison of the cubic (0) or mixed (1) identity with Wick's theorem, component by component."""
    def compare(_K: int, d: int) -> tuple[sp.Matrix, sp.Matrix]:
        u, v = symbolic_vectors("u", 2, d)
        transcription = (t002.identity_cubic(u), t002.identity_mixed(u, v))[which]
        return transcription, paper.gaussian_identities(u, v)[which]
    return compare


def _check_identity_cubic(quick: bool) -> Outcome:
    return _identity_at_widths(_identity_pair(0), [(1, 3)], "E[(x^T u)^3 x] = 3 ||u||^2 u")


def _check_identity_mixed(quick: bool) -> Outcome:
    return _identity_at_widths(_identity_pair(1), [(1, 3)], "E[(x^T u)^2 (x^T v) x] = 2 (u^T v) u + ||u||^2 v")


def _update_pair(equation: int) -> Comparison:
    """(7) (K = 1) or (8): transcribed components of w^(k) - eta E[grad] against those of the engine's step."""
    def compare(K: int, d: int) -> tuple[sp.Matrix, sp.Matrix]:
        norm = sp.Symbol("s", positive=True)
        students, wstar = symbolic_vectors("w", K, d), sp.Matrix([norm] + [0] * (d - 1))  # w_* = ||w_*|| e_1
        transcribed, engine = [], []
        for k, gradient in enumerate(paper.population_gradient(students, wstar)):
            new = students[k] - _eta * gradient
            engine.append(sp.Matrix([_dot(new, wstar)]).col_join(new[1:, :]))
            if equation == 7:
                w = students[k]
                parallel, perpendicular = t002.update_eq7(_dot(w, wstar), w[1:, :], _dot(w, w), norm**2, _eta)
            else:
                parallel, perpendicular = t002.update_eq8(students, wstar, k, _eta)
            transcribed.append(sp.Matrix([parallel]).col_join(perpendicular))
        return sp.Matrix.vstack(*transcribed), sp.Matrix.vstack(*engine)
    return compare


def _check_eq7(quick: bool) -> Outcome:
    return _identity_at_widths(_update_pair(7), [(1, 3)], "eq. (7), the K = 1 population GD step")


def _check_eq8(quick: bool) -> Outcome:
    return _identity_at_widths(_update_pair(8), [(2, 3), (3, 3)], "eq. (8), the population GD step of neuron k")


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


def _check_eq12(quick: bool) -> Outcome:
    """min_{q in {-1, 1}} ||w - q w_*||^2 = ||w||^2 - 2 |<w, w_*>| + ||w_*||^2, exactly.

    With the expansion ||w - q w_*||^2 = N - 2 q P + s q^2 (N = ||w||^2, P = <w, w_*>, s = ||w_*||^2; checked on
    symbolic vectors, d = 3), both signs of P are compared.
    """
    _check_squared_distance_expansion(1, 3)
    N, s, t = sp.symbols("N s t", positive=True)   # t = |P|
    for P in (t, -t):
        smallest = sp.Min(*(N - 2 * q * P + s * q**2 for q in (-1, 1)))
        stated = N + s - 2 * sp.sqrt(P**2)
        if sp.expand(smallest - stated) != 0:
            return Outcome("refuted", "eq. (12): the minimum over q = -1, +1 differs from the closed form.",
                           residual=sp.expand(stated - smallest), correct_form=smallest)
    return Outcome(
        "verified",
        "eq. (12): min over q in {-1, +1} of ||w - w_* q||^2 equals ||w||^2 + ||w_*||^2 - 2|<w, w_*>| exactly "
        "(expansion checked on symbolic w, w_* in d = 3; both signs of <w, w_*>). It is the distance to the optima "
        "{+w_*, -w_*}; eq. (4)'s min over |q| <= 1 is smaller when |<w, w_*>| < ||w_*||^2 (see 002-eq13).",
    )


def _check_eq14(quick: bool) -> Outcome:
    """(a) tr(W^T w_* q^T) = q.v_bar, v_bar = W^T w_*; (b) max_{||q|| <= 1} q.v_bar = ||v_bar|| (K = 3, d = 3)."""
    K = 3
    students, wstar = symbolic_vectors("w", K, 3), symbolic_vectors("v", 1, 3)[0]
    W, q = sp.Matrix.hstack(*students), sp.Matrix(sp.symbols(f"q1:{K + 1}", real=True))
    v_bar = W.T * wstar
    step_a = sp.expand((W.T * wstar * q.T).trace() - _dot(q, v_bar))
    # Lagrange's identity ||v||^2 ||q||^2 - (q.v)^2 = sum_{i<j} (v_i q_j - v_j q_i)^2 >= 0 gives q.v <= ||v|| ||q||.
    lagrange = sp.expand(_dot(v_bar, v_bar) * _dot(q, q) - _dot(q, v_bar) ** 2
                         - sum((v_bar[i] * q[j] - v_bar[j] * q[i]) ** 2 for i in range(K) for j in range(i + 1, K)))
    attained = sp.simplify(_dot(v_bar / sp.sqrt(_dot(v_bar, v_bar)), v_bar) - sp.sqrt(_dot(v_bar, v_bar)))
    if step_a == 0 and lagrange == 0 and attained == 0:
        return Outcome("verified", "eq. (14): tr(W^T w_* q^T) = q.v_bar with v_bar = W^T w_*, q.v_bar <= ||v_bar|| "
                                   "||q|| by Lagrange's identity, with equality at q = v_bar/||v_bar||; exact, "
                                   "symbolic W and w_* at (K, d) = (3, 3).")
    return Outcome("refuted", "eq. (14): one of its steps fails exactly; residuals shown.",
                   residual=sp.Tuple(step_a, lagrange, attained))


def _check_eq4_argmin(quick: bool) -> Outcome:
    """The argmin over ||q|| <= 1 is v_bar/max(||v_bar||, ||w_*||^2): not v_bar/||v_bar|| when ||v_bar|| < ||w_*||^2."""
    argmin_scale, minimum = _ball_minimum()
    F, r, s = sp.symbols("F r s", positive=True)
    example = {F: sum(_dot(w, w) for w in _EXAMPLE_STUDENTS), s: 1, r: sp.Rational(1, 10)}
    at_stated = (F + s - 2 * r).subs(example)     # phi(v/||v||) = F - 2 r + s
    return Outcome(
        "refuted",
        "The stated argmin q_* = W^T w_*/||W^T w_*|| of eq. (4) is the minimiser over the ball only when "
        "||W^T w_*|| >= ||w_*||^2; otherwise the minimiser is W^T w_*/||w_*||^2 (exact derivation). Example "
        f"(students (0.1, 0), (0, 0.05), w_* = e_1): objective {at_stated} at q_*, {minimum.subs(example)} at the "
        "true minimiser.",
        residual=sp.Piecewise((_W.T * _WSTAR * (1 / _teacher_projection_norm() - 1 / sp.trace(_WSTAR.T * _WSTAR)),
                               _teacher_projection_norm() < sp.trace(_WSTAR.T * _WSTAR)), (0, True)),
        correct_form=_W.T * _WSTAR * argmin_scale.subs({r: _teacher_projection_norm(), s: sp.trace(_WSTAR.T * _WSTAR)}),
        values={"objective at stated q_*": str(at_stated), "true minimum": str(minimum.subs(example))},
    )


def _check_eq13(quick: bool) -> Outcome:
    """(13) minus the exact ball minimum is (||w_*||^2 - ||v_bar||)^2 / ||w_*||^2 where ||v_bar|| < ||w_*||^2."""
    _, minimum = _ball_minimum()
    F, r, s = sp.symbols("F r s", positive=True)
    stated = F + s - 2 * r
    gap = sp.simplify(stated - minimum.args[0][0] - (s - r) ** 2 / s)
    if gap != 0:
        raise AssertionError(f"the gap of (13) below ||v|| = ||w_*||^2 is not (s - r)^2/s: {gap}")
    students = _EXAMPLE_STUDENTS
    example = stated.subs({F: sum(_dot(w, w) for w in students), s: 1, r: sp.Rational(1, 10)})
    true = _exact_distance_squared(students, _EXAMPLE_TEACHER)
    norms = {r: _teacher_projection_norm(), s: sp.trace(_WSTAR.T * _WSTAR), F: sp.trace(_W.T * _W)}
    return Outcome(
        "refuted",
        "The last line of eq. (13) (and (12) read with eq. (4)'s ||q|| <= 1) holds only when ||W^T w_*|| >= "
        "||w_*||^2: the third equality replaces ||w_*||^2 ||q||^2 by ||w_*||^2. Below, the true minimum is "
        "||W||_F^2 - ||W^T w_*||^2/||w_*||^2 and (13) exceeds it by (||w_*||^2 - ||W^T w_*||)^2/||w_*||^2 (exact); "
        f"example students (0.1, 0), (0, 0.05), w_* = e_1: (13) = {example}, true {true}. (13) is exactly the "
        "distance to the optima {w_* q^T : ||q|| = 1}.",
        residual=sp.Piecewise(((norms[s] - norms[r]) ** 2 / norms[s], norms[r] < norms[s]), (0, True)),
        correct_form=minimum.subs(norms),
        values={"(13) at example": str(example), "true dist^2 at example": str(true),
                "residual at example": str(example - true)},
    )


# -- Lemma 1: local linear convergence -----------------------------------------------------------------------------


def _lemma1_constant(nu: sp.Expr) -> sp.Expr:
    """2 - 14 nu - 2 nu^2, the rate constant of Lemma 1."""
    return 2 - 14 * nu - 2 * nu**2


def _lemma1_step(nu: sp.Expr, teacher_norm: sp.Expr) -> sp.Expr:
    """The largest step Lemma 1 allows: (2 - 14 nu - 2 nu^2) / ((13 + 16 nu^2)^2 ||w_*||^4)."""
    return _lemma1_constant(nu) / ((13 + 16 * nu**2) ** 2 * teacher_norm**4)


def _lemma1_simulation(K: int, nu: float, starts: int, steps: int, seed: int) -> dict[str, float]:
    """Population GD (step = Lemma 1's largest) from ``starts`` points within nu of the optima, ||w_*|| = 1, d = 5.

    Starts W_0 = q w_*^T + E, ||q|| = 1, ||E||_F = nu u, u ~ U(0.2, 1): dist(W_0) <= nu.  Returns the largest
    one-step ratio dist^2(W_{t+1}) / dist^2(W_t) (steps with dist^2 > 1e-20, above rounding), the lemma's factor,
    the fraction of steps above it, and the fitted rate constant (1 - f)/eta, f the median over starts of the
    per-step factor of dist^2 over the later half of the resolved steps (the asymptotic rate).
    """
    rng = np.random.default_rng(seed)
    d, eta = 5, float(_lemma1_step(sp.nsimplify(nu), 1))
    wstar = np.eye(d)[0]
    q = rng.standard_normal((starts, K))
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    E = rng.standard_normal((starts, K, d))
    E *= nu * rng.uniform(0.2, 1.0, (starts, 1, 1)) / np.linalg.norm(E, axis=(1, 2), keepdims=True)
    result = gd.run_gd(q[:, :, None] * wstar + E, wstar[None], gd.convention("seed002", K, 1), eta, steps,
                       record=np.arange(steps + 1), keep_path=True).check()
    dist2 = paper.distance_squared_batch(result.path, wstar)          # (steps + 1, starts)
    resolved = dist2[:-1] > 1e-20
    ratios = dist2[1:][resolved] / dist2[:-1][resolved]
    bound = 1 - eta * float(_lemma1_constant(sp.nsimplify(nu)))
    last = np.sum(dist2 > 1e-20, axis=0) - 1                            # dist^2 decreases: resolved steps lead
    middle = last // 2
    start = np.arange(starts)
    slopes = np.log(dist2[last, start] / dist2[middle, start]) / (last - middle)
    factor = float(np.exp(np.median(slopes)))
    return {"max ratio": float(ratios.max()), "bound": bound, "violating": float(np.mean(ratios > bound)),
            "fitted constant": (1 - factor) / eta, "claimed constant": float(_lemma1_constant(sp.nsimplify(nu)))}


def _check_lemma1_single(quick: bool) -> Outcome:
    """K = 1, ||w_*|| = 1: every step contracts dist^2 at least by Lemma 1's factor; fitted rate against the lemma's."""
    starts, steps = (40, 1500) if quick else (200, 3000)
    rows = {nu: _lemma1_simulation(1, nu, starts, steps, seed=11) for nu in (0.05, 0.1, 0.13)}
    holds = all(row["max ratio"] <= row["bound"] for row in rows.values())
    values = {}
    for nu, row in rows.items():
        values |= {f"nu={nu}: smallest one-step decrease": _g(1 - row["max ratio"]),
                   f"nu={nu}: lemma's decrease": _g(1 - row["bound"]),
                   f"nu={nu}: fitted constant": _g(row["fitted constant"]),
                   f"nu={nu}: lemma constant": _g(row["claimed constant"])}
    fitted = ", ".join(f"{_g(row['fitted constant'])} vs {_g(row['claimed constant'])}" for row in rows.values())
    return Outcome(
        "verified numerically" if holds else "refuted",
        f"K = 1, ||w_*|| = 1, d = 5, step = the lemma's largest, {starts} starts within nu of the optima for nu = "
        f"0.05, 0.1, 0.13, {steps} population GD steps: every one-step ratio of dist^2 is "
        f"{'below' if holds else 'NOT always below'} 1 - eta(2 - 14 nu - 2 nu^2); fitted rate constants "
        f"(1 - factor)/eta {fitted} (lemma), i.e. the lemma's rate is conservative (GD: about 4 = 2 x 2||w_*||^2).",
        values=values | {"starts": str(starts), "steps": str(steps)},
    )


def _one_step_ratio(students: Sequence[sp.Matrix], wstar: sp.Matrix, eta: sp.Expr) -> sp.Expr:
    """dist^2(W_1)/dist^2(W_0) for one exact population GD step (engine gradient), dist of eq. (4)."""
    gradient = paper.population_gradient(students, wstar)
    stepped = [w - eta * g for w, g in zip(students, gradient)]
    return sp.nsimplify(_exact_distance_squared(stepped, wstar) / _exact_distance_squared(students, wstar))


def _check_lemma1_any_k(quick: bool) -> Outcome:
    """K >= 2: near W = [w_*, eps e_2] the risk is quartic, dist^2 contracts by 1 - O(eta eps^2), not 1 - eta c."""
    nu = sp.Rational(1, 10)
    eta = _lemma1_step(nu, 1)
    students = [sp.Matrix([1, 0]), sp.Matrix([0, nu])]               # dist(W_0) = nu ||w_*||, w_* = e_1
    ratio = _one_step_ratio(students, sp.Matrix([1, 0]), eta)
    bound = 1 - eta * _lemma1_constant(nu)
    starts, steps = (40, 1500) if quick else (200, 3000)
    row = _lemma1_simulation(3, float(nu), starts, steps, seed=12)
    return Outcome(
        "refuted",
        f"For K >= 2 the lemma fails: with w_* = e_1, students e_1 and 0.1 e_2 (dist = nu = 0.1) and the lemma's "
        f"largest step, one exact GD step lowers dist^2 by the fraction 1 - (1 - 3 eta/100)^2 = "
        f"{_g(float(1 - ratio))}, the lemma promises at least {_g(float(1 - bound))}; the direction e_2 q_perp^T "
        "is flat to second order (risk (3/4) eps^4), so convergence there is sublinear. "
        f"Simulated K = 3 ({starts} starts, {steps} steps): "
        f"{_g(100 * row['violating'])}% of steps exceed the lemma's factor; fitted rate constant "
        f"{_g(row['fitted constant'])} vs the lemma's {_g(row['claimed constant'])}.",
        residual=ratio - bound,
        values={"exact one-step ratio": str(ratio), "lemma factor": str(bound), "eta": str(eta),
                "K=3 fraction of steps above the factor": _g(row["violating"]),
                "K=3 fitted constant": _g(row["fitted constant"]), "lemma constant": _g(row["claimed constant"])},
    )


def _check_lemma1_scale(quick: bool) -> Outcome:
    """K = 1, ||w_*|| = 1/2, nu = 1/20: one exact GD step contracts dist^2 less than the lemma says."""
    norm, nu = sp.Rational(1, 2), sp.Rational(1, 20)
    eta = _lemma1_step(nu, norm)
    wstar = sp.Matrix([norm, 0])
    ratio = _one_step_ratio([sp.Matrix([norm, nu * norm])], wstar, eta)   # dist(W_0) = nu ||w_*||
    bound = 1 - eta * _lemma1_constant(nu)
    return Outcome(
        "refuted" if ratio > bound else "verified",
        f"K = 1, w_* = e_1/2, w_0 = w_* + e_2/40 (dist = nu ||w_*||, nu = 1/20), the lemma's largest step "
        f"eta = {_g(float(eta))}: one exact GD step gives dist^2 ratio {_g(float(ratio))} against the lemma's "
        f"{_g(float(bound))}. The factor 1 - eta(2 - 14 nu - 2 nu^2) does not scale with ||w_*||^2 as GD's does "
        "(about 1 - 4 eta ||w_*||^2 near the optimum), so it can hold only where 4 ||w_*||^2 >= 2 - 14 nu - 2 nu^2.",
        residual=ratio - bound,
        values={"exact one-step ratio": str(ratio), "lemma factor": str(bound), "eta": str(eta)},
    )


# -- Theorem 2: K = 1 escape time ------------------------------------------------------------------------------------


@lru_cache(maxsize=None)
def _theorem2_runs(quick: bool) -> tuple[dict[str, float], ...]:
    """Population GD for K = 1 (d = 10) over a grid of ||w_*||, gamma/||w_*|| and c = eta ||w_*||^2, T_gamma read
    as min{t : | |w_t[1]| - ||w_*|| | <= gamma and ||w_t^perp|| <= gamma}.

    Starts: isotropic directions with ||w_0|| = gamma u / 10, u ~ U(0.1, 1) (conditions (C1)-(C2)).  One row per
    grid point: the largest T_gamma / bound, whether T_gamma <= bound and the growth bound held for every
    start, and the largest ||w_t^perp|| / gamma for t <= T_gamma.
    """
    rng = np.random.default_rng(21)
    starts, d = (30 if quick else 200), 10
    rows = []
    for norm in (1.0, 2.0):
        for fraction in (0.05, 0.09):
            for c in (0.1, 0.01):
                gamma, eta = fraction * norm, c / norm**2
                w0 = rng.standard_normal((starts, 1, d))
                w0 *= gamma / 10 * rng.uniform(0.1, 1.0, (starts, 1, 1)) / np.linalg.norm(w0, axis=-1, keepdims=True)
                rows.append({"norm": norm, "gamma/norm": fraction, "c": c}
                            | _theorem2_row(w0, norm, gamma, eta))
    return tuple(rows)


def _theorem2_row(w0: np.ndarray, norm: float, gamma: float, eta: float) -> dict[str, float]:
    """Theorem 2's three statements on the runs from the starts w0 (starts, 1, d); see :func:`_theorem2_runs`."""
    delta = 6 * gamma * (norm - gamma)
    bound = np.log((norm - gamma) / np.abs(w0[:, 0, 0])) / np.log(1 + eta * delta)
    steps = int(bound.max()) + 2
    wstar = np.eye(w0.shape[-1])[:1] * norm
    path = gd.run_gd(w0, wstar, gd.convention("seed002", 1, 1), eta, steps, record=np.arange(steps + 1),
                     keep_path=True).check().path[:, :, 0, :]              # (steps + 1, starts, d)
    first, perpendicular = path[..., 0], np.linalg.norm(path[..., 1:], axis=-1)
    inside = (np.abs(np.abs(first) - norm) <= gamma) & (perpendicular <= gamma)
    t_gamma = np.where(inside.any(axis=0), np.argmax(inside, axis=0), np.inf)
    t = np.arange(steps + 1)[:, None]
    before = t <= t_gamma[None, :]
    growth = np.abs(first) >= (1 + eta * delta) ** t * np.abs(w0[:, 0, 0]) * (1 - 1e-12)
    return {"max T/bound": float(np.max(t_gamma / bound)), "T within bound": float(np.all(t_gamma <= bound)),
            "growth holds": float(np.all(growth | ~before)),
            "max perp/gamma": float(np.max(np.where(before, perpendicular, 0.0)) / gamma),
            "fraction perp above gamma": float(np.mean(np.any(before & (perpendicular > gamma), axis=0)))}


_THM2_GRID = "||w_*|| in {1, 2}, gamma/||w_*|| in {0.05, 0.09}, c = eta ||w_*||^2 in {0.1, 0.01}, d = 10"


def _check_theorem2_time(quick: bool) -> Outcome:
    rows = _theorem2_runs(quick)
    holds = all(row["T within bound"] == 1.0 for row in rows)
    worst = max(row["max T/bound"] for row in rows)
    return Outcome(
        "verified numerically" if holds else "refuted",
        f"Population GD, K = 1, {_THM2_GRID}, isotropic starts with ||w_0|| <= gamma/10: T_gamma is "
        f"{'within' if holds else 'NOT within'} the bound for every start; the largest T_gamma/bound is "
        f"{_g(worst)} (the bound is loose by the factor 3 ||w_*||^2/Delta of the true growth rate).",
        values={"largest T_gamma / bound": _g(worst), "grid points": str(len(rows))},
    )


def _check_theorem2_growth(quick: bool) -> Outcome:
    rows = _theorem2_runs(quick)
    holds = all(row["growth holds"] == 1.0 for row in rows)
    return Outcome(
        "verified numerically" if holds else "refuted",
        f"Population GD, K = 1, {_THM2_GRID}, isotropic starts with ||w_0|| <= gamma/10: |w_t^par| >= "
        f"(1 + eta Delta)^t |w_0^par| {'holds' if holds else 'FAILS'} at every t <= T_gamma for every start.",
        values={"grid points": str(len(rows))},
    )


def _perpendicular_counterexample(c: float) -> float:
    """max_{t <= T_gamma} ||w_t^perp|| / gamma from w_0 = (gamma/10)(1e-3 e_1 + sqrt(1 - 1e-6) e_2), ||w_*|| = 1,
    gamma = 0.05, eta = c: a start satisfying (C1)-(C2) with a small parallel component."""
    gamma, d = 0.05, 3
    w0 = np.zeros((1, 1, d))
    w0[0, 0, :2] = gamma / 10 * np.array([1e-3, np.sqrt(1 - 1e-6)])
    return _theorem2_row(w0, 1.0, gamma, c)["max perp/gamma"]


def _check_theorem2_perpendicular(quick: bool) -> Outcome:
    """||w_t^perp|| <= gamma for t <= T_gamma fails: w^perp grows by about 1 + eta ||w_*||^2 per step early on."""
    rows = _theorem2_runs(quick)
    ratios = {c: _perpendicular_counterexample(c) for c in (0.1, 0.03, 0.01)}
    isotropic = max(row["fraction perp above gamma"] for row in rows)
    refuted = max(ratios.values()) > 1
    return Outcome(
        "refuted" if refuted else "verified numerically",
        "Population GD, K = 1, ||w_*|| = 1, gamma = 0.05, w_0 = (gamma/10)(0.001 e_1 + e_2) (satisfies (C1)-(C2)): "
        f"max over t <= T_gamma of ||w_t^perp||/gamma = {', '.join(_g(v) for v in ratios.values())} for c = eta "
        "||w_*||^2 = 0.1, 0.03, 0.01, so no small c saves the bound (w^perp grows by 1 + eta ||w_*||^2 per step "
        "while ||w||^2 < ||w_*||^2/3). With isotropic starts of the same size, up to "
        f"{_g(100 * isotropic)}% of starts per grid point ({_THM2_GRID}) exceed gamma.",
        residual=sp.Float(max(ratios.values()) - 1, 3),
        values={f"c={c}: max perp/gamma": _g(v) for c, v in ratios.items()}
        | {"largest isotropic fraction above": _g(isotropic)},
    )


# -- Theorem 5: the distance gap ----------------------------------------------------------------------------------


def _distance_squared_eq13(W: np.ndarray, wstar: np.ndarray) -> np.ndarray:
    """(13): ||W||_F^2 + ||w_*||^2 - 2 ||W w_*|| over leading axes (the distance to the optima, used by Theorem 5)."""
    return np.sum(W**2, axis=(-2, -1)) + wstar @ wstar - 2 * np.linalg.norm(W @ wstar, axis=-1)


def _check_theorem5(quick: bool) -> Outcome:
    """Theorem 5's lower bound (theta = vartheta = 0, t theta << 1) on simulated runs at the iteration c_{1,t} = 1/2."""
    rng = np.random.default_rng(51)
    replicas, d, eta, steps = (12 if quick else 60), 10, 0.01, 600
    wstar = np.eye(d)[0]
    single = 0.01 * rng.standard_normal((replicas, 1, d)) / np.sqrt(d)
    path1 = gd.run_gd(single, wstar[None], gd.convention("seed002", 1, 1), eta, steps, record=np.arange(steps + 1),
                      keep_path=True).check().path
    c1_path = np.abs(path1[:, :, 0, 0])                                 # |w^par_{#1,t}| / ||w_*||^2
    t = np.argmax(c1_path >= 0.5, axis=0)
    replica = np.arange(replicas)
    c1 = c1_path[t, replica]
    values, held, vacuous = {}, 0, 0
    for K in (3, 10):
        W0 = 0.01 * rng.standard_normal((replicas, K, d)) / np.sqrt(d)
        pathK = gd.run_gd(W0, wstar[None], gd.convention("seed002", K, 1), eta, steps, record=np.arange(steps + 1),
                          keep_path=True).check().path
        gap = _distance_squared_eq13(path1[t, replica], wstar) - _distance_squared_eq13(pathK[t, replica], wstar)
        ratio0 = np.max(np.linalg.norm(W0[..., 1:], axis=-1) / np.abs(W0[..., 0]), axis=1)
        c2 = c1 * ratio0 * (1 + eta) ** (-t.astype(float))              # psi = 1 + eta ||w_*||^2 at theta = 0
        bound = 2 * c1 * (np.sqrt(K) - 1) - K * (c1**2 + c2**2) + c1**2
        held += int(np.sum(gap >= bound))
        vacuous += int(np.sum(bound <= 0))
        values |= {f"K={K}: median gap": _g(float(np.median(gap))), f"K={K}: median bound": _g(float(np.median(bound))),
                   f"K={K}: largest bound": _g(float(np.max(bound)))}
    total = 2 * replicas
    return Outcome(
        "inconclusive",
        "Theorem 5 is an approximate inequality (>~) under the approximate hypotheses (10)-(11), with no stated "
        f"error, so it can be neither verified nor refuted. Evaluated with theta = 0 on {replicas} population-GD "
        f"runs per K (d = 10, eta = 0.01, Figure 1 initialization) at the iteration where c_1t = 1/2: the bound "
        f"held in {held}/{total} cases and was <= 0 (vacuous) in {vacuous}/{total}.",
        values=values | {"cases": str(total), "bound held": str(held), "bound vacuous": str(vacuous)},
    )


# -- K > 1 enters the benign region faster ------------------------------------------------------------------------


def _check_benign_region(quick: bool) -> Outcome:
    """Iterations until the quantity (9) is positive, K = 3, 10 against K = 1 on the same data set (Figure 1 setting).

    Per data set the log ratio log(entry_K / entry_1); its mean over data sets, with its standard error, decides:
    below zero by two standard errors: verified numerically; above by two: refuted; else inconclusive.  A run
    that never entered counts as infinitely late.
    """
    replicas, iterations, every = (10, 6000, 20) if quick else (40, 8000, 10)
    entries = paper.benign_entry_iterations((1, 3, 10), np.random.default_rng(2), replicas, iterations=iterations,
                                            every=every)
    entries = {K: np.nan_to_num(e, nan=np.inf) for K, e in entries.items()}
    values = {f"K={K}: median entry": _g(float(np.median(e))) for K, e in entries.items()}
    signs = []
    for K in (3, 10):
        log_ratio = np.log(entries[K] / entries[1])
        mean, error = float(np.mean(log_ratio)), float(np.std(log_ratio, ddof=1) / np.sqrt(replicas))
        signs.append(-1 if mean + 2 * error < 0 else (1 if mean - 2 * error > 0 else 0))
        values |= {f"K={K}: mean log(entry_K/entry_1)": _g(mean), f"K={K}: standard error": _g(error),
                   f"K={K}: data sets entering before K=1": f"{int(np.sum(entries[K] < entries[1]))}/{replicas}"}
    verdict = ("verified numerically" if signs == [-1, -1] else "refuted" if 1 in signs else "inconclusive")
    medians = ", ".join(values[f"K={K}: median entry"] for K in (1, 3, 10))
    before = ", ".join(values[f"K={K}: data sets entering before K=1"] for K in (3, 10))
    return Outcome(
        verdict,
        f"Figure 1 setting (d = 10, n = 200, eta = 1e-3, w_* = e_1, W_0 ~ 0.01 N(0, I/d)), {replicas} data sets, "
        f"(9) evaluated every {every} iterations: median iterations until (9) > 0 are {medians} for K = 1, 3, 10; "
        f"K = 3, 10 enter before K = 1 on {before} data sets; mean log ratios to K = 1 "
        f"{values['K=3: mean log(entry_K/entry_1)']} +- {values['K=3: standard error']} (K = 3), "
        f"{values['K=10: mean log(entry_K/entry_1)']} +- {values['K=10: standard error']} (K = 10).",
        values=values | {"data sets": str(replicas), "iterations": str(iterations)},
    )


# -- the registry entries -------------------------------------------------------------------------------------------

_F, _R, _S = sp.trace(_W.T * _W), _teacher_projection_norm(), sp.trace(_WSTAR.T * _WSTAR)
_GAMMA, _T_GAMMA, _W01 = sp.Symbol("gamma", positive=True), sp.Symbol("T_gamma"), sp.Symbol("w_0[1]")
_DELTA = 6 * _GAMMA * (sp.sqrt(_S) - _GAMMA)
_NU = sp.Symbol("nu", positive=True)
_t = sp.Symbol("t", integer=True, nonnegative=True)
_THM2_ASSUMPTIONS = ("K = 1, population GD; (C1) ||w_*|| > 1.1 gamma, (C2) gamma >= 10 ||w_0||, eta = c/||w_*||^2 "
                     "with c small; T_gamma read as min{t : | |w_t[1]| - ||w_*|| | <= gamma and ||w_t^perp|| <= "
                     "gamma} (the printed definition lacks the outer absolute value)")

CLAIMS: list[Claim] = [
    Claim("002-eq6", SEED, "eq. (6)", "population gradient of a student neuron", t002.QUOTES["6"],
          _eq6_statement(), "exact symbolic identity", _check_eq6,
          assumptions="g[k, a] = E_x[grad_{w^(k)} f(W)]_a, w[j, a] = entry a of w^(j); the sum over j != k covers "
                      "both terms"),
    Claim("002-eq6-cubic", SEED, "eq. (6), first Gaussian identity", "E[(x.u)^3 x]", _CUBIC_QUOTE,
          _identity_statements()[0], "exact symbolic identity", _check_identity_cubic,
          latex=r"\mathbb{E}_{x \sim N(0, I_d)}[(x^\top u)^3 x] = 3 \operatorname{tr}(u^\top u)\, u"),
    Claim("002-eq6-mixed", SEED, "eq. (6), second Gaussian identity", "E[(x.u)^2 (x.v) x]", _MIXED_QUOTE,
          _identity_statements()[1], "exact symbolic identity", _check_identity_mixed,
          latex=r"\mathbb{E}_{x \sim N(0, I_d)}[(x^\top u)^2 (x^\top v) x] = 2 \operatorname{tr}(u^\top v)\, u "
                r"+ \operatorname{tr}(u^\top u)\, v"),
    Claim("002-eq7", SEED, "eq. (7)", "population GD dynamics, K = 1", t002.QUOTES["7"],
          _update_statement(False), "exact symbolic identity", _check_eq7,
          assumptions="w_* = ||w_*|| e_1, s = ||w_*||^2, P = <w, w_*>, U an entry of w^perp, N = ||w||^2"),
    Claim("002-eq8", SEED, "eq. (8)", "population GD dynamics, K students", _EQ8_QUOTE,
          _update_statement(True), "exact symbolic identity", _check_eq8,
          assumptions="w_* = ||w_*|| e_1, s = ||w_*||^2, P[j] = <w^(j), w_*>, U[j] an entry of w^(j),perp, "
                      "N[j] = ||w^(j)||^2, G[j, k] = <w^(j), w^(k)>"),
    Claim("002-eq4", SEED, "eq. (4), argmin", "argmin of the distance", t002.QUOTES["argmin"],
          sp.Eq(sp.Symbol("q_*"), _W.T * _WSTAR / _R, evaluate=False), "exact symbolic identity", _check_eq4_argmin,
          assumptions="W in R^{d x K} (students as columns); the minimum is over the ball ||q||_2 <= 1"),
    Claim("002-eq12", SEED, "eq. (12)", "distance for K = 1", _EQ12_QUOTE,
          sp.Eq(sp.Min(sp.Symbol("N") - 2 * sp.Symbol("P") + sp.Symbol("s"), sp.Symbol("N") + 2 * sp.Symbol("P")
                       + sp.Symbol("s")), sp.Symbol("N") + sp.Symbol("s") - 2 * sp.sqrt(sp.Symbol("P") ** 2)),
          "exact symbolic identity", _check_eq12,
          assumptions="N = ||w||^2, s = ||w_*||^2, P = <w, w_*> (the paper's |w^(1)_{#1,t}|); the minimum is over "
                      "q in {-1, +1} as printed"),
    Claim("002-eq13", SEED, "eq. (13)", "closed form of the distance", _EQ13_QUOTE,
          sp.Eq(_dist(_W, _WSTAR) ** 2, _F + _S - 2 * _R), "exact symbolic identity", _check_eq13,
          assumptions="dist of eq. (4) (min over ||q||_2 <= 1); |w^(k)_{#K,t}| = <w^(k), w_*> (Sec. 4.1)"),
    Claim("002-eq14", SEED, "eq. (14)", "maximum of the linear term", _EQ14_QUOTE,
          sp.Eq(sp.Symbol("max_{||q|| <= 1} tr(W^T w_* q^T)"), _R), "exact symbolic identity", _check_eq14,
          latex=r"\max_{q \in \mathbb{R}^K: \|q\|_2 \leq 1} \operatorname{tr}(W^\top w_* q^\top) = "
                r"\sqrt{\operatorname{tr}(w_*^\top W W^\top w_*)}",
          assumptions="v_bar = W^T w_* (entries <w^(k), w_*>)"),
    Claim("002-lemma1-a", SEED, "Lemma 1", "local linear rate, K = 1", _LEMMA1_QUOTE,
          sp.LessThan(_dist(sp.Symbol("W_{t+1}"), _WSTAR) ** 2,
                      (1 - _eta * _lemma1_constant(_NU)) * _dist(sp.Symbol("W_t"), _WSTAR) ** 2),
          "simulation", _check_lemma1_single, exact=False,
          assumptions="K = 1, ||w_*|| = 1, population GD (Sec. 4), eta = (2 - 14 nu - 2 nu^2)/((13 + 16 nu^2)^2 "
                      "||w_*||^4), dist of eq. (4)"),
    Claim("002-lemma1-b", SEED, "Lemma 1 (any K)", "local linear rate, K >= 2", _LEMMA1_ANY_K_QUOTE,
          "For every K, population GD from within nu ||w_*|| of the optima contracts dist^2 by at least "
          "1 - eta(2 - 14 nu - 2 nu^2) per step.", "simulation", _check_lemma1_any_k, exact=False,
          assumptions="||w_*|| = 1, the lemma's largest step, dist of eq. (4)"),
    Claim("002-lemma1-c", SEED, "Lemma 1 (any ||w_*||)", "local linear rate, ||w_*|| = 1/2", _LEMMA1_QUOTE,
          sp.LessThan(_dist(sp.Symbol("W_{t+1}"), _WSTAR) ** 2,
                      (1 - _eta * _lemma1_constant(_NU)) * _dist(sp.Symbol("W_t"), _WSTAR) ** 2),
          "exact evaluation", _check_lemma1_scale,
          assumptions="K = 1, ||w_*|| = 1/2, nu = 1/20, the lemma's largest step, dist of eq. (4)"),
    Claim("002-thm2-a", SEED, "Theorem 2", "escape time T_gamma, K = 1", _THM2_BOUND_QUOTE,
          sp.LessThan(_T_GAMMA, sp.log((sp.sqrt(_S) - _GAMMA) / sp.Abs(_W01)) / sp.log(1 + _eta * _DELTA)),
          "simulation", _check_theorem2_time, exact=False, assumptions=_THM2_ASSUMPTIONS),
    Claim("002-thm2-b", SEED, "Theorem 2", "growth of the parallel component", _THM2_GROWTH_QUOTE,
          sp.GreaterThan(sp.Abs(sp.Symbol(r"w^{\parallel}_t")),
                         (1 + _eta * _DELTA) ** _t * sp.Abs(sp.Symbol(r"w^{\parallel}_0"))),
          "simulation", _check_theorem2_growth, exact=False, assumptions=_THM2_ASSUMPTIONS + "; 0 <= t <= T_gamma"),
    Claim("002-thm2-c", SEED, "Theorem 2", "perpendicular component stays below gamma", _THM2_GROWTH_QUOTE,
          sp.LessThan(sp.Symbol(r"\|w^{\perp}_t\|"), _GAMMA),
          "simulation", _check_theorem2_perpendicular, exact=False,
          assumptions=_THM2_ASSUMPTIONS + "; 0 <= t <= T_gamma"),
    Claim("002-thm5", SEED, "Theorem 5", "snapshot of the distance gap", _THM5_QUOTE,
          "dist^2(W_t^#1, w_*) - dist^2(W_t^#K, w_*) >~ ||w_*||^2 (2 c_1t (sqrt(1 - 2 t theta) sqrt(K) - 1) "
          "- K (c_1t^2 + c_2t^2) + c_1t^2)", "simulation", _check_theorem5, exact=False,
          assumptions="hypotheses (10)-(11) from 0 to t, |w^par_{#1,t}| = c_1t ||w_*||^2, eta <= 1/(3 ||w_*||^2), "
                      "psi > 1; dist^2 by (12)-(13)"),
    Claim("002-benign", SEED, "Section 3 (quantity (9))", "larger K enters the benign region faster", _BENIGN_QUOTE,
          "Gradient descent reaches a positive quantity (9) in fewer iterations for a larger student network K.",
          "simulation", _check_benign_region, exact=False,
          assumptions="Figure 1 setting; benign region = quantity (9) > 0 with the empirical Hessian of (2) and "
                      "q_t = W^T w_*/||W^T w_*||; iterations counted every 10 steps"),
]

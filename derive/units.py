"""The unit form: the risk and the overlap ODEs for any widths, as sums over units (the committee-machine form).

With e = sum_m v_m sigma*(u_m) + zeta - sum_i a_i sigma(lambda_i), loss c e^2 and F_k = 2 c eta a_k
sigma'(lambda_k) e (:mod:`derive.network`), every result is a sum over a few units of a low-dimensional Gaussian
expectation of the activations (Saad & Solla 1995; Goldt et al. 2019):

    R          = c [ sum_{m,n} v_m v_n I2(u_m, u_n) - 2 sum_{i,m} a_i v_m I2(lambda_i, u_m)
                     + sum_{i,h} a_i a_h I2(lambda_i, lambda_h) + Delta ],
    drho_kl    = 2 c eta a_k [ sum_m v_m I3(lambda_k, u_l, u_m) - sum_i a_i I3(lambda_k, u_l, lambda_i) ],
    dQ_kj      = 2 c eta [ a_k (sum_m v_m I3(lambda_k, lambda_j, u_m) - sum_i a_i I3(lambda_k, lambda_j, lambda_i))
                           + (k <-> j) ]
                 + (4 c^2 eta^2 / B) a_k a_j [ sum_{m,n} v_m v_n I4(lambda_k, lambda_j, u_m, u_n)
                           - 2 sum_{m,i} v_m a_i I4(lambda_k, lambda_j, u_m, lambda_i)
                           + sum_{i,h} a_i a_h I4(lambda_k, lambda_j, lambda_i, lambda_h) + Delta J2(lambda_k, lambda_j) ],
    da_k       = 2 c eta_a [ sum_m v_m I2(lambda_k, u_m) - sum_i a_i I2(lambda_k, lambda_i) ]   (learned read-outs),

where, for jointly Gaussian arguments with the model's covariance [[T, rho^T], [rho, Q]] and sigma on student
units (lambda), sigma* on teacher units (u):

    J2(x1, x2) = E[sigma'(x1) sigma'(x2)],            I2(x1, x2) = E[sigma(x1) sigma(x2)],
    I3(x1, x2, x3) = E[sigma'(x1) x2 sigma(x3)],      I4(x1, x2, x3, x4) = E[sigma'(x1) sigma'(x2) sigma(x3) sigma(x4)].

Each is a function of the covariances C_ab of its arguments only: a polynomial (Wick's theorem,
:mod:`derive.wick`) for polynomial activations, a closed form (:mod:`derive.erf`) for c erf(s z).  Units may
coincide (I3(lambda_k, u_l, lambda_k)): the formulas hold for the singular covariance that results.  The cost of
the form does not depend on the widths; :func:`instantiate` sums it at given widths (for polynomial activations it
equals the concrete route exactly), and :mod:`numerics.kernels.units` evaluates it vectorised over units.

>>> from derive.model import Model
>>> system = unit_system(UnitModel.of(Model(p=1, pstar=1)))
>>> print(system.risk.text())
[sum_{m,n} v_m*v_n*I2(u_m, u_n) - 2*sum_{i,m} a_i*v_m*I2(lambda_i, u_m) + sum_{i,h} a_i*a_h*I2(lambda_i, lambda_h)]
>>> print(function_text("I2", ("s", "t"), system.model))
I2(lambda, u) = C11*C22 + 2*C12**2
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

import sympy

from .activation import check_pair, erf_parameters, is_polynomial_activation
from .erf import covariance_symbols, erf_expectation
from .model import ACTIVATION_VARIABLE, ETA, Model, q_symbol, readout_rate, rho_symbol
from .wick import gaussian_expectation

__all__ = ["UnitModel", "beyond_matrix_form", "Unit", "UnitTerm", "UnitSum", "UnitSystem", "unit_system", "function_expression",
           "function_text", "instantiate", "FUNCTIONS"]

STUDENT, TEACHER = "s", "t"

# What each expectation does with its arguments: "d" sigma', "g" the unit's activation, "y" the argument itself.
FUNCTIONS: dict[str, tuple[str, ...]] = {"J2": ("d", "d"), "I2": ("g", "g"), "I3": ("d", "y", "g"), "I4": ("d", "d", "g", "g")}


@dataclass(frozen=True)
class UnitModel:
    """What the unit form depends on: the two activations, the loss prefactor c, the label-noise variance Delta,
    the batch size B, the learning-rate symbol and the read-outs' rate eta_a (None: fixed; read-outs stay the
    letters a_i, v_m; widths stay symbolic)."""

    activation: sympy.Expr
    teacher_activation: sympy.Expr
    loss_prefactor: sympy.Expr = sympy.Integer(1)
    noise_variance: sympy.Expr = sympy.Integer(0)
    batch: int = 1
    eta: sympy.Symbol = ETA
    readout_lr: sympy.Expr | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "readout_lr", readout_rate(self.readout_lr))
        check_pair(self.activation, self.teacher_activation)

    @classmethod
    def of(cls, model: Model) -> "UnitModel":
        """The unit model of a :class:`~derive.model.Model` (its widths and read-out values are dropped)."""
        return cls(model.activation, model.teacher_activation, model.loss_prefactor, model.noise_variance,
                   model.batch, model.eta, model.readout_lr)

    def activation_of(self, sector: str) -> sympy.Expr:
        return self.activation if sector == STUDENT else self.teacher_activation


def beyond_matrix_form(model: Model) -> bool:
    """True when the general route's matrix form (degree <= 2) does not hold ``model``: erf, or a degree above 2."""
    if not model.is_polynomial:
        return True
    return max(sympy.degree(a, ACTIVATION_VARIABLE) for a in (model.activation, model.teacher_activation)) > 2


@dataclass(frozen=True, order=True)
class Unit:
    """A hidden unit: ``sector`` "s" (student, pre-activation lambda) or "t" (teacher, u), and its index label."""

    sector: str
    label: str

    @property
    def preactivation(self) -> str:
        return f"{'lambda' if self.sector == STUDENT else 'u'}_{self.label}"

    @property
    def readout(self) -> str:
        return f"{'a' if self.sector == STUDENT else 'v'}_{self.label}"


@dataclass(frozen=True)
class UnitTerm:
    """coefficient x prod(read-outs of ``weights``) x function(arguments), summed over the labels not free."""

    coefficient: sympy.Expr
    function: str
    arguments: tuple[Unit, ...]
    weights: tuple[Unit, ...]

    @property
    def sectors(self) -> tuple[str, ...]:
        return tuple(unit.sector for unit in self.arguments)

    def summed(self, free: Iterable[Unit]) -> tuple[Unit, ...]:
        """The units summed over: those of the arguments and weights not free, in order of first appearance."""
        free = set(free)
        return tuple(dict.fromkeys(u for u in self.weights + self.arguments if u not in free))


@dataclass(frozen=True)
class UnitSum:
    """prefactor x (sum of terms + constant), with ``free`` units (the entry's indices)."""

    prefactor: sympy.Expr
    free: tuple[Unit, ...]
    terms: tuple[UnitTerm, ...]
    constant: sympy.Expr = sympy.Integer(0)

    def text(self) -> str:
        """The sum as text: ``prefactor*[sum_{labels} weights*F(arguments) ...]``."""
        pieces = []
        for term in self.terms:
            summed = term.summed(self.free)
            factors = [u.readout for u in term.weights] + [f"{term.function}({', '.join(u.preactivation for u in term.arguments)})"]
            body = "*".join(factors)
            if summed:
                body = f"sum_{{{','.join(u.label for u in summed)}}} {body}"
            sign, magnitude = ("-", -term.coefficient) if term.coefficient.could_extract_minus_sign() else ("+", term.coefficient)
            pieces.append((sign, body if magnitude == 1 else f"{magnitude}*{body}"))
        if self.constant != 0:
            pieces.append(("+", str(self.constant)))
        text = " ".join(f"{sign} {body}" for sign, body in pieces)
        text = text[2:] if text.startswith("+ ") else "-" + text[2:]
        return f"[{text}]" if self.prefactor == 1 else f"{self.prefactor}*[{text}]"


@dataclass(frozen=True)
class UnitSystem:
    """The unit form of a model: the risk, drho_kl, dQ_kj split into its O(eta) and O(eta^2) parts, and da_k for
    learned read-outs (None when fixed)."""

    model: UnitModel
    risk: UnitSum
    drho: UnitSum
    dQ_eta: UnitSum
    dQ_eta2: UnitSum
    da: UnitSum | None = None

    def sums(self) -> dict[str, UnitSum]:
        sums = {"risk": self.risk, "drho": self.drho, "dQ_eta": self.dQ_eta, "dQ_eta2": self.dQ_eta2}
        return sums if self.da is None else {**sums, "da": self.da}


def _term(coefficient: int | sympy.Expr, function: str, arguments: tuple[Unit, ...], weights: tuple[Unit, ...]) -> UnitTerm:
    return UnitTerm(sympy.sympify(coefficient), function, arguments, weights)


@lru_cache(maxsize=32)
def unit_system(model: UnitModel) -> UnitSystem:
    """The unit form of ``model`` (module docstring); it does not depend on the widths."""
    k, j, l = Unit(STUDENT, "k"), Unit(STUDENT, "j"), Unit(TEACHER, "l")
    i, h = Unit(STUDENT, "i"), Unit(STUDENT, "h")
    m, n = Unit(TEACHER, "m"), Unit(TEACHER, "n")
    c, eta, delta = model.loss_prefactor, model.eta, model.noise_variance
    risk = UnitSum(c, (), (
        _term(1, "I2", (m, n), (m, n)),
        _term(-2, "I2", (i, m), (i, m)),
        _term(1, "I2", (i, h), (i, h)),
    ), delta)
    drho = UnitSum(2 * c * eta, (k, l), (
        _term(1, "I3", (k, l, m), (k, m)),
        _term(-1, "I3", (k, l, i), (k, i)),
    ))
    dQ_eta = UnitSum(2 * c * eta, (k, j), (
        _term(1, "I3", (k, j, m), (k, m)),
        _term(-1, "I3", (k, j, i), (k, i)),
        _term(1, "I3", (j, k, m), (j, m)),
        _term(-1, "I3", (j, k, i), (j, i)),
    ))
    noise = (_term(delta, "J2", (k, j), (k, j)),) if delta != 0 else ()
    dQ_eta2 = UnitSum(4 * c**2 * eta**2 / model.batch, (k, j), (
        _term(1, "I4", (k, j, m, n), (k, j, m, n)),
        _term(-2, "I4", (k, j, m, i), (k, j, m, i)),
        _term(1, "I4", (k, j, i, h), (k, j, i, h)),
    ) + noise)
    da = None if model.readout_lr is None else UnitSum(2 * c * model.readout_lr, (k,), (
        _term(1, "I2", (k, m), (m,)),
        _term(-1, "I2", (k, i), (i,)),
    ))
    return UnitSystem(model, risk, drho, dQ_eta, dQ_eta2, da)


@lru_cache(maxsize=256)
def function_expression(function: str, sectors: tuple[str, ...], model: UnitModel) -> sympy.Expr:
    """The expectation ``function`` (J2, I2, I3, I4) with arguments in ``sectors``, as an expression in the
    covariance entries C_ab of its arguments (symbols ``C11``, ``C12``, ...): Wick's theorem for polynomial
    activations, the closed forms of :mod:`derive.erf` for erf.

    >>> model = UnitModel(sympy.Symbol("z")**2, sympy.Symbol("z")**2)
    >>> function_expression("I3", ("s", "t", "s"), model)
    2*C12*C33 + 4*C13*C23
    """
    roles = FUNCTIONS[function]
    C = covariance_symbols(len(roles))
    erf = erf_parameters(model.activation_of(STUDENT))
    if erf is not None:
        return erf_expectation(function, C, [erf_parameters(model.activation_of(sector)) for sector in sectors])
    variables = sympy.symbols(f"x1:{len(roles) + 1}")
    product = sympy.Integer(1)
    for role, sector, x in zip(roles, sectors, variables):
        activation = model.activation_of(STUDENT if role == "d" else sector)
        value = {"d": sympy.diff(activation, ACTIVATION_VARIABLE), "g": activation, "y": ACTIVATION_VARIABLE}[role]
        product *= value.subs(ACTIVATION_VARIABLE, x)
    return sympy.expand(gaussian_expectation(sympy.expand(product), list(variables), C))


def function_text(function: str, sectors: tuple[str, ...], model: UnitModel) -> str:
    """``I2(lambda, u) = <expression in C_ab>``: one expectation's definition, as text."""
    names = ", ".join("lambda" if s == STUDENT else "u" for s in sectors)
    return f"{function}({names}) = {function_expression(function, sectors, model)}"


# -- instantiation at given widths ---------------------------------------------------------------------------


def _covariance(model: Model, a: tuple[str, int], b: tuple[str, int]) -> sympy.Expr:
    """The covariance of two units' pre-activations, in the concrete route's symbols."""
    (sa, ia), (sb, ib) = a, b
    if sa == STUDENT and sb == STUDENT:
        return q_symbol(ia, ib)
    if sa == STUDENT:
        return rho_symbol(ia, ib)
    if sb == STUDENT:
        return rho_symbol(ib, ia)
    return model.T[ia - 1, ib - 1]


def _readout(model: Model, unit: tuple[str, int]) -> sympy.Expr:
    sector, index = unit
    return (model.student_readout if sector == STUDENT else model.teacher_readout)[index - 1]


def _sum_value(total: UnitSum, model: Model, unit_model: UnitModel, free_values: dict[Unit, int]) -> sympy.Expr:
    """The sum at given widths and free indices: every summed label over its width, C_ab substituted."""
    widths = {STUDENT: model.p, TEACHER: model.pstar}
    values = []
    for term in total.terms:
        expression = function_expression(term.function, term.sectors, unit_model)
        size = len(term.arguments)
        C = covariance_symbols(size)
        summed = term.summed(total.free)
        for indices in itertools.product(*(range(1, widths[u.sector] + 1) for u in summed)):
            where = {**free_values, **dict(zip(summed, indices))}
            units = [(u.sector, where[u]) for u in term.arguments]
            replace = {C[a, b]: _covariance(model, units[a], units[b]) for a in range(size) for b in range(a, size)}
            weight = sympy.Mul(*(_readout(model, (u.sector, where[u])) for u in term.weights))
            values.append(term.coefficient * weight * expression.xreplace(replace))
    return total.prefactor * (sympy.Add(*values) + total.constant)


def instantiate(model: Model) -> dict[str, Any]:
    """The unit form summed at the widths of ``model``: ``{"risk": R, "order_eta": {...}, "order_eta2": {...}}``
    keyed by the order parameters (polynomial activations: expanded, equal to :mod:`derive.concrete`)."""
    unit_model = UnitModel.of(model)
    system = unit_system(unit_model)
    polynomial = is_polynomial_activation(model.activation)
    finish = sympy.expand if polynomial else (lambda value: value)
    k, j, l = system.drho.free[0], system.dQ_eta.free[1], system.drho.free[1]
    order_eta: dict[sympy.Symbol, sympy.Expr] = {}
    order_eta2: dict[sympy.Symbol, sympy.Expr] = {}
    for kk in range(1, model.p + 1):
        for ll in range(1, model.pstar + 1):
            order_eta[rho_symbol(kk, ll)] = finish(_sum_value(system.drho, model, unit_model, {k: kk, l: ll}))
            order_eta2[rho_symbol(kk, ll)] = sympy.Integer(0)
    for kk in range(1, model.p + 1):
        for jj in range(kk, model.p + 1):
            where = {k: kk, j: jj}
            order_eta[q_symbol(kk, jj)] = finish(_sum_value(system.dQ_eta, model, unit_model, where))
            order_eta2[q_symbol(kk, jj)] = finish(_sum_value(system.dQ_eta2, model, unit_model, where))
    if system.da is not None:
        for kk, a in enumerate(model.student_readout, 1):
            order_eta[a] = finish(_sum_value(system.da, model, unit_model, {k: kk}))
            order_eta2[a] = sympy.Integer(0)
    return {"risk": finish(_sum_value(system.risk, model, unit_model, {})), "order_eta": order_eta, "order_eta2": order_eta2}

"""The general route: the model's equations for symbolic widths p, p* (cost independent of p).

With s^2 = N (or 1), lambda = W x / s, u = W* x / s, read-outs A = diag(a), V = diag(v)
and sigma(z) = c2 z^2 + c1 z + c0, the residual is a quadratic + linear + constant form,

    e = c2 (u^T V u - lambda^T A lambda) + c1 (1^T V u - 1^T A lambda) + c0 (tr V - tr A) + zeta,

and (u, lambda) ~ N(0, [[T, rho^T], [rho, Q]]).  Wick's theorem on products of such
forms (:mod:`derive.forms`) gives, with the loss c e^2 and F = -eta d(c e^2)/d lambda
(F_k = 2 c eta a_k sigma'(lambda_k) e):

* the population risk            R = E[c e^2]                       (a scalar in traces),
* the overlap ODEs (d/d alpha)   d rho = <F u^T>,
                                 d Q   = <F lambda^T> + <lambda F^T>  +  <F F^T>,
                                         `------- O(eta) ---------'     `O(eta^2)'
* learned read-outs (eta_a)      d a = 2 c eta_a <e sigma(lambda)>   (a vector: label k; A the letters),
* the gradient (Stein's lemma)   grad_W R = (1/s^2) [G W + G* W*],
                                 G = E[d^2 l / d lambda d lambda^T],  G* = E[d^2 l / d lambda d u^T],
* the Hessian blocks             H_mn = (1/s^2) E[d_m d_n l] I_N
                                        + (1/s^4) sum_{i,j} E[d_i d_j d_m d_n l] a_i a_j^T,
                                 a_i over the weight vectors (w*_l for u_l, w_k for lambda_k).

Each result is a :class:`~derive.forms.Tensor` over free labels (k, l, j, m, n, i):
a sum of coefficient x products of indexed words such as (Q rho)_{kl}, (A 1)_k or
delta_{mn}.  The read-outs are the identity over the width by default (A = I/p,
V = I/p*, so p and p* appear as the symbols ``p``, ``pstar``), a uniform number, or
the diagonal letters A, V; the teacher Gram is I or the letter T.

:func:`instantiate_risk`, :func:`instantiate_ode`, :func:`instantiate_gradient` and
:func:`instantiate_hessian` evaluate these results at a concrete
:class:`~derive.model.Model` in the concrete route's symbols, equal to
:mod:`derive.concrete` term by term.  :func:`matrix_form` and :func:`index_form`
render them.

>>> from derive.model import Model
>>> g = GeneralModel.from_model(Model(p=2, pstar=1))
>>> drho = general_ode(g).drho
>>> print(matrix_form(drho))
4*eta*(pstar + 2)/(p*pstar) rho - 4*eta*tr(Q)/p**2 rho - 8*eta/p**2 Q rho
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any, Callable, Literal, Mapping, Optional

import sympy
from sympy.polys.domains import QQ

from .concrete import ConcreteSystem, HessianBlock, OverlapODE, VectorCombination
from .forms import (
    NOISE_VARIABLE,
    P_DIM,
    S_DIM,
    Factor,
    Form,
    Tensor,
    Word,
    contractions,
    LETTERS as LETTER_SECTORS,
    DIAGONAL as DIAGONAL_LETTERS,
    dimension,
    expectation,
    ones_sum,
    scalar_word,
    transpose,
)
from .latex_grouping import grouped_latex
from .model import ACTIVATION_VARIABLE, ETA, N_SYMBOL, NOISE, Model, positive_integer, q_symbol, readout_rate, rho_symbol
from .parsing import parse_polynomial
from .polytext import Monomial, Terms
from .sparse import LazyExpressions, symbol_powers

__all__ = [
    "GeneralModel",
    "GeneralODE",
    "GeneralGradient",
    "GeneralHessian",
    "general_risk",
    "general_ode",
    "general_gradient",
    "general_hessian",
    "latex_terms",
    "index_latex_terms",
    "index_expression",
    "instantiate_system",
    "instantiate_risk",
    "instantiate_ode",
    "instantiate_gradient",
    "instantiate_hessian",
    "matrix_form",
    "vector_form",
    "matrix_expression",
    "hessian_form",
    "index_form",
]

Readout = Any  # "default" (1/width), "diagonal" (letters A, V), or a uniform value


def _readout_word(readout: Readout, letter: str, width: sympy.Symbol) -> tuple[Word, sympy.Expr]:
    """(word, scalar) with read-out matrix = scalar * word: (A, 1), ((), 1/p) or ((), value)."""
    if readout == "diagonal":
        return (letter,), sympy.Integer(1)
    if readout == "default":
        return (), 1 / width
    return (), sympy.sympify(readout)


def _uniform_value(values: tuple[sympy.Expr, ...]) -> Readout:
    """'default' for 1/width each, the common value if all equal, else 'diagonal'."""
    if all(v == sympy.Rational(1, len(values)) for v in values):
        return "default"
    if len(set(values)) == 1 and not values[0].free_symbols:
        return values[0]
    return "diagonal"


def _quadratic(name: str, raw: Any) -> sympy.Expr:
    """An activation (text or SymPy) as an expanded polynomial in z of degree <= 2, or ValueError."""
    activation = sympy.expand(parse_polynomial(raw) if isinstance(raw, str) else sympy.sympify(raw, strict=True))
    if not activation.is_polynomial(ACTIVATION_VARIABLE) or sympy.degree(activation, ACTIVATION_VARIABLE) > 2:
        raise ValueError(f"the general route needs an {name} of degree <= 2 in z, got {activation}")
    return activation


def _coefficients(activation: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
    poly = sympy.Poly(activation, ACTIVATION_VARIABLE)
    return tuple(poly.coeff_monomial(ACTIVATION_VARIABLE**d) for d in range(3))  # type: ignore[return-value]


@dataclass(frozen=True)
class GeneralModel:
    """A model at symbolic widths p, p* (fields as in :class:`~derive.model.Model`).

    ``student_readout``/``teacher_readout``: "default" (A = I/p, V = I/p*), "diagonal"
    (symbolic diagonal A, V), or a uniform value.  The activations (text or SymPy; the student's, and the
    teacher's, None for the same) must have degree <= 2; ``noise_variance="symbolic"`` is the symbol Delta.
    ``readout_lr`` (None: fixed) makes the read-outs learn (:mod:`derive.model`): A is then the letters.
    """

    activation: sympy.Expr = ACTIVATION_VARIABLE**2
    teacher_activation: sympy.Expr | None = None
    student_readout: Readout = "default"
    teacher_readout: Readout = "default"
    teacher_gram: Literal["identity", "general"] = "identity"
    noise_variance: sympy.Expr = sympy.Integer(0)
    loss_prefactor: sympy.Expr = sympy.Integer(1)
    input_scaling: Literal["sqrt_n", "unit"] = "sqrt_n"
    eta: sympy.Symbol = ETA
    batch: int = 1
    readout_lr: sympy.Expr | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "batch", positive_integer("batch size B", self.batch))
        object.__setattr__(self, "readout_lr", readout_rate(self.readout_lr))
        if self.readout_lr is not None:
            object.__setattr__(self, "student_readout", "diagonal")
        activation = _quadratic("activation", self.activation)
        teacher = activation if self.teacher_activation is None else _quadratic("teacher activation", self.teacher_activation)
        noise = NOISE if self.noise_variance == "symbolic" else sympy.sympify(self.noise_variance, strict=True)
        object.__setattr__(self, "noise_variance", noise)
        object.__setattr__(self, "loss_prefactor", sympy.sympify(self.loss_prefactor, strict=True))
        object.__setattr__(self, "activation", activation)
        object.__setattr__(self, "teacher_activation", teacher)

    @classmethod
    def from_model(cls, model: Model) -> GeneralModel:
        """The symbolic-width model with the options of ``model`` (read-outs: default, uniform or diagonal)."""
        return cls(
            activation=model.activation,
            teacher_activation=model.teacher_activation,
            student_readout=_uniform_value(model.student_readout),
            teacher_readout=_uniform_value(model.teacher_readout),
            teacher_gram=model.teacher_gram,
            noise_variance=model.noise_variance,
            loss_prefactor=model.loss_prefactor,
            input_scaling=model.input_scaling,
            eta=model.eta,
            batch=model.batch,
            readout_lr=model.readout_lr,
        )

    @property
    def activations_differ(self) -> bool:
        """True when the teacher's activation is not the student's."""
        return self.teacher_activation != self.activation

    @property
    def coefficients(self) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
        """(c0, c1, c2) of the student's sigma(z) = c2 z^2 + c1 z + c0."""
        return _coefficients(self.activation)

    @property
    def teacher_coefficients(self) -> tuple[sympy.Expr, sympy.Expr, sympy.Expr]:
        """(t0, t1, t2) of the teacher's sigma*(z) = t2 z^2 + t1 z + t0."""
        return _coefficients(self.teacher_activation)

    @property
    def weight_scale(self) -> sympy.Expr:
        """s^2: N (symbol Ndim) for the sqrt(N) scaling, 1 for weights of norm ~ 1."""
        return N_SYMBOL if self.input_scaling == "sqrt_n" else sympy.Integer(1)

    @property
    def covariances(self) -> dict[tuple[str, str], Word]:
        return contractions(self.teacher_gram == "identity")

    @cached_property
    def residual(self) -> Form:
        """e = y - yhat as a form in z (see module docstring)."""
        c0, c1, c2 = self.coefficients
        t0, t1, t2 = self.teacher_coefficients
        a_word, a = _readout_word(self.student_readout, "A", P_DIM)
        v_word, v = _readout_word(self.teacher_readout, "V", S_DIM)
        quadratic = Form.quad(v_word, "S", t2 * v) - Form.quad(a_word, "P", c2 * a)
        linear = Form.end(v_word, None, "S", t1 * v) - Form.end(a_word, None, "P", c1 * a)
        constant = t0 * v * ones_sum(v_word, "S") - c0 * a * ones_sum(a_word, "P")
        noise = Form.constant(NOISE_VARIABLE) if self.noise_variance != 0 else Form()
        return quadratic + linear + Form.constant(constant) + noise

    def activation_form(self, label: str) -> Form:
        """sigma(lambda_label) = c2 lambda_label^2 + c1 lambda_label + c0 as a form."""
        c0, c1, c2 = self.coefficients
        lam = Form.end((), label, "P")
        return (lam * lam).scale(c2) + lam.scale(c1) + Form.constant(c0)

    @cached_property
    def loss(self) -> Form:
        """l = c e^2."""
        return (self.residual * self.residual).scale(self.loss_prefactor)

    def loss_derivative(self, *legs: tuple[str, str]) -> Form:
        """d^n l / d z_{X1, label1} ... d z_{Xn, labeln} for legs (sector, label)."""
        form = self.loss
        for sector, label in legs:
            form = form.derivative(sector, label)
        return form

    def expect(self, form: Form, labels: tuple[tuple[str, str], ...]) -> Tensor:
        """E[form] over the pre-activations and the label noise."""
        return expectation(form, self.covariances, labels, self.noise_variance)


# -- derivations ----------------------------------------------------------------------------


@lru_cache(maxsize=32)
def general_risk(model: GeneralModel) -> sympy.Expr:
    """R = E[c e^2] in the symbols tr(...), sum(...), p, pstar and the model parameters."""
    return model.expect(model.loss, ()).scalar()


@dataclass(frozen=True)
class GeneralODE:
    """d rho/d alpha (labels k, l; O(eta) only), d Q/d alpha (labels k, j) split by order in eta and, for learned
    read-outs, d a/d alpha (label k; None when fixed)."""

    drho: Tensor
    dQ_eta: Tensor
    dQ_eta2: Tensor
    da: Tensor | None = None


@lru_cache(maxsize=32)
def general_ode(model: GeneralModel) -> GeneralODE:
    """d rho = <F u^T>, d Q = <F lambda^T> + <lambda F^T> + <F F^T> / B, F_k = -eta d l / d lambda_k, and for learned
    read-outs d a_k = -eta_a <d l / d a_k> = 2 c eta_a <e sigma(lambda_k)>."""
    eta = model.eta
    force_k = model.loss_derivative(("P", "k")).scale(-eta)
    force_j = model.loss_derivative(("P", "j")).scale(-eta)
    u_l, lam_k, lam_j = Form.end((), "l", "S"), Form.end((), "k", "P"), Form.end((), "j", "P")
    kl, kj = (("k", "P"), ("l", "S")), (("k", "P"), ("j", "P"))
    return GeneralODE(
        drho=model.expect(force_k * u_l, kl),
        dQ_eta=model.expect(force_k * lam_j + force_j * lam_k, kj),
        dQ_eta2=model.expect(force_k * force_j, kj).scale(sympy.Rational(1, model.batch)),
        da=None if model.readout_lr is None else model.expect(
            (model.residual * model.activation_form("k")).scale(2 * model.loss_prefactor * model.readout_lr), (("k", "P"),)),
    )


@dataclass(frozen=True)
class GeneralGradient:
    """grad_W R = G W + Gstar W* (rows m): G (labels m, i) and Gstar (labels m, l), 1/s^2 included."""

    G: Tensor
    Gstar: Tensor


@lru_cache(maxsize=32)
def general_gradient(model: GeneralModel) -> GeneralGradient:
    """G_mi = (1/s^2) E[d^2 l/d lambda_m d lambda_i], Gstar_ml = (1/s^2) E[d^2 l/d lambda_m d u_l]."""
    scale = 1 / model.weight_scale
    G = model.expect(model.loss_derivative(("P", "m"), ("P", "i")), (("m", "P"), ("i", "P")))
    Gstar = model.expect(model.loss_derivative(("P", "m"), ("S", "l")), (("m", "P"), ("l", "S")))
    return GeneralGradient(G.scale(scale), Gstar.scale(scale))


@dataclass(frozen=True)
class GeneralHessian:
    """H_mn = identity_mn I_N + sum over sectors (X, Y) of sum_{i in X, j in Y} outer[(X, Y)]_{mnij} a_i a_j^T.

    ``identity`` has labels (m, n); ``outer[(X, Y)]`` has labels (m, n, i, j) with i in
    sector X, j in sector Y ("S": teacher vectors w*, "P": student vectors w); 1/s^2
    and 1/s^4 are included.
    """

    identity: Tensor
    outer: Mapping[tuple[str, str], Tensor]


@lru_cache(maxsize=32)
def general_hessian(model: GeneralModel) -> GeneralHessian:
    """identity = (1/s^2) E[d_m d_n l]; outer[(X, Y)] = (1/s^4) E[d_i d_j d_m d_n l]."""
    scale = 1 / model.weight_scale
    mn = (("m", "P"), ("n", "P"))
    second = model.loss_derivative(("P", "m"), ("P", "n"))
    identity = model.expect(second, mn).scale(scale)
    outer = {}
    for X in ("S", "P"):
        for Y in ("S", "P"):
            fourth = second.derivative(X, "i").derivative(Y, "j")
            outer[(X, Y)] = model.expect(fourth, mn + (("i", X), ("j", Y))).scale(scale**2)
    return GeneralHessian(identity, outer)


# -- instantiation at concrete widths ---------------------------------------------------------

_Poly = dict[tuple[int, ...], Any]  # {sorted atom indices: rational}


def _poly_mul(a: _Poly, b: _Poly) -> _Poly:
    result: _Poly = {}
    for ka, va in a.items():
        for kb, vb in b.items():
            key = tuple(sorted(ka + kb))
            result[key] = result.get(key, QQ.zero) + va * vb
    return {k: v for k, v in result.items() if v}


def _poly_add(a: _Poly, b: _Poly) -> _Poly:
    result = dict(a)
    for k, v in b.items():
        result[k] = result.get(k, QQ.zero) + v
    return {k: v for k, v in result.items() if v}


class _Evaluator:
    """Words, traces and coefficients of a general result evaluated at a concrete model.

    Values are sparse polynomials {sorted atom indices: rational} in atoms (the
    order parameters, read-outs and parameters), so products never build SymPy trees.
    """

    def __init__(self, model: Model, general: GeneralModel) -> None:
        self.model, self.general = model, general
        self.atoms: list[sympy.Expr] = []
        self._atom_index: dict[sympy.Expr, int] = {}
        self.widths = {P_DIM: model.p, S_DIM: model.pstar}
        letters = {"Q": model.Q, "rho": model.rho, "rho^T": model.rho.T, "T": model.T}
        letters["A"] = sympy.diag(*model.student_readout)
        letters["V"] = sympy.diag(*model.teacher_readout)
        self._letters = {name: [[self.poly(e) for e in row] for row in m.tolist()] for name, m in letters.items()}
        self._words: dict[Word, list[list[_Poly]]] = {}
        self._ones: dict[Word, list[_Poly]] = {}
        self._powers: dict[int, tuple[Any, Monomial] | None] = {}

    def _atom(self, expr: sympy.Expr) -> int:
        if expr not in self._atom_index:
            self._atom_index[expr] = len(self.atoms)
            self.atoms.append(expr)
        return self._atom_index[expr]

    def poly(self, expr: sympy.Expr) -> _Poly:
        """A SymPy expression (without tr/sum symbols) as a sparse polynomial in atoms."""
        result: _Poly = {}
        for term in sympy.Add.make_args(sympy.expand(expr)):
            if term == 0:
                continue
            coefficient, rest = term.as_coeff_Mul()
            key: list[int] = []
            for factor in () if rest == 1 else sympy.Mul.make_args(rest):
                base, power = factor.as_base_exp()
                if power.is_Integer and power > 0:
                    key += [self._atom(base)] * int(power)
                else:
                    key.append(self._atom(factor))
            k = tuple(sorted(key))
            result[k] = result.get(k, QQ.zero) + QQ.from_sympy(coefficient)
        return {k: v for k, v in result.items() if v}

    def to_sympy(self, poly: _Poly) -> sympy.Expr:
        """The polynomial as an expanded SymPy expression."""
        return sympy.Add(*(QQ.to_sympy(v) * sympy.Mul(*(self.atoms[i] for i in k)) for k, v in poly.items()))

    def terms(self, poly: _Poly) -> Terms | None:
        """The polynomial over generator names (:mod:`derive.polytext`); None if an atom is not c x^e ...."""
        result: dict[Monomial, Any] = {}
        for key, value in poly.items():
            exponents: dict[str, int] = {}
            for i in key:
                if i not in self._powers:
                    self._powers[i] = symbol_powers(self.atoms[i])
                if self._powers[i] is None:
                    return None
                factor, monomial = self._powers[i]
                value = value * factor
                for name, exponent in monomial:
                    exponents[name] = exponents.get(name, 0) + exponent
            monomial = tuple(sorted((name, e) for name, e in exponents.items() if e))
            result[monomial] = result.get(monomial, QQ.zero) + value
        return result

    def word(self, word: Word) -> list[list[_Poly]]:
        """The matrix of a non-empty word (products cached by prefix)."""
        if word not in self._words:
            if len(word) == 1:
                self._words[word] = self._letters[word[0]]
            else:
                left, right = self.word(word[:-1]), self._letters[word[-1]]
                inner = range(len(right))
                self._words[word] = [
                    [self._sum(_poly_mul(row[r], right[r][c]) for r in inner if row[r] and right[r][c]) for c in range(len(right[0]))]
                    for row in left
                ]
        return self._words[word]

    @staticmethod
    def _sum(polys) -> _Poly:
        result: _Poly = {}
        for p in polys:
            result = _poly_add(result, p)
        return result

    def ones(self, word: Word) -> list[_Poly]:
        """word 1: the row sums of a non-empty word."""
        if word not in self._ones:
            self._ones[word] = [self._sum(row) for row in self.word(word)]
        return self._ones[word]

    def scalar(self, symbol: sympy.Symbol) -> _Poly:
        """Value of tr(word) or sum(word)."""
        kind, word = scalar_word(symbol)  # type: ignore[misc]
        if kind == "tr":
            matrix = self.word(word)
            return self._sum(matrix[i][i] for i in range(len(matrix)))
        return self._sum(self.ones(word))

    def coefficient(self, expr: sympy.Expr) -> _Poly:
        """A general coefficient (with p, pstar, tr/sum symbols) at the concrete widths."""
        expr = sympy.expand(sympy.sympify(expr).subs(self.widths))
        result: _Poly = {}
        for term in sympy.Add.make_args(expr):
            value: _Poly = {(): QQ.one}
            plain = sympy.Integer(1)
            for factor in sympy.Mul.make_args(term):
                base, power = factor.as_base_exp()
                if isinstance(base, sympy.Symbol) and scalar_word(base):
                    for _ in range(int(power)):
                        value = _poly_mul(value, self.scalar(base))
                else:
                    plain *= factor
            result = _poly_add(result, _poly_mul(value, self.poly(plain)))
        return result

    def factor(self, factor: Factor, values: Mapping[str, int]) -> _Poly:
        """(word)_{left right} at 0-based label values."""
        i = values[factor.left]
        if not factor.word:
            return {(): QQ.one} if i == values[factor.right] else {}  # type: ignore[index]
        if factor.right is None:
            return self.ones(factor.word)[i]
        return self.word(factor.word)[i][values[factor.right]]

    def tensor(self, tensor: Tensor) -> "_TensorValues":
        return _TensorValues(self, tensor)


class _Value:
    """A sparse polynomial in an evaluator's atoms, as a :class:`derive.sparse.Sparse` value."""

    def __init__(self, evaluator: _Evaluator, poly: _Poly) -> None:
        self.evaluator, self.poly = evaluator, poly

    def __bool__(self) -> bool:
        return bool(self.poly)

    def as_expr(self) -> sympy.Expr:
        return self.evaluator.to_sympy(self.poly)

    def terms(self) -> Terms | None:
        return self.evaluator.terms(self.poly)


class _TensorValues:
    """Components of a tensor at a concrete model (coefficients converted once)."""

    def __init__(self, evaluator: _Evaluator, tensor: Tensor) -> None:
        self.evaluator, self.tensor = evaluator, tensor
        self.terms = [(key, evaluator.coefficient(value)) for key, value in tensor.terms.items()]

    def __call__(self, *indices: int) -> sympy.Expr:
        """The component at 1-based indices, one per label in order."""
        return self.sparse(*indices).as_expr()

    def sparse(self, *indices: int) -> _Value:
        """The component at 1-based indices, kept sparse."""
        values = {name: index - 1 for (name, _), index in zip(self.tensor.labels, indices)}
        total: _Poly = {}
        for key, coefficient in self.terms:
            value = coefficient
            for factor in key:
                value = _poly_mul(value, self.evaluator.factor(factor, values)) if value else value
            total = _poly_add(total, value)
        return _Value(self.evaluator, total)


@lru_cache(maxsize=16)
def _evaluator(model: Model) -> _Evaluator:
    return _Evaluator(model, GeneralModel.from_model(model))


def instantiate_risk(model: Model) -> sympy.Expr:
    """The general risk evaluated at the widths and options of ``model`` (equals concrete.population_risk)."""
    return _risk_value(model).as_expr()


def _risk_value(model: Model) -> _Value:
    evaluator = _evaluator(model)
    return _Value(evaluator, evaluator.coefficient(general_risk(evaluator.general)))


def instantiate_ode(model: Model) -> OverlapODE:
    """The general overlap ODEs at ``model``, keyed like concrete.overlap_ode (rho_k_l, Q_k_j with k <= j)."""
    evaluator = _evaluator(model)
    ode = general_ode(evaluator.general)
    drho, eta1, eta2 = (evaluator.tensor(t).sparse for t in (ode.drho, ode.dQ_eta, ode.dQ_eta2))
    order_eta: dict[sympy.Symbol, _Value] = {}
    order_eta2: dict[sympy.Symbol, _Value] = {}
    for k in range(1, model.p + 1):
        for l in range(1, model.pstar + 1):
            order_eta[rho_symbol(k, l)] = drho(k, l)
            order_eta2[rho_symbol(k, l)] = _Value(evaluator, {})
    for k in range(1, model.p + 1):
        for j in range(k, model.p + 1):
            order_eta[q_symbol(k, j)] = eta1(k, j)
            order_eta2[q_symbol(k, j)] = eta2(k, j)
    if ode.da is not None:
        da = evaluator.tensor(ode.da).sparse
        for k, a in enumerate(model.student_readout, 1):
            order_eta[a], order_eta2[a] = da(k), _Value(evaluator, {})
    return OverlapODE(LazyExpressions(order_eta), LazyExpressions(order_eta2))


def instantiate_system(model: Model) -> ConcreteSystem:
    """Risk, ODEs, gradient and Hessian blocks of ``model`` from the general route (equal to derive_system)."""
    return ConcreteSystem(
        model=model,
        sparse_risk=_risk_value(model),
        ode=instantiate_ode(model),
        gradient=instantiate_gradient(model),
        hessian_blocks=instantiate_hessian(model),
    )


def _vector_names(model: Model, sector: str) -> list[str]:
    if sector == "S":
        return [f"wstar_{l}" for l in range(1, model.pstar + 1)]
    return [f"w_{k}" for k in range(1, model.p + 1)]


def instantiate_gradient(model: Model) -> dict[int, VectorCombination]:
    """grad_{w_m} R at ``model`` as combinations of w_k and wstar_l (equals concrete.risk_gradient)."""
    evaluator = _evaluator(model)
    gradient = general_gradient(evaluator.general)
    blocks = (("S", evaluator.tensor(gradient.Gstar).sparse), ("P", evaluator.tensor(gradient.G).sparse))
    result = {}
    for m in range(1, model.p + 1):
        coefficients = {}
        for sector, values in blocks:
            for index, name in enumerate(_vector_names(model, sector), 1):
                value = values(m, index)
                if value:
                    coefficients[name] = value
        result[m] = VectorCombination(LazyExpressions(coefficients))
    return result


def instantiate_hessian(model: Model) -> dict[tuple[int, int], HessianBlock]:
    """H_mn at ``model``: I_N coefficient and outer-product coefficients (equals concrete.hessian_blocks)."""
    evaluator = _evaluator(model)
    hessian = general_hessian(evaluator.general)
    identity = evaluator.tensor(hessian.identity).sparse
    outer = {sectors: evaluator.tensor(t).sparse for sectors, t in hessian.outer.items()}
    blocks = {}
    for m in range(1, model.p + 1):
        for n in range(1, model.p + 1):
            coefficients = {}
            for (X, Y), values in outer.items():
                for i, a in enumerate(_vector_names(model, X), 1):
                    for j, b in enumerate(_vector_names(model, Y), 1):
                        value = values(m, n, i, j)
                        if value:
                            coefficients[(a, b)] = value
            blocks[(m, n)] = HessianBlock(identity(m, n), LazyExpressions(coefficients))
    return blocks


# -- renderings ---------------------------------------------------------------------------------


def _pieces(value: sympy.Expr) -> list[sympy.Expr]:
    """A coefficient split by monomials in its tr(...)/sum(...) symbols, each factored."""
    scalars = sorted((s for s in value.free_symbols if scalar_word(s) or str(s).startswith("(sum_")), key=str)
    if not scalars:
        return [sympy.factor(value)]
    poly = sympy.Poly(sympy.expand(value), *scalars)
    return [sympy.factor(c) * sympy.Mul(*(s**e for s, e in zip(scalars, powers))) for powers, c in poly.terms()[::-1]]


def _signed(terms: list[tuple[sympy.Expr, str]]) -> str:
    """'c1 X + c2 Y - c3 Z' from (coefficient, matrix text) pairs; empty text for scalars."""
    terms = [(piece, text) for value, text in terms for piece in _pieces(value)]
    if not terms:
        return "0"
    parts = []
    for coefficient, text in terms:
        negative = coefficient.could_extract_minus_sign()
        magnitude = -coefficient if negative else coefficient
        body = str(magnitude) if not text else (text if magnitude == 1 else f"{magnitude} {text}")
        parts.append(("- " if negative else "+ ") + body)
    joined = " ".join(parts)
    return joined[2:] if joined.startswith("+ ") else "-" + joined[2:]


def _words(word: Word) -> str:
    return " ".join(word)


def _two_label_text(key: tuple[Factor, ...], row: str, column: str) -> str:
    """A term of a two-label tensor as a matrix product (1 is the ones vector)."""
    for factor in key:
        if factor.right is not None:
            word = factor.word if factor.left == row else transpose(factor.word)
            return _words(word) or "I"
    parts = {factor.left: factor.word for factor in key}
    left = " ".join([*parts.get(row, ()), "1"])
    right = " ".join(["1^T", *transpose(parts.get(column, ()))])
    return f"{left} {right}"


def _term_order(item: tuple[tuple[Factor, ...], sympy.Expr]) -> tuple[int, str]:
    key, _ = item
    return sum(len(f.word) for f in key), repr(key)


def matrix_form(tensor: Tensor) -> str:
    """A scalar or two-label tensor in matrix form, e.g. '8*eta/p Q - 16*eta/p**2 Q Q' (1: ones vector).

    Rows are the first label, columns the second; tr(...) is the trace and
    sum(...) = 1^T (...) 1.
    """
    return _signed(_matrix_pairs(tensor))


def vector_form(tensor: Tensor) -> str:
    """A one-label tensor (a vector over the students, as d a/d alpha) in matrix notation: diag(W) is the vector of
    W's diagonal, W 1 its row sums, 1 the ones vector and * the entrywise product.

    >>> print(vector_form(general_ode(GeneralModel(readout_lr=1)).da))
    2 diag(Q) - 2*tr(A Q) diag(Q) + 4/pstar diag(rho rho^T) - 4 diag(Q A Q)
    """
    if len(tensor.labels) != 1:
        raise ValueError("vector_form renders one-label tensors; use matrix_form or index_form")
    ((row, _),) = tensor.labels
    return _signed([(value, _one_label_text(key, row)) for key, value in sorted(tensor.terms.items(), key=_term_order)])


def _one_label_text(key: tuple[Factor, ...], row: str) -> str:
    """A term of a one-label tensor: each factor (W)_{kk} as diag(W), (W 1)_k as W 1, joined by *."""
    parts = [(f"diag({_words(f.word)})" if f.word else "1") if f.right == row else f"{_words(f.word)} 1" for f in key]
    return " * ".join(parts) or "1"


def _matrix_pairs(tensor: Tensor) -> list[tuple[sympy.Expr, str]]:
    """(coefficient, matrix text) for each term of a scalar or two-label tensor."""
    if not tensor.labels:
        return [(tensor.scalar(), "")]
    if len(tensor.labels) != 2:
        raise ValueError("matrix_form renders scalars and two-label tensors; use hessian_form or index_form")
    (row, _), (column, _) = tensor.labels
    return [(value, _two_label_text(key, row, column)) for key, value in sorted(tensor.terms.items(), key=_term_order)]


_MATRIX_LETTERS = {"Q": ("P", "P"), "rho": ("P", "S"), "T": ("S", "S"), "A": ("P", "P"), "V": ("S", "S")}


def _matrix_symbols() -> dict[str, sympy.MatrixExpr]:
    dims = {"P": P_DIM, "S": S_DIM}
    symbols = {name: sympy.MatrixSymbol(name, dims[r], dims[c]) for name, (r, c) in _MATRIX_LETTERS.items()}
    symbols["rho^T"] = symbols["rho"].T
    return symbols


def _word_matrix(word: Word, sector: str) -> sympy.MatrixExpr:
    symbols = _matrix_symbols()
    if not word:
        return sympy.Identity(dimension(sector))
    return sympy.MatMul(*(symbols[letter] for letter in word))


def _replace_scalar_words(expr: sympy.Expr, render: Callable[[str, Word], sympy.Expr]) -> sympy.Expr:
    """Replace each tr(...)/sum(...) symbol of ``expr`` by render(kind, word)."""
    replacements = {}
    for symbol in expr.free_symbols:
        parsed = scalar_word(symbol)
        if parsed is not None:
            replacements[symbol] = render(*parsed)
    return expr.xreplace(replacements)


def _trace_matrix(kind: str, word: Word) -> sympy.Expr:
    """tr(word) as a SymPy Trace; sum(word) = tr(word J) with J the all-ones matrix."""
    sector = LETTER_SECTORS[word[0]][0]
    matrix = _word_matrix(word, sector)
    if kind == "sum":
        end = LETTER_SECTORS[word[-1]][1]
        matrix = matrix * sympy.OneMatrix(dimension(end), dimension(sector))
    return sympy.Trace(matrix)


def _scalar_matrix_expr(expr: sympy.Expr) -> sympy.Expr:
    """Replace tr(...)/sum(...) symbols by SymPy Trace objects."""
    return _replace_scalar_words(expr, _trace_matrix)


def matrix_expression(tensor: Tensor) -> sympy.Expr:
    """A scalar or two-label tensor as a SymPy (matrix) expression in MatrixSymbols Q, rho, T, A, V.

    Traces are ``Trace`` objects; the ones vector is ``OneMatrix``; sizes are the symbols p, pstar.
    """
    if not tensor.labels:
        return _scalar_matrix_expr(tensor.scalar())
    (row, row_sector), (column, column_sector) = tensor.labels
    total = sympy.ZeroMatrix(dimension(row_sector), dimension(column_sector))
    for key, value in tensor.terms.items():
        total += _scalar_matrix_expr(value) * _two_label_matrix(key, row, row_sector, column, column_sector)
    return total


def _two_label_matrix(key: tuple[Factor, ...], row: str, row_sector: str, column: str, column_sector: str) -> sympy.MatrixExpr:
    for factor in key:
        if factor.right is not None:
            word = factor.word if factor.left == row else transpose(factor.word)
            return _word_matrix(word, row_sector)
    parts = {factor.left: factor.word for factor in key}
    left = _word_matrix(parts.get(row, ()), row_sector) * sympy.OneMatrix(dimension(_end_sector(parts.get(row, ()), row_sector)), 1)
    right_word = transpose(parts.get(column, ()))
    right = sympy.OneMatrix(1, dimension(_start_sector(right_word, column_sector))) * _word_matrix(right_word, column_sector)
    return left * right


def _start_sector(word: Word, default: str) -> str:
    return LETTER_SECTORS[word[0]][0] if word else default


def _end_sector(word: Word, default: str) -> str:
    return LETTER_SECTORS[word[-1]][1] if word else default


_WEIGHTS = {"S": "W*", "P": "W"}


def _hessian_vector(factor: Factor, label: str, sector: str) -> str:
    """The N-vector that ``factor`` attaches to the weight label ``label`` (i or j), as a column."""
    word = factor.word if factor.left == label else transpose(factor.word)
    other = factor.right if factor.left == label else factor.left
    weights = _WEIGHTS[sector]
    if other is None:
        return " ".join([f"{weights}^T", *word, "1"])
    return f"[{_words(transpose(word))} {weights}]_{other}" if word else f"{weights.lower()}_{other}"


def _hessian_term(key: tuple[Factor, ...], X: str, Y: str) -> str:
    """One outer-product term of H_mn: scalars in (m, n) times an N x N matrix in W, W*."""
    scalars, column, row, matrix = [], f"{_WEIGHTS[X]}^T 1", f"{_WEIGHTS[Y]}^T 1", ""
    for factor in key:
        labels = {factor.left, factor.right}
        if labels == {"i", "j"}:
            word = factor.word if factor.left == "i" else transpose(factor.word)
            matrix = " ".join([f"{_WEIGHTS[X]}^T", *word, _WEIGHTS[Y]])
        elif "i" in labels:
            column = _hessian_vector(factor, "i", X)
        elif "j" in labels:
            row = _hessian_vector(factor, "j", Y)
        else:
            scalars.append(_mn_scalar(factor))
    outer = matrix or f"{_parenthesised(column)} {_parenthesised(row)}^T"
    return " ".join([*scalars, outer])


def _parenthesised(text: str) -> str:
    return f"({text})" if " " in text else text


def _mn_scalar(factor: Factor) -> str:
    """(word)_mn, (word 1)_m or delta_mn."""
    if factor.right is None:
        return f"({_words(factor.word)} 1)_{factor.left}"
    return f"({_words(factor.word)})_{factor.left}{factor.right}" if factor.word else f"delta_{factor.left}{factor.right}"


def hessian_form(hessian: GeneralHessian) -> str:
    """H_mn in matrix notation: 'c I_N + c' delta_mn W^T A W + c'' w_m w_n^T + ...'.

    W (p x N) and W* (p* x N) stack the weight vectors as rows; [M W]_m = W^T M^T e_m is
    the N-vector of row m of M W (w_m = [W]_m); (word)_mn are matrix entries in the overlaps.
    """
    return "H_mn = " + _signed(_hessian_pairs(hessian))


def _hessian_pairs(hessian: GeneralHessian) -> list[tuple[sympy.Expr, str]]:
    """(coefficient, text) for each identity and outer-product term of H_mn."""
    identity = [(value, " ".join([*map(_mn_scalar, key), "I_N"])) for key, value in sorted(hessian.identity.terms.items(), key=_term_order)]
    outer = [
        (value, _hessian_term(key, X, Y))
        for (X, Y), tensor in hessian.outer.items()
        for key, value in sorted(tensor.terms.items(), key=_term_order)
    ]
    return identity + outer


# Tokens of the matrix text above and their LaTeX (one pass, so no output is rewritten again).
_TEXT_TOKENS = re.compile(r"W\*\^T|W\*|W\^T|rho\^T|\brho\b|\bw\*?_\w|\bdelta_\w+|\bI_N\b|\bI\b|\b1\^T|\b1\b|[)\]]_\w+|\^T")


def _token_latex(match: re.Match) -> str:
    token = match.group()
    fixed = {"W*^T": r"W^{*T}", "W*": r"W^{*}", "W^T": r"W^{T}", "rho^T": r"\rho^{T}", "rho": r"\rho",
             "I_N": r"\mathbb{I}_N", "I": r"\mathbb{I}", "1^T": r"\mathbf{1}^{T}", "1": r"\mathbf{1}", "^T": "^{T}"}
    if token in fixed:
        return fixed[token]
    head, _, index = token.partition("_")
    if head in ("w", "w*"):
        return rf"\vec{{w}}{'^{*}' if head == 'w*' else ''}_{{{index}}}"
    if head == "delta":
        return rf"\delta_{{{index}}}"
    return rf"{head}_{{{index}}}"  # ")_mn" or "]_m"


def _text_latex(text: str) -> str:
    """LaTeX of a matrix text such as 'delta_mn W*^T W*' or '([A W]_m) ([A W]_n)^T'."""
    return _TEXT_TOKENS.sub(_token_latex, text)


def latex_terms(result: "sympy.Expr | Tensor | GeneralHessian", symbol_names: Mapping[sympy.Symbol, str]) -> list[str]:
    """LaTeX of each term of a scalar (such as the risk), two-label tensor or Hessian, signs included."""
    if isinstance(result, sympy.Expr):
        pairs = [(result, "")]
    elif isinstance(result, GeneralHessian):
        pairs = _hessian_pairs(result)
    else:
        pairs = _matrix_pairs(result)
    terms = []
    for value, text in pairs:
        terms += _latex_pieces(value, _text_latex(text), dict(symbol_names), _scalar_matrix_expr)
    return terms or ["0"]


def _latex_pieces(
    value: sympy.Expr, text: str, symbol_names: dict, convert: Callable[[sympy.Expr], sympy.Expr] = lambda e: e
) -> list[str]:
    """'coefficient text' in LaTeX for each piece of ``value`` (see _pieces, then ``convert``), signs
    included; a coefficient such as 4 eta (p* + 2)/(p p*) is grouped as the papers write it,
    (4 eta/p)(1 + 2/p*) (see :mod:`derive.latex_grouping`)."""
    terms = []
    for piece in _pieces(value):
        if text and piece == 1:
            coefficient = ""
        elif text and piece == -1:
            coefficient = "-"
        else:
            coefficient = grouped_latex(piece, symbol_names, convert, factor_follows=bool(text))
        terms.append(f"{coefficient} {text}".strip())
    return terms


_INDEX_LETTERS = {"Q": "Q", "rho": "rho", "T": "T", "A": "a", "V": "v"}


class _Indices:
    """Fresh summation indices: r1, r2, ... (student) and s1, s2, ... (teacher)."""

    def __init__(self) -> None:
        self.count = {"P": 0, "S": 0}
        self.summed: list[str] = []

    def fresh(self, sector: str) -> str:
        self.count[sector] += 1
        name = f"{'r' if sector == 'P' else 's'}{self.count[sector]}"
        self.summed.append(name)
        return name


def _index_path(word: Word, left: Optional[str], right: Optional[str], sector: str, indices: _Indices, closed: bool = False) -> list[str]:
    """Index-form factors of (word)_{left right} (None: summed against the ones vector; closed: a trace)."""
    # positions 0..n carry indices; a diagonal letter makes its two positions equal
    n = len(word)
    parent = list(range(n + 1))

    def root(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for t, letter in enumerate(word):
        if letter in DIAGONAL_LETTERS:
            parent[root(t + 1)] = root(t)
    if closed:
        parent[root(n)] = root(0)
    sectors = [sector] + [LETTER_SECTORS[letter][1] for letter in word]
    names: dict[int, str] = {}
    deltas = []
    for position, label in ((0, left), (n, right)):
        if label is None:
            continue
        r = root(position)
        if r in names and names[r] != label:
            deltas.append(f"delta_{{{names[r]} {label}}}")
        names.setdefault(r, label)
    tokens = []
    for t, letter in enumerate(word):
        i, j = (names.get(root(x)) or names.setdefault(root(x), indices.fresh(sectors[x])) for x in (t, t + 1))
        if letter in DIAGONAL_LETTERS:
            tokens.append(f"{_INDEX_LETTERS[letter]}_{i}")
        elif letter == "rho^T":
            tokens.append(f"rho_{{{j} {i}}}")
        else:
            tokens.append(f"{_INDEX_LETTERS[letter]}_{{{i} {j}}}")
    return deltas + tokens


def _sum_text(tokens: list[str], indices: _Indices) -> str:
    body = " ".join(tokens) or "1"
    return f"sum_{{{','.join(indices.summed)}}} {body}" if indices.summed else body


def _index_sum_symbol(kind: str, word: Word) -> sympy.Symbol:
    """tr(word) or sum(word) as a symbol named with its index sum, e.g. (sum_{r1} Q_{r1 r1})."""
    indices = _Indices()
    tokens = _index_path(word, None, None, LETTER_SECTORS[word[0]][0], indices, closed=kind == "tr")
    return sympy.Symbol(f"({_sum_text(tokens, indices)})")


def _scalar_index_expr(expr: sympy.Expr) -> sympy.Expr:
    """Replace tr(...)/sum(...) symbols by symbols named with their index sums."""
    return _replace_scalar_words(expr, _index_sum_symbol)


def index_form(tensor: Tensor) -> str:
    """The tensor in index form, as the papers write it: sums over r (student) and s (teacher)
    indices of products of Q_{..}, rho_{..}, T_{..}, a_r, v_s and Kronecker deltas; free
    labels keep their names (k, l, j, m, n, i)."""
    return _signed(_index_pairs(tensor))


def _index_terms(tensor: Tensor) -> list[tuple[sympy.Expr, list[str], "_Indices"]]:
    """(coefficient, index-form factor tokens, their summation indices) for each term of ``tensor``."""
    sectors = dict(tensor.labels)
    order = {label: position for position, (label, _) in enumerate(tensor.labels)}
    terms = []
    for key, value in sorted(tensor.terms.items(), key=_term_order):
        indices = _Indices()
        tokens: list[str] = []
        for factor in key:
            left, word, right = factor.left, factor.word, factor.right
            if right is not None and order[right] < order[left]:
                left, word, right = right, transpose(word), left
            tokens += _index_path(word, left, right, sectors[left], indices)
        terms.append((value, tokens, indices))
    return terms


def _index_pairs(tensor: Tensor) -> list[tuple[sympy.Expr, str]]:
    """(coefficient with index-sum symbols, index text) for each term of ``tensor``."""
    return [
        (_scalar_index_expr(value), _sum_text(tokens, indices) if tokens else "")
        for value, tokens, indices in _index_terms(tensor)
    ]


_INDEX_TOKEN = re.compile(r"(\w+)_\{(\w+) (\w+)\}|(\w+)_(\w+)")


def _index_factor(token: str) -> sympy.Expr:
    """One index-form factor as a SymPy object: Q_{k r1} -> Q[k, r1], a_k -> a[k], delta_{k j} -> KroneckerDelta."""
    match = _INDEX_TOKEN.fullmatch(token)
    if match is None:
        raise ValueError(f"not an index-form factor: {token!r}")
    if match.group(1):
        name, i, j = match.group(1, 2, 3)
        if name == "delta":
            return sympy.KroneckerDelta(sympy.Symbol(i), sympy.Symbol(j))
        return sympy.IndexedBase(name)[sympy.Symbol(i), sympy.Symbol(j)]
    name, i = match.group(4, 5)
    return sympy.IndexedBase(name)[sympy.Symbol(i)]


def _index_sum(tokens: list[str], indices: _Indices) -> sympy.Expr:
    """prod(factors) summed over the fresh indices: r* over 1..p, s* over 1..pstar."""
    body = sympy.Mul(*(_index_factor(token) for token in tokens))
    for name in indices.summed:
        body = sympy.Sum(body, (sympy.Symbol(name), 1, P_DIM if name.startswith("r") else S_DIM))
    return body


def _index_sum_expr(kind: str, word: Word) -> sympy.Expr:
    indices = _Indices()
    tokens = _index_path(word, None, None, LETTER_SECTORS[word[0]][0], indices, closed=kind == "tr")
    return _index_sum(tokens, indices)


def index_expression(tensor: Tensor) -> sympy.Expr:
    """The index form as a SymPy object: Sums over r (1..p) and s (1..pstar) of IndexedBase entries
    Q[.,.], rho[.,.], T[.,.], a[.], v[.] and KroneckerDeltas, with the free labels (k, l, j, ...) as symbols.

    >>> from derive.general import GeneralModel, general_ode
    >>> index_expression(general_ode(GeneralModel()).drho).has(sympy.Sum)
    True
    """
    terms = [
        _replace_scalar_words(value, _index_sum_expr) * _index_sum(tokens, indices)
        for value, tokens, indices in _index_terms(tensor)
    ]
    return sympy.Add(*terms)


def _index_text_latex(text: str) -> str:
    """LaTeX of an index text: 'sum_{r1} Q_{k r1} rho_{r1 l}' -> '\\sum_{r_{1}} Q_{k r_{1}} \\rho_{r_{1} l}'."""
    text = re.sub(r"\b([rs])(\d+)\b", r"\1_{\2}", text)
    text = re.sub(r"\bsum_", r"\\sum_", text)
    text = re.sub(r"\b(rho|delta)_", r"\\\1_", text)
    return text


def index_latex_terms(result: "sympy.Expr | Tensor", symbol_names: Mapping[sympy.Symbol, str]) -> list[str]:
    """LaTeX of each term of a scalar (such as the risk) or a tensor in index form, signs included."""
    pairs = [(_scalar_index_expr(result), "")] if isinstance(result, sympy.Expr) else _index_pairs(result)
    terms = []
    for value, text in pairs:
        names = dict(symbol_names)
        names.update({s: rf"\Bigl({_index_text_latex(s.name[1:-1])}\Bigr)" for s in value.free_symbols if s.name.startswith("(sum_")})
        terms += _latex_pieces(value, _index_text_latex(text), names)
    return terms or ["0"]

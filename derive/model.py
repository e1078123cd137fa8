"""The model specification every layer of quadwick takes.

A two-layer teacher-student network with polynomial activations, ``sigma*`` for the teacher and ``sigma``
for the student (``teacher_activation``; the same one unless given):

    teacher  y    = sum_l v_l sigma*(u_l)     + zeta,   u_l      = w*_l . x / s
    student  yhat = sum_k a_k sigma(lambda_k),          lambda_k = w_k  . x / s

with x ~ N(0, I_N), label noise zeta ~ N(0, Delta) independent of x, and
s = sqrt(N) (seed 003 main text, weights of norm ~ sqrt(N)) or s = 1 (seed 003
Appendix 7.2 and seeds 000, 002, 004, weights of norm ~ 1).  The per-sample loss
is ``c (y - yhat)^2`` and one-pass SGD moves ``w_k <- w_k - eta grad_{w_k} loss``, the gradient averaged over
``batch`` fresh samples per step (alpha = steps / N; B = 1 by default).

Learned read-outs (``readout_lr`` = eta_a, None: fixed).  The second layer moves too,
``a_k <- a_k - (eta_a / N) d loss / d a_k = a_k + (2 c eta_a / N) e sigma(lambda_k)`` per sample (the mean over
the B samples of a step), and the read-outs become order parameters ``a_1 .. a_p`` (symbols, in
:attr:`Model.order_parameters` after Q) with

    d a_k / d alpha = -eta_a E[d loss / d a_k] = 2 c eta_a E[e sigma(lambda_k)].

As N -> infinity each a_k moves O(1/N) per step, so over O(N) steps it follows this ODE without
fluctuations, and the equations of rho and Q keep their form (O(eta^2) part of dQ included) with the
a_k in them now functions of alpha: the change of a_k within a step enters dQ only at O(1/N^2).  With
minibatches of B samples the mean read-out gradient is unchanged, so d a_k / d alpha is the same for every
B (alpha = steps / N; a's own second moment is O(1/N^2) per step), while the O(eta^2) part of dQ is divided
by B as for fixed read-outs.  The given ``student_readout`` values are then the initial read-outs
(:attr:`Model.initial_readout`; :func:`dataclasses.replace` passes the symbols instead, so give them again).

>>> Model(p=1, pstar=1, readout_lr=1).order_parameters
(rho_1_1, Q_1_1, a_1)

The order parameters are the overlaps (with the same scale s^2)

    rho_kl = w_k . w*_l / s^2,   Q_kj = w_k . w_j / s^2,   T_lm = w*_l . w*_m / s^2,

and (u, lambda) is exactly Gaussian with covariance [[T, rho^T], [rho, Q]].

A :class:`Model` is immutable and hashable; its symbols have fixed names
(``rho_1_2``, ``Q_1_2`` with the smaller index first, ``T_1_1``, ``eta``) so two
derivations of the same model print the same text.

>>> m = Model(p=2, pstar=1)
>>> m.order_parameters
(rho_1_1, rho_2_1, Q_1_1, Q_1_2, Q_2_2)
>>> m.covariance()
Matrix([
[      1, rho_1_1, rho_2_1],
[rho_1_1,   Q_1_1,   Q_1_2],
[rho_2_1,   Q_1_2,   Q_2_2]])
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any, Literal, Sequence

import sympy

from .activation import check_pair, erf_parameters, parse_activation
from .parsing import PolynomialSyntaxError

__all__ = [
    "Model",
    "PRESETS",
    "preset",
    "positive_integer",
    "rho_symbol",
    "q_symbol",
    "t_symbol",
    "ACTIVATION_VARIABLE",
    "ETA",
    "NOISE",
    "READOUT_LR",
    "N_SYMBOL",
    "readout_symbol",
    "readout_rate",
]

ACTIVATION_VARIABLE = sympy.Symbol("z")
ETA = sympy.Symbol("eta")
NOISE = sympy.Symbol("Delta")
# The read-out learning rate of ``readout_lr="symbolic"``.
READOUT_LR = sympy.Symbol("eta_a")
# Not "N": parse_expr would read that as sympy.N, and the JSON must read back exactly.
N_SYMBOL = sympy.Symbol("Ndim")

InputScaling = Literal["sqrt_n", "unit"]
TeacherGram = Literal["identity", "general"]


def rho_symbol(k: int, l: int) -> sympy.Symbol:
    """Teacher-student overlap rho_kl = w_k . w*_l / s^2 (1-based indices)."""
    return sympy.Symbol(f"rho_{k}_{l}")


def q_symbol(k: int, j: int) -> sympy.Symbol:
    """Student-student overlap Q_kj = Q_jk; the name carries the smaller index first."""
    k, j = sorted((k, j))
    return sympy.Symbol(f"Q_{k}_{j}")


def readout_symbol(k: int) -> sympy.Symbol:
    """Student read-out a_k (1-based): an order parameter when the read-outs learn."""
    return sympy.Symbol(f"a_{k}")


def t_symbol(l: int, m: int) -> sympy.Symbol:
    """Teacher Gram entry T_lm = T_ml; the name carries the smaller index first."""
    l, m = sorted((l, m))
    return sympy.Symbol(f"T_{l}_{m}")


def positive_integer(name: str, value: Any) -> int:
    """``value`` as an int if it is a positive integer (bools refused), else a ValueError naming ``name``."""
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    try:
        width = operator.index(value)
    except TypeError:
        raise ValueError(f"{name} must be a positive integer, got {value!r}") from None
    if width <= 0:
        raise ValueError(f"{name} must be a positive integer, got {width}")
    return width


def _activation(value: Any, name: str = "activation") -> sympy.Expr:
    """An activation (restricted text, or SymPy): an expanded polynomial in z of degree >= 1, or c erf(s z)
    (:mod:`derive.activation`); errors name it."""
    try:
        expr = parse_activation(value) if isinstance(value, str) else _exact(name, value)
    except PolynomialSyntaxError as error:
        raise PolynomialSyntaxError(str(error).replace("activation", name, 1)) from None
    if erf_parameters(expr) is not None:
        return expr
    if not expr.is_polynomial(ACTIVATION_VARIABLE):
        raise ValueError(f"{name} must be a polynomial in z or c*erf(s*z) with s > 0, got {expr}")
    if sympy.degree(expr, ACTIVATION_VARIABLE) < 1:
        raise ValueError(f"{name} must depend on z (degree >= 1), got {expr}")
    return sympy.expand(expr)


def _readout(name: str, value: Any, width: int, letter: str) -> tuple[sympy.Expr, ...]:
    """Normalise read-out weights: None -> 1/width each, 'symbolic' -> letter_k, scalar, or sequence."""
    if value is None:
        return (sympy.Rational(1, width),) * width
    if isinstance(value, str):
        if value != "symbolic":
            raise ValueError(f"{name} must be None, 'symbolic', a number or a sequence, got {value!r}")
        return tuple(sympy.Symbol(f"{letter}_{k}") for k in range(1, width + 1))
    if isinstance(value, Sequence):
        if len(value) != width:
            raise ValueError(f"{name} has {len(value)} entries but the width is {width}")
        return tuple(_exact(name, v) for v in value)
    return (_exact(name, value),) * width


def _exact(name: str, value: Any) -> sympy.Expr:
    """A number (made exact: 0.25 -> 1/4) or a SymPy expression; text is refused."""
    try:
        return sympy.nsimplify(sympy.sympify(value, strict=True), rational=True)
    except (sympy.SympifyError, TypeError):
        raise ValueError(f"{name} must be a number or a SymPy expression, got {value!r}") from None


_SYMBOLIC = {"noise_variance": NOISE, "readout_lr": READOUT_LR}


def _scalar(name: str, value: Any) -> sympy.Expr:
    if isinstance(value, str) and value == "symbolic" and name in _SYMBOLIC:
        return _SYMBOLIC[name]
    expr = _exact(name, value)
    if expr.is_number and not expr.is_finite:
        raise ValueError(f"{name} must be finite, got {value!r}")
    return expr


def _non_negative(name: str, value: Any) -> sympy.Expr:
    """A finite non-negative number (exact) or a symbol; errors name ``name``."""
    expr = _scalar(name, value)
    if expr.is_number and not (expr.is_extended_real and expr >= 0):
        raise ValueError(f"{name} must be non-negative, got {expr}")
    return expr


def readout_rate(value: Any) -> sympy.Expr | None:
    """The read-out learning rate eta_a: None (fixed read-outs), ``"symbolic"`` (the symbol eta_a), or a finite
    non-negative number made exact; anything else is a ValueError naming ``readout_lr``."""
    return None if value is None else _non_negative("readout_lr", value)


@dataclass(frozen=True)
class Model:
    """Declarative specification of a teacher-student model (see module docstring).

    Arguments are normalised on construction: ``activation`` (the student's) and ``teacher_activation``
    (None: the same) may be text (parsed with a restricted grammar) or a SymPy polynomial in ``z``; read-outs may be
    ``None`` (1/p and 1/p*), ``"symbolic"`` (``a_k``, ``v_l``), a number, or one
    value per unit; ``noise_variance`` may be ``"symbolic"`` (``Delta``).  ``readout_lr`` (None: fixed read-outs)
    makes the read-outs learn (module docstring): a non-negative number or ``"symbolic"`` (``eta_a``); then
    ``student_readout`` holds the symbols a_k and :attr:`initial_readout` the given values.
    """

    p: int
    pstar: int
    activation: Any = "z**2"
    teacher_activation: Any = None
    student_readout: Any = None
    teacher_readout: Any = None
    teacher_gram: TeacherGram = "identity"
    noise_variance: Any = 0
    loss_prefactor: Any = 1
    input_scaling: InputScaling = "sqrt_n"
    eta: sympy.Symbol = ETA
    batch: int = 1
    readout_lr: Any = None
    name: str = field(default="custom", compare=False)
    # Not compared, like the name: no derivation depends on the initial read-outs, so models that differ only
    # there share their derivations and kernels (the trajectories record a(0) themselves).
    initial_readout: tuple[sympy.Expr, ...] = field(init=False, default=(), compare=False)

    def __post_init__(self) -> None:
        p = positive_integer("student width p", self.p)
        pstar = positive_integer("teacher width p*", self.pstar)
        if self.teacher_gram not in ("identity", "general"):
            raise ValueError(f"teacher_gram must be 'identity' or 'general', got {self.teacher_gram!r}")
        if self.input_scaling not in ("sqrt_n", "unit"):
            raise ValueError(f"input_scaling must be 'sqrt_n' or 'unit', got {self.input_scaling!r}")
        if not isinstance(self.eta, sympy.Symbol):
            raise ValueError(f"eta must be a SymPy Symbol, got {self.eta!r}")
        noise = _non_negative("noise_variance", self.noise_variance)
        prefactor = _scalar("loss_prefactor", self.loss_prefactor)
        if prefactor == 0:
            raise ValueError("loss_prefactor must be non-zero")
        activation = _activation(self.activation)
        teacher_activation = activation if self.teacher_activation is None else _activation(self.teacher_activation,
                                                                                             "teacher activation")
        check_pair(activation, teacher_activation)
        readouts = _readout("student_readout", self.student_readout, p, "a")
        rate = readout_rate(self.readout_lr)
        normalised = {
            "p": p,
            "pstar": pstar,
            "batch": positive_integer("batch size B", self.batch),
            "activation": activation,
            "teacher_activation": teacher_activation,
            "student_readout": readouts if rate is None else tuple(readout_symbol(k) for k in range(1, p + 1)),
            "initial_readout": readouts,
            "readout_lr": rate,
            "teacher_readout": _readout("teacher_readout", self.teacher_readout, pstar, "v"),
            "noise_variance": noise,
            "loss_prefactor": prefactor,
        }
        for key, value in normalised.items():
            object.__setattr__(self, key, value)

    # -- symbols and matrices -------------------------------------------------

    @property
    def rho(self) -> sympy.Matrix:
        """The p x p* matrix of symbols rho_kl."""
        return sympy.Matrix(self.p, self.pstar, lambda k, l: rho_symbol(k + 1, l + 1))

    @property
    def Q(self) -> sympy.Matrix:
        """The symmetric p x p matrix of symbols Q_kj."""
        return sympy.Matrix(self.p, self.p, lambda k, j: q_symbol(k + 1, j + 1))

    @property
    def T(self) -> sympy.Matrix:
        """The teacher Gram matrix: the identity, or symmetric symbols T_lm."""
        if self.teacher_gram == "identity":
            return sympy.eye(self.pstar)
        return sympy.Matrix(self.pstar, self.pstar, lambda l, m: t_symbol(l + 1, m + 1))

    @property
    def learns_readouts(self) -> bool:
        """True when the read-outs a_k learn (``readout_lr`` given) and are order parameters."""
        return self.readout_lr is not None

    @property
    def order_parameters(self) -> tuple[sympy.Symbol, ...]:
        """The ODE variables: rho_kl row by row, then Q_kj for k <= j, then a_k when the read-outs learn."""
        rhos = [rho_symbol(k, l) for k in range(1, self.p + 1) for l in range(1, self.pstar + 1)]
        qs = [q_symbol(k, j) for k in range(1, self.p + 1) for j in range(k, self.p + 1)]
        return tuple(rhos + qs + list(self.student_readout if self.learns_readouts else ()))

    @property
    def teacher_parameters(self) -> tuple[sympy.Symbol, ...]:
        """The symbols T_lm (l <= m) of a general teacher Gram; empty for the identity."""
        if self.teacher_gram == "identity":
            return ()
        return tuple(t_symbol(l, m) for l in range(1, self.pstar + 1) for m in range(l, self.pstar + 1))

    def covariance(self) -> sympy.Matrix:
        """Covariance of the pre-activations (u_1..u_p*, lambda_1..lambda_p): [[T, rho^T], [rho, Q]]."""
        return sympy.BlockMatrix([[self.T, self.rho.T], [self.rho, self.Q]]).as_explicit()

    @property
    def weight_scale(self) -> sympy.Expr:
        """s^2 in lambda = w.x / s: N for the sqrt(N) scaling, 1 for weights of norm ~ 1."""
        return N_SYMBOL if self.input_scaling == "sqrt_n" else sympy.Integer(1)

    @property
    def is_polynomial(self) -> bool:
        """True when both activations are polynomials (the concrete Wick route applies); False for erf."""
        return erf_parameters(self.activation) is None

    @property
    def activations_differ(self) -> bool:
        """True when the teacher's activation is not the student's."""
        return self.teacher_activation != self.activation

    def describe(self) -> dict[str, Any]:
        """A JSON-ready description of the specification (all expressions as strings); ``teacher_activation``
        appears only when it differs from ``activation``, ``batch`` only when it is not 1, ``readout_lr`` only when
        the read-outs learn (the initial read-outs are no part of the derivation)."""
        return {
            "name": self.name,
            "p": self.p,
            "pstar": self.pstar,
            "activation": str(self.activation),
            **({"teacher_activation": str(self.teacher_activation)} if self.activations_differ else {}),
            "student_readout": [str(a) for a in self.student_readout],
            "teacher_readout": [str(v) for v in self.teacher_readout],
            "teacher_gram": self.teacher_gram,
            "noise_variance": str(self.noise_variance),
            "loss_prefactor": str(self.loss_prefactor),
            "input_scaling": self.input_scaling,
            "eta": str(self.eta),
            **({"batch": self.batch} if self.batch != 1 else {}),
            **({"readout_lr": str(self.readout_lr)} if self.learns_readouts else {}),
        }


# Each paper's convention (see ../shared/seeds/README.md) as Model keyword arguments;
# a read-out of None means 1/width.
PRESETS: dict[str, dict[str, Any]] = {
    "seed003": {
        "description": "Bocchi et al. 2026, main text: a_k = 1/p, v_l = 1/p*, loss (y - yhat)^2, w.x/sqrt(N), T = I",
        "student_readout": None,
        "teacher_readout": None,
        "loss_prefactor": 1,
        "input_scaling": "sqrt_n",
        "teacher_gram": "identity",
    },
    "seed003-appendix": {
        "description": "Bocchi et al. 2026, Appendix 7.2: as seed003 with weights of norm ~ 1 (lambda = w.x)",
        "student_readout": None,
        "teacher_readout": None,
        "loss_prefactor": 1,
        "input_scaling": "unit",
        "teacher_gram": "identity",
    },
    "seed000": {
        "description": "Sarao Mannelli et al. 2020: a = 1/m, v = 1/m*, loss (1/4)(y - yhat)^2, x.w, general teacher",
        "student_readout": None,
        "teacher_readout": None,
        "loss_prefactor": sympy.Rational(1, 4),
        "input_scaling": "unit",
        "teacher_gram": "general",
    },
    "seed002": {
        "description": "Wang & Abernethy: one teacher neuron, read-outs 1, loss (1/4)(y - yhat)^2, x.w, T = |w*|^2",
        "student_readout": 1,
        "teacher_readout": 1,
        "loss_prefactor": sympy.Rational(1, 4),
        "input_scaling": "unit",
        "teacher_gram": "general",
    },
    "seed004": {
        "description": "Gamarnik et al.: f = |W x|^2 (read-outs 1), loss (y - yhat)^2, general teacher",
        "student_readout": 1,
        "teacher_readout": 1,
        "loss_prefactor": 1,
        "input_scaling": "unit",
        "teacher_gram": "general",
    },
}


def preset(name: str, p: int, pstar: int, **overrides: Any) -> Model:
    """The model of one paper's convention at widths (p, p*); keyword arguments override fields.

    >>> preset("seed000", 3, 2).loss_prefactor
    1/4
    """
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}; known presets: {', '.join(sorted(PRESETS))}")
    if name == "seed002" and pstar != 1:
        raise ValueError(f"preset 'seed002' has a single teacher neuron (p* = 1), got p* = {pstar}")
    fields = {key: value for key, value in PRESETS[name].items() if key != "description"}
    fields.update(overrides)
    return Model(p=p, pstar=pstar, name=name, **fields)


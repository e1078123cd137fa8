"""NumPy kernels in matrix form, generated from the general route (any widths p, p*).

:func:`numpy_source` writes a Python module whose functions take the overlaps as
arrays with leading batch dimensions, rho (..., p, p*) and symmetric Q (..., p, p),
plus, as the model needs them (``PARAMETERS``), T (..., p*, p*) for a general teacher
Gram and the read-out vectors a (..., p), v (..., p*) for diagonal read-outs:

    risk(rho, Q, ...)           R                                              (...)
    rhs(rho, Q, eta, ...)       (d rho, d Q) / d alpha, exact in eta           (..., p, p*), (..., p, p)
    jacobian(rho, Q, eta, ...)  (J_rr, J_rQ, J_Qr, J_QQ), see below
    gradient(rho, Q, ...)       (G, Gstar): grad_W R = (1/s^2) (G W + Gstar W*)
    hessian(rho, Q, ...)        (D, O_SS, O_SP, O_PS, O_PP):
                                H_mn = (1/s^2) D_mn I_N + (1/s^4) sum_XY sum_ij O_XY[m, n, i, j] a_i a_j^T

Every term of a general result (:class:`~derive.forms.Tensor`) is a coefficient, a
polynomial in traces tr(word) and sums 1^T word 1 of products of Q, rho, rho^T, T, A, V,
times indexed factors (word)_{kl}, (word 1)_k or delta_kl.  The module computes each
word matrix once (by matmul, a transpose reusing its mirror image), each trace as
einsum('...ij,...ji', X, Y) of two computed halves (einsum('...ij,...ij', X, Y^T) when
Y^T is stored in order, e.g. tr(Q Q) and tr(rho rho^T)), and sums coefficient x matrix
over the terms; tensors with four labels are einsum outer products.  Two rewritings
save work on batches: matrix terms ending with the same letter X share one matmul,
sum_w c_w (w' X) = (sum_w c_w w') @ X, and a symmetric matrix output with mirror-image
terms (d Q: rho rho^T Q + Q rho rho^T) is emitted as H + H^T with each mirror pair
computed once in H.  Arguments that enter a matmul are copied to C order first when
their matrices have no unit-stride axis (BLAS needs one; a gather such as the
runtime's Q = state[:, index] leaves the batch axis innermost).

The Jacobian is derived on the tensors themselves (:func:`tensor_derivative`):
d (w1 X w2)_{kl} / d X_ab = (w1)_{ka} (w2)_{bl},  d tr(w1 X w2) / d X_ab = (w2 w1)_{ba},
d 1^T w1 X w2 1 / d X_ab = (1^T w1)_a (w2 1)_b  (rho^T contributes at (b, a)), plus the
chain rule through the coefficients.  For the symmetric Q the derivative is the
symmetric gradient, J[..., a, b] = (d/dX_ab + d/dX_ba) / 2, so that
d F = sum_ab J[..., a, b] dQ_ab for symmetric dQ:

    J_rr[..., k, l, a, b] = d (d rho)_kl / d rho_ab      J_rQ[..., k, l, a, b] = d (d rho)_kl / d Q_ab
    J_Qr[..., k, j, a, b] = d (d Q)_kj / d rho_ab        J_QQ[..., k, j, a, b] = d (d Q)_kj / d Q_ab

The text is the same, byte for byte, for the same model, and starts with a header
naming :data:`GENERATOR_VERSION` and the model specification.

Backends (:data:`BACKENDS`): "numpy", and "jax", the same body on ``jax.numpy`` (without the C-order
copies, since XLA picks its own layouts), whose functions ``jax.jit``, ``jax.grad`` and diffrax accept.

>>> from derive.general_render import general_preset
>>> namespace = {}
>>> exec(compile(numpy_source(general_preset("seed003")), "<kernels>", "exec"), namespace)
>>> import numpy as np
>>> float(namespace["risk"](np.array([[0.5]]), np.array([[1.0]])))
3.0
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Literal, Mapping, Optional

import sympy
from sympy.printing.pycode import PythonCodePrinter

from .forms import P_DIM, S_DIM, Factor, Tensor, Word, indexed, scalar_word, transpose
from .general import GeneralModel, general_gradient, general_hessian, general_ode, general_risk, hessian_form, matrix_form
from .general_render import describe

__all__ = [
    "BACKENDS",
    "GENERATOR_VERSION",
    "KernelTensors",
    "kernel_tensors",
    "tensor_add",
    "tensor_derivative",
    "model_parameters",
    "model_specification",
    "numpy_source",
]

Backend = Literal["numpy", "jax"]
# The import line of each backend: the generated body calls ``np.`` functions that both namespaces have.
BACKENDS: dict[str, str] = {"numpy": "import numpy as np", "jax": "import jax.numpy as np"}

GENERATOR_VERSION = "quadwick-numpy-codegen 2"

Term = tuple[sympy.Expr, tuple[Factor, ...]]  # (scalar factor, indexed factors)

# variable -> {letter of a word: True when the letter is the variable transposed}
_OCCURRENCES = {"rho": {"rho": False, "rho^T": True}, "Q": {"Q": False}}
_VARIABLE_SECTORS = {"rho": ("P", "S"), "Q": ("P", "P")}
_DERIVATIVE_LABELS = ("a", "b")


# -- tensor algebra: sums and derivatives ---------------------------------------------------


def _accumulate(terms: dict[tuple[Factor, ...], sympy.Expr], factors: tuple[Factor, ...], value: sympy.Expr) -> None:
    key = tuple(sorted(factors))
    terms[key] = terms.get(key, sympy.Integer(0)) + value


def _tensor(labels: tuple[tuple[str, str], ...], terms: Mapping[tuple[Factor, ...], sympy.Expr]) -> Tensor:
    """A tensor with expanded coefficients and no zero terms."""
    expanded = {key: sympy.expand(value) for key, value in terms.items()}
    return Tensor(labels, {key: value for key, value in expanded.items() if value != 0})


def tensor_add(first: Tensor, second: Tensor) -> Tensor:
    """first + second (same labels)."""
    if first.labels != second.labels:
        raise ValueError(f"cannot add tensors with labels {first.labels} and {second.labels}")
    terms = dict(first.terms)
    for key, value in second.terms.items():
        _accumulate(terms, key, value)
    return _tensor(first.labels, terms)


def _path(left: Optional[str], word: Word, right: Optional[str], sector: str) -> Term:
    """(scalar, factors) of the path left -- word -- right (None: the ones vector)."""
    scalar, factor = indexed(left, word, right, sector)
    return scalar, (factor,) if factor else ()


def _entry(transposed: bool, a: str, b: str) -> tuple[str, str]:
    """(row, column) labels of a letter's entry X_ab: (a, b), or (b, a) for X^T."""
    return (b, a) if transposed else (a, b)


def _factor_derivative(factor: Factor, variable: str, a: str, b: str, sectors: Mapping[str, str]) -> Iterator[Term]:
    """d (w1 X w2)_{left right} / d X_ab = (w1)_{left a} (w2)_{b right}, over each X in the word."""
    word = factor.word
    for t, letter in enumerate(word):
        if letter not in _OCCURRENCES[variable]:
            continue
        row, column = _entry(_OCCURRENCES[variable][letter], a, b)
        s1, f1 = _path(factor.left, word[:t], row, sectors[factor.left])
        s2, f2 = _path(column, word[t + 1 :], factor.right, sectors[column])
        yield s1 * s2, f1 + f2


def _scalar_derivative(symbol: sympy.Symbol, variable: str, a: str, b: str, sectors: Mapping[str, str]) -> Iterator[Term]:
    """d tr(w1 X w2) / d X_ab = (w2 w1)_{ba};  d 1^T w1 X w2 1 / d X_ab = (1^T w1)_a (w2 1)_b."""
    kind, word = scalar_word(symbol)  # type: ignore[misc]
    for t, letter in enumerate(word):
        if letter not in _OCCURRENCES[variable]:
            continue
        row, column = _entry(_OCCURRENCES[variable][letter], a, b)
        if kind == "tr":
            yield _path(column, word[t + 1 :] + word[:t], row, sectors[column])
        else:
            s1, f1 = _path(None, word[:t], row, sectors[row])
            s2, f2 = _path(column, word[t + 1 :], None, sectors[column])
            yield s1 * s2, f1 + f2


def _relabel(factor: Factor, swap: Mapping[str, str], sectors: Mapping[str, str]) -> Factor:
    """The factor with labels renamed by ``swap``, in canonical orientation."""
    left = swap.get(factor.left, factor.left)
    right = None if factor.right is None else swap.get(factor.right, factor.right)
    _, renamed = indexed(left, factor.word, right, sectors[left])
    assert renamed is not None
    return renamed


def _symmetrized(tensor: Tensor, a: str, b: str) -> Tensor:
    """(T + T with labels a, b exchanged) / 2."""
    sectors, swap = dict(tensor.labels), {a: b, b: a}
    terms: dict[tuple[Factor, ...], sympy.Expr] = {}
    for key, value in tensor.terms.items():
        _accumulate(terms, key, value / 2)
        _accumulate(terms, tuple(_relabel(f, swap, sectors) for f in key), value / 2)
    return _tensor(tensor.labels, terms)


def tensor_derivative(tensor: Tensor, variable: str, labels: tuple[str, str] = _DERIVATIVE_LABELS) -> Tensor:
    """d tensor / d X_ab for X = "rho" or "Q" (symmetric gradient for Q), with new labels (a, b) appended.

    Product rule over the indexed factors, chain rule through each tr/sum symbol of the
    coefficients (see the module docstring).
    """
    if variable not in _OCCURRENCES:
        raise ValueError(f"variable must be 'rho' or 'Q', got {variable!r}")
    a, b = labels
    if a in dict(tensor.labels) or b in dict(tensor.labels):
        raise ValueError(f"derivative labels {labels} collide with the tensor's labels {tensor.labels}")
    labelled = tensor.labels + tuple(zip(labels, _VARIABLE_SECTORS[variable]))
    sectors = dict(labelled)
    terms: dict[tuple[Factor, ...], sympy.Expr] = {}
    for key, coefficient in tensor.terms.items():
        for index, factor in enumerate(key):
            rest = key[:index] + key[index + 1 :]
            for scalar, factors in _factor_derivative(factor, variable, a, b, sectors):
                _accumulate(terms, rest + factors, scalar * coefficient)
        for symbol in sorted(coefficient.free_symbols, key=str):
            if scalar_word(symbol) is None:
                continue
            partial = sympy.diff(coefficient, symbol)
            for scalar, factors in _scalar_derivative(symbol, variable, a, b, sectors):
                _accumulate(terms, key + factors, scalar * partial)
    result = _tensor(labelled, terms)
    return _symmetrized(result, a, b) if variable == "Q" else result


# -- the kernels' tensors -----------------------------------------------------------------------


@dataclass(frozen=True)
class KernelTensors:
    """The general results each generated function evaluates (gradient and Hessian times s^2, s^4)."""

    risk: Tensor
    drho: Tensor
    dQ: Tensor
    jacobian: Mapping[str, Tensor]  # "rr", "rQ", "Qr", "QQ"
    G: Tensor
    Gstar: Tensor
    D: Tensor
    outer: Mapping[tuple[str, str], Tensor]


@lru_cache(maxsize=16)
def kernel_tensors(model: GeneralModel) -> KernelTensors:
    """Risk, d rho, d Q = O(eta) + O(eta^2), their derivatives, G, Gstar, D and O_XY of ``model`` (fixed read-outs)."""
    if model.readout_lr is not None:
        raise ValueError("the generated NumPy kernels keep the read-outs fixed; learned read-outs (readout_lr) have the "
                         "concrete route's kernels (C or lambdified)")
    ode, gradient, hessian = general_ode(model), general_gradient(model), general_hessian(model)
    s2 = model.weight_scale
    drho, dQ = ode.drho, tensor_add(ode.dQ_eta, ode.dQ_eta2)
    jacobian = {
        f"{out}{variable[0]}": tensor_derivative(tensor, variable)
        for out, tensor in (("r", drho), ("Q", dQ))
        for variable in ("rho", "Q")
    }
    return KernelTensors(
        risk=Tensor((), {(): general_risk(model)}),
        drho=drho,
        dQ=dQ,
        jacobian=jacobian,
        G=gradient.G.scale(s2),
        Gstar=gradient.Gstar.scale(s2),
        D=hessian.identity.scale(s2),
        outer={sectors: tensor.scale(s2**2) for sectors, tensor in hessian.outer.items()},
    )


def model_parameters(model: GeneralModel) -> tuple[str, ...]:
    """The arguments after rho, Q (and eta): "T" for a general Gram, "a"/"v" for diagonal read-outs."""
    names = []
    if model.teacher_gram == "general":
        names.append("T")
    if model.student_readout == "diagonal":
        names.append("a")
    if model.teacher_readout == "diagonal":
        names.append("v")
    return tuple(names)


def model_specification(model: GeneralModel) -> str:
    """The model as one line of JSON (keys sorted): what the header names and the runtime matches."""
    return json.dumps(describe(model), sort_keys=True)


# -- rendering ----------------------------------------------------------------------------------

_PRINTER = PythonCodePrinter()
_CODES = {"Q": "Q", "rho": "R", "rho^T": "Rt", "T": "T", "A": "A", "V": "V"}
_BASES = {"Q": "Q", "rho": "rho", "rho^T": "rhoT", "T": "T", "A": "A", "V": "V"}
_DIMENSIONS = {"P": "p", "S": "pstar"}
_ARGUMENTS = {"Q": "Q", "rho": "rho", "rho^T": "rho", "T": "T"}  # letter -> the argument holding it


def _scalar_powers(monomial: sympy.Expr) -> list[sympy.Symbol]:
    """The tr/sum symbols of a monomial, each repeated by its power, sorted by name."""
    powers = monomial.as_powers_dict()
    symbols = sorted((s for s in powers if isinstance(s, sympy.Symbol) and scalar_word(s)), key=str)
    return [symbol for symbol in symbols for _ in range(int(powers[symbol]))]


class _Function:
    """The body of one generated function: named word matrices, vectors, scalars and constants.

    Scalars (traces, sums, coefficients) have shape (..., 1, 1) so that they broadcast
    against matrices; ``constant`` names Python numbers in p, pstar and eta.
    """

    def __init__(self, model: GeneralModel) -> None:
        self.model = model
        self.lines: list[str] = []
        self.names: dict[object, str] = {}
        self.allowed = {P_DIM, S_DIM, model.eta}
        self.matmul_arguments: set[str] = set()  # arguments (rho, Q, T) that are operands of a matmul
        self.views: set[Word] = {("rho^T",)}  # words whose matrix is a transposed view

    def _emit(self, key: object, name: str, value: str) -> str:
        self.lines.append(f"    {name} = {value}")
        self.names[key] = name
        return name

    def base(self, letter: str) -> str:
        """The matrix of one letter (rho^T a transposed view, A and V diagonal matrices)."""
        key = ("letter", letter)
        if letter in ("Q", "rho", "T"):
            return _BASES[letter]
        if key in self.names:
            return self.names[key]
        if letter == "rho^T":
            return self._emit(key, "rhoT", "np.swapaxes(rho, -1, -2)")
        vector, size = ("a", "p") if letter == "A" else ("v", "pstar")
        return self._emit(key, _BASES[letter], f"{vector}[..., :, None] * np.eye({size})")

    def word(self, word: Word) -> str:
        """The matrix of a non-empty word: a transposed view of its mirror image, or one matmul."""
        if len(word) == 1:
            return self.base(word[0])
        key = ("word", word)
        if key in self.names:
            return self.names[key]
        name = "M_" + "_".join(_CODES[letter] for letter in word)
        mirror = ("word", transpose(word))
        if mirror in self.names:
            self.views.add(word)
            return self._emit(key, name, f"np.swapaxes({self.names[mirror]}, -1, -2)")
        if ("word", word[1:]) in self.names:
            return self._emit(key, name, f"{self.operand(word[:1])} @ {self.operand(word[1:])}")
        return self._emit(key, name, f"{self.operand(word[:-1])} @ {self.operand(word[-1:])}")

    def operand(self, word: Word) -> str:
        """The matrix of a word used as a matmul operand; a letter's argument is then given a unit-stride axis."""
        if len(word) == 1 and word[0] in _ARGUMENTS:
            self.matmul_arguments.add(_ARGUMENTS[word[0]])
        return self.word(word)

    def _computed(self, word: Word) -> bool:
        return len(word) == 1 or ("word", word) in self.names

    def scalar(self, symbol: sympy.Symbol) -> str:
        """tr(word) or 1^T word 1 as a (..., 1, 1) array; tr(XY) = einsum('...ij,...ji', X, Y)."""
        key = ("scalar", symbol)
        if key in self.names:
            return self.names[key]
        kind, word = scalar_word(symbol)  # type: ignore[misc]
        name = f"s_{kind}_" + "_".join(_CODES[letter] for letter in word)
        if kind == "sum":
            return self._emit(key, name, f"{self.word(word)}.sum(axis=(-2, -1), keepdims=True)")
        if len(word) == 1:
            return self._emit(key, name, f"np.trace({self.base(word[0])}, axis1=-2, axis2=-1)[..., None, None]")
        splits = [i for i in range(1, len(word)) if self._computed(word[:i]) and self._computed(word[i:])]
        i = splits[0] if splits else len(word) // 2
        if self._computed(transpose(word[i:])) and transpose(word[i:]) not in self.views:
            # tr(X Y) = sum_ij X_ij (Y^T)_ij with Y^T stored in order: no strided reads
            first, second = self.word(word[:i]), self.word(transpose(word[i:]))
            return self._emit(key, name, f'np.einsum("...ij,...ij->...", {first}, {second})[..., None, None]')
        first, second = self.word(word[:i]), self.word(word[i:])
        return self._emit(key, name, f'np.einsum("...ij,...ji->...", {first}, {second})[..., None, None]')

    def vector(self, word: Word) -> str:
        """(word 1): the row sums of the word's matrix, shape (..., rows)."""
        key = ("vector", word)
        if key in self.names:
            return self.names[key]
        name = "v_" + "_".join(_CODES[letter] for letter in word)
        return self._emit(key, name, f"{self.word(word)}.sum(axis=-1)")

    def identity(self, sector: str) -> str:
        key = ("identity", sector)
        return self.names.get(key) or self._emit(key, f"I_{_DIMENSIONS[sector]}", f"np.eye({_DIMENSIONS[sector]})")

    def ones(self, sector: str) -> str:
        key = ("ones", sector)
        return self.names.get(key) or self._emit(key, f"ones_{_DIMENSIONS[sector]}", f"np.ones({_DIMENSIONS[sector]})")

    def constant(self, expr: sympy.Expr) -> str:
        """A Python number in p, pstar and eta, named once per function."""
        extra = expr.free_symbols - self.allowed
        if extra:
            names = ", ".join(sorted(map(str, extra)))
            raise ValueError(f"NumPy code generation needs numeric model parameters; the coefficients contain {names}")
        key = ("constant", expr)
        if key in self.names:
            return self.names[key]
        return self._emit(key, f"k{sum(1 for k in self.names if k[0] == 'constant')}", _PRINTER.doprint(expr))

    def coefficient(self, value: sympy.Expr) -> tuple[str, bool, bool]:
        """(text, array, state): sum over monomials m in the tr/sum symbols of constant x m.

        ``array``: the value is a (..., 1, 1) array (it has tr/sum symbols); ``state``: it
        depends on rho or Q, so it carries the state's batch shape.
        """
        scalars = sorted((s for s in value.free_symbols if scalar_word(s)), key=str)
        groups: dict[sympy.Expr, sympy.Expr] = {}
        for term in sympy.Add.make_args(sympy.expand(value)):
            constant, monomial = term.as_independent(*scalars, as_Add=False)
            groups[monomial] = groups.get(monomial, sympy.Integer(0)) + constant
        parts = []
        for monomial in sorted(groups, key=lambda m: (len(_scalar_powers(m)), str(m))):
            factors = [self.constant(sympy.factor(groups[monomial]))]
            factors += [self.scalar(symbol) for symbol in _scalar_powers(monomial)]
            parts.append("*".join(factors))
        return " + ".join(parts), bool(scalars), any(_stateful(scalar_word(s)[1]) for s in scalars)  # type: ignore[index]

    def factors(self, key: tuple[Factor, ...], labels: tuple[tuple[str, str], ...]) -> tuple[str, bool]:
        """(text, state) of a product of indexed factors with the given output labels (einsum).

        ``state``: a factor depends on rho or Q (the product carries the state's batch shape).
        """
        state = any(_stateful(factor.word) for factor in key)
        sectors, order = dict(labels), "".join(label for label, _ in labels)
        word = _matrix_word(key, order)
        if word is not None:
            return self.word(word), state
        operands: list[tuple[str, str, bool]] = []  # (array, subscripts, batched)
        for factor in key:
            if factor.right is None:
                operands.append((self.vector(factor.word), factor.left, True))
            elif factor.word:
                operands.append((self.word(factor.word), factor.left + factor.right, True))
            else:
                operands.append((self.identity(sectors[factor.left]), factor.left + factor.right, False))
        covered = {label for _, subscripts, _ in operands for label in subscripts}
        operands += [(self.ones(sectors[label]), label, False) for label in order if label not in covered]
        batched = any(b for _, _, b in operands)
        if len(operands) == 1 and operands[0][1] == order:
            return operands[0][0], state
        inputs = ",".join(("..." if b else "") + subscripts for _, subscripts, b in operands)
        output = ("..." if batched else "") + order
        return f'np.einsum("{inputs}->{output}", {", ".join(name for name, _, _ in operands)})', state

    def batch(self) -> str:
        """The broadcast batch shape of the arguments."""
        key = ("batch",)
        if key in self.names:
            return self.names[key]
        shapes = ["rho.shape[:-2]", "Q.shape[:-2]"] + [
            {"T": "T.shape[:-2]", "a": "a.shape[:-1]", "v": "v.shape[:-1]"}[name] for name in model_parameters(self.model)
        ]
        return self._emit(key, "batch", f"np.broadcast_shapes({', '.join(shapes)})")

    def output(self, name: str, tensor: Tensor) -> str:
        """Emit ``name`` = sum over terms of coefficient x factors, shape (..., *label dimensions).

        A symmetric matrix with mirror-image terms is emitted as H + H^T, H = ``name``_half
        (:func:`_symmetric_half`): each mirror pair is computed once.
        """
        half = _symmetric_half(tensor)
        if half is None:
            return self._sum(name, tensor)
        H = self._sum(f"{name}_half", half)
        return self._emit(("output", name), name, f"{H} + np.swapaxes({H}, -1, -2)")

    def _right_factors(self, terms: list[tuple[tuple[Factor, ...], sympy.Expr]], order: str) -> dict[str, list[int]]:
        """Matrix terms sharing their last letter X, by X: sum_w c_w (w' X) = (sum_w c_w w') @ X.

        Only terms whose word has two letters or more, and only groups in which at least two words
        are not computed yet (each would cost a matmul of its own); values: positions in ``terms``.
        """
        groups: dict[str, list[int]] = {}
        for position, (key, _) in enumerate(terms):
            word = _matrix_word(key, order)
            if word is not None and len(word) >= 2:
                groups.setdefault(word[-1], []).append(position)
        return {
            letter: positions
            for letter, positions in groups.items()
            if sum(not self._known(_matrix_word(terms[i][0], order)) for i in positions) >= 2  # type: ignore[arg-type]
        }

    def _known(self, word: Word) -> bool:
        """Whether the word's matrix (or its mirror image's) is already computed."""
        return ("word", word) in self.names or ("word", transpose(word)) in self.names

    def _sum(self, name: str, tensor: Tensor) -> str:
        """Emit ``name`` = sum over terms of coefficient x factors (matrix terms grouped by :meth:`_right_factors`).

        A sum that does not depend on rho or Q is added to zeros of the full batch shape.
        """
        labels = tensor.labels
        order = "".join(label for label, _ in labels)
        shape = "(" + ", ".join(_DIMENSIONS[sector] for _, sector in labels) + ("," if len(labels) == 1 else "") + ")"
        terms = sorted(tensor.terms.items(), key=lambda item: (len(item[0]), repr(item[0])))
        factored = self._right_factors(terms, order) if len(labels) == 2 else {}
        group_of = {position: letter for letter, positions in factored.items() for position in positions}
        parts, state, arrays = [], False, False
        for position, (key, value) in enumerate(terms):
            if position in group_of:
                letter = group_of[position]
                positions = factored[letter]
                if position != positions[0]:
                    continue
                summands = []
                for i in positions:
                    coefficient, array, coefficient_state = self.coefficient(terms[i][1])
                    word = _matrix_word(terms[i][0], order)
                    assert word is not None
                    state = state or coefficient_state or _stateful(word)
                    summands.append(f"{f'({coefficient})' if array else coefficient} * {self.word(word[:-1])}")
                left = self._emit(("left of", name, letter), f"{name}_left_of_{_CODES[letter]}", " + ".join(summands))
                parts.append(f"{left} @ {self.operand((letter,))}")
                continue
            coefficient, array, coefficient_state = self.coefficient(value)
            state, arrays = state or coefficient_state, arrays or array
            if not labels:
                parts.append(coefficient)
                continue
            matrix, matrix_state = self.factors(key, labels)
            state = state or matrix_state
            if array:
                coefficient = f"({coefficient})" + "[..., None, None]" * ((len(labels) - 2) // 2)
            parts.append(f"{coefficient} * {matrix}")
        if not parts:
            return self._emit(("output", name), name, f"np.zeros({self.batch()} + {shape})")
        total = " + ".join(parts)
        if not labels and arrays:
            total = f"({total})[..., 0, 0]"
        if not state:
            total = f"np.zeros({self.batch()} + {shape}) + {total}"
        return self._emit(("output", name), name, total)


def _matrix_word(key: tuple[Factor, ...], order: str) -> Optional[Word]:
    """The word of a term that is one matrix over both labels, read in label order (else None)."""
    if len(key) != 1 or key[0].right is None or not key[0].word or {key[0].left, key[0].right} != set(order):
        return None
    factor = key[0]
    return factor.word if factor.left == order[0] else transpose(factor.word)


def _symmetric_half(tensor: Tensor) -> Optional[Tensor]:
    """H with tensor = H + H^T, for a symmetric matrix (two labels, one sector) with mirror-image terms; else None.

    H holds half of each term that is its own mirror image (labels exchanged) and one whole
    term of each mirror pair, e.g. (rho rho^T Q)_kj of (rho rho^T Q)_kj + (Q rho rho^T)_kj: the
    one whose word ends with the letter that most words end with so far, so that
    :meth:`_Function._right_factors` can group it (ties: the first by repr).
    """
    labels = tensor.labels
    if len(labels) != 2 or labels[0][1] != labels[1][1]:
        return None
    (k, _), (j, _) = labels
    order, sectors, swap = k + j, dict(labels), {k: j, j: k}
    mirrors = {key: tuple(sorted(_relabel(factor, swap, sectors) for factor in key)) for key in tensor.terms}
    if any(sympy.expand(tensor.terms.get(mirror, 0) - value) != 0 for mirror, value in zip(mirrors.values(), tensor.terms.values())):
        return None
    pairs = sorted({min(key, mirror, key=repr) for key, mirror in mirrors.items() if key != mirror}, key=repr)
    if not pairs:
        return None

    def last(key: tuple[Factor, ...]) -> Optional[str]:
        word = _matrix_word(key, order)
        return word[-1] if word is not None and len(word) >= 2 else None

    terms = {key: value / 2 for key, value in tensor.terms.items() if mirrors[key] == key}
    ends: dict[Optional[str], int] = {}
    for key in terms:
        ends[last(key)] = ends.get(last(key), 0) + 1
    for first in pairs:
        chosen = max((first, mirrors[first]), key=lambda candidate: ends.get(last(candidate), 0) if last(candidate) else -1)
        ends[last(chosen)] = ends.get(last(chosen), 0) + 1
        terms[chosen] = tensor.terms[chosen]
    return _tensor(labels, terms)


def _stateful(word: Word) -> bool:
    """Whether a word contains rho, rho^T or Q (so its matrix carries the state's batch shape)."""
    return any(letter in ("Q", "rho", "rho^T") for letter in word)


def _signature(model: GeneralModel, uses_eta: bool) -> str:
    return ", ".join(["rho", "Q", *(["eta"] if uses_eta else []), *model_parameters(model)])


def _function(model: GeneralModel, name: str, outputs: list[tuple[str, Tensor]], doc: list[str], uses_eta: bool,
              backend: Backend) -> str:
    """The source of one generated function returning ``outputs`` (a tuple when there are several)."""
    body = _Function(model)
    body.lines.append("    p, pstar = rho.shape[-2], rho.shape[-1]")
    for variable, tensor in outputs:
        body.output(variable, tensor)
    # matmul runs on BLAS only for matrices with a unit-stride axis; a gather such as the runtime's
    # Q = state[:, index] leaves the batch axis innermost instead: copy those to C order once.
    # JAX arrays have no strides: XLA chooses the layout.
    contiguous = [name for name in ("rho", "Q", "T") if name in body.matmul_arguments and backend == "numpy"]
    body.lines[1:1] = [f"    {name} = {name} if {name}.itemsize in {name}.strides[-2:] else np.ascontiguousarray({name})"
                       for name in contiguous]
    returned = ", ".join(variable for variable, _ in outputs)
    docstring = '    """' + "\n    ".join(doc).rstrip() + '\n    """'
    return f"def {name}({_signature(model, uses_eta)}):\n{docstring}\n" + "\n".join(body.lines) + f"\n    return {returned}\n"


def _header(model: GeneralModel, backend: Backend) -> str:
    """The module docstring: generator version, backend, model specification, arguments and outputs."""
    extras = model_parameters(model)
    described = {"T": "T (..., p*, p*) teacher Gram", "a": "a (..., p) student read-outs", "v": "v (..., p*) teacher read-outs"}
    lines = [
        f"Generated by {GENERATOR_VERSION} (derive/numpy_codegen.py) from the general route. Do not edit.",
        *([] if backend == "numpy" else [f"Backend: {backend} ({BACKENDS[backend]})."]),
        f"Model: {model_specification(model)}",
        "",
        "Matrix-form kernels for any widths p, p*: arguments rho (..., p, p*), symmetric Q (..., p, p)"
        + "".join(f", {described[name]}" for name in extras)
        + "; leading batch dimensions broadcast.",
        "Outputs: risk R (...); rhs (d rho, d Q)/d alpha exact in eta; jacobian (J_rr, J_rQ, J_Qr, J_QQ) with",
        "J_XY[..., k, l, a, b] = d (d X)_kl / d Y_ab (symmetric gradient in Q); gradient (G, Gstar) with",
        "grad_W R = (1/s^2)(G W + Gstar W*); hessian (D, O_SS, O_SP, O_PS, O_PP) with H_mn = (1/s^2) D_mn I_N",
        "+ (1/s^4) sum_XY sum_ij O_XY[m, n, i, j] a_i a_j^T (a_i: w*_i for S, w_i for P).",
    ]
    return '"""' + "\n".join(lines) + '\n"""\n'


@lru_cache(maxsize=16)
def numpy_source(model: GeneralModel, backend: Backend = "numpy") -> str:
    """The Python source of the kernels of ``model`` (see the module docstring) on ``backend``: "numpy", or
    "jax" (the same body on ``jax.numpy``, for ``jax.jit``, ``jax.grad`` and diffrax)."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose from {', '.join(BACKENDS)}")
    tensors = kernel_tensors(model)
    outer = [(f"O_{X}{Y}", tensors.outer[(X, Y)]) for X in ("S", "P") for Y in ("S", "P")]
    functions = [
        _function(model, "risk", [("R", tensors.risk)], [f"R = {matrix_form(tensors.risk)}"], False, backend),
        _function(
            model,
            "rhs",
            [("drho", tensors.drho), ("dQ", tensors.dQ)],
            [f"d rho/d alpha = {matrix_form(tensors.drho)}", f"d Q/d alpha = {matrix_form(tensors.dQ)}"],
            True,
            backend,
        ),
        _function(
            model,
            "jacobian",
            [(f"J_{key}", tensor) for key, tensor in tensors.jacobian.items()],
            ["J_XY[..., k, l, a, b] = d (d X/d alpha)_kl / d Y_ab; for Y = Q the symmetric gradient."],
            True,
            backend,
        ),
        _function(
            model,
            "gradient",
            [("G", tensors.G), ("Gstar", tensors.Gstar)],
            ["grad_W R = (1/s^2) (G W + Gstar W*),", f"G = {matrix_form(tensors.G)}", f"Gstar = {matrix_form(tensors.Gstar)}"],
            False,
            backend,
        ),
        _function(
            model,
            "hessian",
            [("D", tensors.D), *outer],
            ["H_mn = (1/s^2) D_mn I_N + (1/s^4) sum_XY sum_ij O_XY[m, n, i, j] a_i a_j^T; general route:",
             hessian_form(general_hessian(model))],
            False,
            backend,
        ),
    ]
    constants = [
        BACKENDS[backend],
        "",
        f"GENERATOR_VERSION = {GENERATOR_VERSION!r}",
        f"MODEL = {model_specification(model)!r}",
        f"PARAMETERS = {model_parameters(model)!r}",
    ]
    return _header(model, backend) + "\n" + "\n".join(constants) + "\n\n\n" + "\n\n".join(functions)

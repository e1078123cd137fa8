"""Restricted parsing of user-supplied polynomials.

User text (an activation such as ``"z**2 + z/2"``) is never handed to ``eval`` or
``sympify``.  It is parsed with Python's :mod:`ast` and only a small grammar is
accepted: the one variable, integer and decimal literals, ``+ - * / **`` and
parentheses.  Exponents must be non-negative integer literals and divisors must be
non-zero numbers, so every accepted text is a polynomial with rational
coefficients, represented exactly (``0.5`` becomes ``1/2``).  Every intermediate
result is bounded, in degree and in the size of its coefficients, before it is
computed, so that a short text cannot ask for a huge number.

>>> parse_polynomial("z**2 - 0.5*z + 1")
z**2 - z/2 + 1
"""

from __future__ import annotations

import ast
import math
import re
import warnings

import sympy

__all__ = ["PolynomialSyntaxError", "parse_polynomial"]

_MAX_TEXT = 1000
_MAX_DEGREE = 64
# Coefficients (numerators and denominators) of every intermediate result stay below 10**_MAX_DIGITS.
_MAX_DIGITS = 1000
# Decimal literals only (no 0x.., 1_000), with a bounded size so that no literal is huge.
_DECIMAL = re.compile(r"(?:\d{1,50}(?:\.\d{0,50})?|\.\d{1,50})(?:[eE][+-]?\d{1,2})?")


class PolynomialSyntaxError(ValueError):
    """The text is not a polynomial in the allowed grammar."""


def _fail(text: str, node: ast.AST | None, why: str) -> PolynomialSyntaxError:
    where = f" at column {node.col_offset + 1}" if node is not None and hasattr(node, "col_offset") else ""
    return PolynomialSyntaxError(f"cannot parse activation {text!r}{where}: {why}")


def parse_polynomial(text: str, variable: str = "z") -> sympy.Expr:
    """Parse ``text`` into an exact SymPy polynomial in the symbol ``variable``.

    Allowed: ``variable``, decimal numbers, ``+ - * / **`` and parentheses, up to
    degree 64.  Anything else (names, calls, attributes, non-integer or negative
    exponents, division by an expression, hexadecimal literals) raises
    :class:`PolynomialSyntaxError` naming the offending piece.

    >>> parse_polynomial("(z + 1)**2 / 4")
    (z + 1)**2/4
    """
    if not isinstance(text, str):
        raise PolynomialSyntaxError(f"activation must be text, got {type(text).__name__}")
    if len(text) > _MAX_TEXT:
        raise PolynomialSyntaxError(f"activation text longer than {_MAX_TEXT} characters")
    source = text.strip()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(source, mode="eval")
        expr, _ = _Converter(text, source, variable).convert(tree.body)
    except SyntaxError as error:
        raise PolynomialSyntaxError(f"cannot parse activation {text!r}: {error.msg}") from None
    except RecursionError:
        raise PolynomialSyntaxError(f"cannot parse activation {text!r}: nested too deeply") from None
    return expr


class _Converter:
    """Walks the syntax tree, returning (expression, upper bound on its degree) for each node."""

    def __init__(self, text: str, source: str, variable: str) -> None:
        self.text, self.source, self.variable = text, source, variable
        self.symbol = sympy.Symbol(variable)

    def fail(self, node: ast.AST, why: str) -> PolynomialSyntaxError:
        return _fail(self.text, node, why)

    def convert(self, node: ast.AST) -> tuple[sympy.Expr, int]:
        if isinstance(node, ast.Constant):
            return self.number(node), 0
        if isinstance(node, ast.Name):
            if node.id != self.variable:
                raise self.fail(node, f"unknown name {node.id!r}; the only variable is {self.variable!r}")
            return self.symbol, 1
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
            operand, degree = self.convert(node.operand)
            return (-operand if isinstance(node.op, ast.USub) else operand), degree
        if isinstance(node, ast.BinOp):
            return self.binary(node)
        raise self.fail(node, f"{type(node).__name__} is not allowed; use only {self.variable}, numbers, + - * / ** ( )")

    def number(self, node: ast.Constant) -> sympy.Rational:
        literal = ast.get_source_segment(self.source, node) or ""
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise self.fail(node, f"only numbers are allowed as constants, got {node.value!r}")
        if not _DECIMAL.fullmatch(literal):
            raise self.fail(node, f"numbers must be plain decimals (at most 50 digits, exponent at most 99), got {literal!r}")
        # Go through the literal's own digits so that 0.1 is exactly 1/10.
        return sympy.Rational(literal)

    def binary(self, node: ast.BinOp) -> tuple[sympy.Expr, int]:
        left, left_degree = self.convert(node.left)
        right, right_degree = self.convert(node.right)
        if isinstance(node.op, ast.Add):
            return left + right, max(left_degree, right_degree)
        if isinstance(node.op, ast.Sub):
            return left - right, max(left_degree, right_degree)
        if isinstance(node.op, ast.Mult):
            self.check_digits(node, _digits(left) + _digits(right) + _term_digits(left, right))
            return self.bounded(node, left * right, left_degree + right_degree)
        if isinstance(node.op, ast.Div):
            if not right.is_Number:
                raise self.fail(node.right, "division is allowed only by a number")
            if right == 0:
                raise self.fail(node.right, "division by zero")
            self.check_digits(node, _digits(left) + _digits(right))
            return left / right, left_degree
        if isinstance(node.op, ast.Pow):
            if not (right.is_Integer and 0 <= right <= _MAX_DEGREE):
                raise self.fail(node.right, f"exponents must be integers from 0 to {_MAX_DEGREE}")
            # (sum of n terms of height h)**e has coefficients below (n 10**h)**e.
            self.check_digits(node, int(right) * (_digits(left) + _term_digits(left)))
            return self.bounded(node, left**right, left_degree * int(right))
        raise self.fail(node, f"operator {type(node.op).__name__} is not allowed")

    def check_digits(self, node: ast.AST, digits: int) -> None:
        """Refuse before computing a result whose coefficients could reach 10**_MAX_DIGITS."""
        if digits > _MAX_DIGITS:
            raise self.fail(node, f"the coefficients would exceed 10^{_MAX_DIGITS} (about 10^{digits})")

    def bounded(self, node: ast.AST, expr: sympy.Expr, degree: int) -> tuple[sympy.Expr, int]:
        if degree > _MAX_DEGREE:
            raise self.fail(node, f"the polynomial's degree would exceed {_MAX_DEGREE}")
        return expr, degree


def _term_digits(*factors: sympy.Expr) -> int:
    """ceil(log10 n), n the fewest terms among ``factors`` as sums: a product's coefficient is a sum of at
    most n products of coefficients."""
    return math.ceil(math.log10(min(len(f.args) if f.is_Add else 1 for f in factors)))


def _digits(expr: sympy.Expr) -> int:
    """An upper bound on the decimal digits of the numerators and denominators of ``expr``'s numbers.

    >>> _digits(sympy.Rational(12345, 7) * sympy.Symbol("z") + 1)
    5
    """
    numbers = [atom for atom in expr.atoms(sympy.Number)] or [sympy.Integer(0)]
    return max(max(len(str(abs(n.p))), len(str(n.q))) for n in numbers)

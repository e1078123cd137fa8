"""Activations: a polynomial in z, or the error function of a multiple of z.

quadwick takes two kinds of activation, each exact:

* a polynomial in ``z`` with rational coefficients (:func:`derive.parsing.parse_polynomial`), whose Gaussian
  expectations Wick's theorem evaluates as polynomials in the covariances;
* ``c erf(s z)`` with numbers c != 0 and s > 0 (c, s rational or square roots of rationals), the soft committee
  machine's activation (Saad & Solla take c = 1, s = 1/sqrt(2)), whose expectations are the closed forms of
  :mod:`derive.erf`.

Text is parsed without evaluating it: the erf form is ``[number *] erf(LINEAR) [/ number]`` where LINEAR is a
multiple of z (``z/sqrt(2)``, ``0.5*z``), and numbers are decimals, ``sqrt(number)`` and + - * / ** of
numbers.  erf of anything else (``erf(z**2)``, ``erf(z + 1)``) and sums of erf and polynomial terms are
refused with the reason: their expectations have no closed form here.

>>> parse_activation("erf(z/sqrt(2))")
erf(sqrt(2)*z/2)
>>> erf_parameters(parse_activation("2*erf(0.5*z)"))
(2, 1/2)
>>> erf_parameters(parse_activation("z**2")) is None
True
"""

from __future__ import annotations

import ast
import warnings
from typing import Optional

import sympy

from .parsing import PolynomialSyntaxError, parse_polynomial

__all__ = ["parse_activation", "erf_parameters", "is_polynomial_activation", "erf_activation", "check_pair"]

Z = sympy.Symbol("z")
_MAX_TEXT = 1000


def erf_activation(c: sympy.Expr, s: sympy.Expr) -> sympy.Expr:
    """The activation c erf(s z)."""
    return c * sympy.erf(s * Z)


def erf_parameters(activation: sympy.Expr) -> Optional[tuple[sympy.Expr, sympy.Expr]]:
    """(c, s) when ``activation`` is c erf(s z) with s > 0, else None."""
    c, rest = activation.as_independent(Z, as_Add=False)
    if not isinstance(rest, sympy.erf):
        return None
    s, z = rest.args[0].as_independent(Z, as_Add=False)
    if z != Z or not (s.is_number and s.is_positive):
        return None
    return c, s


def is_polynomial_activation(activation: sympy.Expr) -> bool:
    """True for a polynomial in z."""
    return bool(activation.is_polynomial(Z))


def check_pair(student: sympy.Expr, teacher: sympy.Expr) -> None:
    """ValueError unless both activations are polynomials in z or both are c erf(s z): the expectations of an erf
    times a polynomial have no closed form here.

    >>> check_pair(parse_activation("erf(z)"), parse_activation("z**2"))
    Traceback (most recent call last):
    ...
    ValueError: an erf activation with a polynomial one (teacher and student) has no closed-form expectations here; use erf for both, or polynomials for both
    """
    for activation in (student, teacher):
        if not is_polynomial_activation(activation) and erf_parameters(activation) is None:
            raise ValueError(f"activation {activation} is neither a polynomial in z nor c*erf(s*z)")
    if is_polynomial_activation(student) != is_polynomial_activation(teacher):
        raise ValueError("an erf activation with a polynomial one (teacher and student) has no closed-form "
                         "expectations here; use erf for both, or polynomials for both")


def parse_activation(text: str) -> sympy.Expr:
    """An activation from restricted text (module docstring): a polynomial in z, or c erf(s z).

    >>> parse_activation("-erf(z)/2")
    -erf(z)/2
    >>> parse_activation("erf(z + 1)")
    Traceback (most recent call last):
    ...
    derive.parsing.PolynomialSyntaxError: cannot parse activation 'erf(z + 1)': erf's argument must be s*z, a multiple of z (got z + 1): only then do its Gaussian expectations have closed forms
    """
    if not isinstance(text, str):
        raise PolynomialSyntaxError(f"activation must be text, got {type(text).__name__}")
    if "erf" not in text:
        return parse_polynomial(text)
    if len(text) > _MAX_TEXT:
        raise PolynomialSyntaxError(f"activation text longer than {_MAX_TEXT} characters")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise PolynomialSyntaxError(f"cannot parse activation {text!r}: {error.msg}") from None
    return _ErfReader(text).activation(tree.body)


class _ErfReader:
    """Reads ``[number *] erf(s * z) [/ number]``; every other shape is refused with its reason."""

    def __init__(self, text: str) -> None:
        self.text = text

    def fail(self, why: str) -> PolynomialSyntaxError:
        return PolynomialSyntaxError(f"cannot parse activation {self.text!r}: {why}")

    def activation(self, node: ast.AST) -> sympy.Expr:
        c, argument = self.scaled_erf(node)
        s = self.multiple_of_z(argument)
        if s == 0:
            raise self.fail("erf's argument must be a non-zero multiple of z")
        if c == 0:
            raise self.fail("the activation is zero")
        # erf is odd: c erf(s z) with s < 0 is (-c) erf(|s| z).
        return erf_activation(c * sympy.sign(s), abs(s))

    def scaled_erf(self, node: ast.AST) -> tuple[sympy.Expr, ast.AST]:
        """(c, erf's argument node) of c * erf(...)."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "erf":
            if len(node.args) != 1 or node.keywords:
                raise self.fail("erf takes exactly one argument")
            return sympy.Integer(1), node.args[0]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            c, argument = self.scaled_erf(node.operand)
            return (-c if isinstance(node.op, ast.USub) else c), argument
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            if self.mentions_erf(node.right):
                c, argument = self.scaled_erf(node.right)
                return self.number(node.left) * c, argument
            c, argument = self.scaled_erf(node.left)
            return c * self.number(node.right), argument
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and not self.mentions_erf(node.right):
            c, argument = self.scaled_erf(node.left)
            return c / self.nonzero(self.number(node.right)), argument
        raise self.fail("an activation is a polynomial in z or c*erf(s*z); erf cannot be added to, raised to a power "
                        "or multiplied by other terms (those expectations have no closed form here)")

    @staticmethod
    def mentions_erf(node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id == "erf" for n in ast.walk(node))

    def multiple_of_z(self, node: ast.AST) -> sympy.Expr:
        """s of the argument s*z, built from z and numbers with + - * / (no constant term)."""
        if isinstance(node, ast.Name) and node.id == "z":
            return sympy.Integer(1)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            s = self.multiple_of_z(node.operand)
            return -s if isinstance(node.op, ast.USub) else s
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
            if self.mentions_z(node.left) and not self.mentions_z(node.right):
                return self.multiple_of_z(node.left) * self.number(node.right)
            if self.mentions_z(node.right) and not self.mentions_z(node.left):
                return self.number(node.left) * self.multiple_of_z(node.right)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and not self.mentions_z(node.right):
            return self.multiple_of_z(node.left) / self.nonzero(self.number(node.right))
        segment = ast.get_source_segment(self.text.strip(), node) or "?"
        raise self.fail(f"erf's argument must be s*z, a multiple of z (got {segment}): only then do its Gaussian "
                        "expectations have closed forms")

    @staticmethod
    def mentions_z(node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id == "z" for n in ast.walk(node))

    def nonzero(self, value: sympy.Expr) -> sympy.Expr:
        if value == 0:
            raise self.fail("division by zero")
        return value

    def number(self, node: ast.AST) -> sympy.Expr:
        """A number: decimals, sqrt(number), and + - * / ** (integer exponents up to 8) of numbers."""
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "sqrt":
            if len(node.args) != 1 or node.keywords:
                raise self.fail("sqrt takes exactly one argument")
            radicand = self.number(node.args[0])
            if radicand < 0:
                raise self.fail("sqrt of a negative number")
            return sympy.sqrt(radicand)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            value = self.number(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)):
            left, right = self.number(node.left), self.number(node.right)
            if isinstance(node.op, ast.Pow):
                if not (right.is_Integer and abs(right) <= 8):
                    raise self.fail("exponents of numbers must be integers from -8 to 8")
                return left**right
            if isinstance(node.op, ast.Div):
                return left / self.nonzero(right)
            return {ast.Add: left + right, ast.Sub: left - right, ast.Mult: left * right}[type(node.op)]
        if isinstance(node, ast.Constant):
            segment = ast.get_source_segment(self.text.strip(), node) or ""
            try:
                return parse_polynomial(segment)
            except PolynomialSyntaxError:
                raise self.fail(f"{segment!r} is not a number") from None
        what = ast.get_source_segment(self.text.strip(), node) or type(node).__name__
        raise self.fail(f"{what!r} is not a number (numbers are decimals, sqrt(number) and + - * / of numbers)")

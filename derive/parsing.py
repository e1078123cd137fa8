"""Restricted parsing of user-supplied polynomials.

User text (an activation such as ``"z**2 + z/2"``) is never handed to ``eval`` or
``sympify``.  It is parsed with Python's :mod:`ast` and only a small grammar is
accepted: the one variable, integer and decimal literals, ``+ - * / **`` and
parentheses.  Exponents must be non-negative integer literals and divisors must be
non-zero numbers, so every accepted text is a polynomial with rational
coefficients, represented exactly (``0.5`` becomes ``1/2``).

>>> parse_polynomial("z**2 - 0.5*z + 1")
z**2 - z/2 + 1
"""

from __future__ import annotations

import ast

import sympy

__all__ = ["PolynomialSyntaxError", "parse_polynomial"]

_MAX_TEXT = 1000
_MAX_EXPONENT = 64


class PolynomialSyntaxError(ValueError):
    """The text is not a polynomial in the allowed grammar."""


def _fail(text: str, node: ast.AST | None, why: str) -> PolynomialSyntaxError:
    where = f" at column {node.col_offset + 1}" if node is not None and hasattr(node, "col_offset") else ""
    return PolynomialSyntaxError(f"cannot parse activation {text!r}{where}: {why}")


def parse_polynomial(text: str, variable: str = "z") -> sympy.Expr:
    """Parse ``text`` into an exact SymPy polynomial in the symbol ``variable``.

    Allowed: ``variable``, numbers, ``+ - * / **`` and parentheses.  Anything else
    (names, calls, attributes, non-integer or negative exponents, division by an
    expression) raises :class:`PolynomialSyntaxError` naming the offending piece.

    >>> parse_polynomial("(z + 1)**2 / 4")
    (z + 1)**2/4
    """
    if not isinstance(text, str):
        raise PolynomialSyntaxError(f"activation must be text, got {type(text).__name__}")
    if len(text) > _MAX_TEXT:
        raise PolynomialSyntaxError(f"activation text longer than {_MAX_TEXT} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise PolynomialSyntaxError(f"cannot parse activation {text!r}: {error.msg}") from None
    symbol = sympy.Symbol(variable)
    return _convert(tree.body, text, variable, symbol)


def _number(node: ast.Constant, text: str) -> sympy.Rational:
    value = node.value
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(text, node, f"only numbers are allowed as constants, got {value!r}")
    # Go through the literal's own digits so that 0.1 is exactly 1/10.
    return sympy.Rational(ast.get_source_segment(text.strip(), node) or repr(value))


def _convert(node: ast.AST, text: str, variable: str, symbol: sympy.Symbol) -> sympy.Expr:
    if isinstance(node, ast.Constant):
        return _number(node, text)
    if isinstance(node, ast.Name):
        if node.id != variable:
            raise _fail(text, node, f"unknown name {node.id!r}; the only variable is {variable!r}")
        return symbol
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.UAdd, ast.USub)):
        operand = _convert(node.operand, text, variable, symbol)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left = _convert(node.left, text, variable, symbol)
        right = _convert(node.right, text, variable, symbol)
        if isinstance(node.op, ast.Add):
            return left + right
        if isinstance(node.op, ast.Sub):
            return left - right
        if isinstance(node.op, ast.Mult):
            return left * right
        if isinstance(node.op, ast.Div):
            if not right.is_Number:
                raise _fail(text, node.right, "division is allowed only by a number")
            if right == 0:
                raise _fail(text, node.right, "division by zero")
            return left / right
        if isinstance(node.op, ast.Pow):
            if not (right.is_Integer and 0 <= right <= _MAX_EXPONENT):
                raise _fail(text, node.right, f"exponents must be integers from 0 to {_MAX_EXPONENT}")
            return left**right
        raise _fail(text, node, f"operator {type(node.op).__name__} is not allowed")
    raise _fail(text, node, f"{type(node).__name__} is not allowed; use only {variable}, numbers, + - * / ** ( )")

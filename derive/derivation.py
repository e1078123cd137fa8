"""One interface to a derivation, whichever route makes it: what it will cost, and its renderings.

quadwick derives a model in two ways. The concrete route (:mod:`derive.concrete`) takes Wick expectations
at fixed widths (p, p*); the general route (:mod:`derive.general`) derives once for symbolic widths, in matrix
form, and can be instantiated at fixed widths (:func:`derive.general.instantiate_system`, equal to the
concrete result). A caller (the command line, a script) asks for a :class:`Derivation` and uses

    estimate()        -> Estimate: seconds before it starts (None where the cost does not grow with the
                         widths) and a sentence saying what is derived,
    render(format)    -> str: the results as "json", "text" or "latex",

without branching on which route or which model type is behind it.

>>> from derive.model import preset
>>> derivation(preset("seed003", 2, 1)).estimate().seconds is not None
True
>>> from derive.general_render import general_preset
>>> derivation(general_preset("seed003")).estimate().seconds is None
True
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal, Protocol

from .general import GeneralModel
from .model import Model
from .units import UnitModel

if TYPE_CHECKING:
    from .concrete import ConcreteSystem

__all__ = ["FORMATS", "Estimate", "Derivation", "ConcreteDerivation", "GeneralDerivation", "UnitDerivation", "derivation"]

Format = Literal["json", "text", "latex"]
Route = Literal["concrete", "general"]
FORMATS: tuple[str, ...] = ("json", "text", "latex")


@dataclass(frozen=True)
class Estimate:
    """What a derivation will cost: ``seconds`` (None: it does not grow with the widths) and a sentence."""

    seconds: float | None
    description: str


class Derivation(Protocol):
    """A derivation on either route: an estimate before it starts, and its renderings."""

    def estimate(self) -> Estimate: ...

    def render(self, format: Format) -> str: ...


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}; choose from {', '.join(FORMATS)}")


@dataclass(frozen=True)
class ConcreteDerivation:
    """The system of ``model`` at its widths (p, p*), by the concrete route (Wick expectations at those widths)
    or by the general route instantiated there (matrix forms expanded: no expectation is taken at the widths)."""

    model: Model
    route: Route = "concrete"

    def __post_init__(self) -> None:
        if self.route not in ("concrete", "general"):
            raise ValueError(f"unknown route {self.route!r}; choose 'concrete' or 'general'")

    def estimate(self) -> Estimate:
        """t = exp(c_0) M^{c_1} K^{c_2} on the concrete route (:func:`derive.cost.derivation_seconds`)."""
        import sympy

        from .cost import derivation_seconds
        from .model import ACTIVATION_VARIABLE

        widths = f"(p, p*) = ({self.model.p}, {self.model.pstar})"
        if not self.model.is_polynomial:
            return Estimate(None, f"erf: the unit form's closed forms summed at {widths}, no expectation taken there")
        if self.route == "general":
            return Estimate(None, f"general route instantiated at {widths}: no expectation grows with the widths")
        degree = max(int(sympy.degree(activation, ACTIVATION_VARIABLE))
                     for activation in (self.model.activation, self.model.teacher_activation))
        seconds = derivation_seconds(self.model.p, self.model.pstar, degree)
        return Estimate(seconds, f"concrete derivation at {widths}: about {seconds:.3g} s (within a factor 4)")

    @cached_property
    def system(self) -> ConcreteSystem:
        """Risk, ODEs, gradient and Hessian blocks (derived on first use).  An erf model, and a polynomial one
        of degree > 2 on the general route, are the unit form summed at the widths (:func:`derive.units.instantiate`):
        risk and ODEs only, no gradient or Hessian blocks."""
        from .concrete import derive_system
        from .general import GeneralModel, instantiate_system

        if self.route == "concrete" and self.model.is_polynomial:
            return derive_system(self.model)
        try:
            GeneralModel.from_model(self.model)
        except ValueError:
            return _unit_system(self.model)
        return instantiate_system(self.model)

    def render(self, format: Format) -> str:
        """The system as JSON, text or a LaTeX document (:mod:`derive.render`)."""
        from .render import system_to_json, system_to_latex, system_to_text

        _check_format(format)
        return {"json": system_to_json, "text": system_to_text, "latex": system_to_latex}[format](self.system)


def _unit_system(model: Model) -> ConcreteSystem:
    from .concrete import ConcreteSystem, OverlapODE
    from .sparse import Expression, LazyExpressions
    from .units import instantiate

    summed = instantiate(model)
    ode = OverlapODE(*(LazyExpressions({name: Expression(value) for name, value in summed[part].items()})
                       for part in ("order_eta", "order_eta2")))
    return ConcreteSystem(model, Expression(summed["risk"]), ode, {}, {})


@dataclass(frozen=True)
class UnitDerivation:
    """The unit form of ``model`` for symbolic widths: sums over units of low-dimensional expectations
    (:mod:`derive.units`), for any polynomial or erf activation."""

    model: UnitModel

    def estimate(self) -> Estimate:
        return Estimate(None, "symbolic widths: the unit form's cost does not grow with p")

    def render(self, format: Format) -> str:
        """The unit form as JSON, text or a LaTeX document (:mod:`derive.units_render`)."""
        from .units_render import unit_to_json, unit_to_latex, unit_to_text

        _check_format(format)
        return {"json": unit_to_json, "text": unit_to_text, "latex": unit_to_latex}[format](self.model)


@dataclass(frozen=True)
class GeneralDerivation:
    """The results of ``model`` for symbolic widths p, p* (matrix and index forms)."""

    model: GeneralModel

    def estimate(self) -> Estimate:
        return Estimate(None, "symbolic widths: the general route's cost does not grow with p")

    def render(self, format: Format) -> str:
        """The results as JSON, text or a LaTeX document (:mod:`derive.general_render`)."""
        from .general_render import general_to_json, general_to_latex, general_to_text

        _check_format(format)
        return {"json": general_to_json, "text": general_to_text, "latex": general_to_latex}[format](self.model)


def derivation(model: Model | GeneralModel | UnitModel, route: Route | None = None) -> Derivation:
    """The derivation of ``model``: at its widths on ``route`` (default "concrete") for a :class:`Model`; for
    symbolic widths for a :class:`GeneralModel` (matrix form, degree <= 2) or a :class:`UnitModel` (unit
    form, any activation), which only the general route can derive."""
    if isinstance(model, UnitModel):
        if route == "concrete":
            raise ValueError("a model with symbolic widths is derived by the general route only")
        return UnitDerivation(model)
    if isinstance(model, GeneralModel):
        if route == "concrete":
            raise ValueError("a model with symbolic widths is derived by the general route only")
        return GeneralDerivation(model)
    if isinstance(model, Model):
        return ConcreteDerivation(model, route or "concrete")
    raise TypeError(f"expected a derive.model.Model or a derive.general.GeneralModel, got {type(model).__name__}")

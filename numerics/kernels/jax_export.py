"""The overlap ODEs as a JAX function, for ``jax.jit``, ``jax.grad`` and the diffrax solvers (optional: needs jax).

The right-hand side is the general route's matrix form (:mod:`derive.numpy_codegen`, backend "jax"), so it
serves any widths p, p* with one compiled function. As a diffrax vector field it reads

    f(alpha, (rho, Q), args) = (d rho / d alpha, d Q / d alpha),   args = eta, or (eta, T) for a general teacher Gram,

with rho (..., p, p*) and symmetric Q (..., p, p) (leading batch axes broadcast). The read-outs a, v of a model
with diagonal read-outs are taken from the model (they must be numbers). Usage with diffrax::

    import diffrax
    term = diffrax.ODETerm(jax_vector_field(model))
    solution = diffrax.diffeqsolve(term, diffrax.Tsit5(), t0=0.0, t1=alpha_max, dt0=1e-2, y0=(rho0, Q0), args=eta)

For scipy's ``solve_ivp`` use :func:`numerics.kernels.derived.kernels` instead (``rhs`` and ``jacobian`` on the
packed state), as :mod:`numerics.dynamics.ode` does.
"""

from __future__ import annotations

from typing import Any, Callable

from quadwick.derive.general import GeneralModel
from quadwick.derive.model import Model

from .derived import generated_module

__all__ = ["jax_vector_field"]

VectorField = Callable[[Any, tuple[Any, Any], Any], tuple[Any, Any]]


def _readouts(model: Model, parameters: tuple[str, ...]) -> dict[str, Any]:
    """The numeric read-out vectors a, v that the generated functions take (as jax arrays)."""
    import jax.numpy as jnp

    readouts = {}
    for name, values in (("a", model.student_readout), ("v", model.teacher_readout)):
        if name in parameters:
            try:
                readouts[name] = jnp.array([float(value) for value in values])
            except TypeError:
                raise ValueError(f"the JAX vector field needs numeric read-outs, got {name} = {list(values)}") from None
    return readouts


def jax_vector_field(model: Model) -> VectorField:
    """f(alpha, (rho, Q), args) = (d rho/d alpha, d Q/d alpha) of ``model`` in jax.numpy (see the module docstring).

    Raises ImportError naming the optional dependency when jax is not installed, and ValueError for a model the
    general route does not cover (an activation of degree > 2).
    """
    try:
        import jax  # noqa: F401  (the generated module imports jax.numpy: fail here with the way forward)
    except ImportError:
        raise ImportError("the JAX vector field needs jax: pip install 'quadwick[jax]' (or pip install jax diffrax)") from None
    module = generated_module(GeneralModel.from_model(model), "jax")
    readouts = _readouts(model, module.PARAMETERS)
    general_teacher = "T" in module.PARAMETERS

    def field(alpha: Any, y: tuple[Any, Any], args: Any) -> tuple[Any, Any]:
        rho, Q = y
        if general_teacher:
            eta, T = args
            return module.rhs(rho, Q, eta, T=T, **readouts)
        return module.rhs(rho, Q, args, **readouts)

    return field

"""The overlap ODEs exported to JAX (numerics.kernels.jax_export): the same generated body as the NumPy kernels,
equal to them in value, and integrated by diffrax to the same trajectory as numerics.dynamics.ode (where jax and
diffrax are installed: they are an optional extra)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from quadwick.derive.general import GeneralModel
from quadwick.derive.model import preset
from quadwick.derive.numpy_codegen import BACKENDS, numpy_source
from quadwick.numerics.kernels.derived import generated_module


@pytest.mark.parametrize("name, p, pstar", [("seed003", 3, 2), ("seed004", 2, 2)])
def test_the_jax_source_is_the_numpy_body_on_jax_numpy(name, p, pstar):
    """Only the import line, a header line and the C-order copies (meaningless for XLA) differ."""
    general = GeneralModel.from_model(preset(name, p, pstar))
    numpy_lines, jax_lines = numpy_source(general).splitlines(), numpy_source(general, "jax").splitlines()
    removed = [line for line in numpy_lines if line not in jax_lines]
    added = [line for line in jax_lines if line not in numpy_lines]
    assert added == [f"Backend: jax ({BACKENDS['jax']}).", BACKENDS["jax"]]
    assert removed[0] == BACKENDS["numpy"] and all("np.ascontiguousarray" in line for line in removed[1:])
    with pytest.raises(ValueError, match="unknown backend 'torch'"):
        numpy_source(general, "torch")


def test_without_jax_the_error_names_the_optional_dependency(monkeypatch):
    from quadwick.numerics.kernels.jax_export import jax_vector_field

    monkeypatch.setitem(sys.modules, "jax", None)
    with pytest.raises(ImportError, match=r"pip install 'quadwick\[jax\]'"):
        jax_vector_field(preset("seed003", 2, 1))


@pytest.mark.parametrize("name, p, pstar", [("seed003", 3, 2), ("seed004", 2, 2)])
def test_the_jax_field_equals_the_numpy_kernels(name, p, pstar):
    jax = pytest.importorskip("jax")
    jax.config.update("jax_enable_x64", True)
    from quadwick.numerics.kernels.jax_export import jax_vector_field

    model = preset(name, p, pstar)
    rng = np.random.default_rng(3)
    rho = 0.3 * rng.standard_normal((5, p, pstar))
    Q = rng.standard_normal((5, p, p))
    Q = Q @ np.swapaxes(Q, 1, 2) / p + np.eye(p)
    eta = 0.07
    module = generated_module(GeneralModel.from_model(model))
    if model.teacher_gram == "general":
        T = np.array([[1.0, 0.3], [0.3, 0.8]])
        expected, args = module.rhs(rho, Q, eta, T=T), (eta, jax.numpy.asarray(T))
    else:
        expected, args = module.rhs(rho, Q, eta), eta
    field = jax.jit(jax_vector_field(model))
    got = field(0.0, (jax.numpy.asarray(rho), jax.numpy.asarray(Q)), args)
    for value, reference in zip(got, expected):
        np.testing.assert_allclose(np.asarray(value), reference, rtol=1e-12, atol=1e-14)


def test_diffrax_integrates_the_field_to_the_scipy_trajectory():
    jax = pytest.importorskip("jax")
    diffrax = pytest.importorskip("diffrax")
    jax.config.update("jax_enable_x64", True)
    from quadwick.numerics.dynamics.ode import ODEOptions, integrate
    from quadwick.numerics.kernels.jax_export import jax_vector_field
    from quadwick.numerics.state import initial_overlaps

    model = preset("seed003", 2, 1)
    rho0, Q0 = initial_overlaps(model, 0.1, 4)
    eta, alpha_max = 0.1, 20.0
    reference = integrate(model, rho0, Q0, ODEOptions(eta=eta, alpha_max=alpha_max, points=3))
    solution = diffrax.diffeqsolve(
        diffrax.ODETerm(jax_vector_field(model)), diffrax.Tsit5(), t0=0.0, t1=alpha_max, dt0=0.01,
        y0=(jax.numpy.asarray(rho0), jax.numpy.asarray(Q0)), args=eta,
        saveat=diffrax.SaveAt(ts=jax.numpy.asarray(reference.alpha)),
        stepsize_controller=diffrax.PIDController(rtol=1e-10, atol=1e-12), max_steps=100_000,
    )
    rho, Q = (np.asarray(part) for part in solution.ys)
    assert np.abs(reference.rho[-1] - rho0).max() > 0.01  # the trajectory moved: the comparison is not trivial
    np.testing.assert_allclose(rho, reference.rho, atol=1e-7)
    np.testing.assert_allclose(Q, reference.Q, atol=1e-7)

"""The generated matrix-form NumPy kernels (derive.numpy_codegen) against the concrete route and C.

* every kernel equals the concrete route's polynomials evaluated exactly at random rational
  overlaps (relative error < 1e-12), for several widths, with and without a general Gram T,
  and for the model options of the general route;
* the Jacobian tensors, instantiated exactly, equal the derivatives of the concrete ODEs;
* the NumPy and C kernels agree to 1e-12; batch shapes broadcast; the committed module is
  the one the runtime loads for the default model, and the source is deterministic.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy
from sympy.polys.domains import QQ

from quadwick.derive.codegen import kernel_set
from quadwick.derive.general import GeneralModel, _evaluator
from quadwick.derive.general_render import general_preset
from quadwick.derive.model import Model, q_symbol
from quadwick.derive.numpy_codegen import GENERATOR_VERSION, kernel_tensors, numpy_source, tensor_derivative
from quadwick.numerics.kernels.derived import GENERATED_DIRECTORY, GeneratedKernels, kernels, generated_module
from quadwick.numerics.state import pack_state
from kernel_checks import flat_outputs, max_relative_error

REPO_ROOT = Path(__file__).resolve().parents[1]
KERNELS = ("risk", "rhs", "jacobian", "gradient", "hessian")

MODELS = {
    "1-2": Model(p=1, pstar=2),
    "3-2": Model(p=3, pstar=2),
    "2-3": Model(p=2, pstar=3),
    "gram-2-2": Model(p=2, pstar=2, teacher_gram="general"),
    "gram-3-1-unit": Model(p=3, pstar=1, teacher_gram="general", input_scaling="unit", loss_prefactor=sympy.Rational(1, 4)),
    "options-2-2": Model(
        p=2, pstar=2, activation="z**2 - z/2 + 1", student_readout=[1, -2], teacher_readout=[3, sympy.Rational(1, 2)],
        noise_variance=sympy.Rational(1, 2), teacher_gram="general",
    ),
    "linear-uniform-2-1": Model(p=2, pstar=1, activation="2*z", student_readout=sympy.Rational(3, 2), noise_variance=1),
    "own-teacher-2-2": Model(p=2, pstar=2, activation="z**2 + z", teacher_activation="z**2 - 1"),
}


@pytest.fixture(scope="module", autouse=True)
def cache_dir(tmp_path_factory):
    """A private cache folder (QUADWICK_CACHE_DIR) for generated modules and libraries."""
    folder = tmp_path_factory.mktemp("quadwick-numpy-cache")
    previous = os.environ.get("QUADWICK_CACHE_DIR")
    os.environ["QUADWICK_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        del os.environ["QUADWICK_CACHE_DIR"]
    else:
        os.environ["QUADWICK_CACHE_DIR"] = previous


def rational_matrices(model: Model, rng: np.random.Generator) -> tuple[sympy.Matrix, sympy.Matrix, sympy.Matrix]:
    """rho, Q, T of random rational weights (positive definite covariance)."""
    dim = model.p + model.pstar + 2

    def rows(count: int) -> sympy.Matrix:
        return sympy.Matrix(count, dim, lambda i, j: sympy.Rational(int(rng.integers(-12, 13)), 8))

    W, Ws = rows(model.p), rows(model.pstar)
    return W * Ws.T / dim, W * W.T / dim, Ws * Ws.T / dim


def exact_kernels(model: Model, rho: sympy.Matrix, Q: sympy.Matrix, T: sympy.Matrix, eta: sympy.Rational) -> dict[str, np.ndarray]:
    """The concrete route's kernel polynomials (derive.codegen.kernel_set) evaluated in QQ, then rounded once."""
    system = kernel_set(model)
    values = [rho[k, l] for k in range(model.p) for l in range(model.pstar)]
    values += [Q[k, j] for k in range(model.p) for j in range(k, model.p)]
    if model.teacher_gram == "general":
        values += [T[l, m] for l in range(model.pstar) for m in range(l, model.pstar)]
    point = [QQ.from_sympy(v) for v in values] + [QQ.from_sympy(eta)]
    return {name: np.array([float(QQ.to_sympy(poly(*point))) for poly in system.outputs[name]]) for name in KERNELS}


def generated_outputs(backend: GeneratedKernels, model: Model, rho, Q, T, eta: float) -> dict[str, np.ndarray]:
    """The same outputs from the generated NumPy kernels, flat in the C layout."""
    state = np.array([float(v) for v in [*[rho[k, l] for k in range(model.p) for l in range(model.pstar)],
                                         *[Q[k, j] for k in range(model.p) for j in range(k, model.p)]]])
    T_array = np.array(T.tolist(), dtype=float) if model.teacher_gram == "general" else None
    return flat_outputs(backend, state, T_array, eta)


@pytest.mark.parametrize("key", sorted(MODELS))
def test_generated_kernels_equal_exact_expressions_at_rational_points(key):
    model = MODELS[key]
    backend = kernels(model, backend="numpy")
    assert isinstance(backend, GeneratedKernels)
    rng = np.random.default_rng(sum(map(ord, key)))
    for _ in range(2):
        rho, Q, T = rational_matrices(model, rng)
        eta = sympy.Rational(int(rng.integers(1, 40)), 64)
        expected = exact_kernels(model, rho, Q, T, eta)
        actual = generated_outputs(backend, model, rho, Q, T, float(eta))
        for name in KERNELS:
            assert actual[name].shape == expected[name].shape, name
            assert max_relative_error(actual[name], expected[name]) < 1e-12, name


@pytest.mark.parametrize("key", ["3-2", "gram-2-2"])
def test_jacobian_tensors_instantiate_to_the_exact_concrete_jacobian(key):
    """J_rr, J_rQ, J_Qr, J_QQ at concrete widths equal d rhs / d state of the concrete route, symbolically."""
    model = MODELS[key]
    tensors = kernel_tensors(GeneralModel.from_model(model)).jacobian
    evaluator = _evaluator(model)
    values = {name: evaluator.tensor(tensor) for name, tensor in tensors.items()}
    system = kernel_set(model, ("jacobian",))
    jacobian = [poly.as_expr() for poly in system.outputs["jacobian"]]
    P = len(model.order_parameters)
    rows = [("r", k, l) for k in range(1, model.p + 1) for l in range(1, model.pstar + 1)]
    rows += [("Q", k, j) for k in range(1, model.p + 1) for j in range(k, model.p + 1)]
    for i, (out, k, l) in enumerate(rows):
        for j, (variable, a, b) in enumerate(rows):
            weight = 2 if variable == "Q" and a != b else 1  # d/dQ_ab of the state = 2 x symmetric gradient
            value = weight * values[f"{out}{variable}"](k, l, a, b)
            assert sympy.expand(value - jacobian[i * P + j]) == 0, (out, k, l, variable, a, b)


def test_tensor_derivative_of_a_trace_and_a_product():
    """d tr(Q Q)/d Q_ab = 2 Q_ab (symmetric gradient); d (Q rho)_kl / d rho_ab = Q_ka delta_bl."""
    risk = kernel_tensors(general_preset("seed003")).risk
    dR = tensor_derivative(risk, "Q")
    model = Model(p=2, pstar=1)
    values = _evaluator(model).tensor(dR)
    R = sympy.expand(_evaluator(model).tensor(risk)())
    for a in (1, 2):
        for b in (1, 2):
            expected = sympy.diff(R, q_symbol(a, b)) / (2 if a != b else 1)
            assert sympy.expand(values(a, b) - expected) == 0
    with pytest.raises(ValueError, match="'rho' or 'Q'"):
        tensor_derivative(risk, "T")


@pytest.mark.parametrize("key", ["3-2", "gram-2-2"])
def test_generated_and_c_kernels_agree(key):
    model = MODELS[key]
    try:
        fast = kernels(model, backend="c")
    except RuntimeError:
        pytest.skip("no C compiler")
    slow = kernels(model, backend="numpy")
    rng = np.random.default_rng(7)
    dim = model.p + model.pstar + 3
    W = rng.normal(size=(5, model.p, dim)) / np.sqrt(dim)
    Ws = rng.normal(size=(model.pstar, dim)) / np.sqrt(dim)
    state = pack_state(model, W @ Ws.T, W @ np.swapaxes(W, -1, -2))
    T = Ws @ Ws.T if model.teacher_gram == "general" else None
    pairs = [
        (fast.risk(state, T), slow.risk(state, T)),
        (fast.rhs(state, 0.3, T), slow.rhs(state, 0.3, T)),
        (fast.jacobian(state, 0.3, T), slow.jacobian(state, 0.3, T)),
        (fast.gradient_coefficients(state, T), slow.gradient_coefficients(state, T)),
        *zip(fast.hessian_coefficients(state, T), slow.hessian_coefficients(state, T)),
    ]
    for expected, actual in pairs:
        assert actual.shape == expected.shape
        assert max_relative_error(actual, expected) < 1e-12


def test_batch_dimensions_broadcast_in_the_generated_module():
    """Functions of the module take (..., p, p*) and (..., p, p) (and T (..., p*, p*)) and broadcast."""
    model = MODELS["gram-2-2"]
    module = generated_module(GeneralModel.from_model(model))
    assert module.PARAMETERS == ("T",)
    rng = np.random.default_rng(3)
    rho = rng.normal(size=(2, 3, model.p, model.pstar))
    X = rng.normal(size=(2, 3, model.p, model.p))
    Q = X @ np.swapaxes(X, -1, -2)
    Y = rng.normal(size=(model.pstar, model.pstar))
    T = Y @ Y.T
    batched = {name: getattr(module, name)(rho, Q, *([0.2] if name in ("rhs", "jacobian") else []), T) for name in KERNELS}
    assert batched["risk"].shape == (2, 3)
    assert [a.shape for a in batched["rhs"]] == [(2, 3, 2, 2), (2, 3, 2, 2)]
    assert [a.shape for a in batched["jacobian"]] == [(2, 3, 2, 2, 2, 2)] * 4
    assert [a.shape for a in batched["hessian"]] == [(2, 3, 2, 2)] + [(2, 3, 2, 2, 2, 2)] * 4
    for i in range(2):
        for j in range(3):
            single = {name: getattr(module, name)(rho[i, j], Q[i, j], *([0.2] if name in ("rhs", "jacobian") else []), T)
                      for name in KERNELS}
            assert np.allclose(batched["risk"][i, j], single["risk"], rtol=1e-14, atol=0)
            for name in ("rhs", "jacobian", "gradient", "hessian"):
                for many, one in zip(batched[name], single[name]):
                    assert one.shape == many.shape[2:]
                    assert np.allclose(many[i, j], one, rtol=1e-13, atol=1e-15)


def test_runtime_batches_with_per_state_teacher_grams():
    model = MODELS["gram-2-2"]
    backend = kernels(model, backend="numpy")
    rng = np.random.default_rng(5)
    state = rng.normal(size=(4, 3, len(model.order_parameters)))
    Y = rng.normal(size=(4, 3, model.pstar, model.pstar))
    T = Y @ np.swapaxes(Y, -1, -2)
    assert backend.rhs(state, 0.1, T).shape == (4, 3, len(model.order_parameters))
    assert backend.jacobian(state, 0.1, T).shape == (4, 3, len(model.order_parameters), len(model.order_parameters))
    assert np.allclose(backend.rhs(state, 0.1, T)[2, 1], backend.rhs(state[2, 1], 0.1, T[2, 1]), rtol=1e-14, atol=0)


def test_default_model_loads_the_committed_module_and_others_are_generated_and_cached(cache_dir):
    generated_module.cache_clear()  # modules loaded by other test modules came from their cache folders
    committed = generated_module(general_preset("seed003"))
    assert Path(committed.__file__) == GENERATED_DIRECTORY / "numpy_kernels.py"
    assert committed.GENERATOR_VERSION == GENERATOR_VERSION
    assert kernels(Model(p=5, pstar=2), backend="numpy").module is committed
    other = generated_module(GeneralModel.from_model(MODELS["gram-2-2"]))
    path = Path(other.__file__)
    assert path.parent == cache_dir and path.read_text().startswith(numpy_source(GeneralModel.from_model(MODELS["gram-2-2"])))
    generated_module.cache_clear()
    path.write_text(path.read_text()[:200])  # damaged: generated again
    again = generated_module(GeneralModel.from_model(MODELS["gram-2-2"]))
    assert Path(again.__file__) == path and len(path.read_text()) > 200
    assert again.MODEL == other.MODEL


def test_models_outside_the_general_route_fall_back_to_lambdify_then_to_the_unit_form():
    assert kernels(Model(p=2, pstar=1, activation="z**3"), backend="numpy").backend == "lambdify"
    assert kernels(Model(p=12, pstar=2, activation="z**3"), backend="numpy").backend.startswith("units")
    with pytest.raises(ValueError, match="numeric model parameters"):
        numpy_source(GeneralModel(noise_variance="symbolic"))


def test_source_header_and_determinism_across_processes():
    model = GeneralModel(teacher_gram="general", student_readout="diagonal", activation="z**2 + z", loss_prefactor=3)
    model_code = "GeneralModel(teacher_gram='general', student_readout='diagonal', activation='z**2 + z', loss_prefactor=3)"
    source = numpy_source(model)
    assert source.startswith(f'"""Generated by {GENERATOR_VERSION} ')
    assert source.splitlines()[1].startswith('Model: {"activation": "z**2 + z"')
    script = (
        "import hashlib; from derive.general import GeneralModel; from derive.numpy_codegen import numpy_source; "
        f"print(hashlib.sha256(numpy_source({model_code}).encode()).hexdigest())"
    )
    digests = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run([sys.executable, "-c", script], cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=True)
        digests.add(result.stdout.strip())
    assert digests == {hashlib.sha256(source.encode()).hexdigest()}


def test_default_rhs_shares_the_cubic_matmul_and_computes_mirror_pairs_once():
    """d Q = H + H^T with rho rho^T Q and Q rho rho^T computed once, and Q Q Q, rho rho^T Q, Q Q sharing (...) @ Q."""
    source = numpy_source(general_preset("seed003"))
    rhs = source[source.index("def rhs("):source.index("def jacobian(")]
    assert rhs.count(" @ ") == 4  # Q rho, Q Q, rho rho^T and the shared (...) @ Q
    assert "dQ_half = dQ_half_left_of_Q @ Q + " in rhs
    assert "    dQ = dQ_half + np.swapaxes(dQ_half, -1, -2)\n" in rhs
    assert 'np.einsum("...ij,...ij->...", Q, Q)' in rhs  # tr(Q Q) without a strided read


@pytest.mark.parametrize("key", ["3-2", "gram-2-2", "options-2-2"])
def test_arguments_without_a_unit_stride_axis_give_the_same_outputs(key):
    """Q and T gathered with the batch axis innermost (as the runtime's Q = state[:, index]) are copied, not misread."""
    model = MODELS[key]
    module = generated_module(GeneralModel.from_model(model))
    backend = kernels(model, backend="numpy")
    rng = np.random.default_rng(11)
    rho = rng.normal(size=(5, model.p, model.pstar))
    X = rng.normal(size=(5, model.p, model.p))
    Q = X @ np.swapaxes(X, -1, -2)
    Y = rng.normal(size=(5, model.pstar, model.pstar))
    T = Y @ np.swapaxes(Y, -1, -2)
    gathered = {name: np.moveaxis(np.ascontiguousarray(np.moveaxis(M, 0, -1)), -1, 0) for name, M in (("Q", Q), ("T", T))}
    assert gathered["Q"].strides[0] == 8 and np.array_equal(gathered["Q"], Q)
    extra = {name: backend._readouts[name] for name in ("a", "v") if name in module.PARAMETERS}
    for name in KERNELS:
        eta = [0.3] if name in ("rhs", "jacobian") else []
        with_T = [T] if "T" in module.PARAMETERS else []
        with_gathered_T = [gathered["T"]] if "T" in module.PARAMETERS else []
        expected = getattr(module, name)(rho, Q, *eta, *with_T, **extra)
        actual = getattr(module, name)(rho, gathered["Q"], *eta, *with_gathered_T, **extra)
        expected, actual = (x if isinstance(x, tuple) else (x,) for x in (expected, actual))
        for one, other in zip(expected, actual):
            assert np.allclose(one, other, rtol=1e-13, atol=1e-15), name

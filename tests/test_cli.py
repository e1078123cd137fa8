"""The command line: the JSON interface reads back exactly, errors are clear, the main job runs."""

from __future__ import annotations

import json
import re

import pytest
import sympy
from sympy.parsing.sympy_parser import parse_expr

from quadwick.derive.concrete import derive_system
from quadwick.derive.model import preset
from quadwick.derive.render import outer_key
from quadwick.numerics.cli.main import main


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("gram", ["identity", "general"])
def test_json_parses_back_to_the_engine_expressions(capsys, gram):
    code, out, _ = run_cli(capsys, "derive", "--p", "3", "--pstar", "2", "--teacher-gram", gram, "--format", "json")
    assert code == 0
    data = json.loads(out)
    system = derive_system(preset("seed003", 3, 2, teacher_gram=gram))
    variables = system.model.order_parameters
    assert data["variables"] == [str(v) for v in variables]
    assert data["model"]["p"] == 3 and data["model"]["teacher_gram"] == gram
    assert parse_expr(data["risk"]) == system.risk
    for v in variables:
        assert parse_expr(data["ode"][str(v)]) == system.ode.rhs[v]
        assert parse_expr(data["ode_order_eta"][str(v)]) == system.ode.order_eta[v]
        assert parse_expr(data["ode_order_eta2"][str(v)]) == system.ode.order_eta2[v]
    for m, combination in system.gradient.items():
        entries = data["gradient"][f"grad_w_{m}"]
        assert set(entries) == set(combination.coefficients)
        for vector, coefficient in combination.coefficients.items():
            assert parse_expr(entries[vector]) == coefficient
    for (m, n), block in system.hessian_blocks.items():
        entries = data["hessian_blocks"][f"H_{m}_{n}"]
        assert parse_expr(entries["I_N"]) == block.identity
        for (a, b), coefficient in block.outer.items():
            assert parse_expr(entries[outer_key(a, b)]) == coefficient
    names = {str(s) for expr in data["ode"].values() for s in parse_expr(expr).free_symbols}
    assert names <= set(data["variables"]) | set(data["parameters"])
    assert ("T_1_2" in data["parameters"]) == (gram == "general")


def test_text_and_latex_formats(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "derive", "--p", "2", "--pstar", "1", "--format", "text")
    assert code == 0 and "drho_1_1/dalpha = " in out and out.count("\nH_") == 4
    target = tmp_path / "eqs.tex"
    code, out, _ = run_cli(capsys, "derive", "--p", "2", "--pstar", "1", "--format", "latex", "--out", str(target))
    tex = target.read_text()
    assert code == 0 and out == ""
    assert tex.count(r"\begin{equation}") == 1 + 5 + 2 + 4
    assert r"\rho_{11}" in tex and r"\frac{d Q_{12}}{d\alpha}" in tex


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--p", "0", "--pstar", "1"], "argument --p: expected a positive integer, got 0"),
        (["--p", "2.5", "--pstar", "1"], "argument --p: expected a positive integer, got '2.5'"),
        (["--p", "2", "--pstar", "1", "--preset", "nature2027"], "invalid choice: 'nature2027'"),
    ],
)
def test_argument_errors_name_the_problem(capsys, argv, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["derive", *argv])
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    "activation, message",
    [("__import__('os').system('echo hi')", "is not allowed"), ("sin(z)", "is not allowed"), ("z**-1", "exponents")],
)
def test_unsafe_or_non_polynomial_activation_is_refused(capsys, activation, message):
    code, out, err = run_cli(capsys, "derive", "--p", "1", "--pstar", "1", "--activation", activation)
    assert code == 2 and out == ""
    assert "quadwick: error: cannot parse activation" in err and message in err


def test_run_writes_the_default_equations(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "run", "--out", str(tmp_path / "out"))
    assert code == 0
    data = json.loads((tmp_path / "out" / "equations.json").read_text())
    assert (data["model"]["name"], data["model"]["p"], data["model"]["pstar"]) == ("seed003", 6, 3)
    assert len(data["ode"]) == 6 * 3 + 6 * 7 // 2
    assert "39 overlap ODEs" in out
    stages = re.findall(r"^  (derived|drew|Hessian|claims) .*\(\d+\.\d s\)$", out, flags=re.M)
    assert stages == ["derived", "Hessian", "claims", "drew"]  # each stage reported as it finishes, timed
    assert r"\frac{d\rho}{d\alpha}" in (tmp_path / "out" / "equations-general.tex").read_text()
    assert "DISAGREES" not in out and "landscape.txt" in out
    assert (tmp_path / "out" / "figure1.png").stat().st_size > 0 and "figure1.csv" in out
    assert sympy.Symbol("eta") in parse_expr(data["ode"]["Q_1_1"]).free_symbols


def test_general_route_json_matches_the_concrete_route(capsys):
    outputs = {}
    for route in ("concrete", "general"):
        code, out, _ = run_cli(capsys, "derive", "--p", "3", "--pstar", "2", "--route", route, "--format", "json")
        assert code == 0
        outputs[route] = json.loads(out)
    concrete, general = outputs["concrete"], outputs["general"]
    assert concrete.keys() == general.keys() and concrete["variables"] == general["variables"]
    assert sympy.expand(parse_expr(concrete["risk"]) - parse_expr(general["risk"])) == 0
    for part in ("ode_order_eta", "ode_order_eta2"):
        for name, text in concrete[part].items():
            assert sympy.expand(parse_expr(text) - parse_expr(general[part][name])) == 0, (part, name)
    for block, entries in concrete["hessian_blocks"].items():
        assert entries.keys() == general["hessian_blocks"][block].keys()


def test_general_widths_in_matrix_and_index_form(capsys):
    code, out, _ = run_cli(capsys, "derive", "--general", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["route"] == "general"
    assert data["ode"]["drho"]["matrix"] == "4*eta*(pstar + 2)/(p*pstar) rho - 4*eta*tr(Q)/p**2 rho - 8*eta/p**2 Q rho"
    assert "sum_{r1} Q_{k r1} rho_{r1 l}" in data["ode"]["drho"]["index"]
    code, out, _ = run_cli(capsys, "derive", "--general", "--format", "text")
    assert code == 0 and out.count("d Q/d alpha") == 4


@pytest.mark.parametrize(
    "argv, message",
    [(["--general", "--p", "2"], "--general derives for symbolic widths"), (["--p", "2"], "give the widths --p and --pstar")],
)
def test_widths_or_general_must_be_given(capsys, argv, message):
    code, _, err = run_cli(capsys, "derive", *argv)
    assert code == 2 and message in err


def test_version_prints_the_installed_version(capsys):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.strip() == f"quadwick {version('quadwick')}"


@pytest.mark.parametrize("argv", [["derive", "--p", "500", "--pstar", "3"], ["derive", "--p", "40", "--pstar", "3"],
                                  ["derive", "--p", "2", "--pstar", "2", "--activation", "z**64"],
                                  ["latex", "--p", "500", "--pstar", "3", "--out", "never.tex"]])
def test_heavy_derivations_are_refused_with_the_estimate_and_the_way_forward(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "over the 300 s limit" in err and "--general" in err and "--force" in err
    assert not list(tmp_path.iterdir())


def test_dry_run_prints_the_estimate_and_derives_nothing(capsys):
    assert main(["derive", "--p", "6", "--pstar", "3", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("quadwick derive: estimate: concrete derivation at (p, p*) = (6, 3): about") and "rho" not in out


def test_the_command_line_loads_only_what_a_command_needs():
    import subprocess
    import sys

    probe = ("import sys, quadwick.numerics.cli.main; heavy = ('sympy', 'numpy', 'matplotlib', 'scipy', 'cvxpy', 'quadwick.numerics.claims', "
             "'quadwick.numerics.landscape', 'quadwick.numerics.dynamics.ode', 'quadwick.numerics.figures'); print([m for m in heavy if m in sys.modules])")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_the_light_choice_lists_match_what_they_stand_for():
    from quadwick.derive.derivation import FORMATS
    from quadwick.numerics.cli import main as cli
    from quadwick.numerics.cli import landscape as landscape_cli
    from quadwick.numerics.landscape.points import FAMILIES
    from quadwick.numerics.papers.seed003.landscape_render import RENDERERS
    from quadwick.derive.model import PRESETS

    assert landscape_cli.FAMILIES == FAMILIES and set(landscape_cli.FORMATS) == set(RENDERERS)
    assert cli.PRESET_NAMES == tuple(sorted(PRESETS))
    assert cli.FORMATS == FORMATS


def _failing_handler(error: BaseException):
    def handler(args) -> int:
        raise error
    return handler


@pytest.mark.parametrize("error, status, message", [
    (ValueError("bad width"), 2, "quadwick: error: bad width\n"),
    (OSError(28, "No space left on device"), 1, "quadwick: error: [Errno 28] No space left on device\n"),
    (MemoryError("cannot allocate"), 1, "quadwick: error: MemoryError: cannot allocate (--debug shows the traceback)"),
    (KeyError("rho"), 1, "quadwick: error: KeyError: 'rho' (--debug shows the traceback)"),
])
def test_failures_end_in_one_line_and_debug_shows_the_traceback(monkeypatch, capsys, error, status, message):
    from quadwick.numerics.cli import main as cli

    monkeypatch.setattr(cli, "_derive", _failing_handler(error))
    assert main(["derive", "--general"]) == status
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err
    with pytest.raises(type(error)):
        main(["--debug", "derive", "--general"])


def test_numpy_floating_point_warnings_are_errors_in_a_command(monkeypatch, capsys):
    import numpy as np

    from quadwick.numerics.cli import main as cli

    def overflowing(args) -> int:
        return int(np.float64(1e308) * 10 > 0)

    monkeypatch.setattr(cli, "_derive", overflowing)
    assert main(["derive", "--general"]) == 1
    assert "FloatingPointError: overflow encountered" in capsys.readouterr().err
    assert np.geterr()["over"] == "warn"  # the process's own setting is restored


@pytest.mark.parametrize("route", ["concrete", "general"])
def test_both_routes_answer_through_one_interface(route):
    """derive.derivation: the concrete and the instantiated general route render the same system; the general
    route at fixed widths and the symbolic-width model give no time estimate, the concrete route one that grows
    with p; a wrong format or route is named."""
    import sympy

    from quadwick.derive.derivation import ConcreteDerivation, derivation
    from quadwick.derive.general_render import general_preset
    from quadwick.derive.model import preset

    model = preset("seed003", 2, 1)
    chosen = derivation(model, route)
    concrete = derivation(model).system
    assert isinstance(chosen, ConcreteDerivation) and '"risk"' in chosen.render("json")
    assert sympy.expand(chosen.system.risk - concrete.risk) == 0
    assert all(sympy.expand(value - concrete.ode.order_eta[key]) == 0 for key, value in chosen.system.ode.order_eta.items())
    seconds = chosen.estimate().seconds
    assert (seconds is None) == (route == "general")
    if seconds is not None:
        assert derivation(preset("seed003", 8, 4)).estimate().seconds > seconds
    symbolic = derivation(general_preset("seed003"))
    assert symbolic.estimate().seconds is None and "\\begin{document}" in symbolic.render("latex")
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        chosen.render("pdf")
    with pytest.raises(ValueError, match="general route only"):
        derivation(general_preset("seed003"), "concrete")
    with pytest.raises(ValueError, match="unknown route 'fast'"):
        derivation(model, "fast")


def test_noise_and_loss_prefactor_reach_the_derived_risk(capsys):
    """--noise Delta and --loss-prefactor c: R = c (E[(y - yhat)^2] + Delta), exactly; bad values are named."""
    risks = {}
    for extra in ([], ["--noise", "1/4", "--loss-prefactor", "0.5"], ["--noise", "symbolic"]):
        code, out, _ = run_cli(capsys, "derive", "--p", "2", "--pstar", "1", *extra)
        assert code == 0
        risks[len(extra)] = parse_expr(json.loads(out)["risk"])
    assert sympy.expand(risks[4] - (risks[0] / 2 + sympy.Rational(1, 8))) == 0
    assert sympy.expand(risks[2] - risks[0] - sympy.Symbol("Delta")) == 0
    for option, value, message in (("--noise", "-1", "non-negative"), ("--loss-prefactor", "0", "non-zero"),
                                   ("--noise", "exp(1)", "a number such as")):
        with pytest.raises(SystemExit) as refused:
            main(["derive", "--p", "1", "--pstar", "1", option, value])
        captured = capsys.readouterr()
        assert refused.value.code == 2 and captured.out == "" and option in captured.err and message in captured.err


def test_numpy_underflow_is_not_an_error_in_a_command(monkeypatch, capsys):
    """A result too small for a float rounds towards 0 (scipy's BDF solver computes np.nextafter(0, inf) - 0 at its
    first step, which made `quadwick figure seed000-2` fail); overflow stays an error (the test above)."""
    import numpy as np

    from quadwick.numerics.cli import main as cli

    def underflowing(args) -> int:
        return int(np.nextafter(np.float64(0.0), np.inf) * 1e-300 != 0)

    monkeypatch.setattr(cli, "_derive", underflowing)
    assert main(["derive", "--general"]) == 0
    assert capsys.readouterr().err == ""


def test_main_restores_the_callers_sigterm_handler(capsys):
    """main() makes SIGTERM unwind while a command runs, and gives the caller its own handler back afterwards:
    a test process that called main() must not hand quadwick's handler to the workers it forks later."""
    import signal

    def own(signum, frame):  # pragma: no cover - never delivered
        raise AssertionError

    previous = signal.signal(signal.SIGTERM, own)
    try:
        assert main(["derive", "--p", "1", "--pstar", "1", "--dry-run"]) == 0
        assert signal.getsignal(signal.SIGTERM) is own
    finally:
        signal.signal(signal.SIGTERM, previous)
    capsys.readouterr()

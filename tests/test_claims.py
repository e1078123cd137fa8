"""The claims framework: outcomes, the runner, the report files and ``quadwick verify``'s selection.

The claims themselves are tested per seed in tests/test_claims_<seed>.py.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace

import pytest
import sympy

from quadwick.numerics.claims import (FINDINGS, Claim, Control, HypothesisCheck, Outcome, Reading, Section, identity_outcome,
                             normalise_whitespace)
from quadwick.numerics.claims.report import (claim_record, control_counts, finding_line, coverage_records, math_display, read_claims_json,
                                    report_files, summary_table, verdict_counts)
from quadwick.numerics.claims.runner import run_claims
from quadwick.numerics.papers.registry import CLAIM_MODULES, claim_module, coverage, registry
from quadwick.numerics.papers.seeds import seed_path
from quadwick.numerics.cli.verify import select_claims

from claims_expected import EXPECTED_VERDICTS

X = sympy.Symbol("x")
SEED = "003_27ba979bfcd90597.txt"


def _square_identity(quick: bool) -> Outcome:
    return identity_outcome((X + 1) ** 2, X**2 + 2 * X + 1, "the square")


def _square_typo(quick: bool) -> Outcome:
    outcome = identity_outcome(X**2 + 2 * X, X**2 + 2 * X + 1, "the square")
    return replace(outcome, finding="(x+1)^2 printed without its constant term",
                   hypotheses=(HypothesisCheck(HYPOTHESIS, True, "x is a real symbol"),))


def _square_misprint(quick: bool) -> Outcome:
    return Outcome("misprint", "printed x^2 + 2x, the derivation two lines above gives x^2 + 2x + 1",
                   finding="the constant 1 is dropped in print", readings=(
                       Reading("as printed", "refuted", "residual -1"),
                       Reading("with the + 1 of the line above", "verified", "residual 0")))


def _crash(quick: bool) -> Outcome:
    raise RuntimeError("deliberate failure")


HYPOTHESIS = "x is real"
CONTROL = Control("the constant 1 dropped", _square_typo)


def _claim(claim_id: str, check, statement=sympy.Eq((X + 1) ** 2, X**2 + 2 * X + 1), control=CONTROL) -> Claim:
    return Claim(id=claim_id, seed=SEED, number="eq. (0)", title=f"test {claim_id}", quote="(x+1)^2 = x^2 + 2x + 1",
                 statement=statement, method="exact symbolic identity", check=check, hypotheses=(HYPOTHESIS,),
                 control=control)


CLAIMS = [_claim("t-ok", _square_identity), _claim("t-typo", _square_typo), _claim("t-crash", _crash),
          _claim("t-text", _square_identity, statement="A sentence with x_1 ≤ 2% and a $ sign.",
                 control=Control("a control that fails to refute", _square_identity)),
          _claim("t-misprint", _square_misprint)]
COVERAGE = [Section(SEED, "Sec. 1", ("t-ok", "t-typo")), Section(SEED, "Sec. 2", (), "a literature review")]


def _records(claims=CLAIMS):
    return [claim_record(r) for r in run_claims(claims, quick=True)]


def test_outcome_and_claim_reject_bad_fields():
    with pytest.raises(ValueError, match="verdict must be one of"):
        Outcome("true", "x")
    with pytest.raises(ValueError, match="summary"):
        Outcome("verified", "  ")
    with pytest.raises(ValueError, match="method must be one of"):
        Claim(id="a", seed=SEED, number="eq. (1)", title="t", quote="q", statement="s", method="guess",
              check=_square_identity)
    with pytest.raises(ValueError, match="misprint lists the printed reading"):
        Outcome("misprint", "x", readings=(Reading("as printed", "refuted", "r"),))
    with pytest.raises(ValueError, match="makes it a misprint"):
        Outcome("refuted", "x", readings=(Reading("as printed", "refuted", "r"), Reading("other", "verified", "r")))
    with pytest.raises(ValueError, match="say why"):
        Section(SEED, "Sec. 9")
    with pytest.raises(TypeError, match="tuple of sentences"):
        Claim(id="a", seed=SEED, number="eq. (1)", title="t", quote="q", statement="s", method="numerical",
              check=_square_identity, hypotheses="x is real")


def test_a_definition_the_engine_follows_is_recorded_as_a_definition_without_control():
    definition = replace(CLAIMS[0], id="t-def", method="convention", control=None)
    (record,) = _records([definition])
    assert record["verdict"] == "definition" and record["control"] is None
    assert verdict_counts([record])["definition"] == 1
    assert summary_table(run_claims([definition])).splitlines()[-1].startswith("1 claims: 1 definitions; of the 0 checked")


def test_a_finding_without_its_own_line_shows_the_first_sentence_of_its_summary():
    (record,) = _records([_claim("t-bare", lambda quick: identity_outcome(X, X + 1, "the shift"))])
    assert finding_line(record) == "the shift: the transcription differs from the engine's derivation; residual (paper - engine) shown."


def test_identity_outcome_refutes_with_residual_and_engine_form():
    outcome = _square_typo(True)
    assert outcome.verdict == "refuted"
    assert outcome.residual == -1
    assert outcome.correct_form == X**2 + 2 * X + 1
    matrix = identity_outcome(sympy.Matrix([X, 1]), sympy.Matrix([X, 0]), "vector")
    assert matrix.verdict == "refuted" and list(matrix.residual) == [0, 1]


def test_runner_keeps_going_after_a_crash_and_records_it_with_the_controls():
    results = run_claims(CLAIMS, quick=True)
    assert [r.claim.id for r in results] == [c.id for c in CLAIMS]
    assert [r.crashed for r in results] == [False, False, True, False, False]
    assert "deliberate failure" in results[2].error
    records = [claim_record(r) for r in results]
    assert verdict_counts(records) == {"definition": 0, "verified": 2, "verified numerically": 0, "misprint": 1,
                                       "refuted": 1, "inconclusive": 0, "check crashed": 1}
    assert records[2]["verdict"] == "inconclusive" and "deliberate failure" in records[2]["evidence"]["error"]
    assert [r["control"]["verdict"] for r in records] == ["refuted", "refuted", "refuted", "verified", "refuted"]
    assert control_counts(records) == (4, 5)
    table = summary_table(results)
    assert "5 claims: 0 definitions; of the 5 checked: 2 verified" in table
    # one line per claim, in order, ending with its reason (the finding of a refuted claim, the crash of a crashed one)
    rows = table.splitlines()[1:6]
    for row, record in zip(rows, records):
        reason = " ".join(finding_line(record).split())
        assert row.endswith(reason) or row.endswith("...") and reason.startswith(row.split("  ")[-1][:-3].strip())
    assert rows[2].endswith("The check crashed.")
    assert "negative controls: 4 of 5 refuted" in table


def test_records_have_the_keys_of_the_issue_and_round_trip_through_json():
    records = _records(CLAIMS[:2])
    files = report_files(records, coverage_records(COVERAGE), quick=True)
    loaded, rows = read_claims_json(files["claims.json"])
    assert loaded == records and rows == coverage_records(COVERAGE)
    for record in loaded:
        assert {"id", "source", "quote", "transcription", "hypotheses", "method", "verdict", "evidence",
                "control"} <= set(record)
        assert record["source"] == f"{SEED} eq. (0)"
        assert record["control"]["perturbation"] == "the constant 1 dropped"
    assert loaded[1]["evidence"]["residual"] == "-1"
    assert loaded[1]["evidence"]["hypotheses"] == [{"hypothesis": HYPOTHESIS, "holds": True, "how": "x is a real symbol"}]


def test_markdown_opens_with_the_findings_and_details_them():
    markdown = report_files(_records(), coverage_records(COVERAGE), quick=True)["report.md"]
    findings = markdown[markdown.index("## Findings"):markdown.index("## Counts")]
    assert "**refuted** t-typo" in findings and "**misprint** t-misprint" in findings
    assert "the constant 1 is dropped in print" in findings and "t-ok" not in findings
    table = markdown[markdown.index("## All claims"):]
    rows = [line for line in table.splitlines() if line.startswith("| ") and line.split("|")[2].strip().startswith("t-")]
    assert [row.split("|")[1].strip() for row in rows] == ["verified", "refuted", "check crashed", "verified", "misprint"]
    assert [row.split("|")[6].strip() for row in rows] == ["refuted", "refuted", "refuted", "verified", "refuted"]
    assert "### t-typo: test t-typo" in markdown and "### t-ok" not in markdown
    assert markdown.index("## Misprint claims") < markdown.index("## Refuted claims")
    assert "| with the + 1 of the line above | verified | residual 0 |" in markdown
    assert "| x is real | yes | x is a real symbol |" in markdown
    assert "Residual (paper - engine):" in markdown
    assert "| Sec. 2 | - | a literature review |" in markdown


def test_long_sums_are_broken_between_terms():
    many = sum(sympy.symbols("a0:40"))
    display = math_display(sympy.latex(sympy.Eq(sympy.Symbol("S"), many)))
    assert display.startswith(r"\begin{align*}") and display.count(r"\notag") >= 2
    assert math_display(r"\text{a sentence}") == "a sentence\n"


ENGINE = shutil.which("pdflatex") or shutil.which("lualatex")


@pytest.mark.skipif(ENGINE is None, reason="no LaTeX engine (pdflatex/lualatex); .ci/run installs texlive-latex-base")
def test_latex_report_compiles(tmp_path):
    records = _records()
    records[1]["hypotheses"] = []  # a claim whose standing hypotheses are not yet stated
    records[0]["quote"] = "ẇi(t) = Eνn [ tr (X(A∗ −A(t)))Xwi(t) ] with 𝕀 and _ ^ & % # ~ \\frac{a}{b}" * 5
    (tmp_path / "report.tex").write_text(report_files(records, coverage_records(COVERAGE), quick=True)["report.tex"])
    result = subprocess.run([ENGINE, "-interaction=nonstopmode", "-halt-on-error", "report.tex"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (tmp_path / "report.log").read_text(errors="replace")[-3000:]


def test_selection_by_seed_and_id_with_clear_errors():
    claims = {c.id: c for c in CLAIMS}
    assert [c.id for c in select_claims(claims, ["003"], None)] == list(claims)
    assert [c.id for c in select_claims(claims, [SEED], ["t-typo"])] == ["t-typo"]
    with pytest.raises(ValueError, match="no claims from seed '005'"):
        select_claims(claims, ["005"], None)
    with pytest.raises(ValueError, match="unknown claim id"):
        select_claims(claims, None, ["nope"])


def test_registry_ids_are_unique_and_sources_name_a_seed_file():
    claims = registry()
    for claim in claims.values():
        assert claim.seed[:4] in {"000_", "001_", "002_", "003_", "004_"} and claim.seed.endswith(".txt")
        assert claim.id.startswith(claim.seed[:3] + "-"), claim.id


# -- every registered claim ------------------------------------------------------------------------------

REGISTRY = registry()
# Seed modules read to issue 12's standard (standing hypotheses, negative controls, definitions apart,
# coverage rows) are the ones that declare their COVERAGE. The others still carry the earlier checks and are
# held to their expected verdicts only, until they are converted; the report shows their claims without a
# control.
REFEREED_MODULES = tuple(name for name in CLAIM_MODULES if hasattr(claim_module(name), "COVERAGE"))
REFEREED = {claim.id for name in REFEREED_MODULES for claim in claim_module(name).CLAIMS}


def test_every_registered_claim_has_an_expected_verdict():
    assert list(EXPECTED_VERDICTS) == list(REGISTRY)


@pytest.mark.parametrize("claim", list(REGISTRY.values()), ids=lambda claim: claim.id)
def test_quote_is_verbatim_in_the_seed(claim):
    path = seed_path(claim.seed)
    if path is None:
        pytest.skip("seed texts not found (set QUADWICK_SEEDS to the seeds folder)")
    assert normalise_whitespace(claim.quote) in normalise_whitespace(path.read_text(encoding="utf-8"))


def _assert_referee_evidence(claim, outcome) -> None:
    """What a referee asks of each verdict (issue 12): hypotheses met, readings listed, a finding line."""
    if claim.is_definition:
        assert outcome.verdict in ("definition", "misprint", "inconclusive"), "a definition is not verified or refuted"
    else:
        assert outcome.verdict != "definition", "only a convention is a definition"
    if outcome.verdict == "refuted":
        assert outcome.residual is not None or outcome.values, "a refutation carries its residual or values"
        checked = {check.hypothesis: check for check in outcome.hypotheses}
        missing = [h for h in claim.hypotheses if h not in checked]
        assert not missing, f"the counterexample is not checked against {missing}"
        assert all(check.holds for check in outcome.hypotheses), [c for c in outcome.hypotheses if not c.holds]
    if outcome.verdict in FINDINGS:
        assert outcome.finding.strip(), "a finding has its one line for the top of the report"


@pytest.mark.parametrize("claim", list(REGISTRY.values()), ids=lambda claim: claim.id)
def test_quick_check_reaches_the_expected_verdict_with_its_evidence(claim):
    outcome = claim.check(True)
    assert outcome.verdict == EXPECTED_VERDICTS[claim.id], outcome.summary
    assert claim.transcription_text and claim.transcription_latex
    if claim.id not in REFEREED:
        return
    assert claim.hypotheses, "every claim states the standing hypotheses that bear on it"
    _assert_referee_evidence(claim, outcome)
    if claim.is_definition:
        assert claim.control is None
    else:
        assert claim.control is not None, "every check needs a negative control"
        control = claim.control.check(True)
        assert control.verdict == "refuted", f"control ({claim.control.perturbation}) was not refuted: {control.summary}"


def test_coverage_lists_every_claim_once_under_its_paper():
    rows = coverage()
    listed = [(row.seed, claim_id) for row in rows for claim_id in row.claims]
    assert sorted(claim_id for _, claim_id in listed) == sorted(REFEREED), "each claim in exactly one coverage row"
    assert all(REGISTRY[claim_id].seed == seed for seed, claim_id in listed), "a claim is listed under its own paper"
    assert {row.seed[:3] for row in rows} == {REGISTRY[claim_id].seed[:3] for claim_id in REFEREED}


def test_verify_command_writes_the_report_and_exits_by_crashes_not_verdicts(tmp_path, capsys, monkeypatch):
    import quadwick.numerics.papers.registry
    from quadwick.numerics.cli.main import main

    assert main(["verify", "--claim", "003-eq23", "--report", str(tmp_path)]) == 0
    assert "1 claims: 0 definitions; of the 1 checked: 1 verified" in capsys.readouterr().out
    records, rows = read_claims_json((tmp_path / "claims.json").read_text())
    assert [r["id"] for r in records] == ["003-eq23"] and {row["seed"] for row in rows} <= {records[0]["source"].split()[0]}
    assert (tmp_path / "report.md").exists() and (tmp_path / "report.tex").exists()
    assert main(["verify", "--claim", "nope"]) == 2
    monkeypatch.setattr(quadwick.numerics.papers.registry, "registry", lambda: {c.id: c for c in CLAIMS})
    assert main(["verify", "--claim", "t-typo", "--claim", "t-text", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "refuted: t-typo: (x+1)^2 printed without its constant term" in out
    assert "control not refuted: t-text (a control that fails to refute)" in out
    assert main(["verify", "--claim", "t-crash", "--workers", "1", "--json", str(tmp_path / "c.json")]) == 1
    assert "deliberate failure" in capsys.readouterr().err
    (tmp_path / "a-file").write_text("")
    assert main(["verify", "--claim", "t-ok", "--workers", "1", "--report", str(tmp_path / "a-file" / "report")]) == 1
    assert "a part of its folder path is a file, not a folder" in capsys.readouterr().err


def test_verify_saves_the_records_when_the_report_cannot_be_written(tmp_path, capsys, monkeypatch):
    import quadwick.numerics.claims.report
    import quadwick.numerics.papers.registry
    from quadwick.numerics.cli.main import main

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(quadwick.numerics.papers.registry, "registry", lambda: {c.id: c for c in CLAIMS})
    monkeypatch.setattr(quadwick.numerics.claims.report, "write_report", full_disk)
    assert main(["verify", "--claim", "t-ok", "--workers", "1", "--report", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "No space left on device" in err and "the records are saved in" in err
    rescued = err.split("the records are saved in ")[1].strip()
    records, _ = read_claims_json(open(rescued).read())
    assert [r["id"] for r in records] == ["t-ok"]


def test_ctrl_c_reports_the_checks_that_finished(tmp_path, capsys, monkeypatch):
    import quadwick.numerics.papers.registry
    from quadwick.numerics.cli.main import main

    def _interrupt(quick: bool) -> Outcome:
        raise KeyboardInterrupt

    claims = [CLAIMS[0], _claim("t-stop", _interrupt), CLAIMS[1]]
    monkeypatch.setattr(quadwick.numerics.papers.registry, "registry", lambda: {c.id: c for c in claims})
    assert main(["verify", "--workers", "1", "--report", str(tmp_path)]) == 130
    assert "interrupted; the 1 checks that had finished" in capsys.readouterr().err
    records, _ = read_claims_json((tmp_path / "claims.json").read_text())
    assert [r["id"] for r in records] == ["t-ok"]


def test_outcomes_hold_only_what_claims_json_can_write():
    import numpy as np

    with pytest.raises(TypeError, match="holds must be a bool"):
        HypothesisCheck("m > C d^2", sympy.Integer(9) > 8, "m = 9")
    with pytest.raises(TypeError, match="got {'rank': 'Integer'}"):
        Outcome("verified", "s", values={"rank": sympy.Integer(3)})
    assert Outcome("verified", "s", values={"x": np.float64(0.5), "n": 3, "t": "text"}).values["x"] == 0.5

"""Expected quick verdicts of the claims in numerics/claims/seed004.py (see tests/claims_expected.py)."""

EXPECTED = {
    "004-spectral": "verified",
    "004-thm2.1a": "verified",
    "004-thm2.1b": "verified numerically",
    "004-thm2.1c": "verified",
    "004-cor2.2": "verified numerically",
    "004-eq3": "verified",
    "004-thm2.3": "verified numerically",
    "004-thm2.3-remark": "refuted",
    "004-thm2.5": "verified numerically",
    "004-thm2.6a": "verified",
    "004-thm2.6b": "verified numerically",
    "004-thm2.8a": "verified",
    "004-thm2.8b": "verified",
    "004-thm2.9a": "verified numerically",
    "004-thm2.9b": "verified numerically",
}

"""Expected quick verdicts of the claims in numerics/claims/seed002.py (see tests/claims_expected.py)."""

EXPECTED = {
    "002-eq6": "verified",
    "002-eq6-cubic": "verified",
    "002-eq6-mixed": "verified",
    "002-eq7": "verified",
    "002-eq8": "verified",
    "002-eq4": "refuted",
    "002-eq12": "verified",
    "002-eq13": "refuted",
    "002-eq14": "verified",
    "002-lemma1-a": "verified numerically",
    "002-lemma1-b": "refuted",
    "002-lemma1-c": "refuted",
    "002-thm2-a": "verified numerically",
    "002-thm2-b": "verified numerically",
    "002-thm2-c": "refuted",
    "002-thm5": "inconclusive",
    "002-benign": "verified numerically",
}

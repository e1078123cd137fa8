"""The verdict each registered claim is expected to reach at quick sizes (tests/test_claims.py runs them).

Each entry records a check's result as it was established and reviewed: a change of verdict is either a
regression or a new finding, and must show up as a failing test until someone looks at it. One table per
claim module (tests/expected_<short name>.py), merged here in the registry's order.
"""

import importlib

from quadwick.numerics.papers.registry import CLAIM_MODULES

EXPECTED_VERDICTS = {claim_id: verdict for name in CLAIM_MODULES
                     for claim_id, verdict in importlib.import_module(f"expected_{name}").EXPECTED.items()}

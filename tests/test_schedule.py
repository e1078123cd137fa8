"""The claims runner's schedule: longest first by earlier timings, worker count from the cores, timings stored."""

from __future__ import annotations

import os
from types import SimpleNamespace

from quadwick.numerics.claims.schedule import longest_first, measured_seconds, record_seconds, worker_count


def _claims(*specs):
    return [SimpleNamespace(id=claim_id, method=method) for claim_id, method in specs]


def test_timed_checks_run_longest_first_after_the_untimed_ranked_by_method():
    claims = _claims(("short", "exact symbolic identity"), ("new-exact", "exact symbolic identity"),
                     ("long", "exact symbolic identity"), ("new-ode", "ODE integration"))
    order = [c.id for c in longest_first(claims, {"short": 0.1, "long": 30.0})]
    assert order == ["new-ode", "new-exact", "long", "short"]
    # Without timings the order is the method rank alone (the negative control: timings do reorder).
    assert [c.id for c in longest_first(claims, {})] == ["new-ode", "short", "new-exact", "long"]


def test_worker_count_is_capped_by_tasks_and_cores():
    assert worker_count(8, tasks=100, cpus=2) == 2
    assert worker_count(8, tasks=1, cpus=16) == 1
    assert worker_count(3, tasks=100, cpus=16) == 3
    assert worker_count(4, tasks=100) == min(4, os.cpu_count() or 1)


def test_timings_round_trip_per_size_and_merge(tmp_path, monkeypatch):
    monkeypatch.setenv("QUADWICK_CACHE_DIR", str(tmp_path / "cache"))
    assert measured_seconds(quick=True) == {}
    record_seconds({"a": 1.5, "b": 2.0}, quick=True)
    record_seconds({"b": 3.0}, quick=True)
    record_seconds({"a": 9.0}, quick=False)
    assert measured_seconds(quick=True) == {"a": 1.5, "b": 3.0}
    assert measured_seconds(quick=False) == {"a": 9.0}


def test_a_damaged_timings_file_reads_as_empty_and_is_replaced(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("QUADWICK_CACHE_DIR", str(folder))
    (folder / "claim-seconds.json").write_text('{"quick": [1, 2', encoding="utf-8")
    assert measured_seconds(quick=True) == {}
    record_seconds({"a": 1.0}, quick=True)
    assert measured_seconds(quick=True) == {"a": 1.0}


def test_an_untrusted_cache_stores_nothing(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    monkeypatch.setenv("QUADWICK_CACHE_DIR", str(folder))
    record_seconds({"a": 1.0}, quick=True)
    assert not (folder / "claim-seconds.json").exists()

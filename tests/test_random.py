"""The C generator of the compiled simulators (numerics/kernels/random.py): its normals and gammas have the right
laws, its streams are reproducible and distinct.  Each Kolmogorov-Smirnov test runs at a size where it has power:
the same draws are tested against a slightly altered law, which must be rejected (the negative control)."""

from __future__ import annotations

import shutil

import numpy as np
import pytest
from scipy import stats

from quadwick.numerics.kernels import random

pytestmark = pytest.mark.skipif(shutil.which("cc") is None, reason="needs a C compiler")

ZIGGURAT_R, ZIGGURAT_V = 3.442619855899, 9.91256303526217e-3


def test_ziggurat_layers_have_equal_areas_and_close_at_the_top():
    x, f = random.tables()
    assert x[1] == ZIGGURAT_R and x[128] == 0.0 and f[128] == 1.0
    assert np.all(np.diff(x) < 0)
    # layer i (1 <= i <= 126) spans f(x_i) .. f(x_{i+1}) over width x_i: area v; the top layer's closes at 1
    np.testing.assert_allclose(x[1:127] * (f[2:128] - f[1:127]), ZIGGURAT_V, rtol=1e-12)
    assert abs(x[127] * (1.0 - f[127]) - ZIGGURAT_V) < 1e-9
    np.testing.assert_allclose(f[1:128], np.exp(-x[1:128] ** 2 / 2), rtol=1e-14)
    # the base layer: the strip under f(r) plus the tail's area
    tail = np.sqrt(2 * np.pi) * stats.norm.sf(ZIGGURAT_R)
    assert abs(x[0] * f[1] - (ZIGGURAT_R * f[1] + tail)) < 1e-8


def test_normals_follow_the_standard_normal_law():
    z = random.normal(seed=1, n=1_000_000)
    assert stats.kstest(z, "norm").pvalue > 1e-3
    # control: a 1.5% wider law is rejected (its KS distance, about 0.0036, is twice the 1e-3 critical value here)
    assert stats.kstest(z, "norm", args=(0.0, 1.015)).pvalue < 1e-3
    assert abs(z.mean()) < 5e-3 and abs(z.var() - 1) < 5e-3 and abs(stats.kurtosis(z)) < 0.02
    # the tail beyond r (drawn by Marsaglia's method) has the normal's mass, 5.76e-4: about 576 +- 24 here
    beyond = np.sum(np.abs(z) > ZIGGURAT_R)
    expected = 2 * stats.norm.sf(ZIGGURAT_R) * len(z)
    assert abs(beyond - expected) < 5 * np.sqrt(expected)
    tail = np.abs(z[np.abs(z) > ZIGGURAT_R])
    assert stats.kstest(tail, lambda t: 1 - stats.norm.sf(t) / stats.norm.sf(ZIGGURAT_R)).pvalue > 1e-3
    # signs are fair and independent of the size
    assert abs(np.mean(z > 0) - 0.5) < 3e-3
    assert abs(np.corrcoef(np.sign(z), np.abs(z))[0, 1]) < 5e-3


@pytest.mark.parametrize("shape", [1.0, 4995.5])  # 4995.5: chi^2_{N - d} / 2 of the chain at N = 10^4, d = 9
def test_gammas_follow_the_gamma_law(shape):
    g = random.gamma(seed=2, shape=shape, n=400_000)
    assert stats.kstest(g, "gamma", args=(shape,)).pvalue > 1e-3
    # control: the scale off by 0.02 standard deviations over the mean (KS distance about 0.008, critical 0.003)
    assert stats.kstest(g, "gamma", args=(shape, 0.0, 1.0 + 0.02 / np.sqrt(shape))).pvalue < 1e-3


def test_gamma_refuses_a_shape_below_one():
    with pytest.raises(ValueError, match="shape >= 1"):
        random.gamma(seed=0, shape=0.5, n=3)


def test_streams_are_reproducible_distinct_and_uncorrelated():
    first = random.normal(seed=5, n=200_000, stream=0)
    np.testing.assert_array_equal(first, random.normal(seed=5, n=200_000, stream=0))
    second = random.normal(seed=5, n=200_000, stream=1)
    other_seed = random.normal(seed=6, n=200_000, stream=0)
    for other in (second, other_seed):
        assert not np.any(first == other)
        assert abs(np.corrcoef(first, other)[0, 1]) < 5 / np.sqrt(len(first))
    # consecutive draws of one stream are uncorrelated
    assert abs(np.corrcoef(first[:-1], first[1:])[0, 1]) < 5 / np.sqrt(len(first))


def test_streams_are_the_generators_jumped_streams():
    """Row r of streams() (the simulators' replica states) is stream r of the seed: splitmix64 seeding, then r jumps of 2^128 steps
    (xoshiro256++'s published jump polynomial), computed here in Python."""
    mask = (1 << 64) - 1

    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & mask

    def advance(s):
        t = (s[1] << 17) & mask
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)

    seed, x, state = 2**63 + 12345, 2**63 + 12345, []
    for _ in range(4):
        x = (x + 0x9E3779B97F4A7C15) & mask
        z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        state.append(z ^ (z >> 31))
    rows = [list(state)]
    for _ in range(2):
        jumped = [0, 0, 0, 0]
        for word in (0x180EC6D33CFD0ABA, 0xD5A61266F0C9392C, 0xA9582618E03FC9AA, 0x39ABDC4529B1661C):
            for bit in range(64):
                if word >> bit & 1:
                    jumped = [a ^ b for a, b in zip(jumped, state)]
                advance(state)
        state = jumped
        rows.append(list(state))
    got = random.streams(seed, 3)
    assert got.tolist() == rows
    assert random.streams(seed + 1, 1).tolist() != rows[:1]

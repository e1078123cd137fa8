"""Random numbers drawn in C: one generator for the compiled SGD simulators, so that no step waits on NumPy.

The source :data:`RANDOM_SOURCE` is C text to paste at the top of a kernel's source (everything in it is
``static``).  It defines

* ``qw_rng``: a xoshiro256++ generator (Blackman & Vigna 2018; period 2^256 - 1, 256 bits of state).
  ``qw_seed(&g, seed, stream)`` fills the state from ``seed`` by splitmix64 and then jumps ``stream`` times
  by 2^128 steps, so streams 0, 1, 2, ... of one seed are disjoint stretches of one sequence: a simulation
  gives replica r stream r, and its numbers do not depend on how replicas are shared among threads;
* ``qw_uniform(&g)``: a double uniform on [0, 1), the top 53 bits of one output;
* ``qw_normal(&g)``: a standard normal by the ziggurat method (Marsaglia & Tsang 2000, 128 layers,
  r = 3.442619855899, layer area v = 9.91256303526217e-3 for f(x) = exp(-x^2/2)).  Layer i of the
  ziggurat covers |x| < x_i, f(x_i) < y < f(x_{i+1}) (x_1 = r, f(x_{i+1}) = f(x_i) + v / x_i, x_128 = 0;
  the base layer 0 has width x_0 = v / f(r) and stands for the strip under f(r) and the tail).  A draw
  takes one 64-bit output: its low 7 bits pick the layer, bit 7 the sign, its top 53 bits the abscissa
  x = u x_i, accepted at once when x < x_{i+1} (about 98.8% of draws); otherwise the wedge test
  f(x_i) + U (f(x_{i+1}) - f(x_i)) < f(x), or in layer 0 Marsaglia's tail r + a, a = -log(U_1) / r,
  accepted when -2 log(U_2) > a^2.  The bits that choose the layer and the abscissa are disjoint, so
  the two are independent (the flaw of the 32-bit original is avoided).  The quick acceptance is inline, the
  rest (``qw_normal_slow``) a call;
* ``qw_gamma(&g, shape)``: a Gamma(shape, 1) variate for shape >= 1 (Marsaglia & Tsang 2000), also as
  ``qw_gamma_draw(&g, law)`` with ``law = qw_gamma_of(shape)`` (the constants below, computed once):
  d = shape - 1/3, c = 1 / sqrt(9 d); x normal, v = (1 + c x)^3, accepted when v > 0 and
  log U < x^2 / 2 + d - d v + d log v (the squeeze U < 1 - 0.0331 x^4 first), giving d v.
  A chi-square variate with k degrees of freedom is 2 qw_gamma(&g, k / 2).

The tables are built on first use (``qw_tables``; the build is idempotent, so threads racing on it write
the same numbers).  A small library built from this source gives Python the replicas' starting states
(:func:`streams`, which both compiled simulators use) and fills NumPy arrays with draws (:func:`normal`,
:func:`gamma`, :func:`tables`: for the tests of the distributions, tests/test_random.py).
"""

from __future__ import annotations

import ctypes
from functools import lru_cache

import numpy as np

from .build import load_library

__all__ = ["RANDOM_SOURCE", "streams", "normal", "gamma", "tables"]

RANDOM_SOURCE = r"""
#include <math.h>
#include <stdint.h>

typedef struct { uint64_t s[4]; } qw_rng;

static inline uint64_t qw_rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t qw_next(qw_rng *g) {
    uint64_t *s = g->s;
    const uint64_t result = qw_rotl(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t; s[3] = qw_rotl(s[3], 45);
    return result;
}

static uint64_t qw_splitmix(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* 2^128 steps ahead (the generator's published jump polynomial). */
static void qw_jump(qw_rng *g) {
    static const uint64_t JUMP[] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL, 0xa9582618e03fc9aaULL,
                                    0x39abdc4529b1661cULL};
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (int i = 0; i < 4; ++i)
        for (int b = 0; b < 64; ++b) {
            if (JUMP[i] & (1ULL << b)) { s0 ^= g->s[0]; s1 ^= g->s[1]; s2 ^= g->s[2]; s3 ^= g->s[3]; }
            qw_next(g);
        }
    g->s[0] = s0; g->s[1] = s1; g->s[2] = s2; g->s[3] = s3;
}

static void qw_seed(qw_rng *g, uint64_t seed, uint64_t stream) {
    uint64_t x = seed;
    for (int i = 0; i < 4; ++i) g->s[i] = qw_splitmix(&x);
    for (uint64_t j = 0; j < stream; ++j) qw_jump(g);
}

/* (int64_t) first: converting a signed integer to double is one instruction, an unsigned one is not. */
static inline double qw_uniform(qw_rng *g) { return (double)(int64_t)(qw_next(g) >> 11) * 0x1.0p-53; }

/* x with its sign bit flipped when flip has bit 63 set (no branch: the sign is a coin toss). */
static inline double qw_flip(double x, uint64_t flip) {
    union { double d; uint64_t u; } v = {x};
    v.u ^= flip & 0x8000000000000000ULL;
    return v.d;
}

#define QW_LAYERS 128
static double qw_x[QW_LAYERS + 1], qw_f[QW_LAYERS + 1];
static volatile int qw_ready = 0;
static const double qw_r = 3.442619855899, qw_v = 9.91256303526217e-3;

static void qw_tables(void) {
    if (qw_ready) return;
    qw_f[0] = 0.0;  /* unused: layer 0's wedge is the tail */
    qw_x[0] = qw_v / exp(-0.5 * qw_r * qw_r);
    qw_x[1] = qw_r;
    qw_f[1] = exp(-0.5 * qw_r * qw_r);
    for (int i = 1; i < QW_LAYERS - 1; ++i) {
        qw_f[i + 1] = qw_f[i] + qw_v / qw_x[i];
        qw_x[i + 1] = sqrt(-2.0 * log(qw_f[i + 1]));
    }
    qw_x[QW_LAYERS] = 0.0;
    qw_f[QW_LAYERS] = 1.0;
    qw_ready = 1;
}

/* A draw of qw_normal from its 64 bits once the quick test failed: the wedge or the tail, else fresh bits (the same
   loop as the quick test's); kept out of line so that the quick test inlines. */
static __attribute__((noinline)) double qw_normal_slow(qw_rng *g, uint64_t bits) {
    for (;;) {
        const int i = (int)(bits & 127);
        const uint64_t sign = bits << 56;  /* bit 7 */
        const double x = (double)(int64_t)(bits >> 11) * 0x1.0p-53 * qw_x[i];
        if (x < qw_x[i + 1]) return qw_flip(x, sign);
        if (i == 0) {
            double a, b;
            do {
                a = -log(1.0 - qw_uniform(g)) / qw_r;
                b = -log(1.0 - qw_uniform(g));
            } while (b + b < a * a);
            return qw_flip(qw_r + a, sign);
        }
        if (qw_f[i] + qw_uniform(g) * (qw_f[i + 1] - qw_f[i]) < exp(-0.5 * x * x)) return qw_flip(x, sign);
        bits = qw_next(g);
    }
}

static inline double qw_normal(qw_rng *g) {
    const uint64_t bits = qw_next(g);
    const int i = (int)(bits & 127);
    const double x = (double)(int64_t)(bits >> 11) * 0x1.0p-53 * qw_x[i];
    if (x < qw_x[i + 1]) return qw_flip(x, bits << 56);
    return qw_normal_slow(g, bits);
}

/* Marsaglia & Tsang's constants d = shape - 1/3 and c = 1 / sqrt(9 d), computed once for many draws. */
typedef struct { double d, c; } qw_gamma_law;

static qw_gamma_law qw_gamma_of(double shape) {
    const double d = shape - 1.0 / 3.0;
    const qw_gamma_law law = {d, 1.0 / sqrt(9.0 * d)};
    return law;
}

static inline double qw_gamma_draw(qw_rng *g, qw_gamma_law law) {
    const double d = law.d, c = law.c;
    for (;;) {
        double x, v;
        do { x = qw_normal(g); v = 1.0 + c * x; } while (v <= 0.0);
        v = v * v * v;
        const double u = 1.0 - qw_uniform(g);
        if (u < 1.0 - 0.0331 * x * x * x * x) return d * v;
        if (log(u) < 0.5 * x * x + d * (1.0 - v + log(v))) return d * v;
    }
}

static double qw_gamma(qw_rng *g, double shape) { return qw_gamma_draw(g, qw_gamma_of(shape)); }
"""

# The recursion's last layer must close at f = 1 (the top layer is [0, x_127] x [f(x_127), 1]): with Marsaglia &
# Tsang's r and v, f(x_127) = 0.9636 and f(x_127) + v / x_127 = 1 - 4e-11 (tests/test_random.py).

_SAMPLER_SOURCE = RANDOM_SOURCE + r"""
/* The states of streams 0..count-1 of seed (row r: stream r), one jump apart. */
void quadwick_streams(uint64_t seed, long count, uint64_t *states) {
    qw_rng g;
    qw_seed(&g, seed, 0);
    for (long r = 0; r < count; ++r) {
        for (int i = 0; i < 4; ++i) states[4 * r + i] = g.s[i];
        qw_jump(&g);
    }
}

void quadwick_normals(uint64_t seed, uint64_t stream, long n, double *out) {
    qw_rng g; qw_tables(); qw_seed(&g, seed, stream);
    for (long i = 0; i < n; ++i) out[i] = qw_normal(&g);
}

void quadwick_gammas(uint64_t seed, uint64_t stream, double shape, long n, double *out) {
    qw_rng g; qw_tables(); qw_seed(&g, seed, stream);
    for (long i = 0; i < n; ++i) out[i] = qw_gamma(&g, shape);
}

void quadwick_tables(double *x, double *f) {
    qw_tables();
    for (int i = 0; i <= QW_LAYERS; ++i) { x[i] = qw_x[i]; f[i] = qw_f[i]; }
}
"""


@lru_cache(maxsize=1)
def _sampler() -> ctypes.CDLL:
    library = load_library(_SAMPLER_SOURCE, "quadwick-random", required=True)
    u64, long_, double, pointer = ctypes.c_uint64, ctypes.c_long, ctypes.c_double, ctypes.c_void_p
    library.quadwick_streams.argtypes = [u64, long_, pointer]
    library.quadwick_normals.argtypes = [u64, u64, long_, pointer]
    library.quadwick_gammas.argtypes = [u64, u64, double, long_, pointer]
    library.quadwick_tables.argtypes = [pointer, pointer]
    return library


def streams(seed: int, count: int) -> np.ndarray:
    """The generator states (count, 4) uint64 of streams 0..count-1 of ``seed``: row r is ``qw_seed(&g, seed, r)``,
    the state a compiled simulator gives replica r (needs a C compiler, as those simulators do)."""
    states = np.empty((count, 4), dtype=np.uint64)
    _sampler().quadwick_streams(seed, count, states.ctypes.data)
    return states


def normal(seed: int, n: int, stream: int = 0) -> np.ndarray:
    """``n`` draws of ``qw_normal`` from stream ``stream`` of ``seed`` (for tests; needs a C compiler)."""
    out = np.empty(n)
    _sampler().quadwick_normals(seed, stream, n, out.ctypes.data)
    return out


def gamma(seed: int, shape: float, n: int, stream: int = 0) -> np.ndarray:
    """``n`` draws of ``qw_gamma(shape)`` from stream ``stream`` of ``seed`` (shape >= 1; for tests)."""
    if not shape >= 1.0:
        raise ValueError(f"qw_gamma needs shape >= 1, got {shape}")
    out = np.empty(n)
    _sampler().quadwick_gammas(seed, stream, float(shape), n, out.ctypes.data)
    return out


def tables() -> tuple[np.ndarray, np.ndarray]:
    """The ziggurat's abscissae x_0..x_128 and ordinates f(x_1)..f(x_128) (f_0 unused), as built in C."""
    x, f = np.empty(129), np.empty(129)
    _sampler().quadwick_tables(x.ctypes.data, f.ctypes.data)
    return x, f

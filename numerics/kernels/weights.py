"""The weight-space SGD simulator in C (:func:`numerics.dynamics.sgd.simulate_weights`), inputs drawn in C.

The process is the per-sample loop of :mod:`numerics.dynamics.sgd`: with A = [W*; W] (d x N, d = p* + p),
x ~ N(0, I_N) fresh at every sample and z = A x / sqrt(N) = (u, lambda),

    F_k = scale_k sigma'(lambda_k) (y - yhat),   y = sum_l v_l sigma*(u_l) + zeta,   w_k <- w_k + F_k x / sqrt(N),

a step of B samples adding its B updates at the same weights (scale_k = 2 c eta a_k / B).  It runs in blocks of
M samples (M a multiple of B) so that the O(N) work streams through the cache once per block: with X the block's
inputs (M x N), Z0 = X A^T / sqrt(N) the pre-activations at the block's start and G = X X^T / N,

    lambda_mu = Z0_mu + sum_{nu < mu - mu mod B} G_{mu nu} F_nu,     W <- W + F^T X / sqrt(N),

exactly the loop's arithmetic with its sums reordered (``block_amplitudes`` of :mod:`.simulator`'s
``AMPLITUDES_SOURCE`` is the sequential part).  The N columns are cut into stripes of ``STRIPE``; one pass over
the stripes applies the previous block's update to a stripe, sums |w_k|^2 over it (the divergence check:
Q_kk = |w_k|^2 / N non-finite or >= max_overlap stops the replica, its student weights set to 0), then fills
the stripe of the next block's inputs and adds its parts of Z0 and G while it is in cache.  Per sample that is
(d + p + M / 2) N multiply-adds, against (d + p) N for the loop, but one pass over A per M samples instead of
two per sample.  The library is compiled for each pair (p, p*), so that the loops over the d rows unroll (in
groups of rows whose accumulators fit the registers: wider students take several passes over a stripe); on
x86-64 with GCC the hot function is compiled twice, for AVX2 with FMA and for the baseline, and the loader
picks the one the CPU runs.

Random numbers: replica r draws from stream r of one seed (``qw_seed`` of :mod:`.random`), its inputs stripe by
stripe (sample by sample within a stripe), then the block's M label noises zeta = sqrt(Delta) qw_normal.  The
order depends on N, M and the stripe width only, so the numbers do not depend on how replicas are shared among
threads.  ``quadwick_weights_run`` can instead take given inputs and noises (one replica), which is how the
kernel is checked against the per-sample loop.

Learned read-outs (``readouts`` not NULL, R x p): F_k uses the replica's current read-outs,
F_k = rate a_k sigma'(lambda_k) e (rate = 2 c eta / B), and after each step
a_k <- a_k + readout_step sum_mu sigma(lambda_k,mu) e_mu (readout_step = 2 c eta_a / (N B)).  A replica whose
read-outs are not finite at a block's end stops like one whose weights grew too large.
"""

from __future__ import annotations

import ctypes
from functools import lru_cache
from typing import Any

from .build import load_library
from .random import RANDOM_SOURCE
from .simulator import AMPLITUDES_SOURCE

__all__ = ["STRIPE", "weight_simulator"]

# Columns per stripe: a block's inputs of a stripe (M x STRIPE doubles) and its part of A stay in the L1/L2 caches.
STRIPE = 256

_RUN_SOURCE = r"""
#include <stdlib.h>
#include <string.h>

#define D (P + PS)

/* Four doubles as one value (GCC/Clang vector extensions: AVX where the clone below runs, SSE2 pairs otherwise);
   vload reads four unaligned doubles. */
typedef double v4 __attribute__((vector_size(32)));
static inline v4 vload(const double *x) { v4 v; memcpy(&v, x, sizeof v); return v; }
static inline double vsum(v4 v) { return (v[0] + v[2]) + (v[1] + v[3]); }

/* x . y over n entries. */
static inline double dot(const double *x, const double *y, long n) {
    v4 s = {0.0, 0.0, 0.0, 0.0}, t = s;
    long c = 0;
    for (; c + 8 <= n; c += 8) { s += vload(x + c) * vload(y + c); t += vload(x + c + 4) * vload(y + c + 4); }
    for (; c + 4 <= n; c += 4) s += vload(x + c) * vload(y + c);
    double sum = vsum(s + t);
    for (; c < n; ++c) sum += x[c] * y[c];
    return sum;
}

/* Rows per pass over a stripe: their vector accumulators (one a row in project, two in update) and the operands
   fit the 16 AVX registers; wider students take several passes over the stripe, which is in cache. */
#define PROJECT_ROWS 12
#define UPDATE_ROWS 6

/* out[i] += A_i . x over n entries for the m rows A_i = A + i * stride (one pass over x; m a constant). */
static inline void project_rows(const double *A, long stride, const double *x, long n, double *out, const int m) {
    v4 s[PROJECT_ROWS];
    for (int i = 0; i < m; ++i) s[i] = (v4){0.0, 0.0, 0.0, 0.0};
    long c = 0;
    for (; c + 4 <= n; c += 4) {
        const v4 xv = vload(x + c);
        for (int i = 0; i < m; ++i) s[i] += vload(A + i * stride + c) * xv;
    }
    for (int i = 0; i < m; ++i) {
        double sum = vsum(s[i]);
        for (long e = c; e < n; ++e) sum += A[i * stride + e] * x[e];
        out[i] += sum;
    }
}

/* out[i] += A_i . x for the D rows of A. */
static inline void project(const double *A, long stride, const double *x, long n, double *out) {
    int i = 0;
    for (; i + PROJECT_ROWS <= D; i += PROJECT_ROWS) project_rows(A + i * stride, stride, x, n, out + i, PROJECT_ROWS);
    if (D % PROJECT_ROWS) project_rows(A + i * stride, stride, x, n, out + i, D % PROJECT_ROWS);
}

/* w_k += sum_{nu < m} F_nu,k x_nu over n entries for the r rows w_k = W + k * stride (x_nu = X + nu * stride,
   F_nu,k = F[nu * P + k]), and size[k] += |w_k|^2 of the result (r a constant). */
static inline void update_rows(double *W, long stride, const double *X, const double *F, long m, long n, double *size,
                               const int r) {
    v4 sq[UPDATE_ROWS];
    for (int k = 0; k < r; ++k) sq[k] = (v4){0.0, 0.0, 0.0, 0.0};
    long c = 0;
    for (; c + 4 <= n; c += 4) {
        v4 w[UPDATE_ROWS];
        for (int k = 0; k < r; ++k) w[k] = vload(W + k * stride + c);
        for (long nu = 0; nu < m; ++nu) {
            const v4 xv = vload(X + nu * stride + c);
            for (int k = 0; k < r; ++k) w[k] += F[nu * P + k] * xv;
        }
        for (int k = 0; k < r; ++k) { memcpy(W + k * stride + c, &w[k], sizeof w[k]); sq[k] += w[k] * w[k]; }
    }
    for (int k = 0; k < r; ++k) {
        double total = vsum(sq[k]);
        for (long e = c; e < n; ++e) {
            double t = W[k * stride + e];
            for (long nu = 0; nu < m; ++nu) t += F[nu * P + k] * X[nu * stride + e];
            W[k * stride + e] = t;
            total += t * t;
        }
        size[k] += total;
    }
}

/* The update of the P student rows. */
static inline void update(double *W, long stride, const double *X, const double *F, long m, long n, double *size) {
    int k = 0;
    for (; k + UPDATE_ROWS <= P; k += UPDATE_ROWS) update_rows(W + k * stride, stride, X, F + k, m, n, size + k, UPDATE_ROWS);
    if (P % UPDATE_ROWS) update_rows(W + k * stride, stride, X, F + k, m, n, size + k, P % UPDATE_ROWS);
}

/* The hot loop compiled twice on x86-64 GCC (AVX2 + FMA, and the baseline), chosen when the library loads. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define CLONES
#endif

/* samples samples (a multiple of batch) on replicas first..last-1 of A (replicas x D x N); codes[r] = 1 and at[r]
   = the steps done when replica r was found diverged (it then stops; already-stopped replicas, codes[r] != 0, are
   skipped).  inputs (samples x N) and noise (samples): given draws for one replica, or NULL to draw from state.
   readouts (replicas x P): learned read-outs, updated (NULL: fixed, a).  Returns 1 when out of memory. */
CLONES int quadwick_weights_run(
    long first, long last, long N, long batch, long block, long samples, double *A, uint64_t *state,
    const double *inputs, const double *given_noise, double noise_std,
    int n_act, const double *act, int n_tact, const double *tact, int n_der, const double *der,
    const double *a, const double *v, const double *scale, double *readouts, double rate, double readout_step,
    double max_overlap, long *codes, long *at)
{
    const double root_n = sqrt((double)N);
    double *X = malloc(sizeof(double) * (size_t)(block * N + block * D + block * block + block * P + block));
    if (!X) return 1;
    double *Z = X + block * N, *G = Z + block * D, *F = G + block * block, *zeta = F + block * P, size[P];
    qw_tables();
    for (long r = first; r < last; ++r) {
        if (codes[r]) continue;
        double *Ar = A + r * D * N, *W = Ar + PS * N, *ar = readouts ? readouts + r * P : 0;
        qw_rng g;
        if (!inputs) memcpy(g.s, state + 4 * r, sizeof g.s);
        long done = 0, pending = 0;
        for (;;) {
            const long count = samples - done < block ? samples - done : block;
            memset(Z, 0, sizeof(double) * (size_t)(count * D));
            memset(G, 0, sizeof(double) * (size_t)(count * count));
            for (int k = 0; k < P; ++k) size[k] = 0.0;
            for (long lo = 0; lo < N; lo += STRIPE) {
                const long width = N - lo < STRIPE ? N - lo : STRIPE;
                if (pending) update(W + lo, N, X + lo, F, pending, width, size);
                for (long mu = 0; mu < count; ++mu) {
                    double *x = X + mu * N + lo;
                    if (inputs) memcpy(x, inputs + (done + mu) * N + lo, sizeof(double) * (size_t)width);
                    else for (long c = 0; c < width; ++c) x[c] = qw_normal(&g);
                    project(Ar + lo, N, x, width, Z + mu * D);
                    for (long nu = 0; nu < mu - mu % batch; ++nu) G[mu * count + nu] += dot(X + nu * N + lo, x, width);
                }
            }
            if (pending) {
                int bad = 0;
                for (int k = 0; k < P; ++k) bad |= !(size[k] / N < max_overlap) || (ar && !isfinite(ar[k]));
                if (bad) {
                    codes[r] = 1;
                    at[r] = done / batch;
                    memset(W, 0, sizeof(double) * (size_t)(P * N));
                    break;
                }
            }
            if (!count) break;
            for (long mu = 0; mu < count; ++mu)
                zeta[mu] = inputs ? (given_noise ? given_noise[done + mu] : 0.0) : noise_std * qw_normal(&g);
            for (long i = 0; i < count * D; ++i) Z[i] /= root_n;
            for (long i = 0; i < count * count; ++i) G[i] /= N;
            block_amplitudes(count, P, PS, batch, Z, G, zeta, n_act, act, n_tact, tact, n_der, der, a, v, scale, ar, rate,
                             readout_step, F);
            for (long i = 0; i < count * P; ++i) F[i] /= root_n;
            pending = count;
            done += count;
        }
        if (!inputs) memcpy(state + 4 * r, g.s, sizeof g.s);
    }
    free(X);
    return 0;
}
"""

# -O3 unrolls the loops over the rows completely, so that their vector accumulators stay in registers (-O2 ran
# 1.7x slower at p = 6); fp-contract lets the AVX2 clone fuse multiply-adds (-std=c99 alone turns contraction off).
_FLAGS = ("-O3", "-fPIC", "-shared", "-std=c99", "-ffp-contract=fast")


@lru_cache(maxsize=None)
def _library(p: int, pstar: int) -> ctypes.CDLL | None:
    widths = f"#define P {p}\n#define PS {pstar}\n#define STRIPE {STRIPE}\n"
    source = widths + RANDOM_SOURCE + AMPLITUDES_SOURCE + _RUN_SOURCE
    library = load_library(source, f"quadwick-weights-p{p}-pstar{pstar}", flags=_FLAGS,
                           fallback="the NumPy weight-space simulation")
    if library is None:
        return None
    pointer, long_, int_, double = ctypes.c_void_p, ctypes.c_long, ctypes.c_int, ctypes.c_double
    library.quadwick_weights_run.argtypes = [long_, long_, long_, long_, long_, long_, pointer, pointer,
                                             pointer, pointer, double, int_, pointer, int_, pointer, int_, pointer,
                                             pointer, pointer, pointer, pointer, double, double, double, pointer, pointer]
    library.quadwick_weights_run.restype = int_
    return library


def weight_simulator(p: int, pstar: int) -> Any | None:
    """The library compiled for widths (p, p*) (``quadwick_weights_run``), or None without a compiler.  Its replicas
    draw from the generator states of :func:`numerics.kernels.random.streams` (row r: stream r of one seed)."""
    return _library(p, pstar)

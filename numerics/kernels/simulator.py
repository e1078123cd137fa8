"""The finite-N SGD simulator's compiled kernels (:mod:`numerics.dynamics.sgd`), C built by :mod:`.build`.

These are not derived expressions: they are the simulation itself, written independently of the Wick
derivation so that Monte Carlo can check the engine. Two functions, each the C twin of a NumPy function of
:mod:`numerics.dynamics.sgd`, taking the same draws in the same order:

* ``quadwick_overlap_chunk``: S exact overlap-space steps on R replicas (``_overlap_chunk_numpy``): per
  step z = L g with L L^T = Sigma (Cholesky, else the symmetric root from cyclic Jacobi), then
  rho <- rho + F u^T / N and Q <- Q + (F lambda^T + lambda F^T) / N + |x|^2 F F^T / N^2.  It is compiled
  for each pair of widths (p, p*), so that its loops over units unroll completely (a step is straight-line code,
  ``chain_step``); the Cholesky factor of the fixed T block is computed once per call, the factor's other rows
  every step by the same operations as a full Cholesky (the same bits), z = L g runs over the lower triangle
  only, and Q's update over its upper triangle, mirrored (so Q stays exactly symmetric).  It runs replicas
  [first, last) of R, so that threads can share them.  The draws (g, chi^2 and the label noise) are either
  supplied as arrays (the NumPy chunk's, for the tests; steps outside, replicas inside, reading them in memory
  order) or, in simulations, drawn by the kernel from the generator of :mod:`.random`: replica r from stream r of
  one seed (:func:`numerics.kernels.random.streams`), its state kept between calls (replicas outside, steps inside, so that a
  replica's state stays in cache);
* ``quadwick_weight_amplitudes``: the amplitudes F of one weight-space block (``_amplitudes_numpy``),
  lambda_mu = Z_mu + sum_{nu < mu - mu mod B} G_{mu nu} F_nu (the steps of B samples before mu's own),
  F_k = scale_k sigma'(lambda_k) (y - yhat); its per-replica core ``block_amplitudes`` (which also moves learned
  read-outs) is part of the weight-space simulator of :mod:`.weights` (``AMPLITUDES_SOURCE``).

Both take the student's activation sigma, the teacher's sigma* (y = sum_l v_l sigma*(u_l) + zeta) and sigma', each
as a length n and an array c: a polynomial's n coefficients (lowest degree first), or for c erf(s z) n = -1 with
(c, s), and for its slope n = -2 with (2 c s / sqrt(pi), s).
"""

from __future__ import annotations

import ctypes
from functools import lru_cache
from typing import Callable

from .build import DEFAULT_FLAGS, load_library
from .random import RANDOM_SOURCE

__all__ = ["overlap_chunk", "weight_amplitudes"]

# The overlap-space chain, compiled for one pair of widths (P, PS: the loops unroll and vectorise).
_CHAIN_SOURCE = RANDOM_SOURCE + r"""
#define D (P + PS)
/* Loops over units unroll completely: P and PS are constants, so every entry of the factor and of the state has a
   fixed place (mostly a register), and the compiler schedules one step as straight-line code (30% faster). */
#define UNROLL _Pragma("GCC unroll 16")

/* An activation: n > 0 the polynomial sum_{i<n} c[i] x^i; n = -1 c[0] erf(c[1] x); n = -2 c[0] exp(-(c[1] x)^2)
   (erf's slope, c[0] holding its factor 2 c s / sqrt(pi)). */
static double activation(const double *c, int n, double x) {
    if (n == -1) return c[0] * erf(c[1] * x);
    if (n == -2) { const double y = c[1] * x; return c[0] * exp(-y * y); }
    double v = c[n - 1];
    for (int i = n - 2; i >= 0; --i) v = v * x + c[i];
    return v;
}

/* Rows and columns of the Cholesky factor of the T block (once per chunk): L_T, its pivots s_j (before the
   square root) and 1 / L_jj. The per-step factor below repeats exactly the operations of a full Cholesky. */
static void teacher_factor(const double *T, double *LT, double *pivot, double *inverse) {
    for (int i = 0; i < PS * PS; ++i) LT[i] = 0.0;
    for (int j = 0; j < PS; ++j) {
        double s = T[j * PS + j];
        for (int k = 0; k < j; ++k) s -= LT[j * PS + k] * LT[j * PS + k];
        pivot[j] = s;
        double root = s > 0.0 ? sqrt(s) : 0.0;
        inverse[j] = 1.0 / root;
        LT[j * PS + j] = root;
        for (int i = j + 1; i < PS; ++i) {
            double t = T[i * PS + j];
            for (int k = 0; k < j; ++k) t -= LT[i * PS + k] * LT[j * PS + k];
            LT[i * PS + j] = t * inverse[j];
        }
    }
}

/* Cholesky L of Sigma = [[T, rho^T], [rho, Q]] (lower triangle, row-major D x D; rho and Q read in place,
   Q's lower triangle) when every pivot exceeds floor; 0 otherwise. */
static int cholesky(const double *rho, const double *q, double *L, const double *LT, const double *pivot,
                    const double *inverse, double floor) {
    for (int j = 0; j < PS; ++j) if (!(pivot[j] > floor)) return 0;
    UNROLL for (int i = 0; i < PS; ++i) for (int j = 0; j <= i; ++j) L[i * D + j] = LT[i * PS + j];
    UNROLL for (int j = 0; j < D; ++j) {
        double inv;
        if (j < PS) {
            inv = inverse[j];
        } else {
            double s = q[(j - PS) * P + j - PS];
            UNROLL for (int k = 0; k < j; ++k) s -= L[j * D + k] * L[j * D + k];
            if (!(s > floor)) return 0;
            double root = sqrt(s);
            inv = 1.0 / root;
            L[j * D + j] = root;
        }
        UNROLL for (int i = (j + 1 > PS ? j + 1 : PS); i < D; ++i) {
            double t = j < PS ? rho[(i - PS) * PS + j] : q[(i - PS) * P + j - PS];
            UNROLL for (int k = 0; k < j; ++k) t -= L[i * D + k] * L[j * D + k];
            L[i * D + j] = t * inv;
        }
    }
    return 1;
}

/* Symmetric root V diag(sqrt(max(w, 0))) V^T of S by cyclic Jacobi; returns the smallest eigenvalue. */
static double symmetric_root(const double *S, double *R) {
    double A[D * D], V[D * D], norm = 0.0;
    for (int i = 0; i < D * D; ++i) { A[i] = S[i]; V[i] = (i % (D + 1)) == 0; norm += S[i] * S[i]; }
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0;
        for (int p = 0; p < D; ++p) for (int q = p + 1; q < D; ++q) off += A[p * D + q] * A[p * D + q];
        if (off <= 1e-32 * norm) break;
        for (int p = 0; p < D; ++p) for (int q = p + 1; q < D; ++q) {
            double apq = A[p * D + q];
            if (apq == 0.0) continue;
            double theta = (A[q * D + q] - A[p * D + p]) / (2.0 * apq);
            double t = (theta >= 0.0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
            double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
            for (int k = 0; k < D; ++k) {
                double akp = A[k * D + p], akq = A[k * D + q];
                A[k * D + p] = c * akp - s * akq; A[k * D + q] = s * akp + c * akq;
            }
            for (int k = 0; k < D; ++k) {
                double apk = A[p * D + k], aqk = A[q * D + k];
                A[p * D + k] = c * apk - s * aqk; A[q * D + k] = s * apk + c * aqk;
            }
            for (int k = 0; k < D; ++k) {
                double vkp = V[k * D + p], vkq = V[k * D + q];
                V[k * D + p] = c * vkp - s * vkq; V[k * D + q] = s * vkp + c * vkq;
            }
        }
    }
    double smallest = A[0];
    for (int k = 1; k < D; ++k) if (A[k * D + k] < smallest) smallest = A[k * D + k];
    for (int i = 0; i < D; ++i) for (int j = 0; j < D; ++j) {
        double v = 0.0;
        for (int k = 0; k < D; ++k) {
            double w = A[k * D + k];
            v += V[i * D + k] * (w > 0.0 ? sqrt(w) : 0.0) * V[j * D + k];
        }
        R[i * D + j] = v;
    }
    return smallest;
}

/* chi^2 with 2 half degrees of freedom, 2 Gamma(half); law = qw_gamma_of(half), or below shape 1
   qw_gamma_of(half + 1), since Gamma(a) = Gamma(a + 1) U^(1/a). */
static inline double chi_square(qw_rng *rng, qw_gamma_law law, double half) {
    if (half >= 1.0) return 2.0 * qw_gamma_draw(rng, law);
    if (!(half > 0.0)) return 0.0;
    return 2.0 * qw_gamma_draw(rng, law) * pow(qw_uniform(rng), 1.0 / half);
}

/* What every step of a call shares: the activations and read-outs, the factor of the fixed T block, the bounds. */
typedef struct {
    const double *T, *act, *tact, *der, *a, *v, *scale;
    int n_act, n_tact, n_der;
    double N, max_overlap, psd_tol, pivot_tol, teacher_top, LT[PS * PS], pivot[PS], inverse[PS];
} chain;

/* One step of one replica (rho rh, Q q) from the draws gs (D normals), chi (the chi^2 part of |x|^2) and the
   noise; L (D x D, zero above the diagonal) is scratch.  Returns 0, or 1 (some |Q_kk| not below max_overlap) or
   2 (Sigma not PSD), after which the state is reset to rho = 0, Q = I. */
static inline int chain_step(const chain *c, double *rh, double *q, double *L, const double *gs, double chi,
                             double noise) {
    double z[D], F[P];
    double top = c->teacher_top;
    UNROLL for (int k = 0; k < P; ++k) {
        UNROLL for (int l = 0; l < PS; ++l) if (fabs(rh[k * PS + l]) > top) top = fabs(rh[k * PS + l]);
        UNROLL for (int j = 0; j <= k; ++j) if (fabs(q[k * P + j]) > top) top = fabs(q[k * P + j]);
    }
    int psd = 1, lower = 1;
    if (!cholesky(rh, q, L, c->LT, c->pivot, c->inverse, c->pivot_tol * top)) {
        double S[D * D];
        for (int i = 0; i < PS; ++i) for (int j = 0; j < PS; ++j) S[i * D + j] = c->T[i * PS + j];
        for (int k = 0; k < P; ++k) {
            for (int l = 0; l < PS; ++l) S[(PS + k) * D + l] = S[l * D + PS + k] = rh[k * PS + l];
            for (int j = 0; j < P; ++j) S[(PS + k) * D + PS + j] = q[k * P + j];
        }
        psd = symmetric_root(S, L) >= -c->psd_tol * top;
        lower = 0;
    }
    double sq = 0.0;
    UNROLL for (int i = 0; i < D; ++i) sq += gs[i] * gs[i];
    sq += chi;
    UNROLL for (int i = 0; i < D; ++i) {
        double t = 0.0;
        UNROLL for (int j = 0; j <= i; ++j) t += L[i * D + j] * gs[j];
        z[i] = t;
    }
    if (!lower) {  /* the root filled both triangles: its upper part, then L as the next Cholesky expects it */
        for (int i = 0; i < D; ++i) for (int j = i + 1; j < D; ++j) z[i] += L[i * D + j] * gs[j];
        for (int i = 0; i < D * D; ++i) L[i] = 0.0;
    }
    const double *u = z, *lam = z + PS;
    double residual = 0.0, student = 0.0;
    UNROLL for (int l = 0; l < PS; ++l) residual += activation(c->tact, c->n_tact, u[l]) * c->v[l];
    residual += noise;
    UNROLL for (int k = 0; k < P; ++k) student += activation(c->act, c->n_act, lam[k]) * c->a[k];
    residual -= student;
    UNROLL for (int k = 0; k < P; ++k) F[k] = c->scale[k] * activation(c->der, c->n_der, lam[k]) * residual / c->N;
    double size = 0.0;
    UNROLL for (int k = 0; k < P; ++k) {
        UNROLL for (int l = 0; l < PS; ++l) rh[k * PS + l] += F[k] * u[l];
        UNROLL for (int j = k; j < P; ++j) {
            double x = q[k * P + j] + (F[k] * lam[j] + F[j] * lam[k] + sq * F[k] * F[j]);
            q[k * P + j] = q[j * P + k] = x;
        }
        double x = fabs(q[k * P + k]);
        if (!(x <= size)) size = x;
    }
    if (psd && size < c->max_overlap) return 0;
    for (int k = 0; k < P; ++k) {
        for (int l = 0; l < PS; ++l) rh[k * PS + l] = 0.0;
        for (int j = 0; j < P; ++j) q[k * P + j] = (k == j);
    }
    return psd ? 1 : 2;
}

/* Steps 0..steps-1 of the replicas first..last-1 (of replicas, the stride of the draws).  The draws come from
   g (S, R, D), chi2 (S, R) and zeta (S, R) or NULL, the step loop outside so that they are read in memory
   order; or, with states non-NULL, from replica r's generator (row r of states, (R, 4), advanced in place):
   D normals, chi^2 with 2 half_dof degrees of freedom, then the noise noise_std * normal when noise_std > 0,
   the replica loop outside so that a replica's state stays in cache (and in registers) for all its steps.
   codes[r], at[r]: the first bad step's code and the step after which the state was found bad (-1: none). */
void quadwick_overlap_chunk(
    long steps, long replicas, long first, long last, const double *T, double *rho, double *Q,
    const double *g, const double *chi2, const double *zeta, uint64_t *states, double half_dof, double noise_std,
    int n_act, const double *act, int n_tact, const double *tact, int n_der, const double *der,
    const double *a, const double *v, const double *scale,
    double N, double max_overlap, double psd_tol, double pivot_tol, long *codes, long *at)
{
    chain c = {T, act, tact, der, a, v, scale, n_act, n_tact, n_der, N, max_overlap, psd_tol, pivot_tol, 1.0};
    double L[D * D];
    teacher_factor(T, c.LT, c.pivot, c.inverse);
    for (int i = 0; i < PS * PS; ++i) if (fabs(T[i]) > c.teacher_top) c.teacher_top = fabs(T[i]);
    for (long r = first; r < last; ++r) { codes[r] = 0; at[r] = -1; }
    for (int i = 0; i < D * D; ++i) L[i] = 0.0;
    if (states) {
        const qw_gamma_law law = qw_gamma_of(half_dof >= 1.0 ? half_dof : half_dof + 1.0);
        qw_tables();
        for (long r = first; r < last; ++r) {
            qw_rng rng;
            double drawn[D];
            UNROLL for (int i = 0; i < 4; ++i) rng.s[i] = states[4 * r + i];
            for (long s = 0; s < steps; ++s) {
                UNROLL for (int i = 0; i < D; ++i) drawn[i] = qw_normal(&rng);
                const double chi = chi_square(&rng, law, half_dof);
                const double noise = noise_std > 0.0 ? noise_std * qw_normal(&rng) : 0.0;
                const int code = chain_step(&c, rho + r * P * PS, Q + r * P * P, L, drawn, chi, noise);
                if (code && at[r] < 0) { codes[r] = code; at[r] = code == 1 ? s + 1 : s; }
            }
            UNROLL for (int i = 0; i < 4; ++i) states[4 * r + i] = rng.s[i];
        }
    } else {
        for (long s = 0; s < steps; ++s) {
            for (long r = first; r < last; ++r) {
                const int code = chain_step(&c, rho + r * P * PS, Q + r * P * P, L, g + (s * replicas + r) * D,
                                            chi2[s * replicas + r], zeta ? zeta[s * replicas + r] : 0.0);
                if (code && at[r] < 0) { codes[r] = code; at[r] = code == 1 ? s + 1 : s; }
            }
        }
    }
}
"""

# The sequential part of a weight-space block (any widths; also part of the C simulator of :mod:`.weights`).
AMPLITUDES_SOURCE = r"""
#include <math.h>

/* An activation: n > 0 the polynomial sum_{i<n} c[i] x^i; n = -1 c[0] erf(c[1] x); n = -2 c[0] exp(-(c[1] x)^2)
   (erf's slope, c[0] holding its factor 2 c s / sqrt(pi)). */
static double activation(const double *c, int n, double x) {
    if (n == -1) return c[0] * erf(c[1] * x);
    if (n == -2) { const double y = c[1] * x; return c[0] * exp(-y * y); }
    double v = c[n - 1];
    for (int i = n - 2; i >= 0; --i) v = v * x + c[i];
    return v;
}

/* One replica's block: F (count x p) from z (count x d) and g (count x count, read below the diagonal).  Learned
   read-outs (readouts not NULL, updated): F_k = rate a_k sigma'(lambda_k) e with the step's a, and after each step of
   batch samples a_k += readout_step sum_mu sigma(lambda_k,mu) e_mu; fixed ones: F_k = scale_k sigma'(lambda_k) e. */
static void block_amplitudes(
    long count, int p, int ps, long batch, const double *z, const double *g, const double *zeta,
    int n_act, const double *act, int n_tact, const double *tact, int n_der, const double *der,
    const double *a, const double *v, const double *scale, double *readouts, double rate, double readout_step,
    double *f)
{
    const int d = p + ps;
    const double *weights = readouts ? readouts : a;
    double lam[p], sigma[p], move[p];
    for (int k = 0; k < p; ++k) move[k] = 0.0;
    for (long mu = 0; mu < count; ++mu) {
        const double *u = z + mu * d;
        for (int k = 0; k < p; ++k) lam[k] = u[ps + k];
        for (long nu = 0; nu < mu - mu % batch; ++nu) {  /* the steps before mu's own */
            const double gram = g[mu * count + nu];
            for (int k = 0; k < p; ++k) lam[k] += gram * f[nu * p + k];
        }
        double residual = 0.0, student = 0.0;
        for (int l = 0; l < ps; ++l) residual += activation(tact, n_tact, u[l]) * v[l];
        if (zeta) residual += zeta[mu];
        for (int k = 0; k < p; ++k) { sigma[k] = activation(act, n_act, lam[k]); student += sigma[k] * weights[k]; }
        residual -= student;
        for (int k = 0; k < p; ++k) {
            const double factor = readouts ? rate * readouts[k] : scale[k];
            f[mu * p + k] = factor * activation(der, n_der, lam[k]) * residual;
        }
        if (readouts) {
            for (int k = 0; k < p; ++k) move[k] += sigma[k] * residual;
            if (mu % batch == batch - 1)
                for (int k = 0; k < p; ++k) { readouts[k] += readout_step * move[k]; move[k] = 0.0; }
        }
    }
}

void quadwick_weight_amplitudes(
    long replicas, long count, int p, int ps, long batch, const double *Z, const double *G, const double *zeta,
    int n_act, const double *act, int n_tact, const double *tact, int n_der, const double *der,
    const double *a, const double *v, const double *scale, double *F)
{
    for (long r = 0; r < replicas; ++r)
        block_amplitudes(count, p, ps, batch, Z + r * count * (p + ps), G + r * count * count,
                         zeta ? zeta + r * count : zeta, n_act, act, n_tact, tact, n_der, der, a, v, scale, 0, 0.0, 0.0,
                         F + r * count * p);
}
"""


# -O3 schedules the unrolled step better than -O2 (about 10% here).
_CHAIN_FLAGS = ("-O3", *(flag for flag in DEFAULT_FLAGS if flag != "-O2"))


@lru_cache(maxsize=None)
def _chain_library(p: int, pstar: int) -> ctypes.CDLL | None:
    """The chain kernel compiled for widths (p, p*) (built once and cached), or None without a compiler."""
    source = f"#define P {p}\n#define PS {pstar}\n" + _CHAIN_SOURCE
    library = load_library(source, f"quadwick-chain-p{p}-pstar{pstar}", flags=_CHAIN_FLAGS, fallback="the NumPy SGD kernels")
    if library is None:
        return None
    pointer, long_, int_, double = ctypes.c_void_p, ctypes.c_long, ctypes.c_int, ctypes.c_double
    library.quadwick_overlap_chunk.argtypes = [long_, long_, long_, long_, *[pointer] * 7, double, double, int_,
                                               pointer, int_, pointer, int_, pointer, *[pointer] * 3, double, double,
                                               double, double, pointer, pointer]
    library.quadwick_overlap_chunk.restype = None
    return library


@lru_cache(maxsize=1)
def _amplitudes_library() -> ctypes.CDLL | None:
    """The weight-space amplitude kernel (built once and cached), or None without a compiler."""
    library = load_library(AMPLITUDES_SOURCE, "quadwick-sgd-amplitudes", fallback="the NumPy SGD kernels")
    if library is None:
        return None
    pointer, long_, int_ = ctypes.c_void_p, ctypes.c_long, ctypes.c_int
    library.quadwick_weight_amplitudes.argtypes = [long_, long_, int_, int_, long_, *[pointer] * 3, int_, pointer, int_,
                                                   pointer, int_, pointer, *[pointer] * 4]
    library.quadwick_weight_amplitudes.restype = None
    return library


def overlap_chunk(p: int, pstar: int) -> Callable[..., None] | None:
    """The compiled quadwick_overlap_chunk for widths (p, p*), or None without a compiler."""
    library = _chain_library(p, pstar)
    return None if library is None else library.quadwick_overlap_chunk


def weight_amplitudes() -> Callable[..., None] | None:
    """The compiled quadwick_weight_amplitudes, or None without a compiler."""
    library = _amplitudes_library()
    return None if library is None else library.quadwick_weight_amplitudes

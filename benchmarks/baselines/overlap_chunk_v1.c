/* Baseline for benchmarks/chain_bench.py: the overlap-space chunk kernel of numerics/kernels/simulator.py as of
   commit 7d16ee2 (replica loop outside the step loop, full Cholesky of Sigma every step, both triangles of the
   Q update). Frozen here so that the benchmark measures the current kernel against it in the same process. */
#include <math.h>

static double horner(const double *c, int n, double x) {
    double v = c[n - 1];
    for (int i = n - 2; i >= 0; --i) v = v * x + c[i];
    return v;
}

static int cholesky(int d, const double *S, double *L, double floor) {
    for (int i = 0; i < d * d; ++i) L[i] = 0.0;
    for (int j = 0; j < d; ++j) {
        double s = S[j * d + j];
        for (int k = 0; k < j; ++k) s -= L[j * d + k] * L[j * d + k];
        if (!(s > floor)) return 0;
        double root = sqrt(s), inverse = 1.0 / root;
        L[j * d + j] = root;
        for (int i = j + 1; i < d; ++i) {
            double t = S[i * d + j];
            for (int k = 0; k < j; ++k) t -= L[i * d + k] * L[j * d + k];
            L[i * d + j] = t * inverse;
        }
    }
    return 1;
}

/* Symmetric root V diag(sqrt(max(w, 0))) V^T of S by cyclic Jacobi; returns the smallest eigenvalue. */
static double symmetric_root(int d, const double *S, double *R, double *A, double *V) {
    double norm = 0.0;
    for (int i = 0; i < d * d; ++i) { A[i] = S[i]; V[i] = (i % (d + 1)) == 0; norm += S[i] * S[i]; }
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0;
        for (int p = 0; p < d; ++p) for (int q = p + 1; q < d; ++q) off += A[p * d + q] * A[p * d + q];
        if (off <= 1e-32 * norm) break;
        for (int p = 0; p < d; ++p) for (int q = p + 1; q < d; ++q) {
            double apq = A[p * d + q];
            if (apq == 0.0) continue;
            double theta = (A[q * d + q] - A[p * d + p]) / (2.0 * apq);
            double t = (theta >= 0.0 ? 1.0 : -1.0) / (fabs(theta) + sqrt(theta * theta + 1.0));
            double c = 1.0 / sqrt(t * t + 1.0), s = t * c;
            for (int k = 0; k < d; ++k) {
                double akp = A[k * d + p], akq = A[k * d + q];
                A[k * d + p] = c * akp - s * akq; A[k * d + q] = s * akp + c * akq;
            }
            for (int k = 0; k < d; ++k) {
                double apk = A[p * d + k], aqk = A[q * d + k];
                A[p * d + k] = c * apk - s * aqk; A[q * d + k] = s * apk + c * aqk;
            }
            for (int k = 0; k < d; ++k) {
                double vkp = V[k * d + p], vkq = V[k * d + q];
                V[k * d + p] = c * vkp - s * vkq; V[k * d + q] = s * vkp + c * vkq;
            }
        }
    }
    double smallest = A[0];
    for (int k = 1; k < d; ++k) if (A[k * d + k] < smallest) smallest = A[k * d + k];
    for (int i = 0; i < d; ++i) for (int j = 0; j < d; ++j) {
        double v = 0.0;
        for (int k = 0; k < d; ++k) {
            double w = A[k * d + k];
            v += V[i * d + k] * (w > 0.0 ? sqrt(w) : 0.0) * V[j * d + k];
        }
        R[i * d + j] = v;
    }
    return smallest;
}

void quadwick_overlap_chunk_v1(
    long steps, long replicas, int p, int ps, const double *T, double *rho, double *Q,
    const double *g, const double *chi2, const double *zeta,
    int n_act, const double *act, int n_der, const double *der,
    const double *a, const double *v, const double *scale,
    double N, double max_overlap, double psd_tol, double pivot_tol, long *codes, long *at)
{
    const int d = p + ps;
    double S[d * d], L[d * d], A[d * d], V[d * d], z[d], F[p];
    for (long r = 0; r < replicas; ++r) {
        double *rh = rho + r * p * ps, *q = Q + r * p * p;
        codes[r] = 0; at[r] = -1;
        for (long s = 0; s < steps; ++s) {
            const double *gs = g + (s * replicas + r) * d;
            for (int i = 0; i < ps; ++i) for (int j = 0; j < ps; ++j) S[i * d + j] = T[i * ps + j];
            for (int k = 0; k < p; ++k) {
                for (int l = 0; l < ps; ++l) S[(ps + k) * d + l] = S[l * d + ps + k] = rh[k * ps + l];
                for (int j = 0; j < p; ++j) S[(ps + k) * d + ps + j] = q[k * p + j];
            }
            int psd = 1;
            double top = 1.0;
            for (int i = 0; i < d * d; ++i) if (fabs(S[i]) > top) top = fabs(S[i]);
            if (!cholesky(d, S, L, pivot_tol * top)) psd = symmetric_root(d, S, L, A, V) >= -psd_tol * top;
            double sq = 0.0;
            for (int i = 0; i < d; ++i) sq += gs[i] * gs[i];
            sq += chi2[s * replicas + r];
            for (int i = 0; i < d; ++i) {
                double t = 0.0;
                for (int j = 0; j < d; ++j) t += L[i * d + j] * gs[j];
                z[i] = t;
            }
            const double *u = z, *lam = z + ps;
            double residual = 0.0, student = 0.0;
            for (int l = 0; l < ps; ++l) residual += horner(act, n_act, u[l]) * v[l];
            if (zeta) residual += zeta[s * replicas + r];
            for (int k = 0; k < p; ++k) student += horner(act, n_act, lam[k]) * a[k];
            residual -= student;
            for (int k = 0; k < p; ++k) F[k] = scale[k] * horner(der, n_der, lam[k]) * residual / N;
            for (int k = 0; k < p; ++k) {
                for (int l = 0; l < ps; ++l) rh[k * ps + l] += F[k] * u[l];
                for (int j = 0; j < p; ++j) q[k * p + j] += F[k] * lam[j] + F[j] * lam[k] + sq * F[k] * F[j];
            }
            double size = 0.0;
            for (int k = 0; k < p; ++k) { double x = fabs(q[k * p + k]); if (!(x <= size)) size = x; }
            if (!psd || !(size < max_overlap)) {
                if (at[r] < 0) { codes[r] = psd ? 1 : 2; at[r] = psd ? s + 1 : s; }
                for (int k = 0; k < p; ++k) {
                    for (int l = 0; l < ps; ++l) rh[k * ps + l] = 0.0;
                    for (int j = 0; j < p; ++j) q[k * p + j] = (k == j);
                }
            }
        }
    }
}


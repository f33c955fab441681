// The matrix products behind `@` and `train`, written once and compiled for three vector widths (SSE2, AVX2,
// AVX-512); each call runs the widest this CPU has (GRADBOOK_VECTOR_WIDTH=sse2 or avx2 narrows it, to compare).
//
// Why C: Swift compiles for the x86-64 baseline (SSE2, two doubles per instruction) and has no per-function
// target attribute, so a Swift kernel cannot use the AVX units that most machines have without a build that
// crashes on the ones that do not. Everything else stays in Swift; these loops are what BLAS would be.
//
// Every width computes the same numbers: contraction into fused multiply-adds is off (a fused a*b + c rounds
// once, not twice), and each element of a result adds its products in the same order at every width. So a
// training run gives the same losses, to the last bit, on every machine.

#include "MatrixKernels.h"
#include <stdlib.h>
#include <string.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

typedef double lane8 __attribute__((ext_vector_type(8)));
/// The same eight doubles at any address a double may have (rows of B start anywhere).
typedef double unaligned8 __attribute__((ext_vector_type(8), aligned(8)));

#if defined(__x86_64__) && defined(__clang__)
#define WIDTHS_BY_CPU 1
#endif

/// The loops below are inlined into one function per width, each compiled for its instructions.
#define BODY static inline __attribute__((always_inline))

#define LOAD8(p) (*(const unaligned8 *)(p))
#define STORE8(p, v) (*(unaligned8 *)(p) = (v))

BODY void multiply(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n,
                       double *c, const double *bias) {
    // A matrix times a vector: each row's total in a register.
    if (n == 1) {
        for (ptrdiff_t i = 0; i < m; i++) {
            const double *arow = a + i * k;
            double total = 0;
            for (ptrdiff_t p = 0; p < k; p++) if (arow[p] != 0) total += arow[p] * b[p];
            c[i] = bias ? total + bias[0] : total;
        }
        return;
    }
    // Eight columns of a row of C at a time, kept in registers over the whole k loop.
    ptrdiff_t blocked = n - n % 8;
    for (ptrdiff_t i = 0; i < m; i++) {
        double *crow = c + i * n;
        const double *arow = a + i * k;
        for (ptrdiff_t column = 0; column < blocked; column += 8) {
            lane8 total = 0;
            for (ptrdiff_t p = 0; p < k; p++) {
                double aip = arow[p];
                if (aip == 0) continue;
                total += aip * LOAD8(b + p * n + column);
            }
            if (bias) total += LOAD8(bias + column);
            STORE8(crow + column, total);
        }
        if (blocked == n) continue;
        for (ptrdiff_t j = blocked; j < n; j++) crow[j] = 0;
        for (ptrdiff_t p = 0; p < k; p++) {
            double aip = arow[p];
            if (aip == 0) continue;
            const double *brow = b + p * n;
            for (ptrdiff_t j = blocked; j < n; j++) crow[j] += aip * brow[j];
        }
        if (bias) for (ptrdiff_t j = blocked; j < n; j++) crow[j] += bias[j];
    }
}

BODY void multiply_transposing_left(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m,
                                        double *c) {
    // Eight columns of C in registers over all n rows: C[i][j] = Σ_row A[row][i]·B[row][j], rows in order.
    ptrdiff_t blocked = m - m % 8;
    for (ptrdiff_t i = 0; i < k; i++) {
        double *crow = c + i * m;
        for (ptrdiff_t column = 0; column < blocked; column += 8) {
            lane8 total = 0;
            for (ptrdiff_t row = 0; row < n; row++) {
                double ari = a[row * k + i];
                if (ari == 0) continue;
                total += ari * LOAD8(b + row * m + column);
            }
            STORE8(crow + column, total);
        }
        for (ptrdiff_t j = blocked; j < m; j++) crow[j] = 0;
    }
    if (blocked == m) return;
    for (ptrdiff_t row = 0; row < n; row++) {
        const double *brow = b + row * m;
        for (ptrdiff_t i = 0; i < k; i++) {
            double ari = a[row * k + i];
            if (ari == 0) continue;
            double *crow = c + i * m;
            for (ptrdiff_t j = blocked; j < m; j++) crow[j] += ari * brow[j];
        }
    }
}

#if WIDTHS_BY_CPU
#define FOR(instructions) __attribute__((target(instructions)))
#else
#define FOR(instructions)
#endif

FOR("sse2") static void multiply_sse2(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, double *c,
                                      const double *bias) { multiply(a, b, m, k, n, c, bias); }
FOR("avx2") static void multiply_avx2(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, double *c,
                                      const double *bias) { multiply(a, b, m, k, n, c, bias); }
FOR("avx512f") __attribute__((min_vector_width(512))) static void multiply_avx512(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n,
                                           double *c, const double *bias) { multiply(a, b, m, k, n, c, bias); }
FOR("sse2") static void left_sse2(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m, double *c) {
    multiply_transposing_left(a, b, n, k, m, c);
}
FOR("avx2") static void left_avx2(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m, double *c) {
    multiply_transposing_left(a, b, n, k, m, c);
}
FOR("avx512f") __attribute__((min_vector_width(512))) static void left_avx512(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m, double *c) {
    multiply_transposing_left(a, b, n, k, m, c);
}

/// The widest width this CPU runs.
static int widest_supported(void) {
#if WIDTHS_BY_CPU
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return GRADBOOK_AVX512;
    if (__builtin_cpu_supports("avx2")) return GRADBOOK_AVX2;
#endif
    return GRADBOOK_SSE2;
}

/// The width every product uses: the widest, or a narrower one named by GRADBOOK_VECTOR_WIDTH (sse2, avx2) to
/// compare them. Set once when the program loads, before any thread can call a product.
static int chosen_width = GRADBOOK_SSE2;

__attribute__((constructor)) static void choose_width(void) {
    chosen_width = widest_supported();
    const char *asked = getenv("GRADBOOK_VECTOR_WIDTH");
    if (!asked) return;
    int width = strcmp(asked, "sse2") == 0 ? GRADBOOK_SSE2 : strcmp(asked, "avx2") == 0 ? GRADBOOK_AVX2 : chosen_width;
    if (width < chosen_width) chosen_width = width;
}

int gradbook_matrix_kernel_best_width(void) { return chosen_width; }

int gradbook_multiply_at_width(int width, const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n,
                               double *c, const double *bias) {
    if (width > widest_supported()) return 0;
    switch (width) {
    case GRADBOOK_AVX512: multiply_avx512(a, b, m, k, n, c, bias); return 1;
    case GRADBOOK_AVX2: multiply_avx2(a, b, m, k, n, c, bias); return 1;
    default: multiply_sse2(a, b, m, k, n, c, bias); return 1;
    }
}

int gradbook_multiply_transposing_left_at_width(int width, const double *a, const double *b, ptrdiff_t n, ptrdiff_t k,
                                                ptrdiff_t m, double *c) {
    if (width > widest_supported()) return 0;
    switch (width) {
    case GRADBOOK_AVX512: left_avx512(a, b, n, k, m, c); return 1;
    case GRADBOOK_AVX2: left_avx2(a, b, n, k, m, c); return 1;
    default: left_sse2(a, b, n, k, m, c); return 1;
    }
}

void gradbook_multiply(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, double *c,
                       const double *bias) {
    gradbook_multiply_at_width(gradbook_matrix_kernel_best_width(), a, b, m, k, n, c, bias);
}

void gradbook_multiply_transposing_left(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m,
                                        double *c) {
    gradbook_multiply_transposing_left_at_width(gradbook_matrix_kernel_best_width(), a, b, n, k, m, c);
}

// The matrix products behind `@` and `train`, relu forward and back, and a bias's column sums, written once and compiled for three vector widths (SSE2, AVX2,
// AVX-512); each call runs the widest this CPU has (GRADBOOK_VECTOR_WIDTH=sse2 or avx2 narrows it, to compare).
//
// Why C: Swift compiles for the x86-64 baseline (SSE2, two doubles per instruction) and has no per-function
// target attribute, so a Swift kernel cannot use the AVX units that most machines have without a build that
// crashes on the ones that do not. Everything else stays in Swift; these loops are what BLAS would be.
//
// Every width computes the same numbers: each product is added with one fused multiply-add (a*b + c rounded once,
// as BLAS and NumPy do; `MADD`), never left to the compiler to contract or not, and each element of a result adds
// its products in the same order at every width. So a training run gives the same losses, to the last bit, on every
// machine. (The SSE2 width has no such instruction and calls the C library's fma, which is exact everywhere.)

#include "MatrixKernels.h"
#include <stdlib.h>
#include <string.h>
#include <stdint.h>

#pragma STDC FP_CONTRACT OFF
#pragma clang fp contract(off)

typedef double lane8 __attribute__((ext_vector_type(8)));
/// The same eight doubles at any address a double may have (rows of B start anywhere).
typedef double unaligned8 __attribute__((ext_vector_type(8), aligned(8)));
/// Eight doubles' bits, and what comparing two lane8s gives (all ones where true).
typedef long bits8 __attribute__((ext_vector_type(8)));

#if defined(__x86_64__) && defined(__clang__)
#define WIDTHS_BY_CPU 1
#endif

/// The loops below are inlined into one function per width, each compiled for its instructions.
#define BODY static inline __attribute__((always_inline))

#define LOAD8(p) (*(const unaligned8 *)(p))
#define STORE8(p, v) (*(unaligned8 *)(p) = (v))

/// c + a·b, rounded once: eight at a time, and one at a time.
#define MADD8(c, a, b) __builtin_elementwise_fma((lane8)(a), (b), (c))
#define MADD(c, a, b) __builtin_fma((a), (b), (c))

/// Whether every element is finite. Then a zero of A times an element of B is ±0, and adding it changes nothing
/// (a sum that starts at +0 is never -0), so the products need not skip A's zeros: no compare and branch per
/// element, and rows of A can share each load of B.
BODY int all_finite(const double *x, ptrdiff_t count) {
    // x·0 is ±0 for a finite x and nan otherwise; eight independent sums, so the loop runs eight wide.
    lane8 zeros = 0;
    ptrdiff_t i = 0;
    for (; i + 8 <= count; i += 8) zeros += LOAD8(x + i) * 0;
    double rest = 0;
    for (; i < count; i++) rest += x[i] * 0;
    for (int lane = 0; lane < 8; lane++) rest += zeros[lane];
    return rest == 0;
}

/// `rows` rows of C = A·B (+ bias) at the eight columns from `column`, or sixteen if `wide`, without skipping zeros
/// (B is finite). Sixteen: a fused multiply-add waits four cycles for the one before on the same sum, and two units
/// run one each cycle, so eight sums in flight keep both busy where four rows of eight kept them half idle.
BODY void dense_block(const double *a, const double *b, ptrdiff_t k, ptrdiff_t n, double *c, const double *bias,
                      ptrdiff_t column, int rows, int wide) {
    lane8 total[4] = {0, 0, 0, 0}, next[4] = {0, 0, 0, 0};
    for (ptrdiff_t p = 0; p < k; p++) {
        lane8 bv = LOAD8(b + p * n + column), bw = wide ? LOAD8(b + p * n + column + 8) : bv;
        for (int r = 0; r < rows; r++) {
            double ar = a[r * k + p];
            total[r] = MADD8(total[r], ar, bv);
            if (wide) next[r] = MADD8(next[r], ar, bw);
        }
    }
    for (int r = 0; r < rows; r++) {
        if (bias) total[r] += LOAD8(bias + column);
        STORE8(c + r * n + column, total[r]);
        if (!wide) continue;
        if (bias) next[r] += LOAD8(bias + column + 8);
        STORE8(c + r * n + column + 8, next[r]);
    }
}

/// `rows` rows of C = A·B (+ bias) at every eight columns below `blocked`, sixteen at a time while they last where
/// `wide` (AVX-512's 32 registers hold them; AVX2's 16, each half of eight doubles, would spill).
BODY void dense_rows(const double *a, const double *b, ptrdiff_t k, ptrdiff_t n, double *c, const double *bias,
                     ptrdiff_t blocked, int rows, int wide) {
    ptrdiff_t column = 0;
    if (wide) for (; column + 16 <= blocked; column += 16) dense_block(a, b, k, n, c, bias, column, rows, 1);
    for (; column < blocked; column += 8) dense_block(a, b, k, n, c, bias, column, rows, 0);
}

/// C = A·B (+ bias); `block` is how many rows share a load of B where B is finite (as many as the width's
/// registers hold), or 0 to skip A's zeros always: with SSE2 a skipped zero (half of a relu layer's outputs)
/// saves more than sharing loads gains. `wide`: sixteen columns at a time where the width's registers hold them.
BODY void multiply(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n,
                   double *c, const double *bias, int block, int wide) {
    int dense = block > 0 && all_finite(b, k * n);
    // A matrix times a vector: each row's total in a register, four rows at a time. A fused multiply-add waits four
    // cycles for the one before on the same total; four rows' totals keep the unit busy where one left it idle (a
    // numeric gradient re-runs one column of a layer's product for every weight). Each row adds in its own order.
    if (n == 1) {
        ptrdiff_t four = m - m % 4;
        for (ptrdiff_t i = 0; i < four; i += 4) {
            const double *r0 = a + i * k, *r1 = r0 + k, *r2 = r1 + k, *r3 = r2 + k;
            double t0 = 0, t1 = 0, t2 = 0, t3 = 0;
            if (dense) {
                for (ptrdiff_t p = 0; p < k; p++) {
                    t0 = MADD(t0, r0[p], b[p]);
                    t1 = MADD(t1, r1[p], b[p]);
                    t2 = MADD(t2, r2[p], b[p]);
                    t3 = MADD(t3, r3[p], b[p]);
                }
            } else {
                for (ptrdiff_t p = 0; p < k; p++) {
                    if (r0[p] != 0) t0 = MADD(t0, r0[p], b[p]);
                    if (r1[p] != 0) t1 = MADD(t1, r1[p], b[p]);
                    if (r2[p] != 0) t2 = MADD(t2, r2[p], b[p]);
                    if (r3[p] != 0) t3 = MADD(t3, r3[p], b[p]);
                }
            }
            c[i] = bias ? t0 + bias[0] : t0;
            c[i + 1] = bias ? t1 + bias[0] : t1;
            c[i + 2] = bias ? t2 + bias[0] : t2;
            c[i + 3] = bias ? t3 + bias[0] : t3;
        }
        for (ptrdiff_t i = four; i < m; i++) {
            const double *arow = a + i * k;
            double total = 0;
            if (dense) for (ptrdiff_t p = 0; p < k; p++) total = MADD(total, arow[p], b[p]);
            else for (ptrdiff_t p = 0; p < k; p++) if (arow[p] != 0) total = MADD(total, arow[p], b[p]);
            c[i] = bias ? total + bias[0] : total;
        }
        return;
    }
    ptrdiff_t blocked = n - n % 8;
    ptrdiff_t first = 0;
    if (dense) {
        for (; first + block <= m; first += block) dense_rows(a + first * k, b, k, n, c + first * n, bias, blocked, block, wide);
        for (ptrdiff_t i = first; i < m; i++) dense_rows(a + i * k, b, k, n, c + i * n, bias, blocked, 1, wide);
        first = m;
    }
    // Eight columns of a row of C at a time, kept in registers over the whole k loop, skipping A's zeros (rows the
    // dense path did not do); then the columns past the last eight.
    for (ptrdiff_t i = 0; i < m; i++) {
        double *crow = c + i * n;
        const double *arow = a + i * k;
        for (ptrdiff_t column = 0; i >= first && column < blocked; column += 8) {
            lane8 total = 0;
            for (ptrdiff_t p = 0; p < k; p++) {
                double aip = arow[p];
                if (aip == 0) continue;
                total = MADD8(total, aip, LOAD8(b + p * n + column));
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
            for (ptrdiff_t j = blocked; j < n; j++) crow[j] = MADD(crow[j], aip, brow[j]);
        }
        if (bias) for (ptrdiff_t j = blocked; j < n; j++) crow[j] += bias[j];
    }
}

/// `rows` rows of C = Aᵀ·B from row `first`, at the eight columns from `column` (sixteen if `wide`, as in
/// `dense_block`), without skipping zeros (B is finite): each element adds its products in row order, as the loop
/// that skips A's zeros does.
BODY void left_columns(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m, double *c, ptrdiff_t first,
                       ptrdiff_t column, int rows, int wide) {
    lane8 total[4] = {0, 0, 0, 0}, next[4] = {0, 0, 0, 0};
    for (ptrdiff_t row = 0; row < n; row++) {
        lane8 bv = LOAD8(b + row * m + column), bw = wide ? LOAD8(b + row * m + column + 8) : bv;
        const double *arow = a + row * k + first;
        for (int r = 0; r < rows; r++) {
            total[r] = MADD8(total[r], arow[r], bv);
            if (wide) next[r] = MADD8(next[r], arow[r], bw);
        }
    }
    for (int r = 0; r < rows; r++) {
        STORE8(c + (first + r) * m + column, total[r]);
        if (wide) STORE8(c + (first + r) * m + column + 8, next[r]);
    }
}

/// `rows` rows of C = Aᵀ·B from row `first`, at every eight columns below `blocked`, sixteen at a time while they last
/// where `wide` (as in `dense_rows`).
BODY void left_block(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m, double *c, ptrdiff_t first,
                     ptrdiff_t blocked, int rows, int wide) {
    ptrdiff_t column = 0;
    if (wide) for (; column + 16 <= blocked; column += 16) left_columns(a, b, n, k, m, c, first, column, rows, 1);
    for (; column < blocked; column += 8) left_columns(a, b, n, k, m, c, first, column, rows, 0);
}

BODY void multiply_transposing_left(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m,
                                    double *c, int block, int wide) {
    // Eight columns of C in registers over all n rows: C[i][j] = Σ_row A[row][i]·B[row][j], rows in order.
    ptrdiff_t blocked = m - m % 8;
    ptrdiff_t first = 0;
    if (block > 0 && all_finite(b, n * m)) {
        // `block` rows of C share each load of B, and A's zeros need no skipping (see all_finite); the rows left over
        // (a first layer's two inputs) go the same way, fewer at a time, rather than one sum at a time below.
        for (; first + block <= k; first += block) left_block(a, b, n, k, m, c, first, blocked, block, wide);
        switch (k - first) {
        case 3: left_block(a, b, n, k, m, c, first, blocked, 3, wide); break;
        case 2: left_block(a, b, n, k, m, c, first, blocked, 2, wide); break;
        case 1: left_block(a, b, n, k, m, c, first, blocked, 1, wide); break;
        default: break;
        }
        first = k;
    }
    for (ptrdiff_t i = first; i < k; i++) {
        double *crow = c + i * m;
        for (ptrdiff_t column = 0; column < blocked; column += 8) {
            lane8 total = 0;
            for (ptrdiff_t row = 0; row < n; row++) {
                double ari = a[row * k + i];
                if (ari == 0) continue;
                total = MADD8(total, ari, LOAD8(b + row * m + column));
            }
            STORE8(crow + column, total);
        }
    }
    if (blocked == m) return;
    for (ptrdiff_t i = 0; i < k; i++) for (ptrdiff_t j = blocked; j < m; j++) c[i * m + j] = 0;
    if (m == 1 && block > 0 && all_finite(b, n)) {
        // One column (the gradient of a layer with one output): each row of A scaled by its element of B and added
        // to C, whose elements run along the row, so the loop runs several wide; rows in order, as above.
        for (ptrdiff_t row = 0; row < n; row++) {
            const double *arow = a + row * k;
            double scale = b[row];
            for (ptrdiff_t i = 0; i < k; i++) c[i] = MADD(c[i], arow[i], scale);
        }
        return;
    }
    for (ptrdiff_t row = 0; row < n; row++) {
        const double *brow = b + row * m;
        for (ptrdiff_t i = 0; i < k; i++) {
            double ari = a[row * k + i];
            if (ari == 0) continue;
            double *crow = c + i * m;
            for (ptrdiff_t j = blocked; j < m; j++) crow[j] = MADD(crow[j], ari, brow[j]);
        }
    }
}

#if WIDTHS_BY_CPU
#define FOR(instructions) __attribute__((target(instructions)))
#else
#define FOR(instructions)
#endif

FOR("sse2") static void multiply_sse2(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, double *c,
                                      const double *bias) { multiply(a, b, m, k, n, c, bias, 0, 0); }
FOR("avx2,fma") static void multiply_avx2(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, double *c,
                                      const double *bias) { multiply(a, b, m, k, n, c, bias, 4, 0); }
FOR("avx512f") __attribute__((min_vector_width(512))) static void multiply_avx512(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n,
                                           double *c, const double *bias) { multiply(a, b, m, k, n, c, bias, 4, 1); }
FOR("sse2") static void left_sse2(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m, double *c) {
    multiply_transposing_left(a, b, n, k, m, c, 0, 0);
}
FOR("avx2,fma") static void left_avx2(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m, double *c) {
    multiply_transposing_left(a, b, n, k, m, c, 4, 0);
}
FOR("avx512f") __attribute__((min_vector_width(512))) static void left_avx512(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m, double *c) {
    multiply_transposing_left(a, b, n, k, m, c, 4, 1);
}

/// The widest width this CPU runs.
static int widest_supported(void) {
#if WIDTHS_BY_CPU
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return GRADBOOK_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return GRADBOOK_AVX2;
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

// The products a program uses dispatch on the width chosen at load time; only the tests' entry points above ask
// the CPU again.
void gradbook_multiply(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n, double *c,
                       const double *bias) {
    switch (chosen_width) {
    case GRADBOOK_AVX512: multiply_avx512(a, b, m, k, n, c, bias); break;
    case GRADBOOK_AVX2: multiply_avx2(a, b, m, k, n, c, bias); break;
    default: multiply_sse2(a, b, m, k, n, c, bias);
    }
}

void gradbook_multiply_transposing_left(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m,
                                        double *c) {
    switch (chosen_width) {
    case GRADBOOK_AVX512: left_avx512(a, b, n, k, m, c); break;
    case GRADBOOK_AVX2: left_avx2(a, b, n, k, m, c); break;
    default: left_sse2(a, b, n, k, m, c);
    }
}

BODY void relu(const double *z, double *a, ptrdiff_t count) {
    // A NaN passes on, as relu(nan) does everywhere else in gradbook: 0 would hide it in a finite loss. Eight at a
    // time on the bits, each eight read before they are written: a training step applies relu in place (a == z), where
    // the compiler's own vector loop found the two overlapping and ran one element at a time.
    ptrdiff_t i = 0;
    for (; i + 8 <= count; i += 8) {
        lane8 v = LOAD8(z + i);
        STORE8(a + i, (lane8)(((bits8)(v > 0) & (bits8)v) | ((bits8)(v != v) & (bits8)v)));
    }
    for (; i < count; i++) { double v = z[i], off = v != v ? v : 0; a[i] = v > 0 ? v : off; }
}

/// relu'(z)·g, eight at a time: g where z > 0, else +0, and a NaN z passed on (as one at a time in `column_sums`), on the
/// bits, since the two cases never overlap. (A macro: a function taking eight doubles warns that the widths without
/// AVX-512 pass them differently, though it is always inlined.)
#define RELU_BACKWARD8(g, z) ({ lane8 z_ = (z); (lane8)(((bits8)(z_ > 0) & (bits8)(g)) | ((bits8)(z_ != z_) & (bits8)z_)); })

/// g ∘= relu'(z) where `relu` (off, z ≤ 0, passes +0, and a NaN z passes itself on), and the sum of each column
/// of g into `sums`: a layer's bias gradient, in the pass that makes its dZ. Each column adds its rows in order from
/// +0, as a sum over the graph's rows does, so every width gives the same bits; sixteen columns at a time are two
/// registers of independent sums down the rows.
BODY void column_sums(double *g, const double *z, ptrdiff_t rows, ptrdiff_t columns, double *sums, int relu) {
    ptrdiff_t column = 0;
    for (; column + 16 <= columns; column += 16) {
        lane8 low = 0, high = 0;
        for (ptrdiff_t row = 0; row < rows; row++) {
            double *grow = g + row * columns + column;
            lane8 first = LOAD8(grow), second = LOAD8(grow + 8);
            if (relu) {
                const double *zrow = z + row * columns + column;
                first = RELU_BACKWARD8(first, LOAD8(zrow));
                second = RELU_BACKWARD8(second, LOAD8(zrow + 8));
                STORE8(grow, first);
                STORE8(grow + 8, second);
            }
            low += first;
            high += second;
        }
        STORE8(sums + column, low);
        STORE8(sums + column + 8, high);
    }
    for (; column + 8 <= columns; column += 8) {
        lane8 total = 0;
        for (ptrdiff_t row = 0; row < rows; row++) {
            double *grow = g + row * columns + column;
            lane8 kept = LOAD8(grow);
            if (relu) {
                kept = RELU_BACKWARD8(kept, LOAD8(z + row * columns + column));
                STORE8(grow, kept);
            }
            total += kept;
        }
        STORE8(sums + column, total);
    }
    for (; column < columns; column++) {
        double total = 0;
        for (ptrdiff_t row = 0; row < rows; row++) {
            double kept = g[row * columns + column];
            if (relu) {
                double v = z[row * columns + column], off = v != v ? v : 0;
                kept = v > 0 ? kept : off;
                g[row * columns + column] = kept;
            }
            total += kept;
        }
        sums[column] = total;
    }
}

FOR("sse2") static void relu_sse2(const double *z, double *a, ptrdiff_t count) { relu(z, a, count); }
FOR("avx2,fma") static void relu_avx2(const double *z, double *a, ptrdiff_t count) { relu(z, a, count); }
FOR("avx512f") __attribute__((min_vector_width(512))) static void relu_avx512(const double *z, double *a, ptrdiff_t count) { relu(z, a, count); }
FOR("sse2") static void relu_sums_sse2(double *g, const double *z, ptrdiff_t rows, ptrdiff_t columns, double *sums) {
    column_sums(g, z, rows, columns, sums, 1);
}
FOR("avx2,fma") static void relu_sums_avx2(double *g, const double *z, ptrdiff_t rows, ptrdiff_t columns, double *sums) {
    column_sums(g, z, rows, columns, sums, 1);
}
FOR("avx512f") __attribute__((min_vector_width(512))) static void relu_sums_avx512(double *g, const double *z, ptrdiff_t rows,
                                                                                    ptrdiff_t columns, double *sums) {
    column_sums(g, z, rows, columns, sums, 1);
}
FOR("sse2") static void sums_sse2(double *x, ptrdiff_t rows, ptrdiff_t columns, double *sums) {
    column_sums(x, x, rows, columns, sums, 0);
}
FOR("avx2,fma") static void sums_avx2(double *x, ptrdiff_t rows, ptrdiff_t columns, double *sums) {
    column_sums(x, x, rows, columns, sums, 0);
}
FOR("avx512f") __attribute__((min_vector_width(512))) static void sums_avx512(double *x, ptrdiff_t rows, ptrdiff_t columns, double *sums) {
    column_sums(x, x, rows, columns, sums, 0);
}

void gradbook_relu(const double *z, double *a, ptrdiff_t count) {
    switch (chosen_width) {
    case GRADBOOK_AVX512: relu_avx512(z, a, count); break;
    case GRADBOOK_AVX2: relu_avx2(z, a, count); break;
    default: relu_sse2(z, a, count);
    }
}

void gradbook_relu_backward_column_sums(double *g, const double *z, ptrdiff_t rows, ptrdiff_t columns, double *sums) {
    switch (chosen_width) {
    case GRADBOOK_AVX512: relu_sums_avx512(g, z, rows, columns, sums); break;
    case GRADBOOK_AVX2: relu_sums_avx2(g, z, rows, columns, sums); break;
    default: relu_sums_sse2(g, z, rows, columns, sums);
    }
}

void gradbook_column_sums(const double *x, ptrdiff_t rows, ptrdiff_t columns, double *sums) {
    // (Only read: `column_sums` writes g back only where it applies relu'.)
    double *elements = (double *)x;
    switch (chosen_width) {
    case GRADBOOK_AVX512: sums_avx512(elements, rows, columns, sums); break;
    case GRADBOOK_AVX2: sums_avx2(elements, rows, columns, sums); break;
    default: sums_sse2(elements, rows, columns, sums);
    }
}

BODY void scan_elements(const double *a, ptrdiff_t count, int *not_finite, int *not_normal) {
    // On the exponent bits, with integer masks OR-ed together: the loop runs several elements wide (every vector
    // or matrix a step makes is scanned once, and a test per element on doubles did not vectorise).
    const uint64_t exponent = 0x7FF0000000000000u;
    uint64_t bad = 0, tiny = 0;
    for (ptrdiff_t i = 0; i < count; i++) {
        uint64_t bits;
        memcpy(&bits, &a[i], sizeof bits);
        uint64_t e = bits & exponent;
        bad |= (uint64_t)(e == exponent);  // inf or nan
        tiny |= (uint64_t)(e == 0);        // 0 or subnormal
    }
    *not_finite = bad != 0;
    *not_normal = tiny != 0;
}

FOR("sse2") static void scan_elements_sse2(const double *a, ptrdiff_t count, int *f, int *n) { scan_elements(a, count, f, n); }
FOR("avx2,fma") static void scan_elements_avx2(const double *a, ptrdiff_t count, int *f, int *n) { scan_elements(a, count, f, n); }
FOR("avx512f") __attribute__((min_vector_width(512))) static void scan_elements_avx512(const double *a, ptrdiff_t count, int *f, int *n) {
    scan_elements(a, count, f, n);
}

void gradbook_scan_elements(const double *a, ptrdiff_t count, int *not_finite, int *not_normal) {
    switch (chosen_width) {
    case GRADBOOK_AVX512: scan_elements_avx512(a, count, not_finite, not_normal); break;
    case GRADBOOK_AVX2: scan_elements_avx2(a, count, not_finite, not_normal); break;
    default: scan_elements_sse2(a, count, not_finite, not_normal);
    }
}

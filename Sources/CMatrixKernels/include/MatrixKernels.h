// The inner loops of a matrix product, compiled once per vector width and chosen when the program starts.
#ifndef GRADBOOK_MATRIX_KERNELS_H
#define GRADBOOK_MATRIX_KERNELS_H

#include <stddef.h>

/// C = A·B (+ bias, a row of n added to every row) for a row-major m×k A and k×n B; C is m×n and need not be
/// initialised. Each element adds its products in the order p = 0, 1, …, k−1, skipping A's zeros, then the bias:
/// the same numbers, bit for bit, at every vector width.
void gradbook_multiply(const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n,
                       double *c, const double *bias);

/// C = Aᵀ·B for an n×k A and an n×m B; C is k×m. Each element adds its products in row order, skipping A's zeros.
void gradbook_multiply_transposing_left(const double *a, const double *b, ptrdiff_t n, ptrdiff_t k, ptrdiff_t m,
                                        double *c);

/// The vector widths the kernels are compiled for.
enum { GRADBOOK_SSE2 = 0, GRADBOOK_AVX2 = 1, GRADBOOK_AVX512 = 2 };

/// The width the two products above use: the widest this CPU runs, or a narrower one named by the environment
/// variable GRADBOOK_VECTOR_WIDTH (sse2 or avx2), read when the program starts.
int gradbook_matrix_kernel_best_width(void);

/// The two products at a given width, for tests that compare the widths: 0 (and nothing written) where this
/// CPU lacks the width, else 1. A width narrower than the chosen one always runs.
int gradbook_multiply_at_width(int width, const double *a, const double *b, ptrdiff_t m, ptrdiff_t k, ptrdiff_t n,
                               double *c, const double *bias);
int gradbook_multiply_transposing_left_at_width(int width, const double *a, const double *b, ptrdiff_t n, ptrdiff_t k,
                                                ptrdiff_t m, double *c);

/// a = relu(z) over `count` elements, eight at a time; a may be z (a training step applies it in place).
void gradbook_relu(const double *z, double *a, ptrdiff_t count);

/// g ∘= relu'(z) over a rows×columns matrix (g where z > 0, else 0, and a NaN z passed on), and the sum of each
/// column of the result, rows added in order, into `sums`: a relu layer's dZ and its bias gradient in one pass.
void gradbook_relu_backward_column_sums(double *g, const double *z, ptrdiff_t rows, ptrdiff_t columns, double *sums);

/// The sum of each column of a rows×columns matrix, rows added in order from +0, into `sums` (a bias gradient).
void gradbook_column_sums(const double *x, ptrdiff_t rows, ptrdiff_t columns, double *sums);

/// Whether any of the `count` doubles at `a` is not finite (inf or nan), and whether any is 0 or subnormal,
/// in one pass (a node's "may have lost parts" flag, Node.swift).
void gradbook_scan_elements(const double *a, ptrdiff_t count, int *not_finite, int *not_normal);

#endif

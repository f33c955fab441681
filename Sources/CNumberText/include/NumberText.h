// A number as C's printf writes it, callable from Swift without a variadic call.
#ifndef GRADBOOK_NUMBER_TEXT_H
#define GRADBOOK_NUMBER_TEXT_H

#include <stddef.h>

/// Writes `value` as printf's "%.*g" (or "%.*e" when `exponent_style` is nonzero) with `digits` digits into
/// `buffer` (`capacity` bytes, NUL-terminated); returns the length, as snprintf does.
int gradbook_print_double(char *buffer, size_t capacity, int digits, double value, int exponent_style);

#endif

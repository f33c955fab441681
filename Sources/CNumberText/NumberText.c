// Swift reaches printf only through a va_list it builds by casting each argument at run time, which cost more
// than the formatting itself and, at its first use, a scan of every protocol conformance in the program; this
// one fixed signature needs none of that (Support/NumberFormat.swift).

#include "NumberText.h"
#include <stdio.h>

int gradbook_print_double(char *buffer, size_t capacity, int digits, double value, int exponent_style) {
    return snprintf(buffer, capacity, exponent_style ? "%.*e" : "%.*g", digits, value);
}

/*
 * vs_gbench_ops.c - the measured functions of bench/vs-gbench (see
 * vs_gbench_ops.h).  The sort copies its fixed unsorted input first, so
 * every call sorts the same data; the copy is part of the measured cost in
 * both harnesses.
 */
#include <stdlib.h>
#include <string.h>

#include "vs_gbench_ops.h"

__attribute__((noinline)) void op_empty(void)
{
	__asm__ __volatile__("");
}

__attribute__((noinline)) void op_memcpy4k(char *dst, const char *src)
{
	memcpy(dst, src, 4096);
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

__attribute__((noinline)) void op_sort1000(int *work, const int *input)
{
	memcpy(work, input, 1000 * sizeof(int));
	qsort(work, 1000, sizeof(int), cmp_int);
}

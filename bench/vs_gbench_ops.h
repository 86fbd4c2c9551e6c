/*
 * vs_gbench_ops.h - the three C functions bench/vs-gbench measures with
 * both pace-bench and Google Benchmark.  They live in their own file and
 * are noinline so that neither harness can see through them.
 */
#ifndef VS_GBENCH_OPS_H
#define VS_GBENCH_OPS_H

#ifdef __cplusplus
extern "C" {
#endif

void op_empty(void);
void op_memcpy4k(char *dst, const char *src);      /* 4096 bytes */
void op_sort1000(int *work, const int *input);     /* copy, then qsort 1000 ints */

#ifdef __cplusplus
}
#endif
#endif

/*
 * store_copy.h - copying a whole history from one store to another
 * (`pace store copy FROM TO`, between SQLite and PostgreSQL either way).
 * Same conventions as store.h.
 */
#ifndef PACE_STORE_COPY_H
#define PACE_STORE_COPY_H

#include "store/store.h"

struct pace_store_copy_table {
	char *name;
	size_t rows;
};

/* The rows copied, table by table, in the order they were copied. */
struct pace_store_copy_counts {
	struct pace_store_copy_table *tables;
	size_t n;
};

/* Copies every row of every table of `from` into `to`, which must hold no
 * run (PACE_EUSAGE otherwise), in one transaction of `to`.  counts is
 * filled as far as the copy went; release it in any case. */
int pace_store_copy(struct pace_store *from, struct pace_store *to,
		    struct pace_store_copy_counts *counts, struct pace_error *err);
void pace_store_copy_counts_release(struct pace_store_copy_counts *c);

#endif

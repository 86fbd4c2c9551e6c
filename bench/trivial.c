/* trivial.c - the smallest useful benchmark target: a static binary that
 * exits at once, so that what bench/overhead measures is the cost of
 * starting, waiting for and accounting a process. */
int main(void)
{
	return 0;
}

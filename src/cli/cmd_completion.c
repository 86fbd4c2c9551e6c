/*
 * cmd_completion.c - `pace completion bash|zsh|fish`: prints the shell's
 * completion script, generated from the option tables (completion.c).
 * The build installs the three scripts where each shell looks for them.
 */
#include "cli/cli.h"

static const struct pace_opt completion_opts[] = {
	PACE_OPT_END,
};

const struct pace_opt_cmd cmd_completion_spec = {
	.name = "completion",
	.summary = "print the bash, zsh or fish completion script",
	.usage =
"usage: pace completion bash|zsh|fish\n"
"\n"
"Prints the completion script of the shell, for commands, options, their\n"
"values and operands.  'meson install' installs all three; to try one in a\n"
"running bash: source <(pace completion bash)\n",
	.opts = completion_opts,
	.operands = PACE_COMPLETE_WORDS,
	.words = "bash zsh fish",
};

int cmd_completion(int argc, char **argv)
{
	struct pace_opt_state st = {0};
	int rc = pace_opt_parse(&st, &cmd_completion_spec, argc, argv);

	if (rc)
		return rc < 0 ? PACE_EXIT_OK : rc;
	if (st.nargs != 1)
		return pace_cli_error("completion: name one shell: bash, zsh or fish");
	if (pace_opt_completion(stdout, st.args[0], pace_cli_specs()))
		return pace_cli_error("completion: no completion for '%s' (bash, zsh "
				      "or fish)", st.args[0]);
	return PACE_EXIT_OK;
}

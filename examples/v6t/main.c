/*
 * v6t - the libv6transit command-line tool: global options and the table of
 * subcommands. Each subcommand lives in its own cmd_*.c file; adding one is
 * adding a row to the table below.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <stdio.h>
#include <string.h>

#include "v6t.h"

static const struct tool_cmd cmds[] = {
	{ "addr", cmd_addr, cmd_addr_usage },
	{ "xlat", cmd_xlat, cmd_xlat_usage },
	{ "reasm", cmd_reasm, cmd_reasm_usage },
	{ "frag", cmd_frag, cmd_frag_usage },
	{ "flowlabel", cmd_flowlabel, cmd_flowlabel_usage },
	{ "encap", cmd_encap, cmd_encap_usage },
	{ "decap", cmd_decap, cmd_decap_usage },
	{ "mss", cmd_mss, cmd_mss_usage },
};

#define N_CMDS (sizeof(cmds) / sizeof(cmds[0]))

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: v6t [-v] COMMAND ARGS...\n"
	      "       v6t --help | --version\n"
	      "options: -v  explain failures on stderr\n"
	      "commands:\n", f);
	for (i = 0; i < N_CMDS; i++)
		cmds[i].usage(f);
	fputs("exit status: 0 success, 1 input not of the asked kind, "
	      "2 bad usage or malformed input\n", f);
}

static const struct tool_cmd *find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < N_CMDS; i++)
		if (strcmp(cmds[i].name, name) == 0)
			return &cmds[i];
	return NULL;
}

/* The global options before the command; returns the index of the command
 * word, or -1 when main should return *status. */
static int global_options(int argc, char **argv, struct tool_opts *opts,
			  int *status)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-v") == 0) {
			opts->verbose = 1;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			*status = V6T_EXIT_OK;
			return -1;
		} else if (strcmp(argv[i], "--version") == 0) {
			printf("version=%s\n", v6t_version());
			*status = V6T_EXIT_OK;
			return -1;
		} else {
			*status = tool_error(V6T_EXIT_USAGE, "unknown option '%s'", argv[i]);
			return -1;
		}
	}
	if (i == argc) {
		*status = tool_error(V6T_EXIT_USAGE, "no command given (see v6t --help)");
		return -1;
	}
	return i;
}

int main(int argc, char **argv)
{
	struct tool_opts opts = { 0 };
	const struct tool_cmd *cmd;
	int status = V6T_EXIT_USAGE;
	int first = global_options(argc, argv, &opts, &status);

	if (first < 0) {
		if (status == V6T_EXIT_USAGE && opts.verbose)
			usage(stderr);
		return status;
	}
	cmd = find_cmd(argv[first]);
	if (cmd == NULL) {
		status = tool_error(V6T_EXIT_USAGE, "unknown command '%s'", argv[first]);
		if (opts.verbose)
			usage(stderr);
		return status;
	}
	return cmd->run(&opts, argc - first, argv + first);
}

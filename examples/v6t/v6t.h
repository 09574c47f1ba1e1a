/*
 * v6t - the libv6transit command-line tool: declarations shared by its
 * source files (see ../../doc/cli.md for the command-line contract).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_TOOL_V6T_H
#define V6T_TOOL_V6T_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <v6transit/v6transit.h>

#include "pcap.h"

/* Exit statuses (CLI.md): success; a well-formed input that is not of the
 * asked kind; bad usage or malformed input. */
#define V6T_EXIT_OK 0
#define V6T_EXIT_NOT_KIND 1
#define V6T_EXIT_USAGE 2

/* Options given before the subcommand. */
struct tool_opts {
	int verbose; /* -v: explanations on stderr */
};

/* A subcommand: argv[0] is its name; returns an exit status. */
struct tool_cmd {
	const char *name;
	int (*run)(const struct tool_opts *opts, int argc, char **argv);
	void (*usage)(FILE *f); /* prints its usage lines, indented by two */
};

/* The subcommands (one source file each). */
int cmd_addr(const struct tool_opts *opts, int argc, char **argv);
void cmd_addr_usage(FILE *f);
int cmd_flowlabel(const struct tool_opts *opts, int argc, char **argv);
void cmd_flowlabel_usage(FILE *f);
int cmd_frag(const struct tool_opts *opts, int argc, char **argv);
void cmd_frag_usage(FILE *f);
int cmd_mss(const struct tool_opts *opts, int argc, char **argv);
void cmd_mss_usage(FILE *f);
int cmd_reasm(const struct tool_opts *opts, int argc, char **argv);
void cmd_reasm_usage(FILE *f);
int cmd_xlat(const struct tool_opts *opts, int argc, char **argv);
void cmd_xlat_usage(FILE *f);
/* encap and decap share cmd_tunnel.c (one tun_*.c per mechanism). */
int cmd_encap(const struct tool_opts *opts, int argc, char **argv);
void cmd_encap_usage(FILE *f);
int cmd_decap(const struct tool_opts *opts, int argc, char **argv);
void cmd_decap_usage(FILE *f);

/* ---------------------------------------------------------------- errors */

/* Print "v6t: error: <fmt...>" and a newline on stderr; return status. */
int tool_error(int status, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* ---------------------------------------------------------------- output */

/* Output is collected here and written only once the command has succeeded,
 * so that a failing command prints nothing on stdout. */
#define TOOL_OUT_MAX 4096

struct tool_out {
	char buf[TOOL_OUT_MAX];
	size_t len;
	int overflow; /* a line did not fit (a bug: buffer too small) */
};

void out_init(struct tool_out *o);
/* "key=value\n" lines. */
void out_str(struct tool_out *o, const char *key, const char *val);
void out_uint(struct tool_out *o, const char *key, unsigned long val);
void out_hex16(struct tool_out *o, const char *key, unsigned val);
void out_in4(struct tool_out *o, const char *key, const v6t_in4 *a);
void out_in6(struct tool_out *o, const char *key, const v6t_in6 *a);
void out_prefix6(struct tool_out *o, const char *key, const v6t_prefix6 *p);
/* The ip6.arpa name of a (v6t_addr_in6_ptr_format()). */
void out_ptr6(struct tool_out *o, const char *key, const v6t_in6 *a);
/* A MAC as six lowercase hex pairs joined by ':'. */
void out_mac(struct tool_out *o, const char *key, const uint8_t mac[6]);
/* An empty line. */
void out_blank(struct tool_out *o);
/* Write the collected lines on stdout; returns an exit status. */
int out_flush(struct tool_out *o);

/* ---------------------------------------------------------------- parsing */

/* Status codes of the number parsers (beside V6T_OK), apart from the
 * library's V6T_E* codes so that one tool_strerror() describes both. */
#define TOOL_ENUM_SYNTAX (-0x7f01) /* not a plain decimal (or 0xNNNN) number */
#define TOOL_ENUM_RANGE (-0x7f02)  /* above the allowed maximum */

/* A decimal number: digits only (no sign, no space, no leading zero unless
 * it is "0"), at most max. */
int parse_dec(const char *s, unsigned long max, unsigned long *out);
/* The same for the n bytes at s (which may hold NUL bytes: refused). */
int parse_dec_n(const char *s, size_t n, unsigned long max, unsigned long *out);
/* A 16-bit hex number written "0x" and exactly four hex digits. */
int parse_hex16(const char *s, unsigned long *out);
/* Description of a parse_dec/parse_hex16 status or of a library V6T_E* code. */
const char *tool_strerror(int status);

/* s[0..n) as printable text for a message, NUL-terminated in dst (cap
 * bytes, at least 8): bytes below 0x20 and from 0x7f up are written \xNN,
 * and text that does not fit is cut short with "...". */
void tool_escape(char *dst, size_t cap, const char *s, size_t n);
/* The size of dst that holds n bytes escaped, uncut. */
#define TOOL_ESCAPED_MAX(n) (4 * (n) + 1)

/* ------------------------------------------------------------ input lines */

/* The longest line read_line() takes, in bytes (without its line end). */
#define TOOL_LINE_MAX 256

/* Statuses of read_line(). */
#define TOOL_LINE_OK 0     /* a line, in buf[0..*len) */
#define TOOL_LINE_EOF 1    /* the end of the input: nothing more */
#define TOOL_LINE_LONG 2   /* a line longer than cap bytes, skipped */
#define TOOL_LINE_ERROR 3  /* a read error */

/* Read one line of f into buf (cap bytes, not NUL-terminated), without its
 * "\n" or "\r\n"; a last line without "\n" is a line too. */
int read_line(FILE *f, char *buf, size_t cap, size_t *len);

/* ------------------------------------------------------- addr text errors */

/* The error of an IPv6 address text s[0..n) that the library refuses:
 * prints "v6t: error: WHAT: WHY", WHY naming the fault (a zone index,
 * brackets, a port, a space, an IPv4 address, ...) and its column, s
 * starting at column col0 + 1 of the text shown (addr_text.c); returns 2. */
int in6_text_fail(const char *what, size_t col0, const char *s, size_t n);

/* Split "key=value": returns 0 with *val after the '=', or -1 when there is
 * no '=' or the key is empty. */
int split_kv(const char *arg, size_t *keylen, const char **val);

/* The value of the option at argv[*i], moving *i past it; NULL (and an
 * error printed: "OPTION: missing value") when it is the last argument. */
const char *option_value(int argc, char **argv, int *i);

/* ------------------------------------------------------- packet commands */

/* pktcmd.c: the frame of every pcap-in/pcap-out command (CLI.md "Packets",
 * doc/cli.md "Packet commands"). The command parses its own options with
 * the helpers below, sets name, opts, packet (and ctx, finish), then calls
 * pktcmd_run(), which opens IN, checks its file header, creates OUT (a RAW
 * capture with IN's timestamp resolution), gives each IPv4 or IPv6 packet
 * to packet() in order, calls finish() after the last one, and completes
 * OUT. Frames without an IP packet never reach the command: the reader
 * skips them and counts them in n_skipped. */
struct pktcmd {
	/* set by the command */
	const char *name;             /* the subcommand, for messages */
	const struct tool_opts *opts;
	const char *in;               /* -r FILE, "-" for standard input */
	const char *out;              /* -w FILE */
	/* One packet: pkt->data (pkt->len bytes, IP header first) may be
	 * changed through data, the same bytes writable. Returns an exit
	 * status; anything but V6T_EXIT_OK stops the run. */
	int (*packet)(struct pktcmd *pc, const struct pcap_pkt *pkt, uint8_t *data);
	int (*finish)(struct pktcmd *pc); /* NULL, or after the last packet */
	void *ctx;                    /* the command's own state */
	/* set by pktcmd_run() */
	const struct pcap_reader *reader; /* while running: records read so far */
	struct pcap_writer *writer;       /* while running */
	unsigned long n_in;      /* records read */
	unsigned long n_out;     /* records written (pktcmd_write()) */
	unsigned long n_skipped; /* frames without an IP packet, not written */
};

/* argv[*i] is "-r" or "-w". */
int pktcmd_is_file_option(const char *arg);
/* Take the value of -r or -w at argv[*i] (each given once); returns an
 * exit status. */
int pktcmd_file_option(struct pktcmd *pc, int argc, char **argv, int *i);
/* Take the decimal value, min..max, of the option at argv[*i], given once
 * (*seen); returns an exit status. */
int pktcmd_uint_option(int argc, char **argv, int *i, unsigned long min,
		       unsigned long max, int *seen, unsigned long *out);
/* The error of an argument the command does not take: "NAME: unknown
 * option 'ARG'" or "NAME: unexpected argument 'ARG'"; returns 2. */
int pktcmd_bad_arg(const struct pktcmd *pc, const char *arg);
/* After the options: -r and -w given, -w not "-" nor the same as -r.
 * Returns an exit status. */
int pktcmd_check_files(const struct pktcmd *pc);
/* Run the command over IN; returns an exit status. */
int pktcmd_run(struct pktcmd *pc);

/* From packet() or finish(): write len bytes at data to OUT with pkt's
 * timestamp, counting it in n_out; returns an exit status. */
int pktcmd_write(struct pktcmd *pc, const struct pcap_pkt *pkt,
		 const uint8_t *data, size_t len);
/* From packet() or finish(), with -v only: "v6t: NAME: record N: " and the
 * message on stderr. */
void pktcmd_note(const struct pktcmd *pc, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;
/* A packet's timestamp in milliseconds (the clock of reasm). */
uint64_t pktcmd_time_ms(const struct pcap_pkt *pkt);

#endif /* V6T_TOOL_V6T_H */

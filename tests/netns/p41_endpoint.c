/*
 * p41_endpoint - a protocol-41 tunnel endpoint on the library, for
 * tests/netns/p41_kernel.sh: the inner IPv6 on a Linux TUN device, the
 * outer IPv4 on a raw socket of protocol 41.
 *
 * usage: p41_endpoint [-v] --tun NAME MECH OPTIONS [--ttl N] [--mtu N]
 *                     [--no-checks]
 *   MECH and OPTIONS as for `v6t encap` / `v6t decap` (doc/cli.md
 *   "Tunnels"): 6in4, 6to4, 6rd, isatap, through the tool's own
 *   mechanism table (examples/v6t/tunnel.h), so that both use one
 *   configuration. -v reports every packet not passed on, on stderr.
 *
 * IPv6 packets the kernel routes into the TUN device are encapsulated
 * (v6t_tun_p41_encap()) and sent to their outer destination; a Packet Too
 * Big goes back into the TUN device. Every protocol-41 packet the raw
 * socket receives is decapsulated with the checks (v6t_tun_p41_decap())
 * and its inner packet written to the TUN device. On SIGTERM or SIGINT it
 * prints its counters as key=value lines on stdout (rejected and
 * reject_<reason> as v6t decap counts them, only the non-zero reasons)
 * and exits 0. Exit status 2 for bad usage or a setup failure.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#define _DEFAULT_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "tunnel.h"

#define BUF_MAX 65536u
#define REASONS_MAX 32u
#define POLL_MS 200 /* how often the stop flag is looked at */
#define MTU_DEFAULT 1480u
#define TTL_DEFAULT 64u

static volatile sig_atomic_t stop;

struct counts {
	unsigned long tun_in, raw_in, encapsulated, decapsulated, icmp_errors,
		      dropped, rejected, reject[REASONS_MAX];
};

struct endpoint {
	const struct tun_mech *m;
	int tun, raw, verbose;
	uint16_t next_id;
	struct counts n;
};

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int tun_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR);

	if (fd < 0)
		return -1;
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static int raw_open(void)
{
	int fd = socket(AF_INET, SOCK_RAW, V6T_P41_PROTO), one = 1;

	if (fd < 0)
		return -1;
	/* the library writes the whole IPv4 header */
	if (setsockopt(fd, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Send one IPv4 packet to the destination in its header. */
static void raw_send(struct endpoint *e, const uint8_t *p, size_t len)
{
	struct sockaddr_in to;

	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	memcpy(&to.sin_addr, p + 16, 4);
	if (sendto(e->raw, p, len, 0, (const struct sockaddr *)&to, sizeof(to)) < 0 &&
	    e->verbose)
		fprintf(stderr, "p41_endpoint: sendto: %s\n", strerror(errno));
}

static void note(const struct endpoint *e, const char *what, int reason)
{
	if (e->verbose)
		fprintf(stderr, "p41_endpoint: %s: %s\n", what, v6t_strerror(reason));
}

static void from_tun(struct endpoint *e, uint8_t *buf, size_t len)
{
	static uint8_t out[BUF_MAX + 64], frag[BUF_MAX];
	v6t_tun_result r;
	size_t fl;
	int rc;

	e->n.tun_in++;
	if (len == 0 || buf[0] >> 4 != 6)
		return;
	rc = e->m->encap(buf, len, e->next_id, out, sizeof(out), &r);
	if (rc != V6T_OK) {
		e->n.dropped++;
		note(e, "encap", rc);
		return;
	}
	switch (r.verdict) {
	case V6T_TUN_FORWARD:
		e->next_id++;
		e->n.encapsulated++;
		raw_send(e, r.data, r.len);
		break;
	case V6T_TUN_FRAGMENTS:
		e->next_id++;
		e->n.encapsulated++;
		while (e->m->fragment(&r, frag, sizeof(frag), &fl) == V6T_OK)
			raw_send(e, frag, fl);
		break;
	case V6T_TUN_ICMP_ERROR:
		e->n.icmp_errors++;
		if (write(e->tun, r.data, r.len) < 0)
			note(e, "write", V6T_EINVAL);
		break;
	default:
		e->n.dropped++;
		note(e, "encap dropped", r.reason);
	}
}

static void from_raw(struct endpoint *e, uint8_t *buf, size_t len)
{
	v6t_tun_result r;
	size_t k;

	e->n.raw_in++;
	if (e->m->decap(buf, len, 0, &r) != V6T_OK || r.verdict == V6T_TUN_NOT_MINE)
		return;
	if (r.verdict == V6T_TUN_FORWARD) {
		e->n.decapsulated++;
		if (write(e->tun, r.data, r.len) < 0)
			note(e, "write", V6T_EINVAL);
		return;
	}
	for (k = 0; k < e->m->n_reasons && k < REASONS_MAX; k++)
		if (e->m->reasons[k].status == r.reason) {
			e->n.rejected++;
			e->n.reject[k]++;
			note(e, "rejected", r.reason);
			return;
		}
	e->n.dropped++;
	note(e, "decap dropped", r.reason);
}

static void print_counts(const struct endpoint *e)
{
	size_t k;

	printf("tun_in=%lu\nraw_in=%lu\nencapsulated=%lu\ndecapsulated=%lu\n"
	       "icmp_errors=%lu\ndropped=%lu\nrejected=%lu\n", e->n.tun_in,
	       e->n.raw_in, e->n.encapsulated, e->n.decapsulated, e->n.icmp_errors,
	       e->n.dropped, e->n.rejected);
	for (k = 0; k < e->m->n_reasons && k < REASONS_MAX; k++)
		if (e->n.reject[k] != 0)
			printf("reject_%s=%lu\n", e->m->reasons[k].name, e->n.reject[k]);
	fflush(stdout);
}

static int run(struct endpoint *e)
{
	static uint8_t buf[BUF_MAX];
	struct pollfd pf[2];
	ssize_t n;

	pf[0].fd = e->tun;
	pf[1].fd = e->raw;
	pf[0].events = pf[1].events = POLLIN;
	while (!stop) {
		if (poll(pf, 2, POLL_MS) < 0) {
			if (errno == EINTR)
				continue;
			return tool_error(V6T_EXIT_USAGE, "poll: %s", strerror(errno));
		}
		if ((pf[0].revents & POLLIN) && (n = read(e->tun, buf, sizeof(buf))) > 0)
			from_tun(e, buf, (size_t)n);
		if ((pf[1].revents & POLLIN) &&
		    (n = recv(e->raw, buf, sizeof(buf), 0)) > 0)
			from_raw(e, buf, (size_t)n);
	}
	print_counts(e);
	return V6T_EXIT_OK;
}

/* --ttl, --mtu, --no-checks and --tun: an exit status, or TUN_NOT_OPTION. */
static int own_option(int argc, char **argv, int *i, struct tun_common *c,
		      const char **tun, int *seen)
{
	const char *o = argv[*i];
	unsigned long v;
	int st;

	if (strcmp(o, "--tun") == 0) {
		*tun = tun_opt_text(argc, argv, i, &seen[0]);
		return *tun != NULL ? V6T_EXIT_OK : V6T_EXIT_USAGE;
	}
	if (strcmp(o, "--no-checks") == 0) {
		c->checks = 0;
		return V6T_EXIT_OK;
	}
	if (strcmp(o, "--ttl") == 0) {
		st = pktcmd_uint_option(argc, argv, i, 1, 255, &seen[1], &v);
		c->ttl = (unsigned)v;
		return st;
	}
	if (strcmp(o, "--mtu") == 0) {
		st = pktcmd_uint_option(argc, argv, i, 1280, 65515, &seen[2], &v);
		c->mtu = (uint32_t)v;
		return st;
	}
	return TUN_NOT_OPTION;
}

int main(int argc, char **argv)
{
	struct endpoint e;
	struct tun_common c = { 0, TTL_DEFAULT, MTU_DEFAULT, 1 };
	const char *tun = NULL;
	int i = 1, st, seen[3] = { 0, 0, 0 };

	memset(&e, 0, sizeof(e));
	e.next_id = 1;
	if (i < argc && strcmp(argv[i], "-v") == 0) {
		e.verbose = 1;
		i++;
	}
	for (; i < argc; i++) {
		if (e.m == NULL && argv[i][0] != '-') {
			e.m = tun_find_mech(argv[i]);
			if (e.m == NULL || e.m->usage == NULL)
				return tool_error(V6T_EXIT_USAGE, "%s: not a mechanism here",
						  argv[i]);
			continue;
		}
		st = own_option(argc, argv, &i, &c, &tun, seen);
		if (st == TUN_NOT_OPTION && e.m != NULL)
			st = e.m->option(argc, argv, &i);
		if (st == TUN_NOT_OPTION)
			st = tool_error(V6T_EXIT_USAGE, "unknown option '%s'", argv[i]);
		if (st != V6T_EXIT_OK)
			return st;
	}
	if (e.m == NULL || tun == NULL)
		return tool_error(V6T_EXIT_USAGE, "usage: p41_endpoint [-v] --tun NAME "
				  "MECH OPTIONS [--ttl N] [--mtu N] [--no-checks]");
	st = e.m->setup(&c);
	if (st != V6T_EXIT_OK)
		return st;
	e.tun = tun_open(tun);
	if (e.tun < 0)
		return tool_error(V6T_EXIT_USAGE, "%s: %s", tun, strerror(errno));
	e.raw = raw_open();
	if (e.raw < 0)
		return tool_error(V6T_EXIT_USAGE, "raw socket: %s", strerror(errno));
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	return run(&e);
}

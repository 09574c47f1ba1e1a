/*
 * siit-gw - a stateless IP/ICMP translator (SIIT, RFC 7915, with EAM,
 * RFC 7757) or 464XLAT CLAT (RFC 6877) on a Linux TUN device, built on
 * libv6transit. See doc/siit-gw.md and siit-gw(8).
 *
 * The kernel routes the IPv4 and IPv6 prefixes to translate into the TUN
 * device (as for TAYGA: the administrator sets the device up and adds the
 * routes); siit-gw reads each packet, translates it and writes the result
 * back, and the kernel routes that on. Memory is taken once at start;
 * nothing is allocated per packet. SIGINT and SIGTERM stop it; SIGUSR1
 * prints the counters on stdout, as it does on exit.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <linux/if.h>
#include <linux/if_tun.h>

#include "loop.h"

/* The reassembly table's shape: chunks of 2 KiB in a shared pool, two per
 * slot on average and at least enough for one largest datagram. */
#define REASM_CHUNK 2048u
#define REASM_MIN_CHUNKS (GW_MAX_PACKET / REASM_CHUNK + 2u)

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t dump_requested;

static void on_signal(int sig)
{
	if (sig == SIGUSR1)
		dump_requested = 1;
	else
		stop_requested = 1;
}

static void usage(FILE *f)
{
	fputs("usage: siit-gw -c FILE [--tun NAME] [--check]\n"
	      "       siit-gw --help | --version\n"
	      "  -c, --config FILE  the configuration file (siit-gw(8))\n"
	      "  --tun NAME         the TUN device, over tun-device in FILE\n"
	      "  --check            check the configuration, print it ok, exit\n"
	      "signals: INT, TERM stop; USR1 prints the counters\n", f);
}

struct options {
	const char *config, *tun;
	int check;
};

static int parse_options(int argc, char **argv, struct options *o, int *done)
{
	int i;

	memset(o, 0, sizeof(*o));
	*done = 0;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			*done = 1;
			return GW_EXIT_OK;
		} else if (strcmp(a, "--version") == 0) {
			printf("siit-gw %s\n", v6t_version());
			*done = 1;
			return GW_EXIT_OK;
		} else if (strcmp(a, "--check") == 0) {
			o->check = 1;
		} else if ((strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0 ||
			    strcmp(a, "--tun") == 0) && i + 1 < argc) {
			if (a[2] == 't')
				o->tun = argv[++i];
			else
				o->config = argv[++i];
		} else {
			return gw_error(GW_EXIT_USAGE, "%s: unknown option or missing "
					"value (see siit-gw --help)", a);
		}
	}
	if (o->config == NULL)
		return gw_error(GW_EXIT_USAGE, "missing -c FILE (see siit-gw --help)");
	if (o->tun != NULL && strlen(o->tun) >= GW_NAME_MAX)
		return gw_error(GW_EXIT_USAGE, "--tun %s: longer than %d bytes", o->tun,
				GW_NAME_MAX - 1);
	return GW_EXIT_OK;
}

/* Attach to (or create) the TUN device, non-blocking, no packet info;
 * with offload, a virtio header before each packet and the kernel's
 * checksum, TCP segmentation and (Linux 6.2 and later) UDP segmentation
 * offloads (offload.c). A kernel without UDP segmentation refuses
 * TUN_F_USO4 / USO6: then the other offloads alone. */
static int tun_open(const char *name, int offload, int *fd)
{
	unsigned feat = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6;
	int hdrsz = (int)sizeof(struct virtio_net_hdr);
	struct ifreq ifr;

	*fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (*fd < 0)
		return gw_error(GW_EXIT_RUNTIME, "/dev/net/tun: %s", strerror(errno));
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI | (offload ? IFF_VNET_HDR : 0);
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(*fd, TUNSETIFF, &ifr) < 0 ||
	    (offload && (ioctl(*fd, TUNSETVNETHDRSZ, &hdrsz) < 0 ||
			 (ioctl(*fd, TUNSETOFFLOAD, feat | TUN_F_USO4 | TUN_F_USO6) < 0 &&
			  ioctl(*fd, TUNSETOFFLOAD, feat) < 0)))) {
		int e = errno;

		close(*fd);
		*fd = -1;
		return gw_error(GW_EXIT_RUNTIME, "TUN device %s%s: %s", name,
				offload ? " with offload on" : "", strerror(e));
	}
	return GW_EXIT_OK;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* The reassembly table, when the configuration has reassembly-slots. */
static int reasm_open(struct gw *g, const struct gw_config *c, void **mem)
{
	v6t_frag_config fc;
	size_t size;
	int rc;

	memset(&fc, 0, sizeof(fc));
	fc.slots = (uint32_t)c->reasm_slots;
	fc.max_datagram = GW_MAX_PACKET;
	fc.timeout_ms = V6T_FRAG_TIMEOUT_MS;
	fc.max_frags = V6T_FRAG_FRAGS_MAX;
	fc.chunk_size = REASM_CHUNK;
	fc.chunks = fc.slots * 2u > REASM_MIN_CHUNKS ? fc.slots * 2u : REASM_MIN_CHUNKS;
	if (getrandom(fc.key.b, sizeof(fc.key.b), 0) != (ssize_t)sizeof(fc.key.b))
		return gw_error(GW_EXIT_RUNTIME, "getrandom: %s", strerror(errno));
	size = v6t_frag_table_size(&fc);
	*mem = size != 0 ? malloc(size) : NULL;
	if (*mem == NULL)
		return gw_error(GW_EXIT_RUNTIME, "reassembly table of %lu slots: out of "
				"memory", c->reasm_slots);
	rc = v6t_frag_init(&g->reasm, *mem, size, &fc);
	if (rc != V6T_OK)
		return gw_error(GW_EXIT_RUNTIME, "reassembly table: %s", v6t_strerror(rc));
	g->reasm_slots = fc.slots;
	return GW_EXIT_OK;
}

/* One packet from the device into buf + GW_HEADROOM; under offload on,
 * its virtio header into *vh (zero when the read is shorter), read in
 * front of the packet and copied out before the translation may write
 * its headers there. */
static ssize_t read_one(struct gw *g, uint8_t *buf, struct virtio_net_hdr *vh)
{
	uint8_t *p = buf + GW_HEADROOM - sizeof(*vh);
	ssize_t r;

	if (!g->offload)
		return read(g->fd, buf + GW_HEADROOM, GW_MAX_PACKET);
	r = read(g->fd, p, GW_MAX_PACKET + sizeof(*vh));
	if (r < 0)
		return r;
	if ((size_t)r < sizeof(*vh)) {
		memset(vh, 0, sizeof(*vh));
		return 0;
	}
	memcpy(vh, p, sizeof(*vh));
	return r - (ssize_t)sizeof(*vh);
}

/* Read up to batch packets, then work through them: one wakeup's worth;
 * *got is how many there were. */
static int read_batch(struct gw *g, uint8_t *bufs, size_t *lens, unsigned long batch,
		      unsigned long *got)
{
	struct virtio_net_hdr vh[GW_BATCH_MAX];
	unsigned long n = 0, i;
	uint64_t now;

	while (n < batch) {
		ssize_t r = read_one(g, bufs + n * GW_BUF, &vh[n]);

		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if (r < 0)
			return gw_error(GW_EXIT_RUNTIME, "reading the TUN device: %s",
					strerror(errno));
		lens[n++] = (size_t)r;
	}
	now = now_ms();
	for (i = 0; i < n; i++)
		gw_packet(g, bufs + i * GW_BUF, lens[i], g->offload ? &vh[i] : NULL, now);
	*got = n;
	return GW_EXIT_OK;
}

/* Under load, wait a little before the next wakeup so that it finds
 * several packets (as NAPI and NIC interrupt coalescing do): a wakeup,
 * two context switches, costs more than translating a packet. Only when
 * the last wakeup found more than one packet and fewer than a batch: a
 * lone packet is never delayed. */
static void coalesce(unsigned long got, unsigned long batch, unsigned long us)
{
	struct timespec ts = { 0, (long)us * 1000 };

	if (us != 0 && got > 1 && got < batch)
		nanosleep(&ts, NULL);
}

static int run(struct gw *g, unsigned long batch, unsigned long coalesce_us)
{
	unsigned long got = 0;
	uint8_t *bufs = malloc(batch * GW_BUF);
	size_t lens[GW_BATCH_MAX];
	struct pollfd pfd = { g->fd, POLLIN, 0 };
	int rc = GW_EXIT_OK;

	if (bufs == NULL)
		return gw_error(GW_EXIT_RUNTIME, "out of memory for %lu buffers", batch);
	while (!stop_requested && rc == GW_EXIT_OK) {
		int r;

		if (dump_requested) {
			dump_requested = 0;
			gw_counts_print(&g->k, stdout);
		}
		r = poll(&pfd, 1, 1000);
		gw_expire(g, now_ms());
		if (r < 0 && errno != EINTR)
			rc = gw_error(GW_EXIT_RUNTIME, "poll: %s", strerror(errno));
		else if (r > 0)
			rc = read_batch(g, bufs, lens, batch, &got);
		if (r > 0 && rc == GW_EXIT_OK)
			coalesce(got, batch, coalesce_us);
	}
	free(bufs);
	return rc;
}

/* The limits of the translator x that offload.c checks a GSO packet's
 * segments against: the configured MTUs or the library's defaults
 * (xlat.h: lowest-ipv6-mtu 1280, mtu4 and mtu6 1500). */
static void set_limits(struct gw *g, const struct gw_config *c)
{
	uint32_t lowest = c->lowest_ipv6_mtu != 0 ? (uint32_t)c->lowest_ipv6_mtu
						  : V6T_XLAT_IPV6_MIN_MTU;

	g->lim46_df = c->mtu6 != 0 ? (uint32_t)c->mtu6 : 1500u;
	g->lim46 = lowest < g->lim46_df ? lowest : g->lim46_df;
	g->lim64 = c->mtu4 != 0 ? (uint32_t)c->mtu4 : 1500u;
}

static void set_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: poll() returns EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGUSR1, &sa, NULL);
}

int main(int argc, char **argv)
{
	static struct gw g; /* 64 KiB of fragment buffer: not on the stack */
	struct options o;
	struct gw_config c;
	v6t_xlat_eamt eamt;
	v6t_xlat x, x_whole, x_gso;
	void *reasm_mem = NULL;
	int done, rc = parse_options(argc, argv, &o, &done);

	if (rc != GW_EXIT_OK || done)
		return rc;
	rc = gw_config_read(&c, o.config);
	if (rc == GW_EXIT_OK)
		rc = gw_config_finish(&c, &eamt, &x);
	if (rc == GW_EXIT_OK && o.check)
		printf("%s: ok\n", o.config);
	if (rc != GW_EXIT_OK || o.check) {
		gw_config_free(&c);
		return rc;
	}
	g.x = &x;
	set_limits(&g, &c);
	c.xc.mtu4 = 65535;
	if (v6t_xlat_init(&x_whole, &c.xc) != V6T_OK)
		return gw_error(GW_EXIT_USAGE, "%s: the translator refuses mtu4 65535",
				c.file);
	g.x_whole = &x_whole;
	/* GSO packets: every MTU the largest, the segments are checked
	 * against the real ones (offload.c) */
	c.xc.mtu6 = 65535;
	c.xc.lowest_ipv6_mtu = 65535;
	if (v6t_xlat_init(&x_gso, &c.xc) != V6T_OK)
		return gw_error(GW_EXIT_USAGE, "%s: the translator refuses MTUs of 65535",
				c.file);
	g.x_gso = &x_gso;
	g.offload = c.offload != 0;
	g.mss = (uint16_t)c.mss_clamp;
	g.self4 = c.xc.self4;
	g.self6 = c.xc.self6;
	g.has_self[0] = memcmp(&g.self4, &(v6t_in4){ { 0 } }, sizeof(g.self4)) != 0;
	g.has_self[1] = memcmp(&g.self6, &(v6t_in6){ { 0 } }, sizeof(g.self6)) != 0;
	set_signals();
	rc = tun_open(o.tun != NULL ? o.tun : c.tun, g.offload, &g.fd);
	if (rc == GW_EXIT_OK && c.reasm_slots != 0)
		rc = reasm_open(&g, &c, &reasm_mem);
	if (rc == GW_EXIT_OK) {
		rc = run(&g, c.batch, c.coalesce_us);
		gw_counts_print(&g.k, stdout);
	}
	if (g.fd > 0)
		close(g.fd);
	free(reasm_mem);
	gw_config_free(&c);
	return rc;
}

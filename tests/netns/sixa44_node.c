/*
 * libv6transit - a 6a44 client or relay (RFC 6751) on a TUN device, for
 * tests/netns/sixa44.sh: the library's 6a44 functions between the kernel's
 * IPv6 stack (the TUN device) and a UDP socket bound to the 6a44 port.
 *
 * usage: sixa44_node client TUN A B
 *        sixa44_node relay TUN C/48 B RELAY6
 *
 * The UDP socket hands over payloads, not datagrams: each received one is
 * given to the library as the IPv4/UDP packet it arrived in (addresses and
 * ports from recvfrom() and the socket, checksum computed here), and of
 * each IPv4/UDP packet the library writes, the payload is sent to the
 * destination its header names. IPv6 packets go to and come from the TUN.
 *
 * The client sends a bubble every second until a relay answers (TM-2,
 * TM-3, simplified: no attempt limit), then every 20 s (TM-7), and prints
 * "address X" when it learns or changes its address. Both print one line
 * "drop REASON" per packet the library drops. SIGTERM ends them.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <v6transit/v6transit.h>

#define BUF 2048
#define HDRS 28 /* IPv4 + UDP */

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	fprintf(stderr, "sixa44_node: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int tun_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR);

	if (fd < 0)
		die("/dev/net/tun");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0)
		die(name);
	return fd;
}

static int udp_open(const v6t_in4 *addr, uint16_t port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket");
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons(port);
	memcpy(&sa.sin_addr, addr->b, 4);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind");
	return fd;
}

/* The IPv4/UDP header of a received payload of n bytes at b + 28. */
static void make_header(uint8_t *b, size_t n, const struct sockaddr_in *from,
			const v6t_in4 *to, uint16_t port)
{
	uint32_t s = 0;
	size_t i;

	memset(b, 0, HDRS);
	b[0] = 0x45;
	b[2] = (uint8_t)((HDRS + n) >> 8);
	b[3] = (uint8_t)(HDRS + n);
	b[6] = 0x40;
	b[8] = 64;
	b[9] = 17;
	memcpy(b + 12, &from->sin_addr, 4);
	memcpy(b + 16, to->b, 4);
	memcpy(b + 20, &from->sin_port, 2);
	b[22] = (uint8_t)(port >> 8);
	b[23] = (uint8_t)port;
	b[24] = (uint8_t)((8 + n) >> 8);
	b[25] = (uint8_t)(8 + n);
	for (i = 0; i < 20; i += 2)
		s += (uint32_t)b[i] << 8 | b[i + 1];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	b[10] = (uint8_t)(~s >> 8);
	b[11] = (uint8_t)~s;
}

/* Send what the library wrote: an IPv4/UDP packet's payload to its
 * destination, an IPv6 packet to the TUN. */
static void emit(int tun, int udp, const v6t_tun_result *r)
{
	struct sockaddr_in to;

	if (r->verdict != V6T_TUN_FORWARD && r->verdict != V6T_TUN_ICMP_ERROR)
		return;
	if (r->data[0] >> 4 == 6) {
		if (write(tun, r->data, r->len) < 0)
			perror("write tun");
		return;
	}
	if (r->len < HDRS || r->data[9] != 17)
		return; /* protocol 41 to a host of the same site: not tested */
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	memcpy(&to.sin_addr, r->data + 16, 4);
	memcpy(&to.sin_port, r->data + 22, 2);
	if (sendto(udp, r->data + HDRS, r->len - HDRS, 0, (struct sockaddr *)&to,
		   sizeof(to)) < 0)
		perror("sendto");
}

static void report(const v6t_tun_result *r)
{
	if (r->verdict == V6T_TUN_DROP && r->reason != V6T_OK) {
		printf("drop %s\n", v6t_strerror(r->reason));
		fflush(stdout);
	}
}

/* A UDP payload from the socket, given the IPv4/UDP header it came in
 * (to:port, the socket's address): the packet's length, or 0. */
static size_t receive(int udp, uint8_t *in, const v6t_in4 *to, uint16_t port)
{
	struct sockaddr_in from;
	socklen_t fl = sizeof(from);
	ssize_t n = recvfrom(udp, in + HDRS, BUF - HDRS, 0,
			     (struct sockaddr *)&from, &fl);

	if (n < 0)
		return 0;
	make_header(in, (size_t)n, &from, to, port);
	return HDRS + (size_t)n;
}

/* Send a packet the library built outside a v6t_tun_result (a bubble). */
static void emit_built(int tun, int udp, uint8_t *p, size_t len)
{
	v6t_tun_result r;

	memset(&r, 0, sizeof(r));
	r.data = p;
	r.len = len;
	r.verdict = V6T_TUN_FORWARD;
	emit(tun, udp, &r);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static uint64_t random64(void)
{
	uint64_t v = 0;
	FILE *f = fopen("/dev/urandom", "rb");

	if (f == NULL || fread(&v, sizeof(v), 1, f) != 1)
		die("/dev/urandom");
	fclose(f);
	return v;
}

static void print_address(const v6t_6a44_client *c)
{
	char s[64];
	size_t n = 0;
	v6t_in6 a;

	if (v6t_6a44_client_address(c, &a) != V6T_OK ||
	    v6t_addr_in6_format(s, sizeof(s) - 1, &n, &a, 0) != V6T_OK)
		return;
	s[n] = 0;
	printf("address %s\n", s);
	fflush(stdout);
}

static int run_client(int argc, char **argv)
{
	static uint8_t in[BUF], out[BUF + HDRS];
	v6t_6a44_client c;
	v6t_6a44_cfg cfg;
	v6t_in4 a;
	v6t_in6 last;
	uint64_t next = 0;
	int tun, udp, have = 0;

	if (argc != 5 || v6t_addr_in4_parse(&a, argv[3], strlen(argv[3])) ||
	    v6t_6a44_cfg_init(&cfg, NULL) ||
	    v6t_addr_in4_parse(&cfg.relay, argv[4], strlen(argv[4])) ||
	    v6t_6a44_client_init(&c, &cfg, &a))
		return 2;
	tun = tun_open(argv[2]);
	udp = udp_open(&a, cfg.port);
	memset(&last, 0, sizeof(last));
	while (!stop) {
		struct pollfd p[2] = { { tun, POLLIN, 0 }, { udp, POLLIN, 0 } };
		v6t_tun_result r;
		ssize_t n;

		if (now_ms() >= next) {
			size_t bl;

			/* TM-2 / TM-7: a new ID for each series */
			if (v6t_6a44_client_bubble(&c, random64(), out, sizeof(out),
						   &bl) == V6T_OK)
				emit_built(tun, udp, out, bl);
			next = now_ms() + (have ? 20000 : 1000);
		}
		if (poll(p, 2, 200) <= 0)
			continue;
		if (p[0].revents & POLLIN) {
			n = read(tun, in, BUF);
			if (n > 0 && v6t_6a44_client_encap(&c, in, (size_t)n, out,
							   sizeof(out), &r) == V6T_OK) {
				report(&r);
				emit(tun, udp, &r);
			}
		}
		if (p[1].revents & POLLIN) {
			size_t len = receive(udp, in, &a, cfg.port);
			v6t_in6 now;
			int rc;

			if (len == 0)
				continue;
			rc = v6t_6a44_client_decap(&c, in, len, &r);
			if (rc == 1) {
				have = 1;
				next = now_ms() + 20000; /* TM-4: T2 */
				if (v6t_6a44_client_address(&c, &now) == V6T_OK &&
				    memcmp(&now, &last, sizeof(now)) != 0) {
					last = now;
					print_address(&c);
				}
			} else if (rc == V6T_OK) {
				report(&r);
				emit(tun, udp, &r);
			}
		}
	}
	return 0;
}

static int run_relay(int argc, char **argv)
{
	static uint8_t in[BUF], out[BUF + HDRS];
	v6t_prefix6 c;
	v6t_6a44_cfg cfg;
	int tun, udp;

	if (argc != 6 || v6t_addr_prefix6_parse(&c, argv[3], strlen(argv[3])) ||
	    v6t_6a44_cfg_init(&cfg, &c) ||
	    v6t_addr_in4_parse(&cfg.relay, argv[4], strlen(argv[4])) ||
	    v6t_addr_in6_parse(&cfg.relay6, argv[5], strlen(argv[5])))
		return 2;
	tun = tun_open(argv[2]);
	udp = udp_open(&cfg.relay, cfg.port);
	while (!stop) {
		struct pollfd p[2] = { { tun, POLLIN, 0 }, { udp, POLLIN, 0 } };
		v6t_tun_result r;
		ssize_t n;

		if (poll(p, 2, 200) <= 0)
			continue;
		if (p[0].revents & POLLIN) {
			n = read(tun, in, BUF);
			if (n > 0 && v6t_6a44_relay_encap(&cfg, in, (size_t)n, out,
							  sizeof(out), &r) == V6T_OK) {
				report(&r);
				emit(tun, udp, &r);
			}
		}
		if (p[1].revents & POLLIN) {
			size_t len = receive(udp, in, &cfg.relay, cfg.port);
			size_t bl;

			if (len == 0 || v6t_6a44_relay_decap(&cfg, in, len, &r) != V6T_OK)
				continue;
			report(&r);
			emit(tun, udp, &r);
			/* §6.3: tell a client with a stale address its prefix */
			if (r.verdict == V6T_TUN_DROP && r.reason == V6T_E6A44_SPOOF &&
			    v6t_6a44_relay_error_bubble(&cfg, in, len, out, sizeof(out),
							&bl) == V6T_OK)
				emit_built(tun, udp, out, bl);
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && strcmp(argv[1], "client") == 0)
		return run_client(argc, argv);
	if (argc >= 2 && strcmp(argv[1], "relay") == 0)
		return run_relay(argc, argv);
	fprintf(stderr, "usage: sixa44_node client TUN A B\n"
			"       sixa44_node relay TUN C/48 B RELAY6\n");
	return 2;
}

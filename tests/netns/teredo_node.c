/*
 * teredo_node: a Teredo client (RFC 4380 §5.2) or relay (§5.4) on a TUN
 * device, built on libv6transit's Teredo functions, for
 * tests/netns/teredo_miredo.sh.
 *
 * usage: teredo_node client TUN SERVER4 [PORT]
 *        teredo_node relay TUN BIND4 PORT
 *
 * A client qualifies against the server (RS with an authentication header and a
 * random nonce, §5.2.1/§5.2.2, cone bit clear as RFC 5991 §3.2 asks),
 * prints "qualified ADDR" with its Teredo address (random flag bits, RFC
 * 5991 §3.1), then forwards between the TUN device and its UDP socket:
 * packets from the TUN go out as v6t_teredo_send_plan() says (to a
 * trusted peer, or queued while the bubbles or the direct IPv6
 * connectivity test open the path, §5.2.4, §5.2.9); datagrams pass
 * v6t_teredo_receive() (§5.2.3) before they reach the TUN. An indirect
 * bubble from the server is answered with a direct bubble to its origin
 * (§5.2.3, last paragraph). "trusted ADDR via IPV4:PORT" is printed when
 * a peer becomes trusted; the drop reasons are printed at exit (SIGTERM).
 * The caller sets the TUN up with the address.
 *
 * A relay binds BIND4:PORT and sends what the TUN gives it for Teredo
 * destinations as v6t_teredo_send_plan() says: to a trusted peer, or
 * queued with an indirect bubble through the destination's server (from
 * a link-local source, as Miredo's relay does) until the client's direct
 * bubble arrives (§5.4.1); datagrams that pass the relay's checks
 * (§5.4.2) go to the TUN. The caller routes 2001::/32 to the TUN.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
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

#define N_PEERS 16
#define PKT_MAX 2048
#define RS_TRIES 3
#define RS_WAIT_MS 1000
#define REFRESH_MS 20000 /* below the 30 s refresh interval (§5.2) */

struct queued {
	uint8_t pkt[PKT_MAX];
	size_t len;
};

static volatile sig_atomic_t stop;
static v6t_teredo_peer peers[N_PEERS];
static struct queued queue[N_PEERS];
static unsigned long drops[0x20];

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void random_bytes(uint8_t *b, size_t n)
{
	FILE *f = fopen("/dev/urandom", "rb");

	if (f == NULL || fread(b, 1, n, f) != n) {
		perror("/dev/urandom");
		exit(1);
	}
	fclose(f);
}

static int tun_open(const char *name)
{
	struct ifreq ifr;
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);

	if (fd < 0 || strlen(name) >= IFNAMSIZ) {
		perror("/dev/net/tun");
		exit(1);
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, strlen(name));
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("TUNSETIFF");
		exit(1);
	}
	return fd;
}

static void send_to(int s, const v6t_in4 *a, uint16_t port, const uint8_t *p,
		    size_t n)
{
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port);
	memcpy(&sin.sin_addr, a->b, 4);
	if (sendto(s, p, n, 0, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		perror("sendto");
}

/* Qualify (§5.2.1): RS, then the RA that v6t_teredo_qualify() accepts. */
static int qualify(int s, const v6t_teredo_cfg *cfg, v6t_teredo_qual *q)
{
	static const v6t_in6 ll = { { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
				      0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	uint8_t rs[V6T_TEREDO_RS_LEN], nonce[8], buf[PKT_MAX];
	int t;

	for (t = 0; t < RS_TRIES; t++) {
		uint64_t end = now_ms() + RS_WAIT_MS;

		random_bytes(nonce, 8);
		v6t_teredo_rs_build(rs, nonce, NULL);
		send_to(s, &cfg->server, V6T_TEREDO_PORT, rs, sizeof(rs));
		while (now_ms() < end) {
			struct pollfd pfd = { s, POLLIN, 0 };
			struct sockaddr_in from;
			socklen_t fl = sizeof(from);
			v6t_teredo_rx rx;
			v6t_in4 src;
			ssize_t n;

			if (poll(&pfd, 1, (int)(end - now_ms())) <= 0)
				continue;
			n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
			if (n < 0)
				continue;
			memcpy(src.b, &from.sin_addr, 4);
			if (v6t_teredo_receive(cfg, buf, (size_t)n, &src, ntohs(from.sin_port),
					       NULL, 0, now_ms(), &rx) == V6T_OK &&
			    rx.from_server &&
			    v6t_teredo_qualify(buf, &rx.msg, nonce, &ll, &cfg->server, q) == V6T_OK)
				return 0;
		}
	}
	return -1;
}

/* The test's own ICMPv6 checksum (RFC 4443 §2.3) for the echo request. */
static uint16_t icmp6_sum(const uint8_t *ip, size_t n)
{
	uint32_t s = (uint32_t)n + 58;
	size_t i;

	for (i = 8; i < 40; i += 2)
		s += (uint32_t)ip[i] << 8 | ip[i + 1];
	for (i = 0; i < n; i++)
		s += i % 2 ? ip[40 + i] : (uint32_t)ip[40 + i] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* The direct IPv6 connectivity test (§5.2.9): an echo request whose data
 * is the nonce, through the server. */
static void send_echo(int s, const v6t_teredo_cfg *cfg, const v6t_teredo_plan *pl,
		      const v6t_in6 *dst)
{
	uint8_t p[40 + 16];
	uint16_t c;

	memset(p, 0, sizeof(p));
	p[0] = 0x60;
	p[5] = 16;
	p[6] = 58;
	p[7] = 64;
	memcpy(p + 8, cfg->own.b, 16);
	memcpy(p + 24, dst->b, 16);
	p[40] = 128;
	p[44] = 0x54; /* identifier and sequence: anything */
	p[47] = 1;
	memcpy(p + 48, pl->peer->nonce, 8);
	c = icmp6_sum(p, 16);
	p[42] = (uint8_t)(c >> 8);
	p[43] = (uint8_t)c;
	send_to(s, &pl->addr, pl->port, p, sizeof(p));
}

static void send_bubble(int s, const v6t_teredo_cfg *cfg, const v6t_in6 *dst,
			const v6t_in4 *a, uint16_t port)
{
	uint8_t b[V6T_TEREDO_BUBBLE_LEN];

	v6t_teredo_bubble_build(b, &cfg->own, dst);
	send_to(s, a, port, b, sizeof(b));
}

static void from_tun(int s, const v6t_teredo_cfg *cfg, const uint8_t *p, size_t n)
{
	v6t_teredo_plan pl;
	v6t_in6 dst;
	uint8_t nonce[8];
	int rc;

	/* global unicast IPv6 (a client's: from its address only): no
	 * multicast, no link-local (the kernel's own chatter on the TUN) */
	if (n < 40 || p[0] >> 4 != 6 || p[24] == 0xff ||
	    (p[24] == 0xfe && (p[25] & 0xc0) == 0x80) ||
	    (cfg->role == V6T_TEREDO_CLIENT && memcmp(p + 8, cfg->own.b, 16) != 0))
		return;
	memcpy(dst.b, p + 24, 16);
	random_bytes(nonce, sizeof(nonce));
	rc = v6t_teredo_send_plan(cfg, &dst, nonce, peers, N_PEERS, now_ms(), &pl);
	if (rc != V6T_OK) {
		drops[(unsigned)-rc & 0x1f]++;
		return;
	}
	if (pl.action == V6T_TEREDO_SEND) {
		send_to(s, &pl.addr, pl.port, p, n);
		return;
	}
	if (pl.peer != NULL && n <= PKT_MAX) {
		memcpy(queue[pl.peer - peers].pkt, p, n);
		queue[pl.peer - peers].len = n;
	}
	if (pl.todo & V6T_TEREDO_TODO_INDIRECT)
		send_bubble(s, cfg, &dst, &pl.addr, pl.port);
	if (pl.todo & V6T_TEREDO_TODO_DIRECT)
		send_bubble(s, cfg, &dst, &pl.peer->mapped, pl.peer->mapped_port);
	if (pl.todo & V6T_TEREDO_TODO_ECHO)
		send_echo(s, cfg, &pl, &dst);
}

/* A peer that became trusted: say so once, and send what waited for it. */
static void flush(int s, v6t_teredo_peer *p, unsigned *said)
{
	struct queued *q = &queue[p - peers];
	char a6[64], a4[16];

	if (!(said[0] & (1u << (p - peers)))) {
		inet_ntop(AF_INET6, p->addr.b, a6, sizeof(a6));
		inet_ntop(AF_INET, p->mapped.b, a4, sizeof(a4));
		printf("trusted %s via %s:%u\n", a6, a4, p->mapped_port);
		fflush(stdout);
		said[0] |= 1u << (p - peers);
	}
	if (q->len != 0) {
		send_to(s, &p->mapped, p->mapped_port, q->pkt, q->len);
		p->last_tx_ms = now_ms();
		q->len = 0;
	}
}

static void from_udp(int s, int tun, const v6t_teredo_cfg *cfg, uint8_t *buf,
		     size_t n, const v6t_in4 *src, uint16_t sport, uint64_t *server_ms,
		     unsigned *said)
{
	v6t_teredo_rx rx;
	int rc = v6t_teredo_receive(cfg, buf, n, src, sport, peers, N_PEERS,
				    now_ms(), &rx);

	if (rc != V6T_OK && rc != V6T_ETEREDO_BUBBLE) {
		drops[(unsigned)-rc & 0x1f]++;
		return;
	}
	if (rx.from_server)
		*server_ms = now_ms();
	if (rx.from_server && rx.msg.kind == V6T_TEREDO_BUBBLE &&
	    (rx.msg.flags & V6T_TEREDO_F_ORIGIN)) {
		v6t_in6 peer;

		/* an indirect bubble: open our NAT towards its sender */
		memcpy(peer.b, buf + rx.msg.ip6_off + 8, 16);
		send_bubble(s, cfg, &peer, &rx.msg.origin_addr, rx.msg.origin_port);
	}
	if (rx.peer != NULL && (rx.peer->flags & V6T_TEREDO_PEER_TRUSTED))
		flush(s, rx.peer, said);
	/* data to the stack; bubbles and the server's RAs stay here */
	if (rc == V6T_OK && rx.msg.kind == V6T_TEREDO_DATA)
		if (write(tun, buf + rx.msg.ip6_off, rx.msg.ip6_len) < 0)
			perror("write tun");
}

/* A UDP socket bound to addr:port (addr NULL: any). */
static int udp_open(const char *addr, const char *port)
{
	struct sockaddr_in sin;
	int s = socket(AF_INET, SOCK_DGRAM, 0);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_port = htons(port != NULL ? (uint16_t)atoi(port) : 0);
	if (addr != NULL && inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		fprintf(stderr, "%s: not an IPv4 address\n", addr);
		exit(2);
	}
	if (s < 0 || bind(s, (struct sockaddr *)&sin, sizeof(sin)) < 0) {
		perror("socket");
		exit(1);
	}
	return s;
}

/* The client's start: qualification, then its Teredo address. */
static void client_start(int s, v6t_teredo_cfg *cfg, const char *server)
{
	v6t_teredo_qual q;
	v6t_addr_teredo t;
	uint8_t rnd[2];
	char text[64];

	cfg->role = V6T_TEREDO_CLIENT;
	if (inet_pton(AF_INET, server, cfg->server.b) != 1) {
		fprintf(stderr, "%s: not an IPv4 address\n", server);
		exit(2);
	}
	if (qualify(s, cfg, &q) != 0) {
		fprintf(stderr, "no valid RA from %s\n", server);
		exit(1);
	}
	/* RFC 4380 §5.2.1: the server prefix and the mapping; RFC 5991
	 * §3.1: cone and z bits clear, Random1 and Random2 random */
	memset(&t, 0, sizeof(t));
	memcpy(t.server.b, q.prefix.addr.b + 4, 4);
	random_bytes(rnd, 2);
	t.flags = (uint16_t)(((unsigned)rnd[0] << 8 | rnd[1]) & V6T_ADDR_TEREDO_RANDOM);
	t.port = q.mapped_port;
	t.client = q.mapped;
	v6t_addr_teredo_encode(&cfg->own, &t);
	inet_ntop(AF_INET6, cfg->own.b, text, sizeof(text));
	printf("qualified %s\n", text);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	v6t_teredo_cfg cfg;
	uint8_t buf[PKT_MAX];
	uint64_t server_ms;
	unsigned said = 0, i;
	int s, tun, relay;

	relay = argc == 5 && strcmp(argv[1], "relay") == 0;
	if (!relay && !(argc >= 4 && argc <= 5 && strcmp(argv[1], "client") == 0)) {
		fprintf(stderr, "usage: %s client TUN SERVER4 [PORT]\n"
			"       %s relay TUN BIND4 PORT\n", argv[0], argv[0]);
		return 2;
	}
	memset(&cfg, 0, sizeof(cfg));
	tun = tun_open(argv[2]);
	s = udp_open(relay ? argv[3] : NULL, argc == 5 ? argv[4] : NULL);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (relay) {
		/* the bubbles' source: a random link-local address */
		cfg.role = V6T_TEREDO_RELAY;
		cfg.own.b[0] = 0xfe;
		cfg.own.b[1] = 0x80;
		random_bytes(cfg.own.b + 8, 8);
		printf("relay on %s:%s\n", argv[3], argv[4]);
		fflush(stdout);
	} else {
		client_start(s, &cfg, argv[3]);
	}
	server_ms = now_ms();
	while (!stop) {
		struct pollfd pfd[2] = { { s, POLLIN, 0 }, { tun, POLLIN, 0 } };
		ssize_t n;

		if (poll(pfd, 2, 1000) < 0)
			continue;
		if (pfd[1].revents & POLLIN) {
			n = read(tun, buf, sizeof(buf));
			if (n > 0)
				from_tun(s, &cfg, buf, (size_t)n);
		}
		if (pfd[0].revents & POLLIN) {
			struct sockaddr_in from;
			socklen_t fl = sizeof(from);
			v6t_in4 src;

			n = recvfrom(s, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl);
			if (n > 0) {
				memcpy(src.b, &from.sin_addr, 4);
				from_udp(s, tun, &cfg, buf, (size_t)n, &src,
					 ntohs(from.sin_port), &server_ms, &said);
			}
		}
		/* §5.2.5 maintenance: an RS when the server was quiet */
		if (!relay && now_ms() - server_ms > REFRESH_MS) {
			uint8_t rs[V6T_TEREDO_RS_LEN], nonce[8];

			random_bytes(nonce, 8);
			v6t_teredo_rs_build(rs, nonce, NULL);
			send_to(s, &cfg.server, V6T_TEREDO_PORT, rs, sizeof(rs));
			server_ms = now_ms();
		}
	}
	for (i = 0; i < 0x20; i++)
		if (drops[i])
			printf("dropped %lu: %s\n", drops[i], v6t_strerror(-(int)i - 0x640));
	fflush(stdout);
	return 0;
}

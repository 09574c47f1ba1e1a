/*
 * Tests of the v6t tool's pcap reader and writer (examples/v6t/pcap.c):
 * round trips, both byte orders and timestamp resolutions, the link types,
 * and hand-built hostile files. Inputs are hand-built bytes (the expected
 * values come from pcap-savefile(5), not from the code under test).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "pcap.h"

/* ---------------------------------------------------------------- helpers */

#define LE16(v) (uint8_t)((v) & 0xff), (uint8_t)(((v) >> 8) & 0xff)
#define BE16(v) (uint8_t)(((v) >> 8) & 0xff), (uint8_t)((v) & 0xff)
#define LE32(v) LE16((v) & 0xffff), LE16(((v) >> 16) & 0xffff)
#define BE32(v) BE16(((v) >> 16) & 0xffff), BE16((v) & 0xffff)

/* File headers: magic, version, zone, sigfigs, snaplen, link type. */
#define HDR_LE(magic, major, link) \
	LE32(magic), LE16(major), LE16(4), LE32(0), LE32(0), LE32(65535), LE32(link)
#define HDR_BE(magic, major, link) \
	BE32(magic), BE16(major), BE16(4), BE32(0), BE32(0), BE32(65535), BE32(link)
/* Record headers: seconds, sub-second, captured length, original length. */
#define REC_LE(sec, frac, incl, orig) LE32(sec), LE32(frac), LE32(incl), LE32(orig)
#define REC_BE(sec, frac, incl, orig) BE32(sec), BE32(frac), BE32(incl), BE32(orig)

#define USEC 0xa1b2c3d4u
#define NSEC 0xa1b23c4du

/* A minimal IPv4 header (20 bytes, version 4) and IPv6 header (40 bytes). */
static const uint8_t ip4[20] = { 0x45, 0, 0, 20, 0, 1, 0, 0, 64, 17, 0, 0,
				 192, 0, 2, 1, 198, 51, 100, 1 };
static const uint8_t ip6[40] = { 0x60, 0, 0, 0, 0, 0, 59, 64,
				 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
				 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };

/* A read-only stream holding exactly these bytes. */
static FILE *stream_of(const uint8_t *p, size_t n)
{
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	if (n > 0)
		ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	rewind(f);
	return f;
}

/* A growing byte string to build files with. */
struct bytes {
	uint8_t b[4096];
	size_t n;
};

static void put(struct bytes *s, const uint8_t *p, size_t n)
{
	ck_assert_uint_le(n, sizeof(s->b) - s->n);
	memcpy(s->b + s->n, p, n);
	s->n += n;
}

static void put_le32(struct bytes *s, uint32_t v)
{
	const uint8_t b[4] = { LE32(v) };

	put(s, b, 4);
}

/* A little-endian record header and its data (incl = orig = n). */
static void put_rec_le(struct bytes *s, uint32_t sec, uint32_t frac,
		       const uint8_t *p, size_t n)
{
	put_le32(s, sec);
	put_le32(s, frac);
	put_le32(s, (uint32_t)n);
	put_le32(s, (uint32_t)n);
	put(s, p, n);
}

static uint8_t rbuf[PCAP_MAX_RECORD];

/* Open a reader on these bytes; the header must be accepted. */
static FILE *open_ok(struct pcap_reader *r, const uint8_t *p, size_t n)
{
	FILE *f = stream_of(p, n);

	ck_assert_int_eq(pcap_reader_open(r, f, rbuf, sizeof(rbuf)), PCAP_OK);
	return f;
}

static void expect_pkt(struct pcap_reader *r, const uint8_t *want, size_t n,
		       unsigned ipver)
{
	struct pcap_pkt pkt;

	ck_assert_int_eq(pcap_read(r, &pkt), 1);
	ck_assert_uint_eq(pkt.len, n);
	ck_assert_uint_eq(pkt.ipver, ipver);
	ck_assert_int_eq(memcmp(pkt.data, want, n), 0);
}

/* ------------------------------------------------------------ round trips */

static void round_trip(int nsec)
{
	static const uint32_t secs[3] = { 0, 1700000000u, 0xffffffffu };
	static const uint32_t nsecs[3] = { 0, 123456789u, 999999999u };
	struct pcap_writer w;
	struct pcap_reader r;
	struct pcap_pkt pkt;
	FILE *f = tmpfile();
	int i;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(pcap_writer_open(&w, f, nsec), PCAP_OK);
	for (i = 0; i < 3; i++) {
		pkt.data = i == 1 ? ip6 : ip4;
		pkt.len = i == 1 ? sizeof(ip6) : sizeof(ip4);
		pkt.ts_sec = secs[i];
		pkt.ts_nsec = nsecs[i];
		ck_assert_int_eq(pcap_write(&w, &pkt), PCAP_OK);
	}
	ck_assert_int_eq(pcap_writer_flush(&w), PCAP_OK);
	rewind(f);
	ck_assert_int_eq(pcap_reader_open(&r, f, rbuf, sizeof(rbuf)), PCAP_OK);
	ck_assert_uint_eq(r.linktype, PCAP_LINK_RAW);
	ck_assert_int_eq(r.nsec, nsec);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(pcap_read(&r, &pkt), 1);
		ck_assert_uint_eq(pkt.len, i == 1 ? sizeof(ip6) : sizeof(ip4));
		ck_assert_uint_eq(pkt.orig_len, pkt.len);
		ck_assert_uint_eq(pkt.ipver, i == 1 ? 6u : 4u);
		ck_assert_int_eq(memcmp(pkt.data, i == 1 ? ip6 : ip4, pkt.len), 0);
		ck_assert_uint_eq(pkt.ts_sec, secs[i]);
		/* microsecond files keep whole microseconds */
		ck_assert_uint_eq(pkt.ts_nsec, nsec ? nsecs[i] : nsecs[i] / 1000 * 1000);
	}
	ck_assert_int_eq(pcap_read(&r, &pkt), 0);
	ck_assert_int_eq(pcap_read(&r, &pkt), 0); /* and stays at the end */
	ck_assert_uint_eq(r.records, 3);
	fclose(f);
}

START_TEST(test_pcap_round_trip_usec)
{
	round_trip(0);
}
END_TEST

START_TEST(test_pcap_round_trip_nsec)
{
	round_trip(1);
}
END_TEST

/* The writer's bytes, against pcap-savefile(5): little-endian header with
 * version 2.4, snaplen 262144, link type 101, then the record. */
START_TEST(test_pcap_writer_bytes)
{
	static const uint8_t want[] = {
		HDR_LE(USEC, 2, 101),
		REC_LE(1, 500000, 20, 20),
	};
	uint8_t got[sizeof(want) + sizeof(ip4) + 1];
	struct pcap_writer w;
	struct pcap_pkt pkt = { ip4, sizeof(ip4), 0, 1, 500000000u, 0 };
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(pcap_writer_open(&w, f, 0), PCAP_OK);
	ck_assert_int_eq(pcap_write(&w, &pkt), PCAP_OK);
	ck_assert_int_eq(pcap_writer_flush(&w), PCAP_OK);
	rewind(f);
	ck_assert_uint_eq(fread(got, 1, sizeof(got), f), sizeof(want) + sizeof(ip4));
	/* only the snaplen differs from HDR_LE's 65535 */
	ck_assert_int_eq(memcmp(got, want, 16), 0);
	ck_assert_int_eq(memcmp(got + 16, (const uint8_t[]){ LE32(262144u) }, 4), 0);
	ck_assert_int_eq(memcmp(got + 20, want + 20, sizeof(want) - 20), 0);
	ck_assert_int_eq(memcmp(got + sizeof(want), ip4, sizeof(ip4)), 0);
	fclose(f);
}
END_TEST

START_TEST(test_pcap_writer_rejects_bad_records)
{
	struct pcap_writer w;
	struct pcap_pkt pkt = { ip4, PCAP_MAX_RECORD + 1, 0, 0, 0, 0 };
	FILE *f = tmpfile();

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(pcap_writer_open(&w, f, 1), PCAP_OK);
	ck_assert_int_eq(pcap_write(&w, &pkt), PCAP_EINVAL);
	pkt.len = sizeof(ip4);
	pkt.ts_nsec = 1000000000u;
	ck_assert_int_eq(pcap_write(&w, &pkt), PCAP_EINVAL);
	ck_assert_int_eq(ftell(f), PCAP_FILE_HDR_LEN); /* nothing written */
	fclose(f);
}
END_TEST

/* Writing to a device that is always full is reported, at the latest when
 * flushing. */
START_TEST(test_pcap_writer_reports_write_errors)
{
	struct pcap_writer w;
	struct pcap_pkt pkt = { ip4, sizeof(ip4), 0, 0, 0, 0 };
	FILE *f = fopen("/dev/full", "wb");
	int rc;

	if (f == NULL)
		return; /* not a Linux-like system */
	rc = pcap_writer_open(&w, f, 0);
	if (rc == PCAP_OK)
		rc = pcap_write(&w, &pkt);
	if (rc == PCAP_OK)
		rc = pcap_writer_flush(&w);
	ck_assert_int_eq(rc, PCAP_EIO);
	fclose(f);
}
END_TEST

/* ------------------------------------------------------- input variants */

START_TEST(test_pcap_reads_big_endian_usec)
{
	static const uint8_t file[] = {
		HDR_BE(USEC, 2, 101),
		REC_BE(0x01020304u, 999999, 20, 20),
		0x45, 0, 0, 20, 0, 1, 0, 0, 64, 17, 0, 0, 192, 0, 2, 1, 198, 51, 100, 1,
	};
	struct pcap_reader r;
	struct pcap_pkt pkt;
	FILE *f = open_ok(&r, file, sizeof(file));

	ck_assert_int_eq(r.big_endian, 1);
	ck_assert_int_eq(pcap_read(&r, &pkt), 1);
	ck_assert_uint_eq(pkt.ts_sec, 0x01020304u);
	ck_assert_uint_eq(pkt.ts_nsec, 999999000u);
	ck_assert_uint_eq(pkt.len, 20);
	ck_assert_int_eq(memcmp(pkt.data, ip4, 20), 0);
	ck_assert_int_eq(pcap_read(&r, &pkt), 0);
	fclose(f);
}
END_TEST

START_TEST(test_pcap_reads_big_endian_nsec)
{
	struct bytes s = { { 0 }, 0 };
	const uint8_t hdr[] = { HDR_BE(NSEC, 2, 229), REC_BE(7, 999999999u, 40, 60) };
	struct pcap_reader r;
	struct pcap_pkt pkt;
	FILE *f;

	put(&s, hdr, sizeof(hdr));
	put(&s, ip6, sizeof(ip6));
	f = open_ok(&r, s.b, s.n);
	ck_assert_int_eq(r.nsec, 1);
	ck_assert_int_eq(pcap_read(&r, &pkt), 1);
	ck_assert_uint_eq(pkt.ts_sec, 7);
	ck_assert_uint_eq(pkt.ts_nsec, 999999999u);
	ck_assert_uint_eq(pkt.len, 40);
	ck_assert_uint_eq(pkt.orig_len, 60); /* a cut capture keeps its wire length */
	ck_assert_uint_eq(pkt.ipver, 6);
	fclose(f);
}
END_TEST

/* Link types IPV4 (228) and IPV6 (229) say the version themselves. */
START_TEST(test_pcap_link_ipv4_ipv6)
{
	static const uint32_t links[2] = { 228, 229 };
	int i;

	for (i = 0; i < 2; i++) {
		struct bytes s = { { 0 }, 0 };
		const uint8_t hdr[] = { HDR_LE(NSEC, 2, links[i]) };
		struct pcap_reader r;
		FILE *f;

		put(&s, hdr, sizeof(hdr));
		put_rec_le(&s, 1, 2, i ? ip6 : ip4, i ? sizeof(ip6) : sizeof(ip4));
		f = open_ok(&r, s.b, s.n);
		expect_pkt(&r, i ? ip6 : ip4, i ? sizeof(ip6) : sizeof(ip4), i ? 6u : 4u);
		fclose(f);
	}
}
END_TEST

/* RAW (101): the version nibble decides; records that are neither IPv4 nor
 * IPv6 (including empty ones) are skipped and counted. */
START_TEST(test_pcap_raw_skips_non_ip)
{
	static const uint8_t v5[4] = { 0x50, 0, 0, 0 };
	struct bytes s = { { 0 }, 0 };
	const uint8_t hdr[] = { HDR_LE(USEC, 2, 101) };
	struct pcap_reader r;
	struct pcap_pkt pkt;
	FILE *f;

	put(&s, hdr, sizeof(hdr));
	put_rec_le(&s, 0, 0, v5, sizeof(v5));
	put_rec_le(&s, 0, 0, v5, 0);
	put_rec_le(&s, 0, 0, ip6, sizeof(ip6));
	f = open_ok(&r, s.b, s.n);
	expect_pkt(&r, ip6, sizeof(ip6), 6);
	ck_assert_uint_eq(r.skipped, 2);
	ck_assert_uint_eq(r.records, 3);
	ck_assert_int_eq(pcap_read(&r, &pkt), 0);
	fclose(f);
}
END_TEST

/* An Ethernet frame: destination, source, then the given tags and type. */
static size_t frame(uint8_t *out, const uint8_t *l2, size_t l2len,
		    const uint8_t *ip, size_t iplen)
{
	static const uint8_t macs[12] = { 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2 };

	memcpy(out, macs, sizeof(macs));
	memcpy(out + 12, l2, l2len);
	memcpy(out + 12 + l2len, ip, iplen);
	return 12 + l2len + iplen;
}

/* Ethernet (1): the header goes, and 802.1Q / 802.1ad tags with it. */
START_TEST(test_pcap_ethernet_strips_header_and_vlans)
{
	static const uint8_t plain4[] = { BE16(0x0800) };
	static const uint8_t vlan6[] = { BE16(0x8100), BE16(100), BE16(0x86dd) };
	static const uint8_t qinq4[] = { BE16(0x88a8), BE16(10), BE16(0x8100), BE16(20),
					 BE16(0x0800) };
	static const uint8_t old_qinq6[] = { BE16(0x9100), BE16(5), BE16(0x86dd) };
	struct bytes s = { { 0 }, 0 };
	const uint8_t hdr[] = { HDR_LE(USEC, 2, 1) };
	uint8_t fr[128];
	struct pcap_reader r;
	FILE *f;

	put(&s, hdr, sizeof(hdr));
	put_rec_le(&s, 0, 0, fr, frame(fr, plain4, sizeof(plain4), ip4, sizeof(ip4)));
	put_rec_le(&s, 0, 0, fr, frame(fr, vlan6, sizeof(vlan6), ip6, sizeof(ip6)));
	put_rec_le(&s, 0, 0, fr, frame(fr, qinq4, sizeof(qinq4), ip4, sizeof(ip4)));
	put_rec_le(&s, 0, 0, fr, frame(fr, old_qinq6, sizeof(old_qinq6), ip6, sizeof(ip6)));
	f = open_ok(&r, s.b, s.n);
	expect_pkt(&r, ip4, sizeof(ip4), 4);
	expect_pkt(&r, ip6, sizeof(ip6), 6);
	expect_pkt(&r, ip4, sizeof(ip4), 4);
	expect_pkt(&r, ip6, sizeof(ip6), 6);
	ck_assert_uint_eq(r.skipped, 0);
	fclose(f);
}
END_TEST

/* ARP, runts and frames whose VLAN tag is cut off carry no IP packet. */
START_TEST(test_pcap_ethernet_skips_non_ip)
{
	static const uint8_t arp[] = { BE16(0x0806) };
	static const uint8_t cut_tag[] = { BE16(0x8100), 0 };
	static const uint8_t tag_then_arp[] = { BE16(0x8100), BE16(1), BE16(0x0806) };
	struct bytes s = { { 0 }, 0 };
	const uint8_t hdr[] = { HDR_LE(USEC, 2, 1) };
	uint8_t fr[128];
	struct pcap_reader r;
	struct pcap_pkt pkt;
	FILE *f;

	put(&s, hdr, sizeof(hdr));
	put_rec_le(&s, 0, 0, fr, frame(fr, arp, sizeof(arp), ip4, 8));
	put_rec_le(&s, 0, 0, fr, 13); /* a runt */
	put_rec_le(&s, 0, 0, fr, frame(fr, cut_tag, sizeof(cut_tag), ip4, 0));
	put_rec_le(&s, 0, 0, fr, frame(fr, tag_then_arp, sizeof(tag_then_arp), ip4, 0));
	put_rec_le(&s, 0, 0, fr, frame(fr, (const uint8_t[]){ BE16(0x86dd) }, 2, ip6, 40));
	f = open_ok(&r, s.b, s.n);
	expect_pkt(&r, ip6, sizeof(ip6), 6);
	ck_assert_uint_eq(r.skipped, 4);
	ck_assert_int_eq(pcap_read(&r, &pkt), 0);
	fclose(f);
}
END_TEST

/* Link-type field 0x24000001: Ethernet with a 2-word (4-byte) FCS that is
 * not part of the IP packet. */
START_TEST(test_pcap_ethernet_fcs_stripped)
{
	static const uint8_t v4[] = { BE16(0x0800) };
	struct bytes s = { { 0 }, 0 };
	const uint8_t hdr[] = { HDR_LE(USEC, 2, 0x24000001u) };
	uint8_t fr[128];
	size_t n = frame(fr, v4, sizeof(v4), ip4, sizeof(ip4));
	struct pcap_reader r;
	struct pcap_pkt pkt;
	FILE *f;

	memcpy(fr + n, "\xde\xad\xbe\xef", 4);
	put(&s, hdr, sizeof(hdr));
	put_rec_le(&s, 0, 0, fr, n + 4);
	f = open_ok(&r, s.b, s.n);
	ck_assert_uint_eq(r.linktype, PCAP_LINK_ETHERNET);
	ck_assert_uint_eq(r.fcs_len, 4);
	ck_assert_int_eq(pcap_read(&r, &pkt), 1);
	ck_assert_uint_eq(pkt.len, sizeof(ip4));
	ck_assert_uint_eq(pkt.orig_len, sizeof(ip4));
	ck_assert_int_eq(memcmp(pkt.data, ip4, sizeof(ip4)), 0);
	fclose(f);
}
END_TEST

/* A record exactly as large as the caller's buffer fits; one byte more is
 * refused before anything is read into it (the buffer is an exact-size heap
 * block, so an overrun would trip ASan). */
START_TEST(test_pcap_record_bounded_by_buffer)
{
	struct bytes s = { { 0 }, 0 };
	const uint8_t hdr[] = { HDR_LE(USEC, 2, 101) };
	uint8_t payload[101];
	uint8_t *buf = malloc(100);
	struct pcap_reader r;
	struct pcap_pkt pkt;
	FILE *f;

	ck_assert_ptr_nonnull(buf);
	memset(payload, 0x60, sizeof(payload));
	put(&s, hdr, sizeof(hdr));
	put_rec_le(&s, 0, 0, payload, 100);
	put_rec_le(&s, 0, 0, payload, 101);
	f = stream_of(s.b, s.n);
	ck_assert_int_eq(pcap_reader_open(&r, f, buf, 100), PCAP_OK);
	ck_assert_int_eq(pcap_read(&r, &pkt), 1);
	ck_assert_uint_eq(pkt.len, 100);
	ck_assert_int_eq(pcap_read(&r, &pkt), PCAP_ETOOBIG);
	ck_assert_uint_eq(r.records, 2);
	fclose(f);
	free(buf);
}
END_TEST

/* ------------------------------------------------------- hostile files */

struct hostile {
	const char *what;
	uint8_t bytes[96];
	size_t len;   /* 0: sizeof bytes is not used; see HOSTILE() */
	int open_rc;  /* what pcap_reader_open says */
	int read_rc;  /* then what the first pcap_read says */
};

#define HOSTILE(what, open_rc, read_rc, ...) \
	{ what, { __VA_ARGS__ }, sizeof((const uint8_t[]){ __VA_ARGS__ }), open_rc, read_rc }

static const struct hostile hostile[] = {
	{ "empty file", { 0 }, 0, PCAP_ESHORT_FILEHDR, 0 },
	HOSTILE("three bytes", PCAP_ESHORT_FILEHDR, 0, 0xd4, 0xc3, 0xb2),
	HOSTILE("magic then end", PCAP_ESHORT_FILEHDR, 0, LE32(USEC), 2, 0, 4, 0),
	HOSTILE("text, short", PCAP_EMAGIC, 0, 'G', 'E', 'T', ' ', '/'),
	HOSTILE("bad magic", PCAP_EMAGIC, 0, HDR_LE(0xa1b2c3d5u, 2, 101)),
	HOSTILE("modified pcap magic", PCAP_EMAGIC, 0, HDR_LE(0xa1b2cd34u, 2, 101)),
	HOSTILE("pcapng", PCAP_EPCAPNG, 0, 0x0a, 0x0d, 0x0d, 0x0a, LE32(28), LE32(0x1a2b3c4du),
		LE16(1), LE16(0), LE32(0xffffffffu), LE32(0xffffffffu)),
	HOSTILE("version 1", PCAP_EVERSION, 0, HDR_LE(USEC, 1, 101)),
	HOSTILE("version 3, big-endian", PCAP_EVERSION, 0, HDR_BE(NSEC, 3, 101)),
	HOSTILE("link type 113 (Linux cooked)", PCAP_ELINKTYPE, 0, HDR_LE(USEC, 2, 113)),
	HOSTILE("link type 0 (BSD loopback)", PCAP_ELINKTYPE, 0, HDR_BE(USEC, 2, 0)),
	HOSTILE("link type 0xffffffff", PCAP_ELINKTYPE, 0, HDR_LE(USEC, 2, 0xffffffffu)),
	HOSTILE("record header cut", PCAP_OK, PCAP_ESHORT_RECHDR,
		HDR_LE(USEC, 2, 101), LE32(0), LE32(0)),
	HOSTILE("record header cut, big-endian", PCAP_OK, PCAP_ESHORT_RECHDR,
		HDR_BE(USEC, 2, 101), 0),
	HOSTILE("record data cut", PCAP_OK, PCAP_ESHORT_DATA,
		HDR_LE(USEC, 2, 101), REC_LE(0, 0, 20, 20), 0x45, 0, 0, 20),
	HOSTILE("captured above original", PCAP_OK, PCAP_ECAPLEN,
		HDR_LE(USEC, 2, 101), REC_LE(0, 0, 20, 19)),
	HOSTILE("captured length 2^32-1", PCAP_OK, PCAP_ETOOBIG,
		HDR_LE(USEC, 2, 101), REC_LE(0, 0, 0xffffffffu, 0xffffffffu)),
	HOSTILE("captured length above 262144", PCAP_OK, PCAP_ETOOBIG,
		HDR_BE(USEC, 2, 229), REC_BE(0, 0, 262145u, 262145u)),
	HOSTILE("microseconds = 1000000", PCAP_OK, PCAP_ETIME,
		HDR_LE(USEC, 2, 101), REC_LE(0, 1000000u, 0, 0)),
	HOSTILE("nanoseconds = 10^9", PCAP_OK, PCAP_ETIME,
		HDR_LE(NSEC, 2, 101), REC_LE(0, 1000000000u, 0, 0)),
	HOSTILE("nanoseconds 0xffffffff", PCAP_OK, PCAP_ETIME,
		HDR_BE(NSEC, 2, 101), REC_BE(0, 0xffffffffu, 0, 0)),
	HOSTILE("ethernet runt then end", PCAP_OK, 0,
		HDR_LE(USEC, 2, 1), REC_LE(0, 0, 1, 1), 0xff),
	HOSTILE("FCS longer than the frame", PCAP_OK, 0,
		HDR_LE(USEC, 2, 0xf4000001u), REC_LE(0, 0, 20, 20), 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0x08, 0x00, 0x45, 0, 0, 0, 0, 0),
};

#define N_HOSTILE ((int)(sizeof(hostile) / sizeof(hostile[0])))

START_TEST(test_pcap_hostile_files)
{
	const struct hostile *h = &hostile[_i];
	struct pcap_reader r;
	struct pcap_pkt pkt;
	FILE *f = stream_of(h->bytes, h->len);
	int rc = pcap_reader_open(&r, f, rbuf, sizeof(rbuf));

	ck_assert_msg(rc == h->open_rc, "%s: open gave %d (%s), want %d", h->what, rc,
		      pcap_strerror(rc), h->open_rc);
	if (rc == PCAP_OK) {
		rc = pcap_read(&r, &pkt);
		ck_assert_msg(rc == h->read_rc, "%s: read gave %d (%s), want %d", h->what,
			      rc, pcap_strerror(rc), h->read_rc);
	}
	fclose(f);
}
END_TEST

/* Every status has its own description. */
START_TEST(test_pcap_strerror_covers_all)
{
	int rc;

	for (rc = PCAP_EINVAL; rc <= PCAP_OK; rc++)
		ck_assert_str_ne(pcap_strerror(rc), "unknown error");
	ck_assert_str_eq(pcap_strerror(-100), "unknown error");
}
END_TEST

/* Thousands of mutations of a valid Ethernet file (random bytes changed,
 * random truncation): the reader must always end with 0 or an error, every
 * packet must lie inside its buffer, and lengths must add up. */
START_TEST(test_pcap_mutations_stay_in_bounds)
{
	static const uint8_t vlan6[] = { BE16(0x8100), BE16(7), BE16(0x86dd) };
	struct bytes good = { { 0 }, 0 };
	const uint8_t hdr[] = { HDR_LE(USEC, 2, 1) };
	uint8_t fr[128], *buf = malloc(64);
	uint32_t seed = 12345;
	int iter;

	ck_assert_ptr_nonnull(buf);
	put(&good, hdr, sizeof(hdr));
	put_rec_le(&good, 1, 2, fr, frame(fr, vlan6, sizeof(vlan6), ip4, sizeof(ip4)));
	put_rec_le(&good, 3, 4, fr, frame(fr, vlan6, sizeof(vlan6), ip6, 30));
	for (iter = 0; iter < 3000; iter++) {
		struct bytes s = good;
		struct pcap_reader r;
		struct pcap_pkt pkt;
		FILE *f;
		int k, rc, n = 0;

		for (k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u; /* a fixed LCG: reproducible */
			s.b[(seed >> 8) % s.n] = (uint8_t)(seed >> 24);
		}
		s.n -= (seed >> 4) % 8 == 0 ? (seed >> 12) % s.n : 0;
		f = stream_of(s.b, s.n);
		rc = pcap_reader_open(&r, f, buf, 64);
		while (rc == PCAP_OK && (rc = pcap_read(&r, &pkt)) == 1) {
			ck_assert(pkt.data >= buf && pkt.data + pkt.len <= buf + 64);
			ck_assert_uint_le(pkt.len, pkt.orig_len);
			ck_assert(pkt.ipver == 4 || pkt.ipver == 6);
			ck_assert_int_le(++n, (int)(s.n / PCAP_REC_HDR_LEN));
			rc = PCAP_OK;
		}
		ck_assert_int_le(rc, 0);
		fclose(f);
	}
	free(buf);
}
END_TEST

static Suite *pcap_suite(void)
{
	Suite *s = suite_create("pcap");
	TCase *tc = tcase_create("pcap");

	tcase_add_test(tc, test_pcap_round_trip_usec);
	tcase_add_test(tc, test_pcap_round_trip_nsec);
	tcase_add_test(tc, test_pcap_writer_bytes);
	tcase_add_test(tc, test_pcap_writer_rejects_bad_records);
	tcase_add_test(tc, test_pcap_writer_reports_write_errors);
	tcase_add_test(tc, test_pcap_reads_big_endian_usec);
	tcase_add_test(tc, test_pcap_reads_big_endian_nsec);
	tcase_add_test(tc, test_pcap_link_ipv4_ipv6);
	tcase_add_test(tc, test_pcap_raw_skips_non_ip);
	tcase_add_test(tc, test_pcap_ethernet_strips_header_and_vlans);
	tcase_add_test(tc, test_pcap_ethernet_skips_non_ip);
	tcase_add_test(tc, test_pcap_ethernet_fcs_stripped);
	tcase_add_test(tc, test_pcap_record_bounded_by_buffer);
	tcase_add_loop_test(tc, test_pcap_hostile_files, 0, N_HOSTILE);
	tcase_add_test(tc, test_pcap_strerror_covers_all);
	tcase_add_test(tc, test_pcap_mutations_stay_in_bounds);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pcap_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

/*
 * v6t - reading and writing classic libpcap capture files.
 *
 * Input: both byte orders, microsecond (0xa1b2c3d4) and nanosecond
 * (0xa1b23c4d) magics, version 2.x, link types RAW (101), IPV4 (228),
 * IPV6 (229) and ETHERNET (1). Ethernet frames lose their header and any
 * 802.1Q / 802.1ad VLAN tags (and a trailing FCS when the link-type field
 * announces one); frames that carry neither IPv4 nor IPv6 are skipped and
 * counted. Every length in the file is checked before it is used: records
 * larger than the caller's buffer, truncated headers and records, and
 * captured lengths above the original length are reported as errors.
 *
 * Output: link type RAW, little-endian, the resolution (micro or nano
 * seconds) chosen at open time; timestamps are carried in nanoseconds so
 * that either input resolution survives.
 *
 * This is the tool's code, not the library's: it uses stdio.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#ifndef V6T_TOOL_PCAP_H
#define V6T_TOOL_PCAP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Link types (https://www.tcpdump.org/linktypes.html). */
#define PCAP_LINK_ETHERNET 1u
#define PCAP_LINK_RAW 101u
#define PCAP_LINK_IPV4 228u
#define PCAP_LINK_IPV6 229u

/* The largest record we accept whatever the buffer (libpcap's own bound,
 * MAXIMUM_SNAPLEN), and the buffer size that always suffices. */
#define PCAP_MAX_RECORD 262144u

/* Sizes of the file header and of a record header. */
#define PCAP_FILE_HDR_LEN 24u
#define PCAP_REC_HDR_LEN 16u

/* Status codes: 0 is success; pcap_read() also returns 1 for a packet. */
enum pcap_status {
	PCAP_OK = 0,
	PCAP_EIO = -1,          /* the read or write itself failed */
	PCAP_ESHORT_FILEHDR = -2, /* the file ends inside the 24-byte header */
	PCAP_EMAGIC = -3,       /* not a pcap file */
	PCAP_EPCAPNG = -4,      /* a pcapng file, which we do not read */
	PCAP_EVERSION = -5,     /* a major version other than 2 */
	PCAP_ELINKTYPE = -6,    /* a link type we do not read */
	PCAP_ESHORT_RECHDR = -7, /* the file ends inside a record header */
	PCAP_ESHORT_DATA = -8,  /* the file ends inside a record's data */
	PCAP_ETOOBIG = -9,      /* a record larger than the buffer or PCAP_MAX_RECORD */
	PCAP_ECAPLEN = -10,     /* captured length above the original length */
	PCAP_ETIME = -11,       /* sub-second timestamp field out of range */
	PCAP_EINVAL = -12       /* a bad argument (e.g. a packet too large to write) */
};

/* A packet: its bytes (IPv4 or IPv6 header first) and its capture time. */
struct pcap_pkt {
	const uint8_t *data; /* reader: points into the reader's buffer */
	size_t len;          /* bytes at data */
	size_t orig_len;     /* reader: length on the wire, minus link header
			      * (larger than len when the capture cut the packet) */
	uint32_t ts_sec;     /* seconds */
	uint32_t ts_nsec;    /* nanoseconds, 0..999999999 */
	unsigned ipver;      /* reader: 4 or 6 from the link layer or version nibble */
};

struct pcap_reader {
	FILE *f;
	uint8_t *buf;       /* caller's buffer for one record */
	size_t buflen;
	uint32_t linktype;  /* PCAP_LINK_* */
	unsigned fcs_len;   /* bytes of FCS at the end of each Ethernet frame */
	int big_endian;     /* the file's header fields are big-endian */
	int nsec;           /* timestamps in nanoseconds */
	unsigned long records; /* records read so far (the failing one included) */
	unsigned long skipped; /* records skipped: not IPv4 or IPv6 */
};

struct pcap_writer {
	FILE *f;
	int nsec; /* write nanosecond timestamps (magic 0xa1b23c4d) */
};

/* Read and check the file header. buf (buflen bytes, at most
 * PCAP_MAX_RECORD are used) receives each record in turn. */
int pcap_reader_open(struct pcap_reader *r, FILE *f, uint8_t *buf, size_t buflen);

/* The next IPv4 or IPv6 packet: 1 with *pkt filled (valid until the next
 * call), 0 at the end of the file, or a negative PCAP_E* status. */
int pcap_read(struct pcap_reader *r, struct pcap_pkt *pkt);

/* Write the file header of a RAW capture. */
int pcap_writer_open(struct pcap_writer *w, FILE *f, int nsec);

/* Write one packet (pkt->data, pkt->len, timestamps); orig_len and ipver
 * are ignored. */
int pcap_write(struct pcap_writer *w, const struct pcap_pkt *pkt);

/* Flush the output; PCAP_EIO if anything written so far was lost. */
int pcap_writer_flush(struct pcap_writer *w);

/* A short English description of a status. */
const char *pcap_strerror(int status);

#endif /* V6T_TOOL_PCAP_H */

/*
 * v6t - classic libpcap files in and out (see pcap.h).
 *
 * File format: https://www.tcpdump.org/manpages/pcap-savefile.5.html and
 * draft-ietf-opsawg-pcap. Every field is read byte by byte in the file's
 * own byte order, so the host's byte order never matters.
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include "pcap.h"

#define MAGIC_USEC 0xa1b2c3d4u
#define MAGIC_NSEC 0xa1b23c4du
#define MAGIC_PCAPNG 0x0a0d0d0au /* pcapng Section Header Block type */
#define VERSION_MAJOR 2u
#define VERSION_MINOR 4u

/* The link-type field: the link type in the low 26 bits; bit 26 says that
 * bits 28..31 give the FCS length in 16-bit words (pcap-savefile(5)). */
#define LINKTYPE_MASK 0x03ffffffu
#define LINKTYPE_FCS_PRESENT 0x04000000u
#define LINKTYPE_FCS_SHIFT 28

#define NSEC_PER_SEC 1000000000u
#define USEC_PER_SEC 1000000u
#define NSEC_PER_USEC 1000u

/* Ethernet (IEEE 802.3): two addresses and an EtherType; VLAN tags
 * (802.1Q, 802.1ad and the older 0x9100 QinQ) each add 4 bytes. */
#define ETH_HDR_LEN 14u
#define ETH_TYPE_OFF 12u
#define VLAN_TAG_LEN 4u
#define ETHERTYPE_IPV4 0x0800u
#define ETHERTYPE_IPV6 0x86ddu
#define ETHERTYPE_8021Q 0x8100u
#define ETHERTYPE_8021AD 0x88a8u
#define ETHERTYPE_QINQ 0x9100u

static uint32_t ld_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint32_t ld_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	       (uint32_t)p[3];
}

static unsigned ld_be16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | (unsigned)p[1];
}

static void st_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void st_le16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* A 32-bit field in the file's byte order. */
static uint32_t ld32(const struct pcap_reader *r, const uint8_t *p)
{
	return r->big_endian ? ld_be32(p) : ld_le32(p);
}

/* A 16-bit field in the file's byte order. */
static unsigned ld16(const struct pcap_reader *r, const uint8_t *p)
{
	return r->big_endian ? ld_be16(p) : (unsigned)p[0] | (unsigned)p[1] << 8;
}

/* Read exactly n bytes: PCAP_OK, short (the file ended first, after
 * *got bytes) or PCAP_EIO. */
static int read_exact(FILE *f, uint8_t *buf, size_t n, size_t *got, int short_status)
{
	*got = fread(buf, 1, n, f);
	if (*got == n)
		return PCAP_OK;
	return ferror(f) ? PCAP_EIO : short_status;
}

/* ------------------------------------------------------------------ input */

static int check_magic(struct pcap_reader *r, const uint8_t *hdr)
{
	uint32_t le = ld_le32(hdr), be = ld_be32(hdr);

	if (le == MAGIC_USEC || le == MAGIC_NSEC) {
		r->big_endian = 0;
		r->nsec = le == MAGIC_NSEC;
	} else if (be == MAGIC_USEC || be == MAGIC_NSEC) {
		r->big_endian = 1;
		r->nsec = be == MAGIC_NSEC;
	} else {
		return le == MAGIC_PCAPNG ? PCAP_EPCAPNG : PCAP_EMAGIC;
	}
	return PCAP_OK;
}

/* see pcap.h */
int pcap_reader_open(struct pcap_reader *r, FILE *f, uint8_t *buf, size_t buflen)
{
	uint8_t hdr[PCAP_FILE_HDR_LEN];
	uint32_t field;
	size_t got;
	int rc, magic_rc;

	r->f = f;
	r->buf = buf;
	r->buflen = buflen < PCAP_MAX_RECORD ? buflen : PCAP_MAX_RECORD;
	r->linktype = 0;
	r->fcs_len = 0;
	r->big_endian = 0;
	r->nsec = 0;
	r->records = 0;
	r->skipped = 0;
	rc = read_exact(f, hdr, sizeof(hdr), &got, PCAP_ESHORT_FILEHDR);
	if (rc == PCAP_EIO)
		return rc;
	if (got < 4) /* not even a magic number */
		return PCAP_ESHORT_FILEHDR;
	magic_rc = check_magic(r, hdr); /* "not pcap" rather than "short" */
	if (magic_rc != PCAP_OK)
		return magic_rc;
	if (rc != PCAP_OK)
		return rc;
	/* bytes 4..7: major and minor version, 16 bits each */
	if (ld16(r, hdr + 4) != VERSION_MAJOR)
		return PCAP_EVERSION;
	/* bytes 8..19: thiszone, sigfigs, snaplen: not needed */
	field = ld32(r, hdr + 20);
	r->linktype = field & LINKTYPE_MASK;
	r->fcs_len = (field & LINKTYPE_FCS_PRESENT) ? 2u * (field >> LINKTYPE_FCS_SHIFT) : 0u;
	if (r->linktype != PCAP_LINK_ETHERNET && r->linktype != PCAP_LINK_RAW &&
	    r->linktype != PCAP_LINK_IPV4 && r->linktype != PCAP_LINK_IPV6)
		return PCAP_ELINKTYPE;
	return PCAP_OK;
}

/* One record, as it is in the file. */
static int read_record(struct pcap_reader *r, struct pcap_pkt *pkt)
{
	uint8_t hdr[PCAP_REC_HDR_LEN];
	uint32_t frac, incl, orig;
	size_t got;
	int rc = read_exact(r->f, hdr, sizeof(hdr), &got, PCAP_ESHORT_RECHDR);

	if (rc == PCAP_ESHORT_RECHDR && got == 0)
		return 0; /* the end of the file, between records */
	r->records++;
	if (rc != PCAP_OK)
		return rc;
	frac = ld32(r, hdr + 4);
	incl = ld32(r, hdr + 8);
	orig = ld32(r, hdr + 12);
	if (frac >= (r->nsec ? NSEC_PER_SEC : USEC_PER_SEC))
		return PCAP_ETIME;
	if (incl > orig)
		return PCAP_ECAPLEN;
	if (incl > r->buflen) /* guards the buffer; buflen <= PCAP_MAX_RECORD */
		return PCAP_ETOOBIG;
	rc = read_exact(r->f, r->buf, incl, &got, PCAP_ESHORT_DATA);
	if (rc != PCAP_OK)
		return rc;
	pkt->data = r->buf;
	pkt->len = incl;
	pkt->orig_len = orig;
	pkt->ts_sec = ld32(r, hdr);
	pkt->ts_nsec = r->nsec ? frac : frac * NSEC_PER_USEC;
	return 1;
}

/* Strip an Ethernet frame down to its IP packet; 0 if it carries none. */
static int strip_ethernet(const struct pcap_reader *r, struct pcap_pkt *pkt)
{
	size_t off = ETH_HDR_LEN;
	unsigned type;

	if (pkt->orig_len < ETH_HDR_LEN + (size_t)r->fcs_len)
		return 0; /* too short to be a frame */
	pkt->orig_len -= r->fcs_len;
	if (pkt->len > pkt->orig_len) /* the capture holds FCS bytes: drop them */
		pkt->len = pkt->orig_len;
	if (pkt->len < ETH_HDR_LEN)
		return 0;
	type = ld_be16(pkt->data + ETH_TYPE_OFF);
	while (type == ETHERTYPE_8021Q || type == ETHERTYPE_8021AD || type == ETHERTYPE_QINQ) {
		if (pkt->len - off < VLAN_TAG_LEN) /* the tag would run past the data */
			return 0;
		type = ld_be16(pkt->data + off + 2);
		off += VLAN_TAG_LEN;
	}
	if (type != ETHERTYPE_IPV4 && type != ETHERTYPE_IPV6)
		return 0;
	pkt->ipver = type == ETHERTYPE_IPV4 ? 4u : 6u;
	pkt->data += off;
	pkt->len -= off;
	pkt->orig_len -= off;
	return 1;
}

/* The link layer: 1 if the record holds an IP packet (now at pkt->data). */
static int link_decode(const struct pcap_reader *r, struct pcap_pkt *pkt)
{
	switch (r->linktype) {
	case PCAP_LINK_IPV4:
		pkt->ipver = 4;
		return 1;
	case PCAP_LINK_IPV6:
		pkt->ipver = 6;
		return 1;
	case PCAP_LINK_RAW:
		pkt->ipver = pkt->len > 0 ? (unsigned)(pkt->data[0] >> 4) : 0u;
		return pkt->ipver == 4 || pkt->ipver == 6;
	default:
		return strip_ethernet(r, pkt);
	}
}

/* see pcap.h */
int pcap_read(struct pcap_reader *r, struct pcap_pkt *pkt)
{
	for (;;) {
		int rc = read_record(r, pkt);

		if (rc <= 0)
			return rc;
		if (link_decode(r, pkt))
			return 1;
		r->skipped++;
	}
}

/* ----------------------------------------------------------------- output */

/* see pcap.h */
int pcap_writer_open(struct pcap_writer *w, FILE *f, int nsec)
{
	uint8_t hdr[PCAP_FILE_HDR_LEN] = { 0 }; /* thiszone, sigfigs: 0 */

	w->f = f;
	w->nsec = nsec != 0;
	st_le32(hdr, w->nsec ? MAGIC_NSEC : MAGIC_USEC);
	st_le16(hdr + 4, VERSION_MAJOR);
	st_le16(hdr + 6, VERSION_MINOR);
	st_le32(hdr + 16, PCAP_MAX_RECORD); /* snaplen */
	st_le32(hdr + 20, PCAP_LINK_RAW);
	return fwrite(hdr, 1, sizeof(hdr), f) == sizeof(hdr) ? PCAP_OK : PCAP_EIO;
}

/* see pcap.h */
int pcap_write(struct pcap_writer *w, const struct pcap_pkt *pkt)
{
	uint8_t hdr[PCAP_REC_HDR_LEN];

	if (pkt->len > PCAP_MAX_RECORD || pkt->ts_nsec >= NSEC_PER_SEC)
		return PCAP_EINVAL; /* a record no reader would accept */
	st_le32(hdr, pkt->ts_sec);
	st_le32(hdr + 4, w->nsec ? pkt->ts_nsec : pkt->ts_nsec / NSEC_PER_USEC);
	st_le32(hdr + 8, (uint32_t)pkt->len);
	st_le32(hdr + 12, (uint32_t)pkt->len);
	if (fwrite(hdr, 1, sizeof(hdr), w->f) != sizeof(hdr))
		return PCAP_EIO;
	if (pkt->len > 0 && fwrite(pkt->data, 1, pkt->len, w->f) != pkt->len)
		return PCAP_EIO;
	return PCAP_OK;
}

/* see pcap.h */
int pcap_writer_flush(struct pcap_writer *w)
{
	return fflush(w->f) == 0 && !ferror(w->f) ? PCAP_OK : PCAP_EIO;
}

/* see pcap.h */
const char *pcap_strerror(int status)
{
	switch (status) {
	case PCAP_OK: return "success";
	case PCAP_EIO: return "read or write error";
	case PCAP_ESHORT_FILEHDR: return "truncated pcap file header";
	case PCAP_EMAGIC: return "not a pcap file (bad magic number)";
	case PCAP_EPCAPNG: return "pcapng files are not supported (convert with editcap -F pcap)";
	case PCAP_EVERSION: return "unsupported pcap version (major version is not 2)";
	case PCAP_ELINKTYPE: return "unsupported link type (want RAW, IPV4, IPV6 or ETHERNET)";
	case PCAP_ESHORT_RECHDR: return "truncated record header";
	case PCAP_ESHORT_DATA: return "truncated record data";
	case PCAP_ETOOBIG: return "record too large";
	case PCAP_ECAPLEN: return "record's captured length exceeds its original length";
	case PCAP_ETIME: return "record's sub-second timestamp out of range";
	case PCAP_EINVAL: return "invalid argument";
	default: return "unknown error";
	}
}

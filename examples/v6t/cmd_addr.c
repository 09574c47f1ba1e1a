/*
 * v6t addr: show, encode and decode addresses (CLI.md "Addresses").
 *
 * Every mechanism is a row of ops[]: which key=value arguments it takes and
 * the function that runs it. Arguments are parsed once, generically, into
 * struct addr_args according to key_defs[]; the op functions only call the
 * library and print. "addr show" prints the fields of each kind with the
 * same functions as the decoders (show_fields[]).
 * SPDX-License-Identifier: BSD-2-Clause
 */
#include <string.h>

#include "v6t.h"

/* ------------------------------------------------------------ arguments */

enum key_id {
	K_NONE, /* ends a list of keys */
	K_PREFIX, K_ADDR, K_IPV4, K_SUBNET, K_IID, K_V4MASKLEN, K_BR, K_U, K_G,
	K_SERVER, K_CLIENT, K_PORT, K_FLAGS, K_CONE, K_SITE, K_STRICT,
	K_COUNT
};

#define KEY(k) (1u << (k))

enum key_type { T_PREFIX6, T_IN6, T_IN4, T_DEC, T_HEX16 };

struct key_def {
	const char *name;
	enum key_type type;
	unsigned long max; /* T_DEC: the largest value allowed */
	const char *meta;  /* placeholder in the usage text */
};

static const struct key_def key_defs[K_COUNT] = {
	[K_NONE] = { "", T_DEC, 0, "" },
	[K_PREFIX] = { "prefix", T_PREFIX6, 0, "P/L" },
	[K_ADDR] = { "addr", T_IN6, 0, "X" },
	[K_IPV4] = { "ipv4", T_IN4, 0, "A" },
	[K_SUBNET] = { "subnet", T_DEC, 0xffffu, "N" },
	[K_IID] = { "iid", T_IN6, 0, "::IID" },
	[K_V4MASKLEN] = { "v4masklen", T_DEC, 32, "M" },
	[K_BR] = { "br", T_IN4, 0, "B" },
	[K_U] = { "u", T_DEC, 1, "0|1" },
	[K_G] = { "g", T_DEC, 1, "0|1" },
	[K_SERVER] = { "server", T_IN4, 0, "S" },
	[K_CLIENT] = { "client", T_IN4, 0, "C" },
	[K_PORT] = { "port", T_DEC, 0xffffu, "N" },
	[K_FLAGS] = { "flags", T_HEX16, 0xffffu, "0xNNNN" },
	[K_CONE] = { "cone", T_DEC, 1, "0|1" },
	[K_SITE] = { "site", T_IN4, 0, "A" },
	[K_STRICT] = { "strict", T_DEC, 1, "0|1" },
};

union key_val {
	v6t_prefix6 prefix;
	v6t_in6 in6;
	v6t_in4 in4;
	unsigned long num;
};

struct addr_args {
	unsigned given;            /* KEY(k) set when key k was given */
	const char *text[K_COUNT]; /* each argument as given ("key=value") */
	union key_val val[K_COUNT];
};

#define PREFIX(a) (&(a)->val[K_PREFIX].prefix)
#define IN6(a, k) (&(a)->val[k].in6)
#define IN4(a, k) (&(a)->val[k].in4)
#define NUM(a, k) ((a)->val[k].num)
#define GIVEN(a, k) (((a)->given & KEY(k)) != 0)

/* --------------------------------------------------------------- failure */

/* An error about the prefix (or other configuration): always bad usage. */
static int prefix_fail(const struct addr_args *a, int rc)
{
	return tool_error(V6T_EXIT_USAGE, "%s: %s", a->text[K_PREFIX], tool_strerror(rc));
}

/* An error about the address being decoded: a well-formed address of
 * another kind exits 1 (CLI.md), anything else 2. */
static int addr_fail(const struct addr_args *a, int rc)
{
	int not_kind = rc == V6T_EADDR_NOT_IN_PREFIX || rc == V6T_EADDR_WRONG_KIND ||
		       rc == V6T_EADDR_UOCTET || rc == V6T_EADDR_SUFFIX;

	return tool_error(not_kind ? V6T_EXIT_NOT_KIND : V6T_EXIT_USAGE, "%s: %s",
			  a->text[K_ADDR], tool_strerror(rc));
}

/* A decoder's error: a prefix length the mechanism refuses is the prefix's
 * fault, anything else the address's. */
static int decode_fail(const struct addr_args *a, int rc)
{
	if (rc == V6T_EADDR_PREFIX_LEN || rc == V6T_EADDR_HOST_BITS)
		return prefix_fail(a, rc);
	return addr_fail(a, rc);
}

/* -------------------------------------------------- fields of an address */

/* Print the fields of an address of one kind; return a library status.
 * Shared by "addr show" and the decoders that need no prefix. Each kind
 * that has fields carries an IPv4 address, which goes to *carried: the one
 * whose own RFC 6890 verdict "addr show --all" prints as ipv4_global. */
typedef int (*fields_fn)(struct tool_out *o, const v6t_in6 *a, v6t_in4 *carried);

static int fields_6to4(struct tool_out *o, const v6t_in6 *a, v6t_in4 *carried)
{
	v6t_in4 v4;
	uint16_t subnet;
	int rc = v6t_addr_6to4_decode(&v4, &subnet, a);

	if (rc == V6T_OK) {
		out_in4(o, "ipv4", &v4);
		out_uint(o, "subnet", subnet);
		*carried = v4;
	}
	return rc;
}

/* RFC 4380 §4: the carried address that is the client's own is its mapped
 * (public) address; the server's is another host's. */
static int fields_teredo(struct tool_out *o, const v6t_in6 *a, v6t_in4 *carried)
{
	v6t_addr_teredo t;
	int rc = v6t_addr_teredo_decode(&t, a);

	if (rc == V6T_OK) {
		out_in4(o, "server", &t.server);
		out_in4(o, "client", &t.client);
		out_uint(o, "port", t.port);
		out_hex16(o, "flags", t.flags);
		out_uint(o, "cone", (t.flags & V6T_ADDR_TEREDO_CONE) != 0);
		*carried = t.client;
	}
	return rc;
}

static int fields_isatap(struct tool_out *o, const v6t_in6 *a, v6t_in4 *carried)
{
	v6t_in4 v4;
	unsigned flags;
	int rc = v6t_addr_isatap_decode(&v4, &flags, a);

	if (rc == V6T_OK) {
		out_in4(o, "ipv4", &v4);
		out_uint(o, "u", (flags & V6T_ADDR_ISATAP_U) != 0);
		out_uint(o, "g", (flags & V6T_ADDR_ISATAP_G) != 0);
		*carried = v4;
	}
	return rc;
}

static int fields_wkp(struct tool_out *o, const v6t_in6 *a, v6t_in4 *carried)
{
	v6t_in4 v4;
	int rc = v6t_addr_6052_decode(&v4, a, &v6t_addr_6052_wkp);

	if (rc == V6T_OK) {
		out_in4(o, "ipv4", &v4);
		*carried = v4;
	}
	return rc;
}

/* ::ffff:A and ::A (RFC 4291 §2.5.5): A is the low 32 bits. */
static int fields_low32(struct tool_out *o, const v6t_in6 *a, v6t_in4 *carried)
{
	memcpy(carried->b, a->b + 12, sizeof(carried->b));
	out_in4(o, "ipv4", carried);
	return V6T_OK;
}

/* The fields "addr show" prints for each kind (CLI.md); NULL: none. */
static const fields_fn show_fields[V6T_KIND_GLOBAL + 1] = {
	[V6T_KIND_IPV4_MAPPED] = fields_low32,
	[V6T_KIND_IPV4_COMPATIBLE] = fields_low32,
	[V6T_KIND_RFC6052_WKP] = fields_wkp,
	[V6T_KIND_6TO4] = fields_6to4,
	[V6T_KIND_TEREDO] = fields_teredo,
	[V6T_KIND_ISATAP] = fields_isatap,
};

/* ------------------------------------------------------------ operations */

typedef int (*op_fn)(const struct addr_args *a, struct tool_out *o);

/* An operation's keys in the order of its usage line; OPT marks the
 * optional ones; K_NONE ends the list. */
#define OPT 0x80u
#define MAX_KEYS 6

struct addr_op {
	const char *verb;   /* "encode" or "decode" */
	const char *mech;   /* "6052", "6to4", ... */
	unsigned char keys[MAX_KEYS];
	op_fn run;          /* runs the operation; returns an exit status */
	fields_fn fields;   /* or, for decoders that need only addr=, the fields */
};

/* The KEY() bits of an operation's keys: optional ones if opt, else required. */
static unsigned op_keys(const struct addr_op *op, int opt)
{
	unsigned bits = 0;
	size_t i;

	for (i = 0; i < MAX_KEYS && op->keys[i] != K_NONE; i++)
		if (((op->keys[i] & OPT) != 0) == (opt != 0))
			bits |= KEY(op->keys[i] & ~OPT);
	return bits;
}

static int enc_6052(const struct addr_args *a, struct tool_out *o)
{
	v6t_in6 out;
	int rc = v6t_addr_6052_prefix_check(PREFIX(a));

	if (rc == V6T_OK)
		rc = v6t_addr_6052_encode(&out, PREFIX(a), IN4(a, K_IPV4));
	if (rc != V6T_OK)
		return prefix_fail(a, rc);
	out_in6(o, "addr", &out);
	return V6T_EXIT_OK;
}

/* RFC 6052 §2.2: a translator ignores the u-octet and the suffix; strict=1
 * reports them instead. */
static int dec_6052(const struct addr_args *a, struct tool_out *o)
{
	v6t_in4 v4;
	int rc = v6t_addr_6052_prefix_check(PREFIX(a));

	if (rc != V6T_OK)
		return prefix_fail(a, rc);
	if (GIVEN(a, K_STRICT) && NUM(a, K_STRICT) == 1)
		rc = v6t_addr_6052_decode_strict(&v4, IN6(a, K_ADDR), PREFIX(a));
	else
		rc = v6t_addr_6052_decode(&v4, IN6(a, K_ADDR), PREFIX(a));
	if (rc != V6T_OK)
		return decode_fail(a, rc);
	out_in4(o, "ipv4", &v4);
	return V6T_EXIT_OK;
}

/* iid= is written as an IPv6 address whose high 64 bits must be zero. */
static int enc_6to4(const struct addr_args *a, struct tool_out *o)
{
	static const uint8_t zero[8];
	const v6t_in6 *iid = IN6(a, K_IID);
	uint16_t subnet = (uint16_t)(GIVEN(a, K_SUBNET) ? NUM(a, K_SUBNET) : 0);
	v6t_prefix6 site;
	v6t_in6 out;

	if (GIVEN(a, K_IID) && memcmp(iid->b, zero, sizeof(zero)) != 0)
		return tool_error(V6T_EXIT_USAGE, "%s: the interface identifier must "
				  "be in the low 64 bits (e.g. iid=::1)", a->text[K_IID]);
	if (v6t_addr_6to4_prefix(&site, IN4(a, K_IPV4)) != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "%s: no 6to4 prefix", a->text[K_IPV4]);
	out_prefix6(o, "prefix", &site);
	if (!GIVEN(a, K_IID))
		return V6T_EXIT_OK;
	if (v6t_addr_6to4_encode(&out, IN4(a, K_IPV4), subnet, iid->b + 8) != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "%s: no 6to4 address", a->text[K_IPV4]);
	out_in6(o, "addr", &out);
	return V6T_EXIT_OK;
}

/* The 6rd domain (RFC 5969 §7): the prefix, IPv4MaskLen and, when given,
 * the BR address, checked once by v6t_addr_6rd_init(). */
static int init_6rd(v6t_addr_6rd *d, const struct addr_args *a)
{
	int rc = v6t_addr_6rd_init(d, PREFIX(a), (unsigned)NUM(a, K_V4MASKLEN),
				   GIVEN(a, K_BR) ? IN4(a, K_BR) : NULL);

	if (rc == V6T_OK)
		return V6T_EXIT_OK;
	return tool_error(V6T_EXIT_USAGE, "%s %s: %s", a->text[K_PREFIX],
			  a->text[K_V4MASKLEN], tool_strerror(rc));
}

static int enc_6rd(const struct addr_args *a, struct tool_out *o)
{
	v6t_addr_6rd d;
	v6t_prefix6 out;
	int status = init_6rd(&d, a);

	if (status != V6T_EXIT_OK)
		return status;
	status = v6t_addr_6rd_encode(&out, &d, IN4(a, K_IPV4));
	if (status != V6T_OK)
		return prefix_fail(a, status);
	out_prefix6(o, "prefix", &out);
	return V6T_EXIT_OK;
}

static int dec_6rd(const struct addr_args *a, struct tool_out *o)
{
	v6t_addr_6rd d;
	v6t_in4 v4;
	int status = init_6rd(&d, a);

	if (status != V6T_EXIT_OK)
		return status;
	status = v6t_addr_6rd_decode(&v4, IN6(a, K_ADDR), &d);
	if (status != V6T_OK)
		return decode_fail(a, status);
	out_in4(o, "ipv4", &v4);
	return V6T_EXIT_OK;
}

/* RFC 5214 §6.1: u is 1 when the IPv4 address is globally unique; unless u=
 * says otherwise we take "global unicast" to mean that. */
static int enc_isatap(const struct addr_args *a, struct tool_out *o)
{
	unsigned long u = GIVEN(a, K_U) ? NUM(a, K_U)
					: (unsigned long)v6t_addr_in4_is_global(IN4(a, K_IPV4));
	unsigned flags = (u ? V6T_ADDR_ISATAP_U : 0u) |
			 (GIVEN(a, K_G) && NUM(a, K_G) ? V6T_ADDR_ISATAP_G : 0u);
	v6t_in6 out;
	int rc = v6t_addr_isatap_encode(&out, PREFIX(a), IN4(a, K_IPV4), flags);

	if (rc != V6T_OK)
		return prefix_fail(a, rc);
	out_in6(o, "addr", &out);
	return V6T_EXIT_OK;
}

/* cone= sets or clears flag C (0x8000); given with flags= it must agree. */
static int enc_teredo(const struct addr_args *a, struct tool_out *o)
{
	unsigned long flags = GIVEN(a, K_FLAGS) ? NUM(a, K_FLAGS) : 0;
	unsigned long want = flags;
	v6t_addr_teredo t;
	v6t_in6 out;

	if (GIVEN(a, K_CONE))
		want = NUM(a, K_CONE) ? flags | V6T_ADDR_TEREDO_CONE
				      : flags & ~(unsigned long)V6T_ADDR_TEREDO_CONE;
	if (GIVEN(a, K_FLAGS) && want != flags)
		return tool_error(V6T_EXIT_USAGE, "%s: contradicts %s",
				  a->text[K_CONE], a->text[K_FLAGS]);
	t.server = *IN4(a, K_SERVER);
	t.client = *IN4(a, K_CLIENT);
	t.port = (uint16_t)NUM(a, K_PORT);
	t.flags = (uint16_t)want;
	if (v6t_addr_teredo_encode(&out, &t) != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "%s: no Teredo address", a->text[K_SERVER]);
	out_in6(o, "addr", &out);
	return V6T_EXIT_OK;
}

static int enc_6a44(const struct addr_args *a, struct tool_out *o)
{
	v6t_addr_6a44 f;
	v6t_in6 out;
	int rc;

	f.site = *IN4(a, K_SITE);
	f.port = (uint16_t)NUM(a, K_PORT);
	f.client = *IN4(a, K_CLIENT);
	rc = v6t_addr_6a44_encode(&out, PREFIX(a), &f);
	if (rc != V6T_OK)
		return prefix_fail(a, rc);
	out_in6(o, "addr", &out);
	return V6T_EXIT_OK;
}

static int dec_6a44(const struct addr_args *a, struct tool_out *o)
{
	v6t_addr_6a44 f;
	int rc = v6t_addr_6a44_decode(&f, IN6(a, K_ADDR), PREFIX(a));

	if (rc != V6T_OK)
		return decode_fail(a, rc);
	out_in4(o, "site", &f.site);
	out_uint(o, "port", f.port);
	out_in4(o, "client", &f.client);
	return V6T_EXIT_OK;
}

static const struct addr_op ops[] = {
	{ "encode", "6052", { K_PREFIX, K_IPV4 }, enc_6052, NULL },
	{ "decode", "6052", { K_PREFIX, K_ADDR, K_STRICT | OPT }, dec_6052, NULL },
	{ "encode", "6to4", { K_IPV4, K_SUBNET | OPT, K_IID | OPT }, enc_6to4, NULL },
	{ "decode", "6to4", { K_ADDR }, NULL, fields_6to4 },
	{ "encode", "6rd", { K_PREFIX, K_V4MASKLEN, K_IPV4 }, enc_6rd, NULL },
	{ "decode", "6rd", { K_PREFIX, K_V4MASKLEN, K_BR, K_ADDR }, dec_6rd, NULL },
	{ "encode", "isatap", { K_PREFIX, K_IPV4, K_U | OPT, K_G | OPT }, enc_isatap, NULL },
	{ "decode", "isatap", { K_ADDR }, NULL, fields_isatap },
	{ "encode", "teredo", { K_SERVER, K_CLIENT, K_PORT, K_FLAGS | OPT, K_CONE | OPT },
	  enc_teredo, NULL },
	{ "decode", "teredo", { K_ADDR }, NULL, fields_teredo },
	{ "encode", "6a44", { K_PREFIX, K_SITE, K_PORT, K_CLIENT }, enc_6a44, NULL },
	{ "decode", "6a44", { K_PREFIX, K_ADDR }, dec_6a44, NULL },
};

#define N_OPS (sizeof(ops) / sizeof(ops[0]))

/* ------------------------------------------------------------ dispatch */

/* see v6t.h */
void cmd_addr_usage(FILE *f)
{
	size_t i, j;

	fputs("  addr show [--all] ADDR|ADDR/LEN|-\n", f);
	for (i = 0; i < N_OPS; i++) {
		fprintf(f, "  addr %s %s", ops[i].verb, ops[i].mech);
		for (j = 0; j < MAX_KEYS && ops[i].keys[j] != K_NONE; j++) {
			const struct key_def *d = &key_defs[ops[i].keys[j] & ~OPT];
			int opt = (ops[i].keys[j] & OPT) != 0;

			fprintf(f, " %s%s=%s%s", opt ? "[" : "", d->name, d->meta,
				opt ? "]" : "");
		}
		fputc('\n', f);
	}
}

static int parse_value(const struct key_def *d, const char *s, union key_val *v)
{
	size_t n = strlen(s);

	switch (d->type) {
	case T_PREFIX6: return v6t_addr_prefix6_parse(&v->prefix, s, n);
	case T_IN6: return v6t_addr_in6_parse(&v->in6, s, n);
	case T_IN4: return v6t_addr_in4_parse(&v->in4, s, n);
	case T_DEC: return parse_dec(s, d->max, &v->num);
	case T_HEX16: return parse_hex16(s, &v->num);
	}
	return V6T_EINVAL;
}

static int find_key(const char *arg, size_t keylen)
{
	int k;

	for (k = K_NONE + 1; k < K_COUNT; k++)
		if (strlen(key_defs[k].name) == keylen &&
		    memcmp(key_defs[k].name, arg, keylen) == 0)
			return k;
	return -1;
}

static int parse_arg(const struct addr_op *op, const char *arg, struct addr_args *a)
{
	size_t keylen;
	const char *val;
	int k, rc;

	if (split_kv(arg, &keylen, &val) != 0)
		return tool_error(V6T_EXIT_USAGE, "'%s': expected key=value", arg);
	k = find_key(arg, keylen);
	if (k <= K_NONE || ((op_keys(op, 0) | op_keys(op, 1)) & KEY(k)) == 0)
		return tool_error(V6T_EXIT_USAGE, "%s: unknown key for addr %s %s", arg,
				  op->verb, op->mech);
	if (a->given & KEY(k))
		return tool_error(V6T_EXIT_USAGE, "%s: %s= given twice", arg, key_defs[k].name);
	rc = parse_value(&key_defs[k], val, &a->val[k]);
	if (rc != V6T_OK && (key_defs[k].type == T_IN6 || key_defs[k].type == T_PREFIX6)) {
		const char *slash = strchr(val, '/');
		size_t n = slash != NULL && key_defs[k].type == T_PREFIX6
				   ? (size_t)(slash - val) : strlen(val);
		v6t_in6 unused;

		/* a fault in the address itself: say what and where */
		if (v6t_addr_in6_parse(&unused, val, n) != V6T_OK)
			return in6_text_fail(arg, (size_t)(val - arg), val, n);
	}
	if (rc == TOOL_ENUM_RANGE)
		return tool_error(V6T_EXIT_USAGE, "%s: %s (0..%lu)", arg, tool_strerror(rc),
				  key_defs[k].max);
	if (rc != V6T_OK)
		return tool_error(V6T_EXIT_USAGE, "%s: %s", arg, tool_strerror(rc));
	a->given |= KEY(k);
	a->text[k] = arg;
	return V6T_EXIT_OK;
}

static int parse_args(const struct addr_op *op, int argc, char **argv,
		      struct addr_args *a)
{
	unsigned missing;
	int i, k;

	memset(a, 0, sizeof(*a));
	for (i = 0; i < argc; i++) {
		int status = parse_arg(op, argv[i], a);

		if (status != V6T_EXIT_OK)
			return status;
	}
	missing = op_keys(op, 0) & ~a->given;
	for (k = 0; k < K_COUNT; k++)
		if (missing & KEY(k))
			return tool_error(V6T_EXIT_USAGE, "addr %s %s: missing %s=", op->verb,
					  op->mech, key_defs[k].name);
	return V6T_EXIT_OK;
}

static const struct addr_op *find_op(const char *verb, const char *mech)
{
	size_t i;

	for (i = 0; i < N_OPS; i++)
		if (strcmp(ops[i].verb, verb) == 0 && strcmp(ops[i].mech, mech) == 0)
			return &ops[i];
	return NULL;
}

/* argv: VERB MECH key=value... */
static int addr_codec(int argc, char **argv, struct tool_out *o)
{
	const struct addr_op *op;
	struct addr_args a;
	int status;

	if (argc < 2)
		return tool_error(V6T_EXIT_USAGE, "addr %s: missing mechanism (6052, "
				  "6to4, 6rd, isatap, teredo or 6a44)", argv[0]);
	op = find_op(argv[0], argv[1]);
	if (op == NULL)
		return tool_error(V6T_EXIT_USAGE, "addr %s: unknown mechanism '%s'",
				  argv[0], argv[1]);
	status = parse_args(op, argc - 2, argv + 2, &a);
	if (status != V6T_EXIT_OK)
		return status;
	if (op->fields != NULL) { /* a decoder that needs only addr= */
		v6t_in4 unused;
		int rc = op->fields(o, IN6(&a, K_ADDR), &unused);

		return rc == V6T_OK ? V6T_EXIT_OK : addr_fail(&a, rc);
	}
	return op->run(&a, o);
}

/* ------------------------------------------------------------ addr show */

/* What one operand of "addr show" asks for: ADDR, or ADDR/LEN. */
struct show_req {
	v6t_prefix6 p; /* the address, and its length when has_len */
	int has_len;
};

/* ADDR or ADDR/LEN at s[0..n) (the length in decimal, 0..128, host bits
 * kept); what names the operand in messages. The address is judged first,
 * so that the leftmost fault is the one reported. */
static int show_parse(struct show_req *r, const char *what, const char *s, size_t n)
{
	const char *slash = memchr(s, '/', n);
	size_t alen = slash != NULL ? (size_t)(slash - s) : n;
	unsigned long len;
	int rc;

	if (v6t_addr_in6_parse(&r->p.addr, s, alen) != V6T_OK)
		return in6_text_fail(what, 0, s, alen);
	r->has_len = slash != NULL;
	if (!r->has_len)
		return V6T_EXIT_OK;
	rc = parse_dec_n(slash + 1, n - alen - 1, 128, &len);
	rc = rc == TOOL_ENUM_RANGE ? V6T_EADDR_PREFIX_RANGE
	     : rc != V6T_OK ? V6T_EADDR_PREFIX_SYNTAX : V6T_OK;
	if (rc != V6T_OK && n == alen + 1)
		return tool_error(V6T_EXIT_USAGE, "%s: %s at the end", what, tool_strerror(rc));
	if (rc != V6T_OK) /* the length starts in column alen + 2 */
		return tool_error(V6T_EXIT_USAGE, "%s: %s at column %zu", what,
				  tool_strerror(rc), alen + 2);
	r->p.len = (uint8_t)len;
	return V6T_EXIT_OK;
}

/* The lines of one result (CLI.md "addr show"); returns an exit status. */
static int show_block(struct tool_out *o, const struct show_req *r, int all,
		      const char *what)
{
	const v6t_in6 *a = &r->p.addr;
	v6t_addr_kind kind = v6t_addr_classify(a);
	fields_fn fields = (unsigned)kind <= V6T_KIND_GLOBAL ? show_fields[kind] : NULL;
	v6t_in4 carried;
	uint8_t mac[6];
	int rc;

	if (r->has_len)
		out_prefix6(o, "prefix", &r->p);
	out_in6(o, "addr", a);
	out_str(o, "kind", v6t_addr_kind_name(kind));
	if (fields != NULL) {
		rc = fields(o, a, &carried);
		if (rc != V6T_OK) /* the library classified what it cannot decode */
			return tool_error(V6T_EXIT_USAGE, "%s: %s", what, tool_strerror(rc));
	}
	out_uint(o, "global", (unsigned long)v6t_addr_in6_is_global(a));
	if (!all)
		return V6T_EXIT_OK;
	out_ptr6(o, "ptr", a);
	if (v6t_addr_eui48_decode(mac, a) == V6T_OK)
		out_mac(o, "mac", mac);
	if (fields != NULL)
		out_uint(o, "ipv4_global", (unsigned long)v6t_addr_in4_is_global(&carried));
	return V6T_EXIT_OK;
}

static int show_one(struct tool_out *o, int all, const char *what, const char *s,
		    size_t n)
{
	struct show_req r;
	int status = show_parse(&r, what, s, n);

	return status == V6T_EXIT_OK ? show_block(o, &r, all, what) : status;
}

/* "addr show -": one block per line of standard input, each followed by an
 * empty line and written at once; a bad line's error names its number and
 * the rest go on. Returns the worst exit status seen. */
static int show_stdin(int all)
{
	char line[TOOL_LINE_MAX];
	char what[sizeof("line : ") + 20 + TOOL_ESCAPED_MAX(TOOL_LINE_MAX)];
	unsigned long lineno = 0;
	struct tool_out o;
	int worst = V6T_EXIT_OK, rc, status;
	size_t n = 0, w;

	while ((rc = read_line(stdin, line, sizeof(line), &n)) != TOOL_LINE_EOF) {
		lineno++;
		if (rc == TOOL_LINE_ERROR)
			return tool_error(V6T_EXIT_USAGE, "cannot read standard input");
		if (rc == TOOL_LINE_LONG) {
			status = tool_error(V6T_EXIT_USAGE, "line %lu: longer than %d bytes",
					    lineno, TOOL_LINE_MAX);
		} else {
			/* "line N: TEXT", or "line N" for an empty line */
			w = (size_t)snprintf(what, sizeof(what), n > 0 ? "line %lu: " : "line %lu",
					     lineno);
			tool_escape(what + w, sizeof(what) - w, line, n);
			out_init(&o);
			status = show_one(&o, all, what, line, n);
			if (status == V6T_EXIT_OK) {
				out_blank(&o);
				status = out_flush(&o);
				if (status != V6T_EXIT_OK) /* stdout is gone */
					return status;
			}
		}
		if (status > worst)
			worst = status;
	}
	return worst;
}

/* argv: show [--all] ADDR|ADDR/LEN|- */
static int addr_show(int argc, char **argv, struct tool_out *o)
{
	const char *operand = NULL;
	int all = 0, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--all") == 0) {
			if (all)
				return tool_error(V6T_EXIT_USAGE, "addr show: --all given twice");
			all = 1;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			return tool_error(V6T_EXIT_USAGE, "addr show: unknown option '%s'",
					  argv[i]);
		} else if (operand != NULL) {
			return tool_error(V6T_EXIT_USAGE, "addr show: expected one address");
		} else {
			operand = argv[i];
		}
	}
	if (operand == NULL)
		return tool_error(V6T_EXIT_USAGE, "addr show: expected one address");
	if (strcmp(operand, "-") == 0)
		return show_stdin(all);
	return show_one(o, all, operand, operand, strlen(operand));
}

/* see v6t.h */
int cmd_addr(const struct tool_opts *opts, int argc, char **argv)
{
	struct tool_out o;
	int status;

	out_init(&o);
	if (argc < 2)
		status = tool_error(V6T_EXIT_USAGE, "addr: missing subcommand (show, "
				    "encode or decode)");
	else if (strcmp(argv[1], "show") == 0)
		status = addr_show(argc - 1, argv + 1, &o);
	else if (strcmp(argv[1], "encode") == 0 || strcmp(argv[1], "decode") == 0)
		status = addr_codec(argc - 1, argv + 1, &o);
	else
		status = tool_error(V6T_EXIT_USAGE, "addr: unknown subcommand '%s'", argv[1]);
	if (status == V6T_EXIT_OK)
		return out_flush(&o);
	if (status == V6T_EXIT_USAGE && opts->verbose)
		cmd_addr_usage(stderr);
	return status;
}

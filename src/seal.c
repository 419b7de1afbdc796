/* seal.c — sealed files with libsodium: Argon2id key derivation, a plain
 * checksummed header, XChaCha20-Poly1305 secretstream chunks with the
 * header as additional data of the first and a TAG_FINAL last chunk. */
#include "seal.h"

#include <limits.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include "i18n.h"

#define SALT_BYTES 16 /* crypto_pwhash_SALTBYTES */
#define ALG_ARGON2ID13 1
#define CHECK_BYTES 8
#define SUM_BYTES 8
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES

/* Header v1 offsets (docs/ENCRYPTION.md). */
enum {
	H_MAGIC = 0,
	H_VERSION = 8,
	H_HDRLEN = 10,
	H_ALG = 12,
	H_KIND = 13,
	H_RESERVED = 14,
	H_OPS = 16,
	H_MEM = 24,
	H_SALT = 32,
	H_LENGTH = 48,
	H_STREAM = 56,
	H_CHECK = 80,
	H_SUM = 88,
};

struct seal_key {
	unsigned char stream[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char check[32];
	unsigned char salt[SALT_BYTES];
	unsigned long long ops, mem;
};

static unsigned long long test_ops, test_mem;

int seal_init(void)
{
	return sodium_init() < 0 ? SEAL_E_INIT : 0;
}

const char *seal_strerror(int err)
{
	switch (err) {
	case SEAL_OK:
		return N_("no error");
	case SEAL_E_TRUNCATED:
		return N_("the encrypted file is cut short (truncated)");
	case SEAL_E_HEADER:
		return N_("the encrypted file's header is damaged");
	case SEAL_E_VERSION:
		return N_("the encrypted file has a format version this backcare does not know "
		          "(made by a newer one?)");
	case SEAL_E_PASSPHRASE:
		return N_("wrong passphrase");
	case SEAL_E_DAMAGED:
		return N_("the encrypted file was changed or damaged (authentication failed)");
	case SEAL_E_KIND:
		return N_("this encrypted file belongs to another part of backcare");
	case SEAL_E_NOMEM:
		return N_("not enough memory to derive the key");
	case SEAL_E_PLAIN:
		return N_("the file is not encrypted");
	case SEAL_E_INIT:
		return N_("the encryption library could not start");
	}
	return N_("unknown encryption error");
}

static void put64(unsigned char *p, unsigned long long v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static unsigned long long get64(const unsigned char *p)
{
	unsigned long long v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

int seal_is_sealed(const void *buf, size_t len)
{
	return len >= 8 && !memcmp(buf, SEAL_MAGIC, 8);
}

/* Bytes of ciphertext after the header for plen bytes of plaintext: full
 * chunks, then a final one (possibly empty) tagged FINAL. */
static unsigned long long body_bytes(unsigned long long plen)
{
	unsigned long long chunks = plen / SEAL_CHUNK + 1;
	return plen + chunks * ABYTES;
}

/* The header's own checks, in an order that names the real problem: the
 * checksum before the version, so a flipped version byte reads as damage
 * and only a sound header from a newer program reads as a new version. */
int seal_info(const void *file, size_t len, struct seal_info *out)
{
	const unsigned char *h = file;
	unsigned char sum[SUM_BYTES];

	if (!seal_is_sealed(file, len))
		return SEAL_E_PLAIN;
	if (len < 12)
		return SEAL_E_TRUNCATED;
	size_t hdrlen = (size_t)h[H_HDRLEN] << 8 | h[H_HDRLEN + 1];
	if (hdrlen < 20)
		return SEAL_E_HEADER;
	if (hdrlen > len)
		return SEAL_E_TRUNCATED;
	crypto_generichash(sum, sizeof sum, h, hdrlen - SUM_BYTES, NULL, 0);
	if (sodium_memcmp(sum, h + hdrlen - SUM_BYTES, SUM_BYTES) != 0)
		return SEAL_E_HEADER;
	int version = h[H_VERSION] << 8 | h[H_VERSION + 1];
	if (version != SEAL_VERSION)
		return SEAL_E_VERSION;
	if (hdrlen != SEAL_HEADER_BYTES || h[H_ALG] != ALG_ARGON2ID13 || h[H_RESERVED] ||
	    h[H_RESERVED + 1])
		return SEAL_E_HEADER;
	unsigned long long ops = get64(h + H_OPS), mem = get64(h + H_MEM);
	unsigned long long plen = get64(h + H_LENGTH);
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > SEAL_OPSLIMIT_CAP ||
	    mem < crypto_pwhash_MEMLIMIT_MIN || mem > SEAL_MEMLIMIT_CAP || plen > (1ULL << 40))
		return SEAL_E_HEADER;
	if (out) {
		out->version = version;
		out->alg = h[H_ALG];
		out->kind = h[H_KIND];
		out->opslimit = ops;
		out->memlimit = mem;
		out->length = plen;
	}
	unsigned long long want = SEAL_HEADER_BYTES + body_bytes(plen);
	if (len < want)
		return SEAL_E_TRUNCATED;
	if (len > want)
		return SEAL_E_DAMAGED; /* bytes after the final chunk */
	return 0;
}

static void key_check(const struct seal_key *k, const unsigned char *h,
                      unsigned char out[CHECK_BYTES])
{
	crypto_generichash(out, CHECK_BYTES, h, H_CHECK, k->check, sizeof k->check);
}

static struct seal_key *key_alloc(void)
{
	struct seal_key *k = sodium_malloc(sizeof *k); /* guarded, mlocked */
	if (k)
		memset(k, 0, sizeof *k);
	return k;
}

/* Argon2id into a master key, then two subkeys: one for the stream, one
 * for the header's key check. */
static int derive(struct seal_key *k, const char *pass, size_t passlen)
{
	unsigned char master[32];
	sodium_mlock(master, sizeof master);
	if (crypto_pwhash(master, sizeof master, pass, passlen, k->salt, k->ops, (size_t)k->mem,
	                  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		sodium_munlock(master, sizeof master);
		return SEAL_E_NOMEM;
	}
	crypto_kdf_derive_from_key(k->stream, sizeof k->stream, 1, "bcseal__", master);
	crypto_kdf_derive_from_key(k->check, sizeof k->check, 2, "bcseal__", master);
	sodium_munlock(master, sizeof master); /* wipes it */
	return 0;
}

int seal_key_new(struct seal_key **out, const char *pass, size_t passlen)
{
	int r = seal_init();
	*out = NULL;
	if (r < 0)
		return r;
	struct seal_key *k = key_alloc();
	if (!k)
		return SEAL_E_NOMEM;
	randombytes_buf(k->salt, sizeof k->salt);
	k->ops = test_ops ? test_ops : SEAL_OPSLIMIT;
	k->mem = test_ops ? test_mem : SEAL_MEMLIMIT;
	if ((r = derive(k, pass, passlen)) < 0) {
		sodium_free(k);
		return r;
	}
	*out = k;
	return 0;
}

int seal_key_fits(const struct seal_key *k, const void *file, size_t len)
{
	struct seal_info in = {0};
	unsigned char chk[CHECK_BYTES];
	const unsigned char *h = file;
	int r = seal_info(file, len, &in);
	if (r < 0 && r != SEAL_E_TRUNCATED && r != SEAL_E_DAMAGED)
		return r;
	/* !in.version: "truncated" before the header was checked (its
	 * length field says more than the file has): no cost to use. */
	if (len < SEAL_HEADER_BYTES || !in.version)
		return r;
	key_check(k, h, chk);
	if (in.opslimit != k->ops || in.memlimit != k->mem ||
	    sodium_memcmp(h + H_SALT, k->salt, SALT_BYTES) != 0 ||
	    sodium_memcmp(chk, h + H_CHECK, CHECK_BYTES) != 0)
		return SEAL_E_PASSPHRASE;
	return r;
}

int seal_key_for(struct seal_key **out, const char *pass, size_t passlen, const void *file,
                 size_t len)
{
	struct seal_info in = {0};
	unsigned char chk[CHECK_BYTES];
	const unsigned char *h = file;
	int r = seal_init();
	*out = NULL;
	if (r < 0)
		return r;
	/* A truncated or damaged body still has a sound header: derive the
	 * key anyway, so a wrong passphrase is named as such. */
	r = seal_info(file, len, &in);
	if (r < 0 && r != SEAL_E_TRUNCATED && r != SEAL_E_DAMAGED)
		return r;
	/* attack15 C5: a header length beyond the file is "truncated" before
	 * the cost is read and capped: never derive from uninitialised cost. */
	if (len < SEAL_HEADER_BYTES || !in.version)
		return r;
	struct seal_key *k = key_alloc();
	if (!k)
		return SEAL_E_NOMEM;
	memcpy(k->salt, h + H_SALT, SALT_BYTES);
	k->ops = in.opslimit;
	k->mem = in.memlimit;
	int d = derive(k, pass, passlen);
	if (d < 0) {
		sodium_free(k);
		return d;
	}
	key_check(k, h, chk);
	if (sodium_memcmp(chk, h + H_CHECK, CHECK_BYTES) != 0) {
		sodium_free(k);
		return SEAL_E_PASSPHRASE;
	}
	*out = k;
	return r;
}

void seal_key_free(struct seal_key *k)
{
	if (k)
		sodium_free(k); /* wipes before freeing */
}

int seal_key_to_fd(const struct seal_key *k, int fd)
{
	const unsigned char *p = (const unsigned char *)k;
	size_t n = sizeof *k, done = 0;

	while (done < n) {
		ssize_t w = write(fd, p + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -EIO;
		done += (size_t)w;
	}
	return 0;
}

int seal_key_from_fd(struct seal_key **out, int fd)
{
	int r = seal_init();
	struct seal_key *k;
	size_t done = 0;

	*out = NULL;
	if (r < 0)
		return r;
	if (!(k = key_alloc()))
		return SEAL_E_NOMEM;
	while (done < sizeof *k) {
		ssize_t got = read(fd, (unsigned char *)k + done, sizeof *k - done);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			seal_key_free(k);
			return got < 0 ? -errno : -EIO;
		}
		done += (size_t)got;
	}
	*out = k;
	return 0;
}

int seal_key_from_env(struct seal_key **out)
{
	const char *v = getenv(SEAL_KEY_FD_ENV);
	char *end;
	long fd;
	int r;

	*out = NULL;
	if (!v)
		return 0;
	fd = strtol(v, &end, 10);
	unsetenv(SEAL_KEY_FD_ENV);
	if (*end || fd < 0 || fd > INT_MAX)
		return -EBADF;
	r = seal_key_from_fd(out, (int)fd);
	close((int)fd);
	if (r == 0)
		seal_protect_process();
	return r;
}

void seal_key_params(const struct seal_key *k, unsigned long long *ops, unsigned long long *mem)
{
	*ops = k->ops;
	*mem = k->mem;
}

void seal_protect_process(void)
{
	struct rlimit no_core = {0, 0};
	(void)setrlimit(RLIMIT_CORE, &no_core);
#ifndef __SANITIZE_ADDRESS__
	/* (not under ASan: LeakSanitizer attaches to the process itself) */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
#endif
}

void seal_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

char *seal_alloc_plain(size_t n)
{
	char *p = malloc(n + 1);
	if (p)
		sodium_mlock(p, n + 1); /* best effort: RLIMIT_MEMLOCK may say no */
	return p;
}

void seal_free_plain(char *p, size_t n)
{
	if (!p)
		return;
	sodium_munlock(p, n + 1); /* wipes, even where the lock had failed */
	sodium_memzero(p, n + 1);
	free(p);
}

int seal_open(const struct seal_key *k, int kind, const void *file, size_t len, char **plain,
              size_t *plen)
{
	crypto_secretstream_xchacha20poly1305_state st;
	const unsigned char *h = file;
	struct seal_info in;
	*plain = NULL;
	*plen = 0;
	int r = seal_key_fits(k, file, len);
	if (r < 0)
		return r;
	seal_info(file, len, &in);
	if ((int)in.kind != kind)
		return SEAL_E_KIND;
	char *out = seal_alloc_plain((size_t)in.length);
	if (!out)
		return SEAL_E_NOMEM;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, h + H_STREAM, k->stream) != 0) {
		seal_free_plain(out, (size_t)in.length);
		return SEAL_E_DAMAGED;
	}
	const unsigned char *c = h + SEAL_HEADER_BYTES;
	size_t left = (size_t)in.length, at = 0;
	for (int first = 1;; first = 0) {
		size_t n = left < SEAL_CHUNK ? left : SEAL_CHUNK;
		/* The lengths were checked against the header, so the count
		 * of chunks is known: a FINAL tag anywhere else is damage. */
		int last = left < SEAL_CHUNK;
		unsigned long long got;
		unsigned char tag;
		if (crypto_secretstream_xchacha20poly1305_pull(
		        &st, (unsigned char *)out + at, &got, &tag, c, n + ABYTES, first ? h : NULL,
		        first ? SEAL_HEADER_BYTES : 0) != 0 ||
		    got != n || (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) != last) {
			sodium_memzero(&st, sizeof st);
			seal_free_plain(out, (size_t)in.length);
			return SEAL_E_DAMAGED;
		}
		c += n + ABYTES;
		at += n;
		left -= n;
		if (last)
			break;
	}
	sodium_memzero(&st, sizeof st);
	out[at] = '\0';
	*plain = out;
	*plen = at;
	return 0;
}

int seal_seal(const struct seal_key *k, int kind, const void *plain, size_t plen,
              unsigned char **out, size_t *outlen)
{
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned long long total = SEAL_HEADER_BYTES + body_bytes(plen);
	*out = NULL;
	*outlen = 0;
	if (total > SIZE_MAX)
		return SEAL_E_NOMEM;
	unsigned char *b = malloc((size_t)total), *h = b;
	if (!b)
		return SEAL_E_NOMEM;
	memset(h, 0, SEAL_HEADER_BYTES);
	memcpy(h + H_MAGIC, SEAL_MAGIC, 8);
	h[H_VERSION + 1] = SEAL_VERSION;
	h[H_HDRLEN + 1] = SEAL_HEADER_BYTES;
	h[H_ALG] = ALG_ARGON2ID13;
	h[H_KIND] = (unsigned char)kind;
	put64(h + H_OPS, k->ops);
	put64(h + H_MEM, k->mem);
	memcpy(h + H_SALT, k->salt, SALT_BYTES);
	put64(h + H_LENGTH, plen);
	crypto_secretstream_xchacha20poly1305_init_push(&st, h + H_STREAM, k->stream);
	key_check(k, h, h + H_CHECK);
	crypto_generichash(h + H_SUM, SUM_BYTES, h, H_SUM, NULL, 0);

	const unsigned char *p = plain;
	unsigned char *c = b + SEAL_HEADER_BYTES;
	size_t left = plen;
	for (int first = 1;; first = 0) {
		size_t n = left < SEAL_CHUNK ? left : SEAL_CHUNK;
		int last = left < SEAL_CHUNK;
		crypto_secretstream_xchacha20poly1305_push(
		    &st, c, NULL, p, n, first ? h : NULL, first ? SEAL_HEADER_BYTES : 0,
		    last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		c += n + ABYTES;
		p += n;
		left -= n;
		if (last)
			break;
	}
	sodium_memzero(&st, sizeof st);
	*out = b;
	*outlen = (size_t)total;
	return 0;
}

void seal_test_params(unsigned long long ops, unsigned long long mem)
{
	test_ops = ops;
	test_mem = mem;
}

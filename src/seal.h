/* seal.h — sealed files: a passphrase-derived key (Argon2id) and the whole
 * content sealed with XChaCha20-Poly1305 secretstream, behind a plain
 * header that says how to derive the key. docs/ENCRYPTION.md has the
 * format byte by byte.
 *
 * Owns: struct seal_key (opaque, in guarded locked memory, wiped when
 * freed) and the plaintext buffers seal_open hands out (locked where the
 * system allows, wiped by seal_free_plain).
 *
 * Call order: seal_init once (idempotent). To create a sealed file:
 * seal_key_new, then seal_seal for every write (the same key and salt are
 * kept; each write has a fresh random stream header). To read one:
 * seal_key_for (derives the key from the file's own parameters and tells a
 * wrong passphrase from a damaged file), then seal_open; reuse the key for
 * later writes and for files sealed with it (seal_key_fits).
 *
 * Errors are negative enum seal_err values, each with its own message
 * (seal_strerror, a N_() string): nothing here ever writes a file. The
 * kind byte binds a sealed file to its role, so a sealed plan cannot be
 * passed off as the diary. No global state except the parameters a test
 * may lower with seal_test_params (never called by the program). */
#ifndef BACKCARE_SEAL_H
#define BACKCARE_SEAL_H

#include <stddef.h>

#define SEAL_VERSION 1
#define SEAL_HEADER_BYTES 96
#define SEAL_CHUNK 65536 /* plaintext bytes per secretstream message */
#define SEAL_MAGIC                                                                                 \
	"\x89"                                                                                     \
	"BCSEAL\n" /* 8 bytes */

/* Argon2id13 cost for new files: about 0.45 s and 256 MiB on the project
 * machine (2 cores; bench/run.sh prints the time it takes here). */
#define SEAL_OPSLIMIT 4ULL
#define SEAL_MEMLIMIT (256UL << 20)

/* The most a file may ask for: a changed header must not make a start
 * take minutes or all memory before the key check can fail. */
#define SEAL_OPSLIMIT_CAP 32ULL
#define SEAL_MEMLIMIT_CAP (1ULL << 30)

enum seal_kind { SEAL_KIND_DIARY = 1, SEAL_KIND_PLAN = 2 };

enum seal_err {
	SEAL_OK = 0,
	SEAL_E_TRUNCATED = -1,  /* shorter than its header says */
	SEAL_E_HEADER = -2,     /* header damaged (checksum, values) */
	SEAL_E_VERSION = -3,    /* a format version this program does not know */
	SEAL_E_PASSPHRASE = -4, /* the passphrase does not open it */
	SEAL_E_DAMAGED = -5,    /* content changed: authentication failed */
	SEAL_E_KIND = -6,       /* sealed for another role (plan vs diary) */
	SEAL_E_NOMEM = -7,      /* out of memory (key derivation needs a lot) */
	SEAL_E_PLAIN = -8,      /* not a sealed file at all */
	SEAL_E_INIT = -9,       /* libsodium could not start */
};

struct seal_key;

struct seal_info {
	int version, alg, kind;
	unsigned long long opslimit, memlimit, length;
};

int seal_init(void);
/* A translatable message for an error (N_() string; show it with _()). */
const char *seal_strerror(int err);
/* 1 if buf starts with the magic string (a sealed file, maybe damaged). */
int seal_is_sealed(const void *buf, size_t len);
/* Reads and checks the header (checksum, version, values); 0 or an error. */
int seal_info(const void *file, size_t len, struct seal_info *out);

/* A fresh key: new random salt, the default cost (or the test cost). */
int seal_key_new(struct seal_key **k, const char *pass, size_t passlen);
/* The key of a sealed file: derives it with the file's parameters and
 * verifies the header's key check. SEAL_E_PASSPHRASE when it does not fit. */
int seal_key_for(struct seal_key **k, const char *pass, size_t passlen, const void *file,
                 size_t len);
/* 0 if k opens file (same salt, cost and key check; no derivation), else
 * SEAL_E_PASSPHRASE or a header error. */
int seal_key_fits(const struct seal_key *k, const void *file, size_t len);
void seal_key_free(struct seal_key *k);
/* Hands a key to a child process (the report programs) through a pipe,
 * never a file: seal_key_to_fd writes it whole, seal_key_from_fd reads it
 * back into guarded memory. The bytes pass only through the kernel's pipe
 * buffer. Return 0 or a negative errno / SEAL_E_*. */
int seal_key_to_fd(const struct seal_key *k, int fd);
int seal_key_from_fd(struct seal_key **out, int fd);
/* The environment variable that names the key's fd in such a child. */
#define SEAL_KEY_FD_ENV "BACKCARE_KEY_FD"
/* In such a child: the key its parent handed over (*out NULL when none),
 * the fd closed and the variable removed. 0, or an error. */
int seal_key_from_env(struct seal_key **out);
/* The parameters a key was made with. */
void seal_key_params(const struct seal_key *k, unsigned long long *ops, unsigned long long *mem);

/* Decrypts a whole sealed file of this kind. *plain (NUL-terminated, not
 * counted in *plen) is freed with seal_free_plain. */
int seal_open(const struct seal_key *k, int kind, const void *file, size_t len, char **plain,
              size_t *plen);
/* Seals plain into a new malloc'd buffer (ciphertext: free it normally). */
int seal_seal(const struct seal_key *k, int kind, const void *plain, size_t plen,
              unsigned char **out, size_t *outlen);
/* Wipes and frees a plaintext buffer of n bytes (+1 for the NUL). */
void seal_free_plain(char *p, size_t n);
/* Once a key is in memory: no core dump of this process, and other
 * programs of the same user may no longer attach to it (ptrace) to read
 * its memory (prctl PR_SET_DUMPABLE 0; root still can). Front ends call
 * it when they hold a key; best effort. */
void seal_protect_process(void);
/* Wipes n bytes (sodium_memzero: not optimised away). */
void seal_wipe(void *p, size_t n);
/* malloc + mlock where possible, for plaintext the caller builds. */
char *seal_alloc_plain(size_t n);

/* Tests only: lower the cost of seal_key_new (files store the cost they
 * used, so reading them stays correct). ops 0 restores the default. */
void seal_test_params(unsigned long long ops, unsigned long long mem);

#endif

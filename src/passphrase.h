/* passphrase.h — getting a passphrase from the person: on the terminal
 * (/dev/tty, without echo) or from the first line of a file (scripts and
 * tests). The CLI's front end; the app asks on its own screen.
 *
 * Passphrases live in struct pass, in guarded locked memory, wiped by
 * pass_free. Nothing here derives keys (seal.h does). */
#ifndef BACKCARE_PASSPHRASE_H
#define BACKCARE_PASSPHRASE_H

#include <stddef.h>

#define PASS_MAX 1024 /* bytes of one passphrase */

struct pass {
	char *s;  /* NUL-terminated, in sodium_malloc'd memory */
	size_t n; /* its length */
};

/* The first line of path without its line break (and a CR before it).
 * Returns 0, or -errno / -EINVAL (empty, too long, NUL) with a message
 * in err. */
int pass_from_file(const char *path, struct pass *p, char *err, size_t errsize);
/* Writes prompt to /dev/tty and reads a line without echo. Returns 0,
 * -ENXIO when there is no terminal, -EINTR on end of input. */
int pass_from_tty(const char *prompt, struct pass *p);
void pass_free(struct pass *p);
/* Echo off on the terminal from now until pass_tty_end, across several
 * prompts: what is typed ahead while a key is derived is not shown either.
 * pass_tty_end puts the settings back and drops unread type-ahead. */
void pass_tty_begin(void);
void pass_tty_end(void);

#endif

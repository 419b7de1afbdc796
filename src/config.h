/* config.h — the user's settings in $XDG_CONFIG_HOME/backcare/config.yaml:
 * the remembered language and whether to use colour. A broken file is
 * reported (file:line:column) and ignored, never overwritten unasked:
 * config_save is only called when the user changes a setting. */
#ifndef BACKCARE_CONFIG_H
#define BACKCARE_CONFIG_H

#include <stddef.h>

#include "diag.h"

struct config {
	int lang;  /* enum lang, or -1 if none remembered */
	int color; /* 1 colour, 0 monochrome */
};

/* Missing file: defaults and 0. Unreadable or broken: defaults, diags, -1. */
int config_load(const char *path, struct config *c, struct diags *d);
int config_parse(const char *name, const char *buf, size_t len, struct config *c, struct diags *d);
/* Atomic write (temp file, fsync, rename), creating the folder 0700.
 * Returns 0 or -errno. */
int config_save(const char *path, const struct config *c);

#endif

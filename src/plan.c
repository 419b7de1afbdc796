/* plan.c — the flare-up plan model: plan.yaml read with libyaml, written
 * atomically, and a starting point for "what helped" from the diary. */
#include "plan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <yaml.h>

#include "atomic.h"
#include "seal.h"
#include "diary.h"
#include "diary_impl.h"
#include "i18n.h"
#include "paths.h"

const struct plan_part_info plan_parts[PLAN_NPARTS] = {
    {"early-signs", N_("Early signs of a flare-up"),
     N_("What you notice first when a flare-up is coming: stiffness on waking, a pain that "
        "spreads, poor sleep...")},
    {"ease-off", N_("What to ease off"),
     N_("What to do less of for a few days, without stopping: lifting, long sitting, a hard "
        "workout...")},
    {"keep-doing", N_("What to keep doing"),
     N_("What keeps you moving: short walks, gentle stretches, work with breaks. Bed rest makes it "
        "worse.")},
    {"helped-before", N_("What helped before"),
     N_("From your diary and your own experience: heat, walking, a warm bath...")},
    {"medicines", N_("Medicines, as agreed with your clinician"),
     N_("Only what a doctor, nurse or pharmacist agreed with you: what, how much, for how long.")},
    {"who-to-call", N_("Who to call"),
     N_("Your GP or clinic, a physiotherapist, someone who can help at home, with their numbers.")},
    {"use-checklist", N_("When to use the checklist"),
     N_("For example: new numbness, weakness, trouble passing urine, fever, or pain unlike your "
        "usual flare-ups.")},
};

char *plan_path(const char *diary_path)
{
	const char *slash = diary_path ? strrchr(diary_path, '/') : NULL;
	char *p = NULL;
	int n = slash ? asprintf(&p, "%.*s/plan.yaml", (int)(slash - diary_path), diary_path)
	              : asprintf(&p, "plan.yaml");
	return n < 0 ? NULL : p;
}

void plan_free(struct plan *p)
{
	for (int i = 0; i < PLAN_NPARTS; i++) {
		free(p->text[i]);
		free(p->raw[i]);
	}
	memset(p, 0, sizeof *p);
}

int plan_empty(const struct plan *p)
{
	for (int i = 0; i < PLAN_NPARTS; i++)
		if (p->text[i])
			return 0;
	return 1;
}

int plan_set(struct plan *p, int i, const char *s)
{
	size_t n;
	if (i < 0 || i >= PLAN_NPARTS)
		return -EINVAL;
	while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	if (n > PLAN_TEXT_MAX || !diary_utf8_valid(s, n))
		return -EINVAL;
	char *c = n ? strndup(s, n) : NULL;
	if (n && !c)
		return -ENOMEM;
	free(p->text[i]);
	p->text[i] = c;
	return 0;
}

/* --- reading ---------------------------------------------------------------- */

static void perr(struct diags *dg, const char *name, const yaml_mark_t *m, const char *msg,
                 const char *arg)
{
	diags_add(dg, DIAG_ERROR, name, (int)m->line + 1, (int)m->column + 1, msg, arg);
}

int plan_parse(struct plan *p, const char *name, const char *buf, size_t len, struct diags *dg)
{
	yaml_parser_t y;
	yaml_event_t ev;
	int depth = 0, key = -2, r = 0, version = 0, docs = 0;
	/* key: -2 expecting a key, -1 "version", 0.. a part */

	memset(p, 0, sizeof *p);
	if (!yaml_parser_initialize(&y))
		return -ENOMEM;
	yaml_parser_set_input_string(&y, (const unsigned char *)buf, len);
	while (!r) {
		if (!yaml_parser_parse(&y, &ev)) {
			diags_add(dg, DIAG_ERROR, name, (int)y.problem_mark.line + 1,
			          (int)y.problem_mark.column + 1, "%s",
			          y.problem ? y.problem : "YAML syntax error");
			r = -EINVAL;
			break;
		}
		yaml_mark_t m = ev.start_mark;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			yaml_event_delete(&ev);
			goto done;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				perr(dg, name, &m, "%s", _("a plan is one YAML document"));
				r = -EINVAL;
			}
			break;
		case YAML_MAPPING_START_EVENT:
		case YAML_SEQUENCE_START_EVENT:
			if (depth == 0 && ev.type == YAML_MAPPING_START_EVENT) {
				depth = 1;
				break;
			}
			perr(
			    dg, name, &m, "%s",
			    depth == 0
			        ? _("a plan is a mapping of its parts")
			        : _("each part of the plan is text (put it in quotes or after |)"));
			r = -EINVAL;
			break;
		case YAML_MAPPING_END_EVENT:
			depth = 0;
			break;
		case YAML_SCALAR_EVENT: {
			const char *s = (const char *)ev.data.scalar.value;
			size_t sl = ev.data.scalar.length;
			if (depth == 0) {
				if (sl) {
					perr(dg, name, &m, "%s",
					     _("a plan is a mapping of its parts"));
					r = -EINVAL;
				}
				break;
			}
			if (key == -2) {
				if (!strcmp(s, "version")) {
					key = -1;
					break;
				}
				for (int i = 0; i < PLAN_NPARTS; i++)
					if (!strcmp(s, plan_parts[i].id))
						key = i;
				if (key == -2) {
					perr(dg, name, &m, _("unknown part '%s' of the plan"), s);
					r = -EINVAL;
				}
				break;
			}
			if (key == -1) {
				if (!(s[0] >= '1' && s[0] <= '9') || (s[1] && s[1] != '.')) {
					perr(dg, name, &m,
					     _("version '%s' is not one backcare wrote"), s);
					r = -EINVAL;
				} else if (s[0] - '0' > 1) {
					perr(dg, name, &m,
					     _("written by a newer backcare (format version %s): "
					       "opened read-only"),
					     s);
					r = -EINVAL;
				}
				version = 1;
			} else if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE && !sl) {
				/* "part:" with nothing: empty */
			} else if (strlen(s) != sl || sl > PLAN_TEXT_MAX ||
			           !diary_utf8_valid(s, sl)) {
				perr(dg, name, &m, "%s",
				     _("the text is too long or holds a character a plan cannot "
				       "keep"));
				r = -EINVAL;
			} else if (plan_set(p, key, s) < 0) {
				r = -ENOMEM;
			} else if (p->text[key] && strcmp(p->text[key], s)) {
				free(p->raw[key]); /* as written, for plan_save */
				if (!(p->raw[key] = strdup(s)))
					r = -ENOMEM;
			}
			key = -2;
			break;
		}
		case YAML_ALIAS_EVENT:
			perr(dg, name, &m, "%s", _("a plan has no aliases (*name)"));
			r = -EINVAL;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
done:
	yaml_parser_delete(&y);
	if (!r && docs && !version && !plan_empty(p)) {
		diags_add(dg, DIAG_ERROR, name, 1, 1, "%s", _("the plan has no version line"));
		r = -EINVAL;
	}
	if (r) {
		plan_free(p);
		p->readonly = 1;
	}
	return r;
}

#define PLAN_FILE_MAX (1 << 20)

/* Reads path: 0 and *buf NULL when it does not exist. */
static int read_whole(const char *path, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	*buf = NULL;
	*len = 0;
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if (st.st_size > PLAN_FILE_MAX) {
		close(fd);
		return -EFBIG;
	}
	char *b = malloc((size_t)st.st_size + 1);
	ssize_t got = b ? read(fd, b, (size_t)st.st_size) : -1;
	int err = errno;
	close(fd);
	if (!b || got < 0) {
		free(b);
		return b ? -err : -ENOMEM;
	}
	b[got] = '\0';
	*buf = b;
	*len = (size_t)got;
	return 1;
}

int plan_load(struct plan *p, const char *path, struct diags *dg)
{
	return plan_load_key(p, path, NULL, dg);
}

/* A sealed plan: decrypted whole (the diary's key, kind "plan"), parsed,
 * the plaintext wiped. */
static int load_sealed(struct plan *p, const char *path, const char *buf, size_t len,
                       struct seal_key *key, struct diags *dg)
{
	char *plain;
	size_t plen;
	int r = key ? seal_open(key, SEAL_KIND_PLAN, buf, len, &plain, &plen) : SEAL_E_PASSPHRASE;
	if (!key) {
		diags_add(dg, DIAG_ERROR, path, 0, 0, "%s",
		          _("the plan is encrypted and no passphrase was given: nothing was read "
		            "or changed"));
	} else if (r < 0) {
		diags_add(dg, DIAG_ERROR, path, 0, 0, _("%s; nothing was changed"),
		          _(seal_strerror(r)));
	}
	if (!key || r < 0) {
		p->readonly = 1;
		p->exists = 1;
		return r == SEAL_E_PASSPHRASE ? -EACCES : -EBADMSG;
	}
	r = plan_parse(p, path, plain, plen, dg);
	seal_free_plain(plain, plen);
	p->exists = 1;
	return r;
}

int plan_load_key(struct plan *p, const char *path, struct seal_key *key, struct diags *dg)
{
	char *buf;
	size_t len;
	int r = read_whole(path, &buf, &len);

	memset(p, 0, sizeof *p);
	if (r == 0)
		return 0;
	if (r < 0) {
		diags_add(dg, DIAG_ERROR, path, 0, 0, _("cannot read the plan: %s"),
		          r == -EINVAL ? _("not a regular file") : strerror(-r));
		p->readonly = 1;
		return r;
	}
	if (seal_is_sealed(buf, len)) {
		r = load_sealed(p, path, buf, len, key, dg);
		free(buf);
		return r;
	}
	r = plan_parse(p, path, buf, len, dg);
	p->exists = 1;
	free(buf);
	return r;
}

/* --- writing ----------------------------------------------------------------- */

/* A YAML double-quoted scalar that reads back as exactly s. */
static void put_quoted(FILE *f, const char *s)
{
	fputc('"', f);
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			fprintf(f, "\\%c", *c);
		else if (*c == '\n')
			fputs("\\n", f);
		else if (*c == '\t')
			fputs("\\t", f);
		else if (*c < 0x20 || *c == 0x7f)
			fprintf(f, "\\x%02X", *c);
		else if (*c == 0xc2 && c[1] >= 0x80 && c[1] <= 0x9f) /* C1 controls */
			fprintf(f, "\\x%02X", *++c);
		else if (*c == 0xe2 && c[1] == 0x80 && (c[2] == 0xa8 || c[2] == 0xa9)) {
			fprintf(f, "\\u%04X", c[2] == 0xa8 ? 0x2028 : 0x2029);
			c += 2;
		} else if (*c == 0xef && c[1] == 0xbb && c[2] == 0xbf) {
			fputs("\\uFEFF", f);
			c += 2;
		} else
			fputc(*c, f);
	}
	fputc('"', f);
}

static const char plan_header[] =
    "# backcare flare-up plan. You may edit it by hand; each part is text\n"
    "# in double quotes (\\n is a new line).\n";

static char *render(const struct plan *p, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (!f)
		return NULL;
	fputs(plan_header, f);
	fputs("version: 1\n", f);
	for (int i = 0; i < PLAN_NPARTS; i++) {
		fprintf(f, "%s: ", plan_parts[i].id);
		put_quoted(f, p->text[i] ? p->text[i] : "");
		fputc('\n', f);
	}
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The diary's atomic writer (atomic.h); the folder is made 0700 first. */
static int write_atomic(const char *path, const char *data, size_t len)
{
	char *dir = atomic_dir_of(path);
	struct stat st;
	int r = 0;

	if (!dir)
		return -ENOMEM;
	if (stat(dir, &st) != 0)
		r = paths_mkdirs(dir, 0700);
	free(dir);
	return r < 0 ? r : atomic_write(path, data, len, 0600);
}

/* B7: the person's own comments in a plain plan.yaml are not carried
 * over by a save (it writes the parts, not the hand layout). Before a
 * save that changes the file, the plan as it was is kept beside it as
 * "plan.yaml.comments-YYYYMMDDTHHMMSS" (the file's time, so saving again
 * from the same file makes no second copy), and the person is told, as
 * for the diary. 0, or -errno: nothing may be written then. */
static int keep_plan_comments(const char *path, const char *data, size_t len, struct diags *dg)
{
	char *b, side[4200], stamp[32];
	size_t n;
	struct stat st;
	int r = read_whole(path, &b, &n);
	if (r <= 0)
		return 0; /* none there (or unreadable: the save says why) */
	size_t hl = sizeof plan_header - 1, skip = n >= hl && !memcmp(b, plan_header, hl) ? hl : 0;
	if ((n == len && !memcmp(b, data, n)) || seal_is_sealed(b, n) ||
	    !diary_yaml_has_comments(b + skip, n - skip) || stat(path, &st) != 0) {
		free(b);
		return 0;
	}
	struct tm tm;
	localtime_r(&st.st_mtime, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	r = -EEXIST;
	for (int i = 1; i < 100 && r == -EEXIST; i++) {
		if (i == 1)
			snprintf(side, sizeof side, "%s.comments-%s", path, stamp);
		else
			snprintf(side, sizeof side, "%s.comments-%s-%d", path, stamp, i);
		int fd = open(side, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
		if (fd < 0) {
			r = -errno;
			if (r == -EEXIST) { /* the same copy made before? */
				char *o;
				size_t on;
				if (read_whole(side, &o, &on) > 0 && on == n && !memcmp(o, b, n))
					r = 0;
				free(o);
			}
			continue;
		}
		r = fchmod(fd, 0600) != 0 ? -errno : 0;
		if (!r)
			r = atomic_write_all(fd, b, n);
		if (!r && fsync(fd) != 0)
			r = -errno;
		if (close(fd) != 0 && !r)
			r = -errno;
		if (r)
			unlink(side);
		else
			diags_add(dg, DIAG_WARN, path, 0, 0,
			          _("the comments written in the plan are not kept by a save; "
			            "the plan as it was, with them, is kept in %s"),
			          side);
	}
	if (r)
		diags_add(dg, DIAG_ERROR, path, 0, 0,
		          _("cannot keep a copy of the plan with its comments: %s; "
		            "nothing was changed"),
		          strerror(-r));
	free(b);
	return r;
}

int plan_save(const struct plan *p, const char *path, struct diags *dg)
{
	return plan_save_key(p, path, NULL, dg);
}

/* Writes p sealed with key (NULL: plain), after checking with the key
 * that opens it now (old) that the file there can be read. */
static int save_checked(const struct plan *p, const char *path, const char *dest,
                        struct seal_key *old, struct seal_key *key, struct diags *dg)
{
	struct plan now;
	int r = plan_load_key(&now, path, old, dg);

	if (r < 0) {
		plan_free(&now);
		diags_add(dg, DIAG_ERROR, path, 0, 0, "%s",
		          _("the plan on disk cannot be read, so it was not overwritten: "
		            "fix it or move it away"));
		return -EROFS;
	}
	/* A15: a part whose text is what the file holds now is written back
	 * as the file has it, spaces and line breaks around it included. */
	struct plan out = *p;
	for (int i = 0; i < PLAN_NPARTS; i++)
		if (p->text[i] && now.text[i] && now.raw[i] && !strcmp(p->text[i], now.text[i]))
			out.text[i] = now.raw[i];
	size_t len;
	char *data = render(&out, &len);
	plan_free(&now);
	if (!data)
		return -ENOMEM;
	if (key) {
		unsigned char *c;
		size_t clen;
		r = seal_seal(key, SEAL_KIND_PLAN, data, len, &c, &clen) < 0 ? -ENOMEM : 0;
		if (!r)
			r = write_atomic(dest, (const char *)c, clen);
		free(c);
		seal_wipe(data, len);
	} else {
		r = keep_plan_comments(path, data, len, dg);
		if (r < 0) {
			free(data);
			return r;
		}
		r = write_atomic(dest, data, len);
	}
	free(data);
	if (r < 0)
		diags_add(dg, DIAG_ERROR, path, 0, 0,
		          _("cannot save the plan: %s (the file is as it was)"), strerror(-r));
	return r;
}

int plan_save_key(const struct plan *p, const char *path, struct seal_key *key, struct diags *dg)
{
	return save_checked(p, path, path, key, key, dg);
}

static char *next_of(const char *path)
{
	char *n;
	return asprintf(&n, "%s.next", path) < 0 ? NULL : n;
}

int plan_reseal_prepare(const char *path, struct seal_key *old, struct seal_key *key,
                        struct diags *dg)
{
	struct plan p;
	char *next = next_of(path);
	int r = next ? plan_load_key(&p, path, old, dg) : -ENOMEM;
	if (next && r == 0 && p.exists) {
		r = save_checked(&p, path, next, old, key, dg);
		r = r < 0 ? r : 1;
	} else if (next && r == 0)
		unlink(next); /* no plan: nothing to carry over */
	if (next)
		plan_free(&p);
	free(next);
	return r;
}

static int rename_next(const char *next, const char *path)
{
	if (rename(next, path) != 0)
		return -errno;
	char *dir = atomic_dir_of(path);
	int r = dir ? atomic_fsync_dir(dir) : -ENOMEM;
	free(dir);
	return r;
}

/* The atomic writer's temporaries of "<path>.next" a kill left (the plan
 * in the clear, when it was a decrypt). One another process is writing
 * now makes its rename fail: that change stops before the diary is
 * touched. */
static void remove_next_temps(const char *next)
{
	char *dir = atomic_dir_of(next);
	const char *slash = strrchr(next, '/');
	DIR *dp = dir ? opendir(dir) : NULL;
	struct dirent *de;
	while (dp && (de = readdir(dp)))
		if (atomic_is_temp_of(de->d_name, slash ? slash + 1 : next))
			unlinkat(dirfd(dp), de->d_name, 0);
	if (dp)
		closedir(dp);
	free(dir);
}

int plan_reseal_commit(const char *path, struct diags *dg)
{
	char *next = next_of(path);
	int r = next ? rename_next(next, path) : -ENOMEM;
	if (r < 0)
		diags_add(dg, DIAG_ERROR, path, 0, 0,
		          _("cannot put the re-encrypted plan in place: %s (it is kept in %s.next; "
		            "the next command that reads the plan finishes it)"),
		          strerror(-r), path);
	free(next);
	return r;
}

int plan_reseal(const char *path, struct seal_key *old, struct seal_key *key, struct diags *dg)
{
	int r = plan_reseal_prepare(path, old, key, dg);
	return r > 0 ? plan_reseal_commit(path, dg) : r;
}

/* Whether the file at f opens as the plan of a diary that is sealed with
 * key (sealed) or plain: 1, 0 (it does not), -1 (no such file). */
static int opens_as(const char *f, int sealed, struct seal_key *key)
{
	char *buf;
	size_t len;
	int r = read_whole(f, &buf, &len);
	if (r <= 0)
		return r == 0 ? -1 : 0;
	struct plan p;
	struct diags scratch = {0};
	int ok = 0;
	if (seal_is_sealed(buf, len)) {
		char *plain;
		size_t plen;
		if (sealed && key && seal_open(key, SEAL_KIND_PLAN, buf, len, &plain, &plen) == 0) {
			memset(&p, 0, sizeof p);
			ok = plan_parse(&p, f, plain, plen, &scratch) == 0;
			plan_free(&p);
			seal_free_plain(plain, plen);
		}
	} else if (!sealed) {
		memset(&p, 0, sizeof p);
		ok = plan_parse(&p, f, buf, len, &scratch) == 0;
		plan_free(&p);
	}
	diags_free(&scratch);
	free(buf);
	return ok;
}

/* A plan.yaml.next no change is still working on: a change writes it and
 * renames it within the one diary rewrite (a second or so), so one a
 * minute old was left by a change that was killed. */
static int stale(const char *next)
{
	struct stat st;
	return stat(next, &st) == 0 && st.st_mtime < time(NULL) - 60;
}

int plan_recover(const char *path, const char *diary_path, struct seal_key *key, int may_undo,
                 struct diags *dg)
{
	int sealed = diary_sealed_state(diary_path);
	if (sealed < 0 || (sealed == 1 && !key))
		return 0; /* the diary's state is not known here: left for later */
	char *next = next_of(path);
	if (!next)
		return -ENOMEM;
	remove_next_temps(next);
	int r = 0, n = opens_as(next, sealed, key);
	if (n == 1) {
		/* the diary was rewritten: finish the rename (roll forward) */
		r = rename_next(next, path);
	} else if (n == 0 && (may_undo || stale(next))) {
		if (opens_as(path, sealed, key) == 1) {
			/* the diary was not rewritten: the plan as it was stands */
			r = unlink(next) == 0 || errno == ENOENT ? 0 : -errno;
		} else {
			diags_add(
			    dg, DIAG_WARN, path, 0, 0,
			    _("%s is left by an interrupted change of the diary's encryption "
			      "and neither it nor the plan opens with the diary as it is now: "
			      "both are kept as they are"),
			    next);
		}
	}
	if (r < 0)
		diags_add(dg, DIAG_ERROR, path, 0, 0, _("cannot finish the interrupted change: %s"),
		          strerror(-r));
	free(next);
	return r;
}

size_t plan_helped_suggestion(const struct diary *d, char *buf, size_t size)
{
	int count[DIARY_VOCAB_MAX] = {0}, used[DIARY_VOCAB_MAX] = {0};
	int nothing = vocab_find(diary_helped, diary_nhelped, "nothing");
	size_t len = 0;

	if (size)
		buf[0] = '\0';
	for (int i = 0; i < d->n; i++)
		for (int k = 0; k < diary_nhelped && k < DIARY_VOCAB_MAX; k++)
			if (d->v[i].helped & (1u << k))
				count[k]++;
	for (;;) {
		int best = -1;
		for (int k = 0; k < diary_nhelped && k < DIARY_VOCAB_MAX; k++)
			if (k != nothing && !used[k] && count[k] &&
			    (best < 0 || count[k] > count[best]))
				best = k;
		if (best < 0)
			break;
		used[best] = 1;
		/* TRANSLATORS: what helped, with how many diary entries say so:
		 * "Heat (12)" */
		int w = snprintf(buf + len, size - len, _("%s%s (%d)"), len ? _(", ") : "",
		                 _(diary_helped[best].label), count[best]);
		if (w < 0 || (size_t)w >= size - len)
			break;
		len += (size_t)w;
	}
	return len;
}

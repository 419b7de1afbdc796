/* errout.h — the process's standard streams made safe for a terminal:
 * everything written to stderr passes through text_clean (no escape
 * sequence or bidi control from a file name, an argument or a diary value
 * reaches the terminal), and a failed write to stdout (a full disk,
 * /dev/full, a closed pipe) makes the exit status 1 with a message. */
#ifndef BACKCARE_ERROUT_H
#define BACKCARE_ERROUT_H

/* Call once, first thing in main. */
void errout_install(void);

#endif

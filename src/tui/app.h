/* app.h — the full-screen front end's one entry point (no curses types
 * here, so main.c stays out of curses). */
#ifndef BACKCARE_TUI_APP_H
#define BACKCARE_TUI_APP_H

#include "opts.h"
#include "config.h"

/* Runs the app until the user quits; restores the terminal on every way
 * out, also SIGINT/SIGTERM/SIGHUP. Returns the exit status. */
int tui_run(struct app_opts *o, struct config *cfg);

#endif

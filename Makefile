# backcare — plain Makefile. `make run` and `make check` are the quick start.
#
# Model modules (src/*.c except main.c) go into one static library that the
# program and the unit tests both link; only src/tui/ includes curses.h.

VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
DATADIR   ?= $(PREFIX)/share
MANDIR    ?= $(DATADIR)/man
LOCALEDIR ?= $(DATADIR)/locale
LIBEXECDIR ?= $(PREFIX)/lib/backcare
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
DESTDIR   ?=

BUILD     ?= build
CC        ?= cc
CFLAGS    ?= -O2 -g
WARN      := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
PKGS      := ncursesw yaml-0.1 fribidi libsodium
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lunistring
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

CPPFLAGS += -D_GNU_SOURCE -DBACKCARE_VERSION='"$(VERSION)"' \
	    -DBACKCARE_DATADIR='"$(DATADIR)/backcare"' \
	    -DBACKCARE_LOCALEDIR='"$(LOCALEDIR)"' -DBACKCARE_LIBEXECDIR='"$(LIBEXECDIR)"' -Isrc

ALL_CFLAGS = $(WARN) $(CFLAGS) $(PKG_CFLAGS)

MODEL_SRC := $(filter-out src/main.c,$(wildcard src/*.c))
TUI_SRC   := $(wildcard src/tui/*.c)
UNIT_SRC  := $(wildcard tests/unit/test_*.c)
# The PDF report is a program of its own so the app never loads cairo/Pango.
PDF_SRC   := $(wildcard src/pdf/*.c)
PDF_OBJ   := $(PDF_SRC:%.c=$(BUILD)/%.o)
PDF_PKGS  := pangocairo cairo-pdf
FUZZ_SRC  := $(wildcard tests/fuzz/fuzz_*.c)

MODEL_OBJ := $(MODEL_SRC:%.c=$(BUILD)/%.o)
TUI_OBJ   := $(TUI_SRC:%.c=$(BUILD)/%.o)
UNIT_BIN  := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

SAN       := $(BUILD)/asan
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
SAN_MODEL := $(MODEL_SRC:%.c=$(SAN)/%.o)
SAN_UNIT  := $(UNIT_SRC:tests/unit/%.c=$(SAN)/tests/%)
SAN_TUI   := $(TUI_SRC:%.c=$(SAN)/%.o)

LINGUAS   := $(shell cat po/LINGUAS 2>/dev/null)
MO        := $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/backcare.mo)

DEB_PKGS  := gcc make pkg-config libncurses-dev libyaml-dev libcmocka-dev gettext python3 \
	     libfribidi-dev libunistring-dev tmux valgrind clang \
	     libcairo2-dev libpango1.0-dev fonts-noto-core fonts-noto-cjk libsodium-dev poppler-utils \
	     dpkg-dev fakeroot lintian bash-completion clang-format

.PHONY: all deps run check unit unit-asan e2e e2e-asan cli-test content-test faults valgrind-tui \
	po-check fuzz-replay fuzz model-test model-test-asan torture bench torture-kill install uninstall clean format format-check pot update-po mo deb deb-test

all: $(BUILD)/backcare $(BUILD)/backcare-pdf mo

# Installs the Debian packages that are missing. As root with apt-get; as
# anyone else it prints the exact command and fails.
deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "make deps: missing packages. Run:"; echo "  sudo apt-get install$$missing"; exit 1; \
	fi

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/libbackcare.a: $(MODEL_OBJ)
	$(AR) rcs $@ $^

$(BUILD)/backcare: $(BUILD)/src/main.o $(TUI_OBJ) $(BUILD)/libbackcare.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(PDF_OBJ): ALL_CFLAGS += $(shell pkg-config --cflags $(PDF_PKGS) 2>/dev/null)
$(BUILD)/backcare-pdf: $(PDF_OBJ) $(BUILD)/libbackcare.a
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS) $(shell pkg-config --libs $(PDF_PKGS) 2>/dev/null)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libbackcare.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libbackcare.a $(PKG_LIBS) $(CMOCKA_LIBS)

# --- sanitizer build: the same model code and tests under ASan + UBSan ---
$(SAN)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN_FLAGS) -O1 -MMD -MP -c $< -o $@

$(SAN)/libbackcare.a: $(SAN_MODEL)
	$(AR) rcs $@ $^

$(SAN)/tests/%: tests/unit/%.c $(SAN)/libbackcare.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN_FLAGS) -O1 -o $@ $< $(SAN)/libbackcare.a $(PKG_LIBS) $(CMOCKA_LIBS)

$(SAN)/backcare: $(SAN)/src/main.o $(SAN_TUI) $(SAN)/libbackcare.a
	$(CC) $(ALL_CFLAGS) $(SAN_FLAGS) -o $@ $^ $(PKG_LIBS)

-include $(MODEL_OBJ:.o=.d) $(TUI_OBJ:.o=.d) $(PDF_OBJ:.o=.d) $(BUILD)/src/main.d $(SAN_MODEL:.o=.d) \
	 $(SAN_TUI:.o=.d) $(SAN)/src/main.d

# --- gettext ---
mo: $(MO)
$(BUILD)/locale/%/LC_MESSAGES/backcare.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

pot:
	ls src/*.c src/tui/*.c src/pdf/*.c > po/POTFILES
	xgettext --from-code=UTF-8 --language=C --keyword=_ --keyword=N_ \
	  --keyword=ngettext:1,2 --keyword=NN_:1,2 --add-comments=TRANSLATORS \
	  --package-name=backcare --package-version=$(VERSION) \
	  --msgid-bugs-address=nobody@invalid -f po/POTFILES -o po/backcare.pot

update-po: pot
	for l in $(LINGUAS); do msgmerge -q --update --backup=none po/$$l.po po/backcare.pot; done

# --- running and testing ---
run: deps all
	$(BUILD)/backcare

check: deps all
	@$(MAKE) --no-print-directory format-check unit unit-asan content-test po-check fuzz-replay cli-test \
	  faults e2e e2e-asan valgrind-tui model-test model-test-asan
	@echo "make check: all tests passed"

unit: $(UNIT_BIN)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; $$t; done

unit-asan: $(SAN_UNIT)
	@set -e; for t in $(SAN_UNIT); do echo "== $$t (asan+ubsan)"; \
	  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 $$t; done

content-test: $(BUILD)/backcare
	@sh tests/content/run.sh $(BUILD)/backcare
	@sh tests/content/selftest.sh $(BUILD)/backcare

po-check:
	@sh tests/po/check.sh

cli-test: $(BUILD)/backcare
	@sh tests/cli/run.sh $(BUILD)/backcare

e2e: $(BUILD)/backcare $(BUILD)/tests/visual
	@sh tests/e2e/run.sh $(BUILD)/backcare

$(BUILD)/tests/visual: tests/e2e/visual.c $(BUILD)/libbackcare.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libbackcare.a $(PKG_LIBS)

# The screens again with the ASan+UBSan binary (any report fails the run).
e2e-asan: $(SAN)/backcare $(BUILD)/tests/visual
	@BACKCARE_ASAN=1 sh tests/e2e/run.sh $(SAN)/backcare

# The diary under faults: kill -9, file-size limits, odd paths, umask.
faults: $(BUILD)/backcare
	@sh tests/faults/run.sh $(BUILD)/backcare

# The kill -9 torture alone, longer: make torture-kill N=5000 (trials of
# add/update/delete killed at random; 1000 in make check).
torture-kill: $(BUILD)/backcare
	@FAULTS_ONLY=kill KILL_TRIALS=$(or $(N),1000) sh tests/faults/run.sh $(BUILD)/backcare

# A scripted session through every screen under valgrind memcheck.
valgrind-tui: $(BUILD)/backcare
	@sh tests/valgrind/tui_session.sh $(BUILD)/backcare

# The model-based random test of the diary (tests/model/model.py): random
# adds, edits, deletes, imports, hand edits, kill -9 and two writers, each
# checked against a model of what the diary must hold. `make check` runs a
# bounded count with a fixed seed; `make torture SEED=... N=...` runs long.
MODEL_SEED ?= 1
MODEL_STEPS ?= 800
MODEL_ASAN_STEPS ?= 150
SEED ?= $(shell date +%s)
N ?= 5000
model-test: $(BUILD)/backcare $(BUILD)/tests/model/edit
	@nice python3 tests/model/model.py --bin $(BUILD)/backcare --edit $(BUILD)/tests/model/edit \
	  --seed $(MODEL_SEED) --steps $(MODEL_STEPS)

torture: $(BUILD)/backcare $(BUILD)/tests/model/edit
	@nice python3 tests/model/model.py --bin $(BUILD)/backcare --edit $(BUILD)/tests/model/edit \
	  --seed $(SEED) --steps $(N) --known-failures off

model-test-asan: $(SAN)/backcare $(SAN)/tests/model/edit
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 nice python3 tests/model/model.py --bin $(SAN)/backcare \
	  --edit $(SAN)/tests/model/edit --seed $(MODEL_SEED) --steps $(MODEL_ASAN_STEPS)

$(BUILD)/tests/model/edit: tests/model/edit.c $(BUILD)/libbackcare.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libbackcare.a $(PKG_LIBS)

$(SAN)/tests/model/edit: tests/model/edit.c $(SAN)/libbackcare.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN_FLAGS) -O1 -o $@ $< $(SAN)/libbackcare.a $(PKG_LIBS)

# Fuzz harnesses: `make fuzz` runs libFuzzer (clang); `make check` replays
# the committed corpora through the same harnesses built with gcc + ASan.
FUZZ_TIME ?= 30
fuzz-replay: $(FUZZ_SRC:tests/fuzz/%.c=$(SAN)/fuzz/%)
	@set -e; for f in $^; do n=$$(basename $$f); \
	  $$f tests/fuzz/corpus/$$n/* >/dev/null; echo "== $$n: corpus replayed"; done

$(SAN)/fuzz/%: tests/fuzz/%.c tests/fuzz/replay_main.c $(SAN)/libbackcare.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(SAN_FLAGS) -O1 -o $@ $< tests/fuzz/replay_main.c $(SAN)/libbackcare.a $(PKG_LIBS)

fuzz:
	@$(MAKE) --no-print-directory CC=clang BUILD=build/fuzzer \
	  SAN_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer" \
	  build/fuzzer/asan/libbackcare.a
	@set -e; mkdir -p build/fuzzer/bin; for s in $(FUZZ_SRC); do n=$$(basename $$s .c); \
	  clang $(CPPFLAGS) $(PKG_CFLAGS) -g -O1 -fsanitize=fuzzer,address,undefined -o build/fuzzer/bin/$$n $$s \
	    build/fuzzer/asan/libbackcare.a $(PKG_LIBS); \
	  mkdir -p build/fuzzer/corpus/$$n; \
	  ./build/fuzzer/bin/$$n -max_total_time=$(FUZZ_TIME) -print_final_stats=1 \
	    build/fuzzer/corpus/$$n tests/fuzz/corpus/$$n 2>&1 | grep -E 'stat::number_of_executed_units|ERROR|SUMMARY' ; done

bench: all
	@sh bench/run.sh $(BUILD)/backcare

# --- installing ---
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/backcare $(DESTDIR)$(MANDIR)/man1
	install -m 755 $(BUILD)/backcare $(DESTDIR)$(BINDIR)/backcare
	install -d $(DESTDIR)$(LIBEXECDIR)
	install -m 755 $(BUILD)/backcare-pdf $(DESTDIR)$(LIBEXECDIR)/backcare-pdf
	cp -R content $(DESTDIR)$(DATADIR)/backcare/
	install -m 644 backcare.1 $(DESTDIR)$(MANDIR)/man1/backcare.1
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 completion/backcare $(DESTDIR)$(BASHCOMPDIR)/backcare
	for l in $(LINGUAS); do install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/backcare.mo $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/; done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/backcare $(DESTDIR)$(MANDIR)/man1/backcare.1
	rm -rf $(DESTDIR)$(LIBEXECDIR)
	rm -f $(DESTDIR)$(BASHCOMPDIR)/backcare
	rm -rf $(DESTDIR)$(DATADIR)/backcare
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/backcare.mo; done

# --- the Debian package: built for /usr in its own build tree (the data
# paths are compiled in), with Debian's hardening flags ---
DEB_ARCH := $(shell dpkg --print-architecture 2>/dev/null)
DEB_ROOT  = $(BUILD)/deb/root
DEB       = $(BUILD)/backcare_$(VERSION)_$(DEB_ARCH).deb

deb: deps
	rm -rf $(DEB_ROOT) $(DEB)
	$(MAKE) --no-print-directory BUILD=$(BUILD)/deb/build PREFIX=/usr \
	  CFLAGS="$$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CFLAGS) $$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)" \
	  LDFLAGS="$$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get LDFLAGS)" \
	  DESTDIR=$(abspath $(DEB_ROOT)) install
	sh debian/mkdeb.sh $(DEB_ROOT) $(VERSION) $(DEB_ARCH) $(DEB)

# Builds the package, checks it with lintian (no errors), installs it
# (root), runs the installed program and removes it again. Slow: not in
# `make check`.
deb-test: deb
	@sh tests/deb/test_deb.sh $(DEB)

# The C sources clang-format owns (.clang-format); make check fails when
# one of them is not formatted (format-check).
FORMAT_SRC = $(wildcard src/*.[ch] src/tui/*.[ch] src/pdf/*.[ch] tests/unit/*.c tests/fuzz/*.c \
	       tests/model/*.c tests/faults/*.c tests/content/*.c tests/e2e/*.c bench/*.c)

format:
	clang-format -i $(FORMAT_SRC)

format-check:
	@bad=$$(for f in $(FORMAT_SRC); do clang-format "$$f" | cmp -s - "$$f" || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "format-check: not formatted (run make format):"; echo "$$bad"; exit 1; fi; \
	echo "format-check: $(words $(FORMAT_SRC)) files formatted"

clean:
	rm -rf $(BUILD) build

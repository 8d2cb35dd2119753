# funnelbot — a plain Makefile.
#   make            build ./funnelbot
#   make run        install missing packages, build, start with funnelbot.ini
#   make test       install missing packages, run every test plain and under ASan+UBSan
#   make bench      speed and memory figures
#   make valgrind   unit tests and an integration subset under valgrind (tests/valgrind.sh)
# Objects go under $(BUILD); SANITIZE=address,undefined builds into build/san.

PKGS     = libwebsockets libcjson libcurl sqlite3 inih glib-2.0
DEB_PKGS = libwebsockets-dev libcjson-dev libcurl4-openssl-dev libsqlite3-dev \
           libinih-dev libglib2.0-dev libcsv-dev pkg-config tzdata python3 sqlite3

ifneq ($(SANITIZE),)
BUILD   ?= build/san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
else
BUILD   ?= build
endif

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN     = -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wpointer-arith -Wcast-qual -Wwrite-strings -Wundef -Werror
# System headers (glib, lws) are included with -isystem so our warnings stay ours.
PKG_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags $(PKGS)))
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lcsv -lpthread -lm	# libcsv has no .pc
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -I. $(WARN) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRCS  = $(wildcard store/*.c commands/*.c insights/*.c) $(filter-out bot/main.c,$(wildcard bot/*.c))
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT = $(BUILD)/tests/support.o

.PHONY: all run test check bench deps clean
# Keep the objects of test binaries (make would delete them as intermediates).
.SECONDARY:
all: funnelbot

funnelbot: $(BUILD)/funnelbot
	@if [ "$(BUILD)" = build ]; then cp $< $@; fi

$(BUILD)/funnelbot: $(BUILD)/bot/main.o $(BUILD)/libfunnelbot.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/libfunnelbot.a: $(LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

# Quiet by default; `make V=1` shows the commands.
ifeq ($(V),1)
Q =
else
Q = @
endif

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: $(BUILD)/tests/unit/%.o $(TEST_SUPPORT) $(BUILD)/libfunnelbot.a
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/bench: $(BUILD)/tests/bench/bench.o $(BUILD)/libfunnelbot.a
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

# Missing Debian packages are installed here, so a fresh machine needs nothing by hand.
deps:
	@pkg-config --exists $(PKGS) 2>/dev/null && command -v python3 >/dev/null \
	  && [ -d /usr/share/zoneinfo/Europe ] && [ -f /usr/include/csv.h ] || { \
	  echo "deps: installing $(DEB_PKGS)"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(DEB_PKGS); }

funnelbot.ini:
	cp config.example.ini $@ && chmod 600 $@

run: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory funnelbot.ini
	./funnelbot -c funnelbot.ini

# Builds the program and the tests in $(BUILD), then runs them all.
check: $(BUILD)/funnelbot $(UNIT_BINS) $(BUILD)/tests/slowsync.so
	FUNNELBOT=$(BUILD)/funnelbot tests/run.sh $(BUILD)

# A busy disk for the integration tests (tests/shims/slowsync.c), preloaded into funnelbot:
# built without sanitizers, as it loads before their runtime.
$(BUILD)/tests/slowsync.so: tests/shims/slowsync.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=c11 -D_GNU_SOURCE $(WARN) -O2 -fPIC -shared -o $@ $< -ldl

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory check SANITIZE=address,undefined

bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/bench $(BUILD)/funnelbot
	$(BUILD)/bench
	FUNNELBOT=$(BUILD)/funnelbot python3 tests/bench/bench_slack.py
	FUNNELBOT=$(BUILD)/funnelbot python3 tests/bench/bench_import.py

clean:
	rm -rf build funnelbot

# ---- fuzzing (tests/fuzz/) ----
# `make fuzz` builds each target with clang and libFuzzer -- the project sources it needs are
# compiled into it, so coverage guides through them -- and runs it for FUZZ_SECONDS with its
# seed corpus and dictionary; new inputs go to build/fuzz-corpus/<target>, crashes to
# build/fuzz-crashes/<target>. `make check` replays every tests/fuzz/corpus/<target>/* file
# through tests/fuzz/replay.c built with $(CC) and the usual flags (build/tests/test_fuzz_*).
# `make fuzz FUZZ_TARGETS=lex FUZZ_SECONDS=60` runs one target for a minute.
FUZZ_TARGETS  ?= lex dispatch config envelope import
FUZZ_SECONDS  ?= 300
FUZZ_CC       ?= clang
FUZZ_BUILD     = build/fuzz
FUZZ_SAN       = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS    = -std=c11 -D_GNU_SOURCE -I. $(WARN) $(FUZZ_WARN) $(PKG_CFLAGS) -O1 -g -MMD -MP
# gcc's warnings as errors, less two that only clang raises: -Wstring-concatenation (long
# messages are split on purpose inside string tables) and -Wformat-nonliteral on va_list
# wrappers, which gcc's -Wformat=2 accepts.
FUZZ_WARN      = -Wno-string-concatenation -Wno-format-nonliteral
FUZZ_LIB_SRCS  = $(wildcard store/*.c commands/*.c insights/*.c) bot/config.c bot/log.c bot/clock.c \
                 bot/envelope.c bot/inbox.c
FUZZ_LIB_OBJS  = $(FUZZ_LIB_SRCS:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_REPLAY_BINS = $(FUZZ_TARGETS:%=$(BUILD)/tests/test_fuzz_%)
FUZZ_DEB_PKGS  = clang libclang-rt-14-dev

.PHONY: fuzz fuzz-deps
.PRECIOUS: $(FUZZ_BUILD)/%.o $(BUILD)/tests/fuzz/%.o
check: $(FUZZ_REPLAY_BINS)

$(BUILD)/tests/fuzz/replay_%.o: tests/fuzz/replay.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(ALL_CFLAGS) -DFUZZ_CORPUS='"tests/fuzz/corpus/$*"' -c -o $@ $<

$(FUZZ_REPLAY_BINS): $(BUILD)/tests/test_fuzz_%: $(BUILD)/tests/fuzz/fuzz_%.o \
    $(BUILD)/tests/fuzz/replay_%.o $(BUILD)/libfunnelbot.a
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(FUZZ_BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZCC  $@")
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

$(FUZZ_BUILD)/libfuzzed.a: $(FUZZ_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/tests/fuzz/fuzz_%.o $(FUZZ_BUILD)/libfuzzed.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS)

# clang and its libFuzzer runtime are only needed here, so `make deps` does not install them.
fuzz-deps: deps
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	  | $(FUZZ_CC) -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null || { \
	  echo "fuzz-deps: installing $(FUZZ_DEB_PKGS)"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(FUZZ_DEB_PKGS); }

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)
	tests/fuzz/run.sh $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# ---- valgrind (tests/valgrind.sh) ----
# `make valgrind` runs every unit-test binary (the fuzz corpus replays too) and the console, Slack
# and a short chaos test (funnelbot started through FUNNELBOT_WRAP) under memcheck on the plain
# build: no errors, no definite or indirect leaks, timeouts scaled by FUNNELBOT_WRAP_SLOW.
# Logs in build/valgrind/; tests/valgrind.supp holds the suppressions (third-party only).
.PHONY: valgrind valgrind-deps valgrind-build
valgrind-deps: deps
	@command -v valgrind >/dev/null || { \
	  echo "valgrind-deps: installing valgrind"; \
	  SUDO=; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq valgrind; }

valgrind: valgrind-deps
	@$(MAKE) --no-print-directory valgrind-build
	tests/valgrind.sh $(BUILD)

valgrind-build: $(BUILD)/funnelbot $(UNIT_BINS) $(FUZZ_REPLAY_BINS)
	@:

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

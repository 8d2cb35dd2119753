# funnelbot — a plain Makefile.
#   make            build ./funnelbot
#   make run        install missing packages, build, start with funnelbot.ini
#   make test       install missing packages, run every test plain and under ASan+UBSan
#   make bench      speed and memory figures
# Objects go under $(BUILD); SANITIZE=address,undefined builds into build/san.

PKGS     = libwebsockets libcjson libcurl sqlite3 inih glib-2.0
DEB_PKGS = libwebsockets-dev libcjson-dev libcurl4-openssl-dev libsqlite3-dev \
           libinih-dev libglib2.0-dev pkg-config tzdata python3 sqlite3

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
PKG_LIBS   = $(shell pkg-config --libs $(PKGS)) -lpthread -lm
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -I. $(WARN) $(SANFLAGS) $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

LIB_SRCS  = $(wildcard store/*.c commands/*.c insights/*.c) $(filter-out bot/main.c,$(wildcard bot/*.c))
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/%.o)
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_SUPPORT = $(BUILD)/tests/support.o

.PHONY: all run test check bench deps clean
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
	  && [ -d /usr/share/zoneinfo/Europe ] || { \
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
check: $(BUILD)/funnelbot $(UNIT_BINS)
	FUNNELBOT=$(BUILD)/funnelbot tests/run.sh $(BUILD)

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory check
	@$(MAKE) --no-print-directory check SANITIZE=address,undefined

bench: deps
	@$(MAKE) --no-print-directory $(BUILD)/bench $(BUILD)/funnelbot
	$(BUILD)/bench
	FUNNELBOT=$(BUILD)/funnelbot python3 tests/bench/bench_slack.py

clean:
	rm -rf build funnelbot

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

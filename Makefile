# st: build, test, install. Plain make, no configure step.
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
SHAREDIR ?= $(PREFIX)/share/st
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Wno-unused-parameter -Icommon
LDLIBS += -lseccomp

TOOLS := $(sort $(notdir $(patsubst %/,%,$(dir $(wildcard cmd/st-*/*.c)))))
BINS := $(foreach t,$(TOOLS),cmd/$(t)/$(t))
LIB_SRC := $(wildcard common/*.c)
LIB_OBJ := $(LIB_SRC:.c=.o)
HDRS := $(wildcard common/*.h)
UNIT_SRC := $(wildcard tests/unit/t-*.c)
UNIT_BIN := $(UNIT_SRC:.c=)
HELPER_SRC := $(wildcard tests/helpers/*.c)
HELPER_BIN := $(HELPER_SRC:.c=)
MAN1 := $(wildcard cmd/st-*/*.1)
MAN5 := $(wildcard doc/*.5)
C_FILES := $(wildcard common/*.[ch] cmd/*/*.[ch] tests/unit/*.[ch] tests/helpers/*.c bench/*.c)

all: $(BINS)

common/libst.a: $(LIB_OBJ)
	$(AR) rcs $@ $^

common/%.o: common/%.c $(HDRS)
	$(CC) $(CFLAGS) -c -o $@ $<

.SECONDEXPANSION:
$(BINS): $$(wildcard $$(@D)/*.c) $$(wildcard $$(@D)/*.h) common/libst.a $(HDRS)
	$(CC) $(CFLAGS) -I$(@D) -o $@ $(filter %.c,$^) common/libst.a $(LDFLAGS) $(LDLIBS)

tests/unit/%: tests/unit/%.c tests/unit/tap.h common/libst.a $(HDRS)
	$(CC) $(CFLAGS) -Itests/unit -o $@ $< common/libst.a $(LDFLAGS) $(LDLIBS)

tests/helpers/%: tests/helpers/%.c
	$(CC) $(CFLAGS) -o $@ $< $(LDFLAGS) -lpthread

# Everything the tests need: Debian packages (installed when root), the
# tools, the unit tests and the small programs the CLI tests trace.
deps:
	@sh .ci/deps

check: deps all $(UNIT_BIN) $(HELPER_BIN)
	prove -f --exec tests/run-test $(UNIT_BIN) $(sort $(wildcard tests/t*.bats))

lint:
	clang-format --dry-run -Werror $(C_FILES)
	mandoc -Tlint -W warning $(MAN1) $(MAN5)

format:
	clang-format -i $(C_FILES)

bench: all
	sh bench/run

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(SHAREDIR)
	install -m 755 $(BINS) $(DESTDIR)$(BINDIR)
	install -m 644 $(MAN1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(MAN5) $(DESTDIR)$(MANDIR)/man5
	cp -R share/. $(DESTDIR)$(SHAREDIR)

clean:
	rm -f common/*.o common/libst.a $(BINS) $(UNIT_BIN) $(HELPER_BIN)

.PHONY: all deps check lint format bench install clean

# The main job on the built-in example: see README.md.
demo: deps all
	@sh share/examples/demo
.PHONY: demo

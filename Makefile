# ofdm — build, test, install. `make help` lists the targets.
# The version is read from include/ofdm.h, the one place it is written.

VERSION_PART = $(shell sed -n 's/^\#define OFDM_VERSION_$(1) \([0-9]*\).*/\1/p' include/ofdm.h)
MAJOR   := $(call VERSION_PART,MAJOR)
MINOR   := $(call VERSION_PART,MINOR)
PATCH   := $(call VERSION_PART,PATCH)
VERSION := $(MAJOR).$(MINOR).$(PATCH)

PREFIX     ?= /usr/local
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DESTDIR    ?=

CC       ?= cc
CXX      ?= g++
OPT      ?= -O2 -g
CPPFLAGS += -Iinclude -Isrc
CXXFLAGS += -std=c++17 $(OPT) -Wall -Wextra -Wshadow -fPIC -fvisibility=hidden -fvisibility-inlines-hidden
CFLAGS   += -std=c99 $(OPT) -Wall -Wextra -pedantic -Werror
BLAS_LIBS = -llapacke -lopenblas
LIBS      = $(BLAS_LIBS) -lpthread -lm

BUILD  := build
SONAME := libofdm.so.$(MAJOR)
SHARED := $(BUILD)/lib/libofdm.so.$(VERSION)
STATIC := $(BUILD)/lib/libofdm.a

SOURCES := $(wildcard src/math/*.cpp src/model/*.cpp src/capi/*.cpp)
OBJECTS := $(SOURCES:%.cpp=$(BUILD)/obj/%.o)
DEPFILES := $(OBJECTS:.o=.d)

# Tests: C++ suites (GoogleTest) over the internals, C suites (cmocka) over the public header.
CXX_TESTS := $(patsubst tests/%.cpp,$(BUILD)/tests/%,$(wildcard tests/math/*.cpp tests/model/*.cpp tests/stress/*.cpp))
C_TESTS   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/capi/*.c))
TESTS     := $(CXX_TESTS) $(C_TESTS)
# Suites driven by scripts (packaging, language bindings): run by `make test`, not under valgrind.
TEST_SCRIPTS := tests/packaging/run_tests.sh $(wildcard bindings/*/run_tests.sh)

# A plain build (make, make lib, make install) needs only these and never installs anything;
# the targets that test, demonstrate or compare install what they need first (`make deps` all).
BUILD_PACKAGES := g++ make pkg-config libopenblas-dev libopenblas0 liblapacke-dev
TEST_PACKAGES  := libgtest-dev libcmocka-dev valgrind gfortran cargo python3 python3-numpy python3-pytest python3-sklearn \
                  python3-pip python3-venv python3-setuptools libopenmpi-dev openmpi-bin zlib1g-dev dataset-fashion-mnist
DEB_PACKAGES   := $(BUILD_PACKAGES) $(TEST_PACKAGES)

# The one install step, for every package group: $(call install_packages,LABEL,PACKAGES) installs
# the missing ones as root (apt-get update first), and otherwise prints the command to run.
install_packages = missing=""; for p in $(2); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then echo "$(1): all present"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else echo "$(1): missing$$missing; run: sudo apt-get install -y$$missing"; exit 1; fi

# Goals that install their packages before compiling anything.
INSTALLING_GOALS := deps test test-blas-threads memcheck sanitize demo demo-mixture bench compare mpi-example fuzz
PACKAGES_FIRST   := $(if $(filter $(INSTALLING_GOALS),$(MAKECMDGOALS)),$(BUILD)/.deps-ok)

.PHONY: all lib deps test memcheck sanitize demo bench install uninstall clean help
all: lib
lib: $(SHARED) $(STATIC)

help:
	@echo "make            build $(SHARED) and $(STATIC)"
	@echo "make deps       install the Debian packages the build needs ($(DEB_PACKAGES))"
	@echo "make test       build and run every test suite; ends with 'N passed, N failed'"
	@echo "make test-blas-threads  the C/C++ suites on BLAS_THREADS=2 OpenBLAS threads"
	@echo "make memcheck   run the C/C++ test binaries under valgrind memcheck"
	@echo "make sanitize   C/C++ suites + stress test under ASan+UBSan (build/asan/) and TSan (build/tsan/)"
	@echo "make demo       fit Fashion-MNIST (or the 8x8 digits), sample, print timings and quality, write a PNG"
	@echo "make demo-mixture  the 2-D three-mode mixture: score-error table, samples"
	@echo "make bench      throughput benchmarks (tests/bench/), with the dgemm rate as reference"
	@echo "make cli        the command-line tool build/bin/ofdm (also built by make)"
	@echo "make compare    ofdm against GMM, KDE and a PyTorch diffusion model (make compare-deps first; ~20 min)"
	@echo "make mpi-example  examples/mpi/fit_and_sample.c, built with mpicc"
	@echo "make fuzz       libFuzzer on the model loader and the CLI readers (make fuzz-deps first; FUZZ_SECONDS=60)"
	@echo "make install    PREFIX=/usr/local DESTDIR= : library, header, ofdm.pc, the ofdm tool"

deps:
	@$(call install_packages,deps,$(DEB_PACKAGES))

$(BUILD)/.deps-ok:
	@$(call install_packages,deps,$(DEB_PACKAGES))
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/obj/%.o: %.cpp | $(PACKAGES_FIRST)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(SHARED): $(OBJECTS) src/capi/exports.map
	@mkdir -p $(dir $@)
	$(CXX) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=src/capi/exports.map -Wl,--no-undefined \
	    -o $@ $(OBJECTS) $(LIBS)
	ln -sf libofdm.so.$(VERSION) $(BUILD)/lib/$(SONAME)
	ln -sf $(SONAME) $(BUILD)/lib/libofdm.so

$(STATIC): $(OBJECTS)
	@mkdir -p $(dir $@)
	rm -f $@ && ar rcs $@ $(OBJECTS)

# ---- tests -------------------------------------------------------------------------------
TEST_HELPERS := $(wildcard tests/support/*.cpp)
TEST_HEADERS := $(wildcard tests/support/*.h)
# Compiled once, linked into every C++ suite and benchmark.
TEST_HELPER_OBJECTS := $(TEST_HELPERS:%.cpp=$(BUILD)/obj/%.o)
$(TEST_HELPER_OBJECTS): CPPFLAGS += -Itests

$(BUILD)/tests/%: tests/%.cpp $(TEST_HELPER_OBJECTS) $(TEST_HEADERS) $(STATIC)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) -Itests $(CXXFLAGS) -o $@ $< $(TEST_HELPER_OBJECTS) $(STATIC) -lgtest -lgtest_main $(LIBS)

# C suites see only the public header, compiled as strict C99, and link the shared library.
$(BUILD)/tests/%: tests/%.c include/ofdm.h $(wildcard tests/capi/support/*.h) $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) -Iinclude -Itests $(CFLAGS) -o $@ $< -L$(BUILD)/lib -lofdm -Wl,-rpath,$(CURDIR)/$(BUILD)/lib -lcmocka -lm

# The ABI suites (tests/abi/) are built against a frozen copy of an older header, not include/.
ABI_TESTS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/abi/*.c))
TESTS     += $(ABI_TESTS)
$(BUILD)/tests/abi/test_abi_0_1: tests/abi/test_abi_0_1.c tests/abi/ofdm-0.1/ofdm.h $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $< -L$(BUILD)/lib -lofdm -Wl,-rpath,$(CURDIR)/$(BUILD)/lib -lcmocka -lm

test: $(TESTS)
	@OPENBLAS_NUM_THREADS=1 sh tests/run_tests.sh $(TESTS) $(TEST_SCRIPTS)

# The C and C++ suites with OpenBLAS on BLAS_THREADS threads (CI runs 2): a result that holds
# only for one kernel's rounding fails here.
BLAS_THREADS ?= 2
.PHONY: test-blas-threads
test-blas-threads: $(TESTS)
	@OPENBLAS_NUM_THREADS=$(BLAS_THREADS) sh tests/run_tests.sh $(TESTS)

# The stress test is left out: valgrind runs one thread at a time, which turns its many-thread
# rounds into tens of minutes; it runs natively in `make test` and under TSan in `make sanitize`.
MEMCHECK_TESTS := $(filter-out $(BUILD)/tests/stress/%,$(TESTS))

memcheck: $(MEMCHECK_TESTS)
	@OPENBLAS_NUM_THREADS=1 OFDM_MEMCHECK=1 sh tests/run_tests.sh --valgrind $(MEMCHECK_TESTS)

include mk/sanitize.mk
include mk/fuzz.mk

# ---- demo --------------------------------------------------------------------------------
# `make demo` (examples/demo/): fits Fashion-MNIST in PCA coordinates (the 8×8 digits of
# python3-sklearn when dataset-fashion-mnist is absent), samples, prints the timings and the
# quality figures against their noise floors, and writes build/demo/<data set>.png.
# `make demo-mixture` (examples/c/mixture_demo.c): the 2-D three-mode mixture and its score errors.
# The demo's file formats and figures (everything but main.c) are linked into tests/demo/ too.
DEMO         := $(BUILD)/examples/demo
DEMO_PARTS   := $(filter-out examples/demo/main.c,$(wildcard examples/demo/*.c))
DEMO_HEADERS := $(wildcard examples/demo/*.h)
DEMO_LIBS    := -lz $(BLAS_LIBS) -lm
DEMO_TESTS   := $(patsubst tests/%.c,$(BUILD)/tests/%,$(wildcard tests/demo/*.c))
TESTS          += $(DEMO_TESTS)
MEMCHECK_TESTS += $(DEMO_TESTS)

.PHONY: demo-mixture
$(DEMO): examples/demo/main.c $(DEMO_PARTS) $(DEMO_HEADERS) include/ofdm.h $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) -Iinclude $(CFLAGS) -o $@ examples/demo/main.c $(DEMO_PARTS) -L$(BUILD)/lib -lofdm \
	    -Wl,-rpath,$(CURDIR)/$(BUILD)/lib $(DEMO_LIBS)

demo: $(DEMO)
	@$(DEMO) $(BUILD)/demo

$(BUILD)/examples/mixture_demo: examples/c/mixture_demo.c include/ofdm.h $(SHARED)
	@mkdir -p $(dir $@)
	$(CC) -Iinclude $(CFLAGS) -o $@ $< -L$(BUILD)/lib -lofdm -Wl,-rpath,$(CURDIR)/$(BUILD)/lib -lm

demo-mixture: $(BUILD)/examples/mixture_demo
	@$(BUILD)/examples/mixture_demo

# The suites need neither the library nor its header: they test the demo's own parts.
$(DEMO_TESTS): $(BUILD)/tests/demo/%: tests/demo/%.c $(DEMO_PARTS) $(DEMO_HEADERS) | $(PACKAGES_FIRST)
	@mkdir -p $(dir $@)
	$(CC) -Iexamples/demo $(CFLAGS) -o $@ $< $(DEMO_PARTS) -lcmocka $(DEMO_LIBS)

test memcheck: $(DEMO_TESTS)

# ---- benchmarks (not timed tests: figures for the README and the closing notes) ------------
BENCHES := $(patsubst tests/bench/%.cpp,$(BUILD)/bench/%,$(wildcard tests/bench/*.cpp))

# The test helpers (reference samplers, data sets) are linked in too; none of them needs gtest.
$(BUILD)/bench/%: tests/bench/%.cpp $(wildcard tests/bench/*.h) include/ofdm.h $(STATIC) $(TEST_HELPER_OBJECTS) $(TEST_HEADERS)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) -Itests $(CXXFLAGS) -o $@ $< $(TEST_HELPER_OBJECTS) $(STATIC) $(LIBS)

bench: $(BENCHES)
	@for b in $(BENCHES); do $$b || exit 1; echo; done

# ---- install -----------------------------------------------------------------------------
install: lib
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)
	install -m 644 include/ofdm.h $(DESTDIR)$(INCLUDEDIR)/ofdm.h
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/
	ln -sf libofdm.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libofdm.so
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/libofdm.a
	# Generated here, not at build time, so that it always carries this install's PREFIX.
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' ofdm.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/ofdm.pc
	chmod 644 $(DESTDIR)$(LIBDIR)/pkgconfig/ofdm.pc

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/ofdm.h $(DESTDIR)$(LIBDIR)/libofdm.so* $(DESTDIR)$(LIBDIR)/libofdm.a \
	      $(DESTDIR)$(LIBDIR)/pkgconfig/ofdm.pc

# ---- command-line tool -------------------------------------------------------------------
# build/bin/ofdm (src/cli/): a client of the public header only, linked against the shared
# library like any user's program. Its rpath $ORIGIN/../lib finds build/lib in the build tree and
# $(PREFIX)/lib once installed. Its suites (tests/cli/) run the built binary, so they are not
# in TESTS (memcheck, sanitize) but run by `make test` beside the script suites.
BINDIR      ?= $(PREFIX)/bin
CLI         := $(BUILD)/bin/ofdm
CLI_OBJECTS := $(patsubst %.cpp,$(BUILD)/obj/%.o,$(wildcard src/cli/*.cpp))
# The readers and the writer, without main(): linked into the suites.
CLI_FILE_OBJECTS := $(patsubst %,$(BUILD)/obj/src/cli/%.o,npy_format csv_format data_file)
CLI_RUN_TESTS := $(patsubst tests/%.cpp,$(BUILD)/tests/%,$(wildcard tests/cli/test_cli_*.cpp))
CLI_TESTS   := $(BUILD)/tests/cli/test_readers $(CLI_RUN_TESTS)
TEST_SCRIPTS += $(CLI_TESTS)

.PHONY: cli install-cli uninstall-cli
all: cli
cli: $(CLI)
test: $(CLI_TESTS)
install: install-cli
uninstall: uninstall-cli

$(CLI): $(CLI_OBJECTS) $(SHARED)
	@mkdir -p $(dir $@)
	$(CXX) -o $@ $(CLI_OBJECTS) -L$(BUILD)/lib -lofdm -Wl,-rpath,'$$ORIGIN/../lib'

$(BUILD)/tests/cli/test_readers: tests/cli/test_readers.cpp $(CLI_FILE_OBJECTS)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) -Itests $(CXXFLAGS) -o $@ $< $(CLI_FILE_OBJECTS) -lgtest -lgtest_main -lpthread

# The suites that run the binary (tests/cli/test_cli_*.cpp) know where it is.
$(CLI_RUN_TESTS): $(BUILD)/tests/cli/%: tests/cli/%.cpp tests/cli/cli_fixture.h $(CLI_FILE_OBJECTS) $(CLI)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) -Itests $(CXXFLAGS) -DOFDM_CLI_PATH='"$(CURDIR)/$(CLI)"' -o $@ $< $(CLI_FILE_OBJECTS) \
	    -lgtest -lgtest_main -lpthread

install-cli: $(CLI)
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(CLI) $(DESTDIR)$(BINDIR)/ofdm

uninstall-cli:
	rm -f $(DESTDIR)$(BINDIR)/ofdm

-include $(CLI_OBJECTS:.o=.d)
# ---- end of command-line tool ------------------------------------------------------------

# ---- comparison --------------------------------------------------------------------------
# `make compare` (tests/bench/compare/): ofdm against scikit-learn GaussianMixture / KernelDensity
# and a small PyTorch denoising-score-matching diffusion model, on 2-D mixtures, the digits,
# Fashion-MNIST, the Ginzburg-Landau chain and the phi^4 lattice; writes results/compare.md and
# results/*.png. Its packages (torch among them) are not in DEB_PACKAGES: CI never installs them.
COMPARE_PACKAGES := python3-sklearn python3-torch python3-matplotlib dataset-fashion-mnist libopenblas0
COMPARE_REFS     := $(BUILD)/bench/compare/make_references

.PHONY: compare compare-deps
compare-deps:
	@$(call install_packages,compare-deps,$(COMPARE_PACKAGES))

$(COMPARE_REFS): tests/bench/compare/make_references.cpp $(STATIC) $(TEST_HELPER_OBJECTS) $(TEST_HEADERS)
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS) -Itests $(CXXFLAGS) -o $@ $< $(TEST_HELPER_OBJECTS) $(STATIC) $(LIBS)

compare: compare-deps lib $(COMPARE_REFS)
	@mkdir -p $(BUILD)/compare results
	$(COMPARE_REFS) $(BUILD)/compare
	OFDM_LIBRARY=$(CURDIR)/$(SHARED) PYTHONPATH=$(CURDIR)/bindings/python OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=2 \
	    /usr/bin/python3 tests/bench/compare/run.py --references $(BUILD)/compare --out results $(COMPARE_ARGS)
# ---- end of comparison -------------------------------------------------------------------

# ---- MPI example -------------------------------------------------------------------------
# examples/mpi/fit_and_sample.c: a distributed fit and sample (ofdm.h, "Moments"), built with
# mpicc against the shared library (the library itself does not link MPI). Its test
# (tests/mpi/run_tests.sh) builds it itself and runs it on 1, 2 and 3 processes.
MPI_EXAMPLE := $(BUILD)/examples/mpi/fit_and_sample
TEST_SCRIPTS += tests/mpi/run_tests.sh

.PHONY: mpi-example
mpi-example: $(MPI_EXAMPLE)

$(MPI_EXAMPLE): examples/mpi/fit_and_sample.c include/ofdm.h $(SHARED)
	@mkdir -p $(dir $@)
	mpicc -Iinclude $(CFLAGS) -o $@ $< -L$(BUILD)/lib -lofdm -Wl,-rpath,$(CURDIR)/$(BUILD)/lib -lm
# ---- end of MPI example ------------------------------------------------------------------

clean:
	rm -rf $(BUILD)

-include $(DEPFILES) $(TEST_HELPER_OBJECTS:.o=.d)

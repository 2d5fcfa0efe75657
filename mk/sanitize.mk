# `make sanitize`: the library and the tests rebuilt with sanitizers, each in its own tree so
# that no instrumented object ever meets one of $(BUILD)/obj:
#  - $(BUILD)/asan/: AddressSanitizer + UndefinedBehaviorSanitizer; every C and C++ suite (the
#    statistical *Quality ones included: 25-45 s of the run on 2 cores) and the stress test.
#  - $(BUILD)/tsan/: ThreadSanitizer; the suites in which threads meet: the stress test
#    (tests/stress/), the sampler suite and the C suites that sample or report progress. The
#    *Quality suites are left out there (~2 minutes under TSan, and the sampler worker pool
#    they use is run by the other sampler tests).
# Everything runs through tests/run_tests.sh in one go, which ends with "N passed, N failed". Every
# sanitizer report aborts its binary, which counts as a failure even after "[  PASSED  ]".
#
# Each tree holds both library forms, as the main build does: the C++ suites link the static
# archive; the C suites link the shared library, built with the same version script and
# -fvisibility=hidden, so that they go through the exported symbols exactly as users do (the
# executables are linked with the sanitizer too, which puts its runtime first in load order).
# OpenBLAS is not instrumented: OPENBLAS_NUM_THREADS=1 keeps its work on the calling thread,
# where TSan sees no unsynchronised hand-over.
#
# Included by the Makefile after its test section; stand-alone:
#     make -f Makefile -f mk/sanitize.mk sanitize
#     make ... sanitize OFDM_STRESS_SECONDS=30      a longer stress run (default 5 s)
# The runtimes come with gcc-12 (Debian: libasan8, libubsan1, libtsan2).

ifndef TEST_HELPERS
$(error mk/sanitize.mk uses the Makefile's variables: include it after the Makefile's test section)
endif

ASAN_DIR   := $(BUILD)/asan
TSAN_DIR   := $(BUILD)/tsan
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TSAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer

# Suites by stem (tests/<stem>.cpp or .c): the Makefile's, plus the stress test.
STRESS_STEMS := $(patsubst tests/%.cpp,%,$(wildcard tests/stress/*.cpp))
ASAN_STEMS   := $(sort $(patsubst $(BUILD)/tests/%,%,$(TESTS)) $(STRESS_STEMS))
TSAN_STEMS   := $(STRESS_STEMS) model/test_sampler capi/test_api_sampling capi/test_bad_input_sampling \
                capi/test_api_progress capi/test_api_likelihood
ASAN_TESTS   := $(ASAN_STEMS:%=$(ASAN_DIR)/tests/%)
TSAN_BINARIES := $(TSAN_STEMS:%=$(TSAN_DIR)/tests/%)
# Run through a two-line script that sets the TSan-only gtest filter (tests/run_tests.sh takes
# bare executables).
TSAN_TESTS   := $(TSAN_STEMS:%=$(TSAN_DIR)/run/%)

OFDM_STRESS_SECONDS ?= 5
# allocator_may_return_null: a refused huge allocation throws std::bad_alloc, as without ASan,
# so the out-of-memory paths are tested rather than replaced by an ASan abort.
SANITIZE_ENV := OPENBLAS_NUM_THREADS=1 OFDM_STRESS_SECONDS=$(OFDM_STRESS_SECONDS) \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    TSAN_OPTIONS=halt_on_error=1:abort_on_error=1:second_deadlock_stack=1

.PHONY: sanitize
# The binaries are named as prerequisites so that make keeps them (not intermediate files).
sanitize: $(ASAN_TESTS) $(TSAN_BINARIES) $(TSAN_TESTS)
	@$(SANITIZE_ENV) sh tests/run_tests.sh $(ASAN_TESTS) $(TSAN_TESTS)

$(TSAN_DIR)/run/%: $(TSAN_DIR)/tests/%
	@mkdir -p $(dir $@)
	@printf '#!/bin/sh\nGTEST_FILTER="-*Quality.*" exec "%s" "$$@"\n' '$(CURDIR)/$<' > $@ && chmod +x $@

# $(call sanitized_tree,DIR,FLAGS): the Makefile's library and test rules, with FLAGS added to
# every compile and link and DIR in place of $(BUILD). The C suites find the instrumented
# libofdm.so through DT_RPATH (--disable-new-dtags), which, unlike the default DT_RUNPATH, an
# LD_LIBRARY_PATH pointing at an uninstrumented build cannot override.
define sanitized_tree
$(1)/obj/%.o: %.cpp | $(PACKAGES_FIRST)
	@mkdir -p $$(dir $$@)
	$$(CXX) $$(CPPFLAGS) $$(CXXFLAGS) $(2) -MMD -MP -c $$< -o $$@

$(1)/lib/libofdm.so.$(VERSION): $(OBJECTS:$(BUILD)/obj/%=$(1)/obj/%) src/capi/exports.map
	@mkdir -p $$(dir $$@)
	$$(CXX) $(2) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=src/capi/exports.map -Wl,--no-undefined \
	    -o $$@ $(OBJECTS:$(BUILD)/obj/%=$(1)/obj/%) $$(LIBS)
	ln -sf libofdm.so.$(VERSION) $(1)/lib/$(SONAME)
	ln -sf $(SONAME) $(1)/lib/libofdm.so

$(1)/lib/libofdm.a: $(OBJECTS:$(BUILD)/obj/%=$(1)/obj/%)
	@mkdir -p $$(dir $$@)
	rm -f $$@ && ar rcs $$@ $$^

$(1)/tests/%: tests/%.cpp $$(TEST_HELPERS) $$(TEST_HEADERS) $(1)/lib/libofdm.a
	@mkdir -p $$(dir $$@)
	$$(CXX) $$(CPPFLAGS) -Itests $$(CXXFLAGS) $(2) -o $$@ $$< $$(TEST_HELPERS) $(1)/lib/libofdm.a -lgtest -lgtest_main $$(LIBS)

$(1)/tests/%: tests/%.c include/ofdm.h $$(wildcard tests/capi/support/*.h) $(1)/lib/libofdm.so.$(VERSION)
	@mkdir -p $$(dir $$@)
	$$(CC) -Iinclude -Itests $$(CFLAGS) $(2) -o $$@ $$< -L$(1)/lib -lofdm -Wl,--disable-new-dtags \
	    -Wl,-rpath,$$(CURDIR)/$(1)/lib -lcmocka -lm

-include $(OBJECTS:$(BUILD)/obj/%.o=$(1)/obj/%.d)
endef

$(eval $(call sanitized_tree,$(ASAN_DIR),$(ASAN_FLAGS)))
$(eval $(call sanitized_tree,$(TSAN_DIR),$(TSAN_FLAGS)))

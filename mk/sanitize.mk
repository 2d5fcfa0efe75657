# `make sanitize`: the library and the tests rebuilt with sanitizers, each in its own tree so
# that no instrumented object ever meets one of $(BUILD)/obj:
#  - $(BUILD)/asan/: AddressSanitizer + UndefinedBehaviorSanitizer; every C and C++ suite and the
#    concurrency stress test (tests/stress/).
#  - $(BUILD)/tsan/: ThreadSanitizer; the stress test, the sampler suite and the C suites that
#    sample or report progress from several threads.
# All of them run through tests/run_tests.sh in one go, which ends with "N passed, N failed";
# a sanitizer report aborts its binary, which counts as a failure.
#
# Each tree holds both library forms, as the main build does: the C++ suites link the static
# archive, and the C suites link the shared library, built with the same version script and
# -fvisibility=hidden, so that they exercise the exported symbols exactly as users link them
# (the executables are linked with the sanitizer too, which puts its runtime first).
#
# Included by the Makefile after its test section; stand-alone:
#     make -f Makefile -f mk/sanitize.mk sanitize
# The runtimes come with gcc-12 (libasan8, libubsan1, libtsan2).

ifndef TEST_HELPERS
$(error mk/sanitize.mk uses the Makefile's variables: include it after the Makefile's test section)
endif

ASAN_DIR   := $(BUILD)/asan
TSAN_DIR   := $(BUILD)/tsan
ASAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
TSAN_FLAGS := -fsanitize=thread -fno-omit-frame-pointer

STRESS_TESTS := $(patsubst tests/%.cpp,%,$(wildcard tests/stress/*.cpp))
# Suites by stem (tests/<stem>.cpp or .c), as the Makefile lists them, plus the stress test.
SANITIZE_STEMS := $(sort $(patsubst $(BUILD)/tests/%,%,$(TESTS)) $(STRESS_TESTS))
ASAN_TESTS := $(SANITIZE_STEMS:%=$(ASAN_DIR)/tests/%)
# The suites where threads meet: the stress test, the sampler (its worker pool) and the C suites
# that sample from several threads or report progress from the workers.
TSAN_TESTS := $(STRESS_TESTS:%=$(TSAN_DIR)/tests/%) $(TSAN_DIR)/tests/model/test_sampler \
              $(TSAN_DIR)/tests/capi/test_api_sampling $(TSAN_DIR)/tests/capi/test_api_progress

# Every report is fatal; leaks are reports too. allocator_may_return_null: the out-of-memory
# tests expect std::bad_alloc from a refused huge allocation, as without ASan, not an ASan abort.
SANITIZE_ENV := OPENBLAS_NUM_THREADS=1 \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
    TSAN_OPTIONS=halt_on_error=1:abort_on_error=1:second_deadlock_stack=1 \
    OFDM_STRESS_SECONDS=$(or $(OFDM_STRESS_SECONDS),5)

.PHONY: sanitize
sanitize: $(ASAN_TESTS) $(TSAN_TESTS)
	@$(SANITIZE_ENV) sh tests/run_tests.sh $(ASAN_TESTS) $(TSAN_TESTS)

# $(call sanitized_tree,DIR,FLAGS): the Makefile's library and test rules, with FLAGS added to
# every compile and link and DIR in place of $(BUILD).
define sanitized_tree
$(1)/obj/%.o: %.cpp | $(BUILD)/.deps-ok
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
	$$(CC) -Iinclude -Itests $$(CFLAGS) $(2) -o $$@ $$< -L$(1)/lib -lofdm -Wl,-rpath,$$(CURDIR)/$(1)/lib -lcmocka -lm

-include $(OBJECTS:$(BUILD)/obj/%.o=$(1)/obj/%.d)
endef

$(eval $(call sanitized_tree,$(ASAN_DIR),$(ASAN_FLAGS)))
$(eval $(call sanitized_tree,$(TSAN_DIR),$(TSAN_FLAGS)))

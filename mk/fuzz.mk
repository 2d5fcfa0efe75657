# mk/fuzz.mk — libFuzzer targets over the model-file reader (tests/fuzz/README.md), included by
# the Makefile. The library sources are compiled again by clang with AddressSanitizer,
# UndefinedBehaviorSanitizer and coverage instrumentation into build/fuzz/, never mixed with
# the gcc objects of build/obj.
#
#   make fuzz FUZZ_SECONDS=60   build, write the seed models, run each target for N seconds;
#                               fails on a crash, whose input is kept in build/fuzz/crashes/
#   make fuzz-build             build only
#   make fuzz-deps              install clang and libFuzzer from Debian (as root)

FUZZ_CXX      ?= clang++-14
FUZZ_SECONDS  ?= 60
FUZZ_TIMEOUT  ?= 10
FUZZ_DIR      := build/fuzz
FUZZ_DEB_PACKAGES := clang-14 libclang-rt-14-dev
FUZZ_LIBS     ?= -llapacke -lopenblas -lpthread -lm

# -fno-sanitize-recover: undefined behaviour aborts, so libFuzzer records it as a crash.
FUZZ_SANITIZE := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_CXXFLAGS := -std=c++17 -O1 -g -fno-omit-frame-pointer $(FUZZ_SANITIZE) -Iinclude -Isrc -Itests

# The library only: src/cli/ is the command-line tool (its readers are linked into their own targets).
FUZZ_LIB_SOURCES := $(shell find src -name '*.cpp' -not -path 'src/cli/*')
FUZZ_LIB_OBJECTS := $(FUZZ_LIB_SOURCES:%.cpp=$(FUZZ_DIR)/obj/%.o)
FUZZ_SUPPORT_OBJECTS := $(FUZZ_DIR)/obj/tests/fuzz/model_exercise.o
FUZZ_TARGETS := $(patsubst tests/fuzz/%.cpp,$(FUZZ_DIR)/%,$(wildcard tests/fuzz/fuzz_*.cpp))
FUZZ_SEED_MAKER := $(FUZZ_DIR)/make_seed_models
FUZZ_SEEDS := $(FUZZ_DIR)/seeds

.PHONY: fuzz fuzz-build fuzz-deps

# Installs missing packages as root; otherwise prints the command to run (as `make deps` does).
FUZZ_INSTALL_DEPS = $(call install_packages,fuzz-deps,$(FUZZ_DEB_PACKAGES))

fuzz-deps:
	@$(FUZZ_INSTALL_DEPS)

$(FUZZ_DIR)/.deps-ok:
	@$(FUZZ_INSTALL_DEPS)
	@mkdir -p $(FUZZ_DIR) && touch $@

# Library and support objects carry coverage instrumentation but not libFuzzer's main().
$(FUZZ_DIR)/obj/%.o: %.cpp | $(FUZZ_DIR)/.deps-ok
	@mkdir -p $(dir $@)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

# Objects reached only through pattern rules would otherwise be deleted as intermediates.
.SECONDARY: $(FUZZ_LIB_OBJECTS) $(FUZZ_SUPPORT_OBJECTS)

$(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.cpp tests/fuzz/model_exercise.h $(FUZZ_SUPPORT_OBJECTS) $(FUZZ_LIB_OBJECTS)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_SUPPORT_OBJECTS) $(FUZZ_LIB_OBJECTS) $(FUZZ_LIBS)

$(FUZZ_SEED_MAKER): tests/fuzz/make_seed_models.cpp tests/support/splitmix.h $(FUZZ_LIB_OBJECTS)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -o $@ $< $(FUZZ_LIB_OBJECTS) $(FUZZ_LIBS)

# The seeds are rewritten whenever the library or the generator changes (the stamp sits beside
# the directory, which libFuzzer reads whole).
$(FUZZ_SEEDS).written: $(FUZZ_SEED_MAKER)
	@rm -rf $(FUZZ_SEEDS) && mkdir -p $(FUZZ_SEEDS)
	OPENBLAS_NUM_THREADS=1 $(FUZZ_SEED_MAKER) $(FUZZ_SEEDS)
	@touch $@

fuzz-build: $(FUZZ_TARGETS) $(FUZZ_SEEDS).written

# ---- the command-line tool's readers (src/cli/): targets of their own, without the library ----
# fuzz_npy and fuzz_csv link only the two readers; their seeds (make_seed_arrays) go into the
# same seed directory as the models', after it is rewritten.
FUZZ_READER_OBJECTS := $(FUZZ_DIR)/obj/src/cli/npy_format.o $(FUZZ_DIR)/obj/src/cli/csv_format.o
FUZZ_READER_TARGETS := $(FUZZ_DIR)/fuzz_npy $(FUZZ_DIR)/fuzz_csv
FUZZ_ARRAY_SEED_MAKER := $(FUZZ_DIR)/make_seed_arrays
.SECONDARY: $(FUZZ_READER_OBJECTS)

$(FUZZ_READER_TARGETS): $(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.cpp $(FUZZ_READER_OBJECTS)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer -o $@ $< $(FUZZ_READER_OBJECTS)

$(FUZZ_ARRAY_SEED_MAKER): tests/fuzz/make_seed_arrays.cpp $(FUZZ_READER_OBJECTS)
	$(FUZZ_CXX) $(FUZZ_CXXFLAGS) -fsanitize=fuzzer-no-link -o $@ $< $(FUZZ_READER_OBJECTS)

$(FUZZ_SEEDS).arrays-written: $(FUZZ_ARRAY_SEED_MAKER) $(FUZZ_SEEDS).written
	$(FUZZ_ARRAY_SEED_MAKER) $(FUZZ_SEEDS)
	@touch $@

fuzz-build: $(FUZZ_SEEDS).arrays-written
# ---- end of the command-line readers ----


fuzz: fuzz-build
	@OPENBLAS_NUM_THREADS=1 sh tests/fuzz/run_fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TIMEOUT) $(FUZZ_DIR) $(FUZZ_TARGETS)

-include $(FUZZ_LIB_OBJECTS:.o=.d) $(FUZZ_SUPPORT_OBJECTS:.o=.d) $(FUZZ_READER_OBJECTS:.o=.d)

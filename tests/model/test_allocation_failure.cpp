// Allocation failure at every allocation of every public entry point that allocates: the global
// operator new/new[]/delete of this test binary (and only this one) are replaced by a counting
// allocator that can be told to throw std::bad_alloc at the k-th allocation. For k = 1, 2, 3, …
// until the call succeeds, each failing call must return OFDM_ERR_OUT_OF_MEMORY (no other status,
// no crash, no abort), write nothing through its out-pointers, and leave exactly as many live
// allocations and open file descriptors as before it. A last test makes starting the sampler's
// worker thread fail (pthread_create interposed) and asks for the same. The same allocator also
// counts bytes, to check that a crafted model file cannot make the loader allocate far more than
// the file's size before refusing it.
#include <gtest/gtest.h>

#include <dirent.h>
#include <dlfcn.h>
#include <malloc.h>
#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <new>
#include <string>
#include <vector>

#include "ofdm.h"

// ---- the counting allocator -------------------------------------------------------------------

namespace {

std::atomic<int64_t> g_live{0};         // allocations made through these operators, not yet freed
std::atomic<int64_t> g_made{0};         // allocations since the injection was armed
std::atomic<int64_t> g_fail_at{0};      // 0: never fail; k: the k-th allocation after arming throws
std::atomic<bool> g_fired{false};       // the armed failure happened
std::atomic<int64_t> g_live_bytes{0};   // bytes of the live allocations (as malloc rounds them)
std::atomic<int64_t> g_peak_bytes{0};   // the most g_live_bytes has been since the last reset

void count_bytes(int64_t change) {
    const int64_t now = g_live_bytes += change;
    int64_t peak = g_peak_bytes;
    while (now > peak && !g_peak_bytes.compare_exchange_weak(peak, now)) {
    }
}

// nullptr when this allocation is the one told to fail.
void *counted_allocation(size_t size, size_t alignment) {
    const int64_t fail_at = g_fail_at.load();
    if (fail_at > 0 && ++g_made == fail_at) {
        g_fired = true;
        return nullptr;
    }
    if (size == 0) size = 1;
    void *p = alignment > alignof(std::max_align_t)
                  ? std::aligned_alloc(alignment, (size + alignment - 1) / alignment * alignment)
                  : std::malloc(size);
    if (p) {
        ++g_live;
        count_bytes(int64_t(malloc_usable_size(p)));
    }
    return p;
}

void *throwing_allocation(size_t size, size_t alignment) {
    void *p = counted_allocation(size, alignment);
    if (!p) throw std::bad_alloc();
    return p;
}

void counted_release(void *p) noexcept {
    if (!p) return;
    --g_live;
    count_bytes(-int64_t(malloc_usable_size(p)));
    std::free(p);
}

constexpr size_t kPlain = alignof(std::max_align_t);

}  // namespace

void *operator new(size_t size) { return throwing_allocation(size, kPlain); }
void *operator new[](size_t size) { return throwing_allocation(size, kPlain); }
void *operator new(size_t size, const std::nothrow_t &) noexcept { return counted_allocation(size, kPlain); }
void *operator new[](size_t size, const std::nothrow_t &) noexcept { return counted_allocation(size, kPlain); }
void *operator new(size_t size, std::align_val_t a) { return throwing_allocation(size, size_t(a)); }
void *operator new[](size_t size, std::align_val_t a) { return throwing_allocation(size, size_t(a)); }
void *operator new(size_t size, std::align_val_t a, const std::nothrow_t &) noexcept {
    return counted_allocation(size, size_t(a));
}
void *operator new[](size_t size, std::align_val_t a, const std::nothrow_t &) noexcept {
    return counted_allocation(size, size_t(a));
}
void operator delete(void *p) noexcept { counted_release(p); }
void operator delete[](void *p) noexcept { counted_release(p); }
void operator delete(void *p, size_t) noexcept { counted_release(p); }
void operator delete[](void *p, size_t) noexcept { counted_release(p); }
void operator delete(void *p, const std::nothrow_t &) noexcept { counted_release(p); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { counted_release(p); }
void operator delete(void *p, std::align_val_t) noexcept { counted_release(p); }
void operator delete[](void *p, std::align_val_t) noexcept { counted_release(p); }
void operator delete(void *p, size_t, std::align_val_t) noexcept { counted_release(p); }
void operator delete[](void *p, size_t, std::align_val_t) noexcept { counted_release(p); }
void operator delete(void *p, std::align_val_t, const std::nothrow_t &) noexcept { counted_release(p); }
void operator delete[](void *p, std::align_val_t, const std::nothrow_t &) noexcept { counted_release(p); }

// ---- thread creation that can be told to fail -------------------------------------------------

namespace {
std::atomic<bool> g_refuse_threads{false};
}

// Interposes the C library's pthread_create for this binary (std::thread calls it), passing
// through to the next definition (libc's, or a sanitizer's) unless told to refuse with EAGAIN,
// which is what pthread_create returns when the system lacks the resources for a thread.
extern "C" int pthread_create(pthread_t *__restrict thread, const pthread_attr_t *__restrict attr,
                              void *(*start)(void *), void *__restrict arg) __THROWNL {
    using Create = int (*)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
    static const Create next = reinterpret_cast<Create>(dlsym(RTLD_NEXT, "pthread_create"));
    if (g_refuse_threads) return EAGAIN;
    return next(thread, attr, start, arg);
}

namespace {

// ---- the harness ------------------------------------------------------------------------------

// Arms the failure of the k-th allocation for its lifetime.
class FailingAllocation {
public:
    explicit FailingAllocation(int64_t k) {
        g_fired = false;
        g_made = 0;
        g_fail_at = k;
    }
    ~FailingAllocation() { g_fail_at = 0; }
    FailingAllocation(const FailingAllocation &) = delete;
    FailingAllocation &operator=(const FailingAllocation &) = delete;
};

int open_descriptors() {
    int count = 0;
    if (DIR *dir = opendir("/proc/self/fd")) {
        while (dirent *entry = readdir(dir)) count += entry->d_name[0] != '.';
        closedir(dir);
    }
    return count - 1;  // the directory stream itself
}

// The last-error message is a thread-local string that every failure replaces: a long one keeps
// it on the heap, so that replacing it neither adds nor removes a live allocation.
void fill_last_error() {
    ofdm_model *model = nullptr;
    const char text[] = "a buffer that is certainly not an ofdm model file";
    ASSERT_EQ(ofdm_model_load_buffer(text, sizeof text, &model), OFDM_ERR_FORMAT);
}

// One public call under test. prepare() and release() run with allocation unarmed; call() runs
// with the k-th allocation failing; untouched() says, after a failed call, whether every output
// still holds what prepare() put there; release() frees inputs and, after a success, outputs.
struct EntryPoint {
    const char *name;
    std::function<void()> prepare = [] {};
    std::function<ofdm_status()> call;
    std::function<bool()> untouched;
    std::function<void()> release = [] {};
};

constexpr int64_t kGiveUpAfter = 200000;  // allocations; far above any call here

// Runs the call with k = 1, 2, … failing until it succeeds, and reports every broken promise.
void fail_each_allocation_in_turn(const EntryPoint &entry) {
    // A first, unarmed run builds what is built once per process (static tables, OpenBLAS
    // buffers), so that it is not mistaken for a leak.
    entry.prepare();
    ASSERT_EQ(entry.call(), OFDM_OK) << entry.name << ": " << ofdm_last_error();
    entry.release();

    std::vector<std::string> problems;
    int64_t k = 1;
    for (;; ++k) {
        fill_last_error();
        const int64_t live_before = g_live;
        const int descriptors_before = open_descriptors();
        entry.prepare();
        ofdm_status status;
        bool fired;
        {
            FailingAllocation failing(k);
            status = entry.call();
            fired = g_fired;
        }
        const bool untouched = status == OFDM_OK || entry.untouched();
        entry.release();
        const int64_t leaked = g_live - live_before;
        const int descriptors_leaked = open_descriptors() - descriptors_before;
        const std::string at = std::string(entry.name) + " with allocation " + std::to_string(k) + " failing: ";
        if (status == OFDM_OK) {
            if (fired) problems.push_back(at + "the call succeeded although an allocation failed");
            break;
        }
        if (status != OFDM_ERR_OUT_OF_MEMORY)
            problems.push_back(at + "status " + ofdm_status_string(status) + " (" + ofdm_last_error() + ")");
        if (!fired) problems.push_back(at + "the call failed although no allocation did");
        if (!untouched) problems.push_back(at + "an output was written");
        if (leaked != 0) problems.push_back(at + std::to_string(leaked) + " allocations leaked");
        if (descriptors_leaked != 0)
            problems.push_back(at + std::to_string(descriptors_leaked) + " file descriptors leaked");
        if (k >= kGiveUpAfter) {
            problems.push_back(at + "still failing; giving up");
            break;
        }
    }
    std::printf("%s: %lld allocations, each failed in turn\n", entry.name, (long long)(k - 1));
    for (const std::string &problem : problems) ADD_FAILURE() << problem;
}

// ---- inputs -----------------------------------------------------------------------------------

ofdm_model *const kUntouchedModel = reinterpret_cast<ofdm_model *>(uintptr_t(0x5eed));
ofdm_basis *const kUntouchedBasis = reinterpret_cast<ofdm_basis *>(uintptr_t(0x5eed));
constexpr uint64_t kUnwrittenBits = 0x7ff4dead7ff4deadull;  // a signalling NaN no computation makes

double unwritten() {
    double v;
    std::memcpy(&v, &kUnwrittenBits, sizeof v);
    return v;
}

bool all_unwritten(const std::vector<double> &values) {
    for (double v : values)
        if (std::memcmp(&v, &kUnwrittenBits, sizeof v) != 0) return false;
    return true;
}

// 60 samples of a bimodal 2-D cloud (deterministic).
std::vector<double> training_data() {
    std::vector<double> x(120);
    for (size_t i = 0; i < 60; ++i) {
        const double u = std::sin(1.7 * double(i)), v = std::cos(0.9 * double(i) + 0.3);
        x[2 * i] = (i % 3 ? 1.0 : -1.0) + 0.5 * u;
        x[2 * i + 1] = 0.8 * x[2 * i] + 0.4 * v;
    }
    return x;
}

ofdm_basis *make_basis() {
    ofdm_basis *basis = nullptr;
    EXPECT_EQ(ofdm_basis_create_total_degree(2, 3, 0, &basis), OFDM_OK);
    return basis;
}

ofdm_model *make_model() {
    ofdm_basis *basis = make_basis();
    const std::vector<double> x = training_data();
    ofdm_model *model = nullptr;
    EXPECT_EQ(ofdm_fit(basis, x.data(), 60, 2, nullptr, &model), OFDM_OK) << ofdm_last_error();
    ofdm_basis_free(basis);
    return model;
}

std::vector<uint8_t> model_bytes() {
    ofdm_model *model = make_model();
    size_t size = 0;
    EXPECT_EQ(ofdm_model_serialized_size(model, &size), OFDM_OK);
    std::vector<uint8_t> bytes(size);
    EXPECT_EQ(ofdm_model_save_buffer(model, bytes.data(), size, nullptr), OFDM_OK);
    ofdm_model_free(model);
    return bytes;
}

// A fresh model for each run, so that a cache one call fills (the sampler keeps its coefficient
// path) is freed with the model and never mistaken for a leak.
struct ModelCall {
    ofdm_model *model = nullptr;
    void prepare() { model = make_model(); }
    void release() {
        ofdm_model_free(model);
        model = nullptr;
    }
};

struct TempDir {
    std::string path;
    TempDir() {
        char name[] = "/tmp/ofdm-alloc-XXXXXX";
        path = mkdtemp(name);
    }
    ~TempDir() { rmdir(path.c_str()); }
    int entries() const {
        int n = 0;
        if (DIR *dir = opendir(path.c_str())) {
            while (dirent *entry = readdir(dir)) n += entry->d_name[0] != '.';
            closedir(dir);
        }
        return n;
    }
};

// Whether this binary's operator new is the one in use. Valgrind replaces operator new and
// delete even in the executable unless run with --soname-synonyms=somalloc=nouserintercepts;
// then no failure can be injected and every case would pass without testing anything.
bool counting_allocator_in_use() {
    const int64_t before = g_live;
    int *probe = new int(1);
    const bool counted = g_live == before + 1;
    delete probe;
    return counted;
}

class AllocationFailure : public ::testing::Test {
protected:
    void SetUp() override {
        if (!counting_allocator_in_use())
            GTEST_SKIP() << "operator new is replaced by the tool running this binary (valgrind: add "
                            "--soname-synonyms=somalloc=nouserintercepts), so no failure can be injected";
    }
};

// ---- the entry points -------------------------------------------------------------------------

TEST_F(AllocationFailure, BasisCreateTotalDegree) {
    ofdm_basis *basis = kUntouchedBasis;
    fail_each_allocation_in_turn({"ofdm_basis_create_total_degree", [&] { basis = kUntouchedBasis; },
                                  [&] { return ofdm_basis_create_total_degree(3, 4, 2, &basis); },
                                  [&] { return basis == kUntouchedBasis; },
                                  [&] {
                                      if (basis != kUntouchedBasis) ofdm_basis_free(basis);
                                  }});
}

TEST_F(AllocationFailure, BasisCreateGraph) {
    const int64_t edges[] = {0, 1, 1, 2, 2, 0};
    ofdm_basis *basis = kUntouchedBasis;
    fail_each_allocation_in_turn({"ofdm_basis_create_graph", [&] { basis = kUntouchedBasis; },
                                  [&] { return ofdm_basis_create_graph(3, 3, edges, 3, &basis); },
                                  [&] { return basis == kUntouchedBasis; },
                                  [&] {
                                      if (basis != kUntouchedBasis) ofdm_basis_free(basis);
                                  }});
}

TEST_F(AllocationFailure, BasisCreateFromIndices) {
    const int32_t rows[] = {1, 0, 0, 2, 1, 1, 3, 0};
    ofdm_basis *basis = kUntouchedBasis;
    fail_each_allocation_in_turn({"ofdm_basis_create_from_indices", [&] { basis = kUntouchedBasis; },
                                  [&] { return ofdm_basis_create_from_indices(2, rows, 4, 2, &basis); },
                                  [&] { return basis == kUntouchedBasis; },
                                  [&] {
                                      if (basis != kUntouchedBasis) ofdm_basis_free(basis);
                                  }});
}

TEST_F(AllocationFailure, Fit) {
    const std::vector<double> x = training_data();
    ofdm_basis *basis = nullptr;
    ofdm_model *model = kUntouchedModel;
    for (int32_t time_mode : {OFDM_TIME_GALERKIN, OFDM_TIME_PERTURBATION}) {
        ofdm_fit_options options;
        ofdm_fit_options_init(&options);
        options.time_mode = time_mode;
        fail_each_allocation_in_turn({"ofdm_fit",
                                      [&] {
                                          basis = make_basis();
                                          model = kUntouchedModel;
                                      },
                                      [&] { return ofdm_fit(basis, x.data(), 60, 2, &options, &model); },
                                      [&] { return model == kUntouchedModel; },
                                      [&] {
                                          if (model != kUntouchedModel) ofdm_model_free(model);
                                          ofdm_basis_free(basis);
                                      }});
    }
}

// Points to evaluate at: three, and more than the library evaluates in one chunk (1024 rows in
// src/model/model.cpp), where a failure in a later chunk must not leave the earlier ones written.
std::vector<double> evaluation_points(int64_t n) {
    std::vector<double> x(size_t(2 * n));
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(0.37 * double(i)) * 1.5;
    return x;
}

TEST_F(AllocationFailure, Score) {
    for (int64_t n : {3, 1025}) {
        ModelCall m;
        const std::vector<double> x = evaluation_points(n);
        std::vector<double> out;
        fail_each_allocation_in_turn({"ofdm_model_score",
                                      [&] {
                                          m.prepare();
                                          out.assign(size_t(2 * n), unwritten());
                                      },
                                      [&] { return ofdm_model_score(m.model, 0.3, x.data(), n, 2, out.data(), 2); },
                                      [&] { return all_unwritten(out); }, [&] { m.release(); }});
    }
}

TEST_F(AllocationFailure, LogDensity) {
    for (int64_t n : {3, 1025}) {
        ModelCall m;
        const std::vector<double> x = evaluation_points(n);
        std::vector<double> out;
        fail_each_allocation_in_turn({"ofdm_model_log_density",
                                      [&] {
                                          m.prepare();
                                          out.assign(size_t(n), unwritten());
                                      },
                                      [&] { return ofdm_model_log_density(m.model, 0.3, x.data(), n, 2, out.data()); },
                                      [&] { return all_unwritten(out); }, [&] { m.release(); }});
    }
}

TEST_F(AllocationFailure, Coefficients) {
    ModelCall m;
    std::vector<double> alpha;
    fail_each_allocation_in_turn({"ofdm_model_coefficients",
                                  [&] {
                                      m.prepare();
                                      alpha.assign(9, unwritten());  // total degree 3 in 2-D: 9 functions
                                  },
                                  [&] { return ofdm_model_coefficients(m.model, 0.3, alpha.data()); },
                                  [&] { return all_unwritten(alpha); }, [&] { m.release(); }});
}

// One worker thread (threads = 1), so that the allocations come in the same order every run.
TEST_F(AllocationFailure, SampleOnOneThread) {
    for (int32_t method : {OFDM_SAMPLER_SDE, OFDM_SAMPLER_ODE_HEUN}) {
        ModelCall m;
        ofdm_sample_stats stats;
        ofdm_sample_options options;
        ofdm_sample_options_init(&options);
        options.method = method;
        options.steps = 4;
        options.t_max = 1.0;
        options.t_min = 0.05;
        options.threads = 1;
        if (method == OFDM_SAMPLER_ODE_HEUN) options.corrector = OFDM_CORRECTOR_MALA;
        options.stats = &stats;
        std::vector<double> out;
        fail_each_allocation_in_turn({"ofdm_model_sample",
                                      [&] {
                                          m.prepare();
                                          out.assign(6, unwritten());
                                          ofdm_sample_stats_init(&stats);
                                      },
                                      [&] { return ofdm_model_sample(m.model, 3, &options, out.data(), 2); },
                                      [&] {
                                          ofdm_sample_stats fresh;
                                          ofdm_sample_stats_init(&fresh);
                                          return all_unwritten(out) && std::memcmp(&stats, &fresh, sizeof stats) == 0;
                                      },
                                      [&] { m.release(); }});
    }
}

TEST_F(AllocationFailure, SerializedSize) {
    ModelCall m;
    size_t size = 12345;
    fail_each_allocation_in_turn({"ofdm_model_serialized_size",
                                  [&] {
                                      m.prepare();
                                      size = 12345;
                                  },
                                  [&] { return ofdm_model_serialized_size(m.model, &size); },
                                  [&] { return size == 12345; }, [&] { m.release(); }});
}

TEST_F(AllocationFailure, SaveBuffer) {
    ModelCall m;
    std::vector<uint8_t> buffer;
    size_t written = 12345;
    fail_each_allocation_in_turn({"ofdm_model_save_buffer",
                                  [&] {
                                      m.prepare();
                                      buffer.assign(4096, 0xA5);
                                      written = 12345;
                                  },
                                  [&] { return ofdm_model_save_buffer(m.model, buffer.data(), buffer.size(), &written); },
                                  [&] { return written == 12345 && buffer == std::vector<uint8_t>(4096, 0xA5); },
                                  [&] { m.release(); }});
}

TEST_F(AllocationFailure, LoadBuffer) {
    const std::vector<uint8_t> bytes = model_bytes();
    ofdm_model *model = kUntouchedModel;
    fail_each_allocation_in_turn({"ofdm_model_load_buffer", [&] { model = kUntouchedModel; },
                                  [&] { return ofdm_model_load_buffer(bytes.data(), bytes.size(), &model); },
                                  [&] { return model == kUntouchedModel; },
                                  [&] {
                                      if (model != kUntouchedModel) ofdm_model_free(model);
                                  }});
}

TEST_F(AllocationFailure, SaveToFile) {
    TempDir dir;
    const std::string path = dir.path + "/model.ofdm";
    ModelCall m;
    fail_each_allocation_in_turn({"ofdm_model_save", [&] { m.prepare(); },
                                  [&] { return ofdm_model_save(m.model, path.c_str()); },
                                  // Neither the file nor a temporary beside it.
                                  [&] { return dir.entries() == 0; },
                                  [&] {
                                      m.release();
                                      std::remove(path.c_str());
                                  }});
}

TEST_F(AllocationFailure, LoadFromFile) {
    TempDir dir;
    const std::string path = dir.path + "/model.ofdm";
    {
        ofdm_model *saved = make_model();
        ASSERT_EQ(ofdm_model_save(saved, path.c_str()), OFDM_OK);
        ofdm_model_free(saved);
    }
    ofdm_model *model = kUntouchedModel;
    fail_each_allocation_in_turn({"ofdm_model_load", [&] { model = kUntouchedModel; },
                                  [&] { return ofdm_model_load(path.c_str(), &model); },
                                  [&] { return model == kUntouchedModel; },
                                  [&] {
                                      if (model != kUntouchedModel) ofdm_model_free(model);
                                  }});
    std::remove(path.c_str());
}

// Crafted model files whose basis needs many moments but which hold few must be refused before
// the loader builds the moment set: building it costs O(K²) (every pair of basis functions that
// share a coordinate adds a moment), which a file of O(K) bytes must not be able to demand. The
// basis here is K functions e_0 + e_j (j = 1..K) in d = K + 1 dimensions, which needs
// K(K + 1)/2 + K + 2 moments (501 502 for K = 1000, in a file of 36 KB). Measured before the
// loader checked a cheap lower bound on that count first (galerkin_moment_lower_bound in
// src/model/model_file.cpp, K(K + 1)/2 here): K = 1000 allocated 25 MB at once (700 times the
// file), and K = 8000, a file of 288 KB, took 39 s and 1.28 GB before its refusal.
// `stored_means` means are written (all 1, which the loader reads only after the count checks),
// and the moment count field says `announced_means`.
std::vector<uint8_t> file_demanding_moments_it_lacks(uint64_t functions, uint64_t stored_means,
                                                     uint64_t announced_means) {
    std::vector<uint8_t> bytes;
    auto put = [&](uint64_t value, int size) {
        for (int i = 0; i < size; ++i) bytes.push_back(uint8_t(value >> (8 * i)));
    };
    auto put_f64 = [&](double value) {
        uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        put(bits, 8);
    };
    const uint64_t dim = functions + 1;
    for (char c : std::string("OFDMMODL")) bytes.push_back(uint8_t(c));
    put(1, 4);  // format 1.0
    put(0, 4);
    put(0, 8);  // payload size, set below
    put(dim, 8);
    put(functions, 8);
    put_f64(1.0);  // beta
    put_f64(0.0);  // ridge
    put(OFDM_COORDINATES_NONE, 4);
    put(OFDM_TIME_GALERKIN, 4);
    put(10, 8);  // training size
    for (uint64_t j = 0; j < dim; ++j) put_f64(-1.0);  // data box
    for (uint64_t j = 0; j < dim; ++j) put_f64(1.0);
    for (uint64_t j = 1; j <= functions; ++j) {  // e_0 + e_j
        put(2, 4);
        put(0, 4);
        put(1, 4);
        put(j, 4);
        put(1, 4);
    }
    put(announced_means, 8);
    for (uint64_t m = 0; m < stored_means; ++m) put_f64(1.0);
    const uint64_t payload = bytes.size() - 24;
    for (int i = 0; i < 8; ++i) bytes[16 + size_t(i)] = uint8_t(payload >> (8 * i));
    uint64_t h = 1469598103934665603ull;  // FNV-1a 64, the file's checksum
    for (uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
    put(h, 8);
    return bytes;
}

// Loads the bytes and checks the refusal: OFDM_ERR_CORRUPT naming the moments, *out untouched,
// and at most 32 times the file's size allocated at once. The bound: the loader's own copies of
// what it read (basis entries with their hash table, the box, the keys of the lower bound) are a
// few times the bytes they came from; 32 leaves room for container growth.
void expect_refused_cheaply(const std::vector<uint8_t> &bytes, const char *message_part) {
    fill_last_error();
    ofdm_model *model = kUntouchedModel;
    const int64_t baseline = g_live_bytes;
    g_peak_bytes = baseline;
    const ofdm_status status = ofdm_model_load_buffer(bytes.data(), bytes.size(), &model);
    const int64_t peak = g_peak_bytes - baseline;
    EXPECT_EQ(status, OFDM_ERR_CORRUPT) << ofdm_last_error();
    EXPECT_NE(std::strstr(ofdm_last_error(), message_part), nullptr) << ofdm_last_error();
    EXPECT_EQ(model, kUntouchedModel);
    EXPECT_LE(peak, 32 * int64_t(bytes.size()))
        << "the loader allocated " << peak << " bytes at once for a file of " << bytes.size()
        << " bytes before refusing it (" << ofdm_last_error() << ")";
}

// No moments at all, as the payload's length agrees: fewer than the K + 1 (zero index and basis)
// any basis needs.
TEST_F(AllocationFailure, CraftedFileWithoutMomentsIsRefusedBeforeItsMomentSetIsBuilt) {
    expect_refused_cheaply(file_demanding_moments_it_lacks(1000, 0, 0), "holds 0 moments where");
}

// K + 1 moments, consistent with the payload's length: the count passes the K + 1 floor, and the
// sumset bound (K(K + 1)/2 = 500 500 here) refuses it.
TEST_F(AllocationFailure, CraftedFileWithTooFewMomentsIsRefusedBeforeItsMomentSetIsBuilt) {
    expect_refused_cheaply(file_demanding_moments_it_lacks(1000, 1001, 1001), "needs at least 500500");
}

// A count the payload does not hold (announcing the true 501 502 moments but storing K + 1) is
// refused on the payload's length, before any moment work.
TEST_F(AllocationFailure, CraftedFileAnnouncingMoreMomentsThanItHoldsIsRefusedAtOnce) {
    expect_refused_cheaply(file_demanding_moments_it_lacks(1000, 1001, 501502), "holds 8008 bytes for them");
}

// The bound is what makes the checks cheap: at K = 8000 (a 350 KB file, 32 million moments needed),
// refusing takes the same few bytes per file byte as at K = 1000.
TEST_F(AllocationFailure, LargeCraftedFileIsRefusedBeforeItsMomentSetIsBuilt) {
    expect_refused_cheaply(file_demanding_moments_it_lacks(8000, 8001, 8001), "needs at least 32004000");
}

// One basis index of support s with every power 1, in a file of a few hundred bytes, needs
// 2^(s−1) moments at least (the pair (k, k) alone: φ_a φ_a with a = k − e_j has 2^(s−1) distinct
// terms). Measured before the loader checked that bound: s = 22, a file of 636 bytes, took 68 s
// and 740 MB before its refusal, each further coordinate doubling both; s = 40 is refused here at
// once, which before would have needed about 2^39 moments' worth of memory.
TEST_F(AllocationFailure, CraftedFileWithOneWideIndexIsRefusedBeforeItsMomentSetIsBuilt) {
    const uint64_t support = 40, stored_means = 2;
    std::vector<uint8_t> bytes;
    auto put = [&](uint64_t value, int size) {
        for (int i = 0; i < size; ++i) bytes.push_back(uint8_t(value >> (8 * i)));
    };
    auto put_f64 = [&](double value) {
        uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        put(bits, 8);
    };
    for (char c : std::string("OFDMMODL")) bytes.push_back(uint8_t(c));
    put(1, 4);  // format 1.0
    put(0, 4);
    put(0, 8);  // payload size, set below
    put(support, 8);  // dim
    put(1, 8);        // basis size
    put_f64(1.0);     // beta
    put_f64(0.0);     // ridge
    put(OFDM_COORDINATES_NONE, 4);
    put(OFDM_TIME_GALERKIN, 4);
    put(10, 8);  // training size
    for (uint64_t j = 0; j < support; ++j) put_f64(-1.0);  // data box
    for (uint64_t j = 0; j < support; ++j) put_f64(1.0);
    put(support, 4);  // the index e_0 + e_1 + … + e_{s−1}
    for (uint64_t j = 0; j < support; ++j) {
        put(j, 4);
        put(1, 4);
    }
    put(stored_means, 8);
    for (uint64_t m = 0; m < stored_means; ++m) put_f64(1.0);
    const uint64_t payload = bytes.size() - 24;
    for (int i = 0; i < 8; ++i) bytes[16 + size_t(i)] = uint8_t(payload >> (8 * i));
    uint64_t h = 1469598103934665603ull;  // FNV-1a 64
    for (uint8_t b : bytes) h = (h ^ b) * 1099511628211ull;
    put(h, 8);
    expect_refused_cheaply(bytes, "needs at least 549755813888");  // 2^39
}

// The sampler runs its batches on worker threads, even with threads = 1. A system out of thread
// resources (pthread_create gives EAGAIN, std::thread throws std::system_error) is the same kind
// of failure as one out of memory: the call must say so and leave nothing behind.
TEST_F(AllocationFailure, SamplerThreadThatCannotStart) {
    ofdm_model *model = make_model();
    ofdm_sample_options options;
    ofdm_sample_options_init(&options);
    options.steps = 4;
    options.threads = 1;
    std::vector<double> out(6, unwritten());
    ASSERT_EQ(ofdm_model_sample(model, 3, &options, out.data(), 2), OFDM_OK);  // warm: the path is cached
    out.assign(6, unwritten());
    fill_last_error();
    const int64_t live_before = g_live;
    g_refuse_threads = true;
    const ofdm_status status = ofdm_model_sample(model, 3, &options, out.data(), 2);
    g_refuse_threads = false;
    const int64_t leaked = g_live - live_before;
    EXPECT_EQ(status, OFDM_ERR_OUT_OF_MEMORY) << ofdm_status_string(status) << ": " << ofdm_last_error();
    EXPECT_TRUE(all_unwritten(out)) << "samples were written by a failed call";
    EXPECT_EQ(leaked, 0) << "allocations leaked";
    ofdm_model_free(model);
}

}  // namespace

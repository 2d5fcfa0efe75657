// The thread-safety contract of ofdm.h ("Conventions": a handle is immutable once created, any
// number of threads may use it at once, create/free touch only their own handle, the last-error
// message is thread-local), under load and checked result by result.
//
// Eight workers share one fitted model (2-D three-mode mixture, total degree 6, K = 27) and call
// score, log-density, coefficients, save_buffer and sample (two sampler workers per call, so the
// library's own threads run too); a loader thread loads, fits and frees other models and builds
// and frees bases; a failing thread makes calls fail with arguments that carry numbers unique to
// it. Every output is compared bit for bit with a single-threaded reference computed before the
// threads start; every failure message must be the caller's own (its function and its number).
//
// Runs for OFDM_STRESS_SECONDS seconds (default 5); whatever the value, every thread completes at
// least one round, and ten minutes without all threads finishing abort it as a deadlock. It
// prints the rounds and checked calls of each thread. A GoogleTest suite like tests/model/:
// `make test` runs it natively, `make sanitize` under ThreadSanitizer and AddressSanitizer
// (mk/sanitize.mk).
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ofdm.h"
#include "support/test_data.h"

namespace {

using ofdm::testing::Mixture;
using ofdm::testing::Random;

constexpr int kWorkers = 8;
constexpr int32_t kSamplerThreads = 2;
constexpr int64_t kSamples = 128;  // two of the sampler's 64-sample batches: one per sampler worker
constexpr int64_t kDim = 2;
const double kTimes[] = {0.0, 0.05, 0.5, 3.0, INFINITY};
constexpr size_t kTimeCount = sizeof kTimes / sizeof kTimes[0];

double stress_seconds() {
    const char *text = std::getenv("OFDM_STRESS_SECONDS");
    if (!text || !*text) return 5.0;
    char *end = nullptr;
    const double seconds = std::strtod(text, &end);
    if (*end != '\0' || !(seconds >= 0.0) || seconds > 86400.0) {
        ADD_FAILURE() << "OFDM_STRESS_SECONDS = \"" << text << "\" is not a number of seconds in [0, 86400]";
        return 5.0;
    }
    return seconds;
}

struct ModelFree {
    void operator()(ofdm_model *m) const { ofdm_model_free(m); }
};
struct BasisFree {
    void operator()(ofdm_basis *b) const { ofdm_basis_free(b); }
};
using ModelHandle = std::unique_ptr<ofdm_model, ModelFree>;
using BasisHandle = std::unique_ptr<ofdm_basis, BasisFree>;

// Bit-for-bit equality: distinguishes −0 from +0 and compares NaN payloads, as "identical" means.
template <class T>
bool identical(const std::vector<T> &a, const std::vector<T> &b) {
    return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0);
}

// ---- the outputs that are compared ------------------------------------------------------------

// The n × 2 evaluation points: a grid over the data, and points far out where the tail matters.
std::vector<double> evaluation_points() {
    std::vector<double> x;
    for (double u : {-2.0, -0.7, 0.4, 1.9})
        for (double v : {-1.5, -0.2, 1.1}) x.insert(x.end(), {u, v});
    x.insert(x.end(), {6.0, -6.0, -9.5, 0.3, 0.0, 12.0});
    return x;
}

ofdm_status scores_at(const ofdm_model *m, size_t time, const std::vector<double> &x, std::vector<double> &out) {
    const int64_t d = ofdm_model_dim(m), n = int64_t(x.size()) / d;
    out.assign(x.size(), 0.0);
    return ofdm_model_score(m, kTimes[time], x.data(), n, d, out.data(), d);
}

ofdm_status log_densities_at(const ofdm_model *m, size_t time, const std::vector<double> &x, std::vector<double> &out) {
    const int64_t d = ofdm_model_dim(m), n = int64_t(x.size()) / d;
    out.assign(size_t(n), 0.0);
    return ofdm_model_log_density(m, kTimes[time], x.data(), n, d, out.data());
}

ofdm_status coefficients_at(const ofdm_model *m, size_t time, std::vector<double> &out) {
    out.assign(size_t(ofdm_basis_size(ofdm_model_basis(m))), 0.0);
    return ofdm_model_coefficients(m, kTimes[time], out.data());
}

ofdm_status serialized(const ofdm_model *m, std::vector<unsigned char> &bytes) {
    size_t size = 0, written = 0;
    const ofdm_status status = ofdm_model_serialized_size(m, &size);
    if (status != OFDM_OK) return status;
    bytes.assign(size, 0);
    return ofdm_model_save_buffer(m, bytes.data(), size, &written);
}

// Two sampler configurations, so that both integrators and a corrector (which evaluates the
// log-density inside the workers) run concurrently.
ofdm_sample_options sample_configuration(int which, int32_t threads, ofdm_sample_stats *stats) {
    ofdm_sample_options o;
    ofdm_sample_options_init(&o);
    o.threads = threads;
    o.stats = stats;
    if (which == 0) {
        o.method = OFDM_SAMPLER_SDE;
        o.steps = 20;
        o.seed = 2024;
    } else {
        o.method = OFDM_SAMPLER_ODE_HEUN;
        o.steps = 10;
        o.corrector = OFDM_CORRECTOR_MALA;
        o.seed = 77;
    }
    return o;
}

struct SampleRun {
    std::vector<double> samples;
    ofdm_sample_stats stats;
};

ofdm_status sample_run(const ofdm_model *m, int which, int32_t threads, SampleRun &run) {
    ofdm_sample_stats_init(&run.stats);
    const ofdm_sample_options o = sample_configuration(which, threads, &run.stats);
    run.samples.assign(size_t(kSamples * kDim), 0.0);
    return ofdm_model_sample(m, kSamples, &o, run.samples.data(), kDim);
}

// The probability-flow functions: likelihoods of the evaluation points and a few flow samples
// with their log-densities, for two time ranges so that concurrent calls replace each other's
// α(t) curve in the model's cache.
struct FlowRun {
    std::vector<double> log_likelihood, samples, log_q;
};

ofdm_status flow_run(const ofdm_model *m, int which, const std::vector<double> &x, FlowRun &run) {
    ofdm_sample_options o;
    ofdm_flow_options_init(&o);
    o.threads = kSamplerThreads;
    o.seed = 5;
    if (which == 1) o.t_min = 1e-3, o.steps = 16;
    const int64_t n = int64_t(x.size()) / kDim, m_samples = 8;
    run.log_likelihood.assign(size_t(n), 0.0);
    run.samples.assign(size_t(m_samples * kDim), 0.0);
    run.log_q.assign(size_t(m_samples), 0.0);
    const ofdm_status status = ofdm_model_log_likelihood(m, x.data(), n, kDim, &o, run.log_likelihood.data());
    if (status != OFDM_OK) return status;
    return ofdm_model_sample_flow(m, m_samples, &o, run.samples.data(), kDim, run.log_q.data());
}

bool same_flow(const FlowRun &a, const FlowRun &b) {
    return identical(a.log_likelihood, b.log_likelihood) && identical(a.samples, b.samples) && identical(a.log_q, b.log_q);
}

bool same_stats(const ofdm_sample_stats &a, const ofdm_sample_stats &b) {
    return a.guarded_steps == b.guarded_steps && a.guarded_samples == b.guarded_samples &&
           a.corrector_proposals == b.corrector_proposals && a.corrector_accepted == b.corrector_accepted &&
           a.coefficient_nodes == b.coefficient_nodes &&
           std::memcmp(&a.coefficient_error, &b.coefficient_error, sizeof(double)) == 0;
}

// Everything a model gives at the fixed points and times. The helpers below make no gtest
// assertion, so that the threads never call into gtest: they record, and main asserts.
struct Evaluation {
    ofdm_status status = OFDM_OK;  // the first failure, if any
    std::vector<std::vector<double>> scores, log_densities, coefficients;  // one entry per time
};

Evaluation evaluate(const ofdm_model *m, const std::vector<double> &x) {
    Evaluation e;
    e.scores.resize(kTimeCount), e.log_densities.resize(kTimeCount), e.coefficients.resize(kTimeCount);
    for (size_t k = 0; k < kTimeCount && e.status == OFDM_OK; ++k) {
        e.status = scores_at(m, k, x, e.scores[k]);
        if (e.status == OFDM_OK) e.status = log_densities_at(m, k, x, e.log_densities[k]);
        if (e.status == OFDM_OK) e.status = coefficients_at(m, k, e.coefficients[k]);
    }
    return e;
}

bool same_evaluation(const Evaluation &a, const Evaluation &b) {
    if (a.status != OFDM_OK || b.status != OFDM_OK) return false;
    for (size_t k = 0; k < kTimeCount; ++k)
        if (!identical(a.scores[k], b.scores[k]) || !identical(a.log_densities[k], b.log_densities[k]) ||
            !identical(a.coefficients[k], b.coefficients[k]))
            return false;
    return true;
}

// A total-degree model of the n × dim array x; NULL on failure (ofdm_last_error says why).
ModelHandle fit(int64_t dim, int32_t degree, const std::vector<double> &x) {
    ofdm_basis *basis = nullptr;
    ofdm_model *model = nullptr;
    if (ofdm_basis_create_total_degree(dim, degree, 0, &basis) == OFDM_OK)
        (void)ofdm_fit(basis, x.data(), int64_t(x.size()) / dim, dim, nullptr, &model);
    ofdm_basis_free(basis);
    return ModelHandle(model);
}

// NULL on failure.
ModelHandle load(const std::vector<unsigned char> &bytes) {
    ofdm_model *model = nullptr;
    (void)ofdm_model_load_buffer(bytes.data(), bytes.size(), &model);
    return ModelHandle(model);
}

// ---- bases the loader thread rebuilds ---------------------------------------------------------

const int64_t kChain[] = {0, 1, 1, 2, 2, 3, 3, 4};  // a 5-node chain: 4 edges
const int32_t kIndices[] = {0, 0, 3, /**/ 1, 1, 0, /**/ 0, 2, 0, /**/ 1, 0, 0, /**/ 0, 1, 1};

ofdm_status create_basis(int which, ofdm_basis **out) {
    switch (which) {
        case 0: return ofdm_basis_create_total_degree(3, 4, 2, out);
        case 1: return ofdm_basis_create_graph(5, 3, kChain, 4, out);
        default: return ofdm_basis_create_from_indices(3, kIndices, 5, 3, out);
    }
}

std::vector<int32_t> indices_of(const ofdm_basis *b) {
    std::vector<int32_t> k(size_t(ofdm_basis_size(b) * ofdm_basis_dim(b)));
    if (ofdm_basis_indices(b, k.data(), ofdm_basis_dim(b)) != OFDM_OK) k.clear();
    return k;
}

// ---- what every thread reports ------------------------------------------------------------

struct ThreadLog {
    std::string role;
    int64_t rounds = 0;
    std::map<std::string, int64_t> checks;  // checked calls, by name
    int64_t mismatches = 0;
    std::vector<std::string> first_mismatches;  // the first few, for the failure message

    // Counts a checked call of `name`; records a mismatch, described by detail, when ok is false.
    void check(const char *name, bool ok, const std::string &detail = std::string()) {
        ++checks[name];
        if (ok) return;
        if (++mismatches <= 5)
            first_mismatches.push_back("round " + std::to_string(rounds) + ": " + name + (detail.empty() ? "" : ": ") + detail);
    }
};

// True when text holds number as a whole token: "-1000042" matches "n = -1000042 is" but not
// "-10000421".
bool names_number(const std::string &text, int64_t number) {
    const std::string token = std::to_string(number);
    for (size_t at = text.find(token); at != std::string::npos; at = text.find(token, at + 1)) {
        const bool starts = at == 0 || !std::isdigit((unsigned char)text[at - 1]);
        const bool ends = at + token.size() == text.size() || !std::isdigit((unsigned char)text[at + token.size()]);
        if (starts && ends) return true;
    }
    return false;
}

// A failure this thread caused: the status, then a message that is this thread's own (it names
// the failing function and, when given, the number only this thread passed), and it survives a
// successful call (ofdm.h: "Successful calls leave it unchanged").
void check_own_failure(ThreadLog &log, const ofdm_model *shared, ofdm_status got, ofdm_status want,
                       const char *function, const int64_t *number) {
    const std::string message = ofdm_last_error();  // copied: valid only until the next call
    const std::string prefix = std::string(function) + ":";
    const bool own = message.compare(0, prefix.size(), prefix) == 0 && (!number || names_number(message, *number));
    log.check("failure status", got == want,
              std::string(function) + " gave " + std::to_string(got) + ", expected " + std::to_string(want) +
                  " (message \"" + message + "\")");
    log.check("failure message", own,
              "\"" + message + "\" is not this thread's failure of " + function +
                  (number ? " with " + std::to_string(*number) : std::string()));
    std::vector<double> alpha;
    const bool succeeded = coefficients_at(shared, 2, alpha) == OFDM_OK;
    log.check("message kept", succeeded && message == ofdm_last_error(),
              std::string("after a successful call: \"") + ofdm_last_error() + "\", was \"" + message + "\"");
}

// A number no other thread passes: 10^6 (thread + 1) + round.
int64_t unique_number(int thread, int64_t round) { return 1000000 * int64_t(thread + 1) + round % 1000000; }

// ---- the shared state and the references ------------------------------------------------------

struct References {
    ModelHandle shared;  // the model every worker uses
    std::vector<double> points;
    Evaluation shared_evaluation;
    std::vector<unsigned char> shared_bytes;
    SampleRun samples[2];  // per sampler configuration, with kSamplerThreads workers
    FlowRun flows[2];      // per flow configuration (two time ranges: the model's curve cache churns)

    std::vector<unsigned char> other_bytes;  // a 3-D Gaussian model the loader thread loads
    std::vector<double> other_points;
    Evaluation other_evaluation, shared_loaded_evaluation;  // of single-threaded loads

    std::vector<double> small_data;  // the loader thread refits this
    Evaluation small_evaluation;

    std::vector<int32_t> basis_indices[3];  // per create_basis kind
};

References *g_references = nullptr;

class Concurrency : public ::testing::Test {
protected:
    // The references, computed on this one thread before any other starts.
    static void SetUpTestSuite() {
        auto r = std::make_unique<References>();
        Random random(20240611);
        const Mixture mixture{{{-1.2, -0.6}, {1.2, -0.6}, {0.0, 1.2}}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, 0.45};
        r->shared = fit(kDim, 6, mixture.sample(2000, random));
        ASSERT_NE(r->shared, nullptr) << ofdm_last_error();
        ASSERT_EQ(ofdm_basis_size(ofdm_model_basis(r->shared.get())), 27);
        r->points = evaluation_points();
        r->shared_evaluation = evaluate(r->shared.get(), r->points);
        ASSERT_EQ(r->shared_evaluation.status, OFDM_OK) << ofdm_last_error();
        ASSERT_EQ(serialized(r->shared.get(), r->shared_bytes), OFDM_OK) << ofdm_last_error();
        for (int which = 0; which < 2; ++which) {
            ASSERT_EQ(sample_run(r->shared.get(), which, kSamplerThreads, r->samples[which]), OFDM_OK) << ofdm_last_error();
            ASSERT_EQ(flow_run(r->shared.get(), which, r->points, r->flows[which]), OFDM_OK) << ofdm_last_error();
        }

        std::vector<double> gaussian(3 * 1500);
        for (size_t i = 0; i < gaussian.size(); i += 3) {
            const double g = random.normal();
            gaussian[i] = 2.0 + g;
            gaussian[i + 1] = 0.5 * g + random.normal();
            gaussian[i + 2] = -1.0 + 3.0 * random.normal();
        }
        ModelHandle other = fit(3, 3, gaussian);
        ASSERT_NE(other, nullptr) << ofdm_last_error();
        ASSERT_EQ(serialized(other.get(), r->other_bytes), OFDM_OK) << ofdm_last_error();
        r->other_points = {2.0, 0.0, -1.0, 0.5, 1.0, 4.0, 3.5, -1.0, -6.0, -4.0, 5.0, 9.0};
        ModelHandle other_loaded = load(r->other_bytes), shared_loaded = load(r->shared_bytes);
        ASSERT_NE(other_loaded, nullptr) << ofdm_last_error();
        ASSERT_NE(shared_loaded, nullptr) << ofdm_last_error();
        r->other_evaluation = evaluate(other_loaded.get(), r->other_points);
        r->shared_loaded_evaluation = evaluate(shared_loaded.get(), r->points);
        ASSERT_EQ(r->other_evaluation.status, OFDM_OK) << ofdm_last_error();
        ASSERT_EQ(r->shared_loaded_evaluation.status, OFDM_OK) << ofdm_last_error();

        r->small_data = mixture.sample(300, random);
        ModelHandle small = fit(kDim, 3, r->small_data);
        ASSERT_NE(small, nullptr) << ofdm_last_error();
        r->small_evaluation = evaluate(small.get(), r->points);
        ASSERT_EQ(r->small_evaluation.status, OFDM_OK) << ofdm_last_error();

        for (int which = 0; which < 3; ++which) {
            ofdm_basis *b = nullptr;
            ASSERT_EQ(create_basis(which, &b), OFDM_OK) << ofdm_last_error();
            r->basis_indices[which] = indices_of(b);
            ofdm_basis_free(b);
            ASSERT_FALSE(r->basis_indices[which].empty());
        }
        g_references = r.release();
    }

    static void TearDownTestSuite() {
        delete g_references;
        g_references = nullptr;
    }

    void SetUp() override { ASSERT_NE(g_references, nullptr) << "the references could not be built"; }
};

// ---- the threads' rounds ----------------------------------------------------------------------

std::string at_time(size_t time) { return "t = " + std::to_string(kTimes[time]); }

// One round of a worker: every read-only entry point on the shared model, then a failure.
void worker_round(int thread, ThreadLog &log) {
    const References &r = *g_references;
    const ofdm_model *m = r.shared.get();
    const size_t time = size_t(log.rounds + thread) % kTimeCount;
    std::vector<double> out;
    log.check("score", scores_at(m, time, r.points, out) == OFDM_OK && identical(out, r.shared_evaluation.scores[time]),
              at_time(time));
    log.check("log_density",
              log_densities_at(m, time, r.points, out) == OFDM_OK && identical(out, r.shared_evaluation.log_densities[time]),
              at_time(time));
    log.check("coefficients",
              coefficients_at(m, time, out) == OFDM_OK && identical(out, r.shared_evaluation.coefficients[time]),
              at_time(time));
    log.check("model_basis", ofdm_basis_size(ofdm_model_basis(m)) == 27 && ofdm_model_dim(m) == kDim);

    std::vector<unsigned char> bytes;
    log.check("save_buffer", serialized(m, bytes) == OFDM_OK && identical(bytes, r.shared_bytes));

    const int which = int((log.rounds + thread) % 2);
    SampleRun run;
    const ofdm_status status = sample_run(m, which, kSamplerThreads, run);
    log.check("sample",
              status == OFDM_OK && identical(run.samples, r.samples[which].samples) &&
                  same_stats(run.stats, r.samples[which].stats),
              "configuration " + std::to_string(which) + ", status " + std::to_string(status));

    FlowRun flow;
    const ofdm_status flow_status = flow_run(m, which, r.points, flow);
    log.check("log_likelihood+sample_flow", flow_status == OFDM_OK && same_flow(flow, r.flows[which]),
              "flow configuration " + std::to_string(which) + ", status " + std::to_string(flow_status));

    // A failure of this thread's own, among everyone else's.
    const int64_t n = -unique_number(thread, log.rounds);
    check_own_failure(log, m, ofdm_model_score(m, 0.0, r.points.data(), n, kDim, out.data(), kDim),
                      OFDM_ERR_INVALID_ARGUMENT, "ofdm_model_score", &n);
}

// One round of the loader: models loaded, fitted and freed, bases built and freed, each checked.
void loader_round(ThreadLog &log) {
    const References &r = *g_references;
    {
        ModelHandle other = load(r.other_bytes);
        log.check("load_buffer(3-D model)+outputs",
                  other && same_evaluation(evaluate(other.get(), r.other_points), r.other_evaluation));
    }
    {
        ModelHandle copy = load(r.shared_bytes);
        log.check("load_buffer(shared model)+outputs",
                  copy && same_evaluation(evaluate(copy.get(), r.points), r.shared_loaded_evaluation));
    }
    {
        ModelHandle refit = fit(kDim, 3, r.small_data);
        log.check("fit+outputs", refit && same_evaluation(evaluate(refit.get(), r.points), r.small_evaluation));
    }
    for (int which = 0; which < 3; ++which) {
        ofdm_basis *b = nullptr;
        const bool made = create_basis(which, &b) == OFDM_OK;
        BasisHandle basis(b);
        log.check("basis_create+indices", made && identical(indices_of(b), r.basis_indices[which]),
                  "kind " + std::to_string(which));
    }
}

// One round of the failing thread: failures of every kind in turn, each leaving its outputs
// untouched and a message that names this thread's call.
void failing_round(int thread, ThreadLog &log) {
    const References &r = *g_references;
    const ofdm_model *m = r.shared.get();
    const int64_t minus_u = -unique_number(thread, log.rounds);
    std::vector<double> out(r.points.size(), 12345.0);
    const std::vector<double> untouched = out;
    switch (log.rounds % 6) {
        case 0:
            check_own_failure(log, m, ofdm_model_score(m, 0.0, r.points.data(), minus_u, kDim, out.data(), kDim),
                              OFDM_ERR_INVALID_ARGUMENT, "ofdm_model_score", &minus_u);
            break;
        case 1:
            check_own_failure(log, m, ofdm_model_log_density(m, 0.5, r.points.data(), 3, minus_u, out.data()),
                              OFDM_ERR_INVALID_ARGUMENT, "ofdm_model_log_density", &minus_u);
            break;
        case 2: {
            ofdm_basis *const sentinel = reinterpret_cast<ofdm_basis *>(&out);
            ofdm_basis *b = sentinel;
            check_own_failure(log, m, ofdm_basis_create_total_degree(minus_u, 3, 0, &b), OFDM_ERR_INVALID_ARGUMENT,
                              "ofdm_basis_create_total_degree", &minus_u);
            log.check("out-pointer kept", b == sentinel, "ofdm_basis_create_total_degree");
            break;
        }
        case 3: {
            const ofdm_sample_options o = sample_configuration(0, int32_t(minus_u), nullptr);
            check_own_failure(log, m, ofdm_model_sample(m, 2, &o, out.data(), kDim), OFDM_ERR_INVALID_ARGUMENT,
                              "ofdm_model_sample", &minus_u);
            break;
        }
        case 4: {
            std::vector<unsigned char> bytes = r.other_bytes;
            bytes[0] ^= 0x20;  // "oFDMMODL": not the magic
            ofdm_model *loaded = nullptr;
            check_own_failure(log, m, ofdm_model_load_buffer(bytes.data(), bytes.size(), &loaded), OFDM_ERR_FORMAT,
                              "ofdm_model_load_buffer", nullptr);
            log.check("out-pointer kept", loaded == nullptr, "ofdm_model_load_buffer");
            break;
        }
        default:
            check_own_failure(log, m, ofdm_model_score(nullptr, 0.0, r.points.data(), 1, kDim, out.data(), kDim),
                              OFDM_ERR_NULL_ARGUMENT, "ofdm_model_score", nullptr);
            break;
    }
    log.check("output untouched", identical(out, untouched));
}

// "thread 3 (worker): 41 rounds; coefficients 41, failure message 41, ..." per thread.
std::string checks_table(const std::vector<ThreadLog> &logs, double seconds) {
    char head[64];
    std::snprintf(head, sizeof head, "concurrency: %zu threads for %.1f s\n", logs.size(), seconds);
    std::string table = head;
    for (size_t i = 0; i < logs.size(); ++i) {
        table += "  thread " + std::to_string(i) + " (" + logs[i].role + "): " + std::to_string(logs[i].rounds) +
                 " rounds; checked calls:";
        for (const auto &[name, count] : logs[i].checks) table += " " + name + " " + std::to_string(count) + ",";
        table.back() = '\n';
    }
    return table;
}

// ---- the tests --------------------------------------------------------------------------------

// What the stress test compares against must not vary on one thread: repeated calls, sampler
// thread counts, and loaded copies give the same bits. Without this, a concurrency failure could
// not be told from plain non-determinism.
TEST_F(Concurrency, ReferencesAreReproducibleOnOneThread) {
    const References &r = *g_references;
    EXPECT_TRUE(same_evaluation(evaluate(r.shared.get(), r.points), r.shared_evaluation));
    EXPECT_TRUE(same_evaluation(r.shared_loaded_evaluation, r.shared_evaluation))
        << "ofdm.h: loading gives bit-identical scores on the same machine";
    for (int which = 0; which < 2; ++which)
        for (int32_t threads : {1, kSamplerThreads, 3}) {
            SampleRun run;
            ASSERT_EQ(sample_run(r.shared.get(), which, threads, run), OFDM_OK) << ofdm_last_error();
            EXPECT_TRUE(identical(run.samples, r.samples[which].samples))
                << "configuration " << which << ", " << threads << " threads";
            EXPECT_TRUE(same_stats(run.stats, r.samples[which].stats)) << "configuration " << which;
        }
    for (int which : {1, 0, 1}) {  // the second call of a range reuses the cached curve
        FlowRun run;
        ASSERT_EQ(flow_run(r.shared.get(), which, r.points, run), OFDM_OK) << ofdm_last_error();
        EXPECT_TRUE(same_flow(run, r.flows[which])) << "flow configuration " << which;
    }
    std::vector<unsigned char> bytes;
    ASSERT_EQ(serialized(load(r.shared_bytes).get(), bytes), OFDM_OK);
    EXPECT_TRUE(identical(bytes, r.shared_bytes)) << "a loaded model serializes to the bytes it came from";
}

TEST_F(Concurrency, SharedModelGivesTheSingleThreadedResultsUnderLoad) {
    const double seconds = stress_seconds();
    constexpr int kLoader = kWorkers, kFailing = kWorkers + 1, kThreads = kWorkers + 2;
    std::vector<ThreadLog> logs(kThreads);
    for (int i = 0; i < kWorkers; ++i) logs[size_t(i)].role = "worker";
    logs[kLoader].role = "loader";
    logs[kFailing].role = "failing";

    // All threads start together (so that their calls overlap from the first one) and stop at
    // the end of their round once `stop` is set; main watches for a deadlock.
    std::mutex mutex;
    std::condition_variable changed;
    bool go = false;
    int finished = 0;
    std::atomic<bool> stop{false};
    auto thread_body = [&](int i) {
        {
            std::unique_lock<std::mutex> lock(mutex);
            changed.wait(lock, [&] { return go; });
        }
        ThreadLog &log = logs[size_t(i)];
        do {
            if (i < kWorkers) worker_round(i, log);
            else if (i == kLoader) loader_round(log);
            else failing_round(i, log);
            ++log.rounds;
        } while (!stop.load());
        std::lock_guard<std::mutex> lock(mutex);
        ++finished;
        changed.notify_all();
    };
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) threads.emplace_back(thread_body, i);
    const auto start = std::chrono::steady_clock::now();
    {
        std::lock_guard<std::mutex> lock(mutex);
        go = true;
    }
    changed.notify_all();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    {
        // A round takes well under a second natively and tens of seconds at most under a
        // sanitizer; ten minutes without finishing is a deadlock, and a hang would stall CI.
        std::unique_lock<std::mutex> lock(mutex);
        if (!changed.wait_for(lock, std::chrono::minutes(10), [&] { return finished == kThreads; })) {
            std::fprintf(stderr, "concurrency: %d of %d threads still running 10 minutes after the stop: deadlock\n",
                         kThreads - finished, kThreads);
            std::abort();
        }
    }
    for (std::thread &t : threads) t.join();
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::printf("%s", checks_table(logs, elapsed).c_str());
    for (size_t i = 0; i < logs.size(); ++i) {
        EXPECT_GE(logs[i].rounds, 1);
        std::string first;
        for (const std::string &m : logs[i].first_mismatches) first += "\n    " + m;
        EXPECT_EQ(logs[i].mismatches, 0) << "thread " << i << " (" << logs[i].role << ")" << first;
    }
}

}  // namespace

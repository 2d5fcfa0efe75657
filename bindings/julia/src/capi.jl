# The raw C API: one Julia function per header function, with the header's name and argument
# order, each one `ccall` of one uniform shape (bindings/check/ compares them with the header):
#
#   ccall((:ofdm_name, libofdm), ReturnType, (ArgType, ...), args...)
#
# Types: int64_t → Int64, int32_t → Int32, double → Cdouble, size_t → Csize_t, unsigned → Cuint,
# enums → Cint, const char* → Cstring, handles (ofdm_basis*, ofdm_model*) → Ptr{Cvoid},
# out-handles (ofdm_basis**, ofdm_model**) → Ref{Ptr{Cvoid}}, size_t* → Ref{Csize_t}, arrays →
# Ptr{element type}, void* buffers → Ptr{UInt8}, option structs → Ref{mirror struct}.
# A handle argument may be a Basis or Model object: ccall then keeps the object (and so its
# handle) alive for the duration of the call, which a bare pointer would not.
#
# The header's `ofdm_X_init(p)` macros, which pass `sizeof *p` to `ofdm_X_init_sized`, are the
# one-line methods `ofdm_X_init(p) = ofdm_X_init_sized(p, sizeof(T))` beside them, returning the
# status. (The C functions named `ofdm_X_init`, kept for programs built against older headers,
# write the older layout — `ofdm_fit_options` without memory_limit and data_dim — and are not
# called.)

# ---- Version ---------------------------------------------------------------------------------
ofdm_version_number() = ccall((:ofdm_version_number, libofdm), Cuint, ())
ofdm_version_string() = ccall((:ofdm_version_string, libofdm), Cstring, ())

# ---- Status and errors -----------------------------------------------------------------------
ofdm_status_string(status) = ccall((:ofdm_status_string, libofdm), Cstring, (Cint,), status)
ofdm_last_error() = ccall((:ofdm_last_error, libofdm), Cstring, ())

# ---- Basis -----------------------------------------------------------------------------------
ofdm_basis_create_total_degree(dim, max_degree, max_interaction, out) =
    ccall((:ofdm_basis_create_total_degree, libofdm), Cint, (Int64, Int32, Int32, Ref{Ptr{Cvoid}}),
          dim, max_degree, max_interaction, out)
ofdm_basis_create_graph(dim, max_degree, edges, n_edges, out) =
    ccall((:ofdm_basis_create_graph, libofdm), Cint, (Int64, Int32, Ptr{Int64}, Int64, Ref{Ptr{Cvoid}}),
          dim, max_degree, edges, n_edges, out)
ofdm_basis_create_from_indices(dim, indices, count, ld, out) =
    ccall((:ofdm_basis_create_from_indices, libofdm), Cint, (Int64, Ptr{Int32}, Int64, Int64, Ref{Ptr{Cvoid}}),
          dim, indices, count, ld, out)
ofdm_basis_size(basis) = ccall((:ofdm_basis_size, libofdm), Int64, (Ptr{Cvoid},), basis)
ofdm_basis_dim(basis) = ccall((:ofdm_basis_dim, libofdm), Int64, (Ptr{Cvoid},), basis)
ofdm_basis_max_degree(basis) = ccall((:ofdm_basis_max_degree, libofdm), Int32, (Ptr{Cvoid},), basis)
ofdm_basis_indices(basis, out, ldout) =
    ccall((:ofdm_basis_indices, libofdm), Cint, (Ptr{Cvoid}, Ptr{Int32}, Int64), basis, out, ldout)
ofdm_basis_free(basis) = ccall((:ofdm_basis_free, libofdm), Cvoid, (Ptr{Cvoid},), basis)

# ---- Fit -------------------------------------------------------------------------------------
ofdm_fit_options_init_sized(options, size) =
    ccall((:ofdm_fit_options_init_sized, libofdm), Cint, (Ref{FitOptions}, Csize_t), options, size)
ofdm_fit_options_init(options::FitOptions) = ofdm_fit_options_init_sized(options, sizeof(FitOptions))
ofdm_fit(basis, x, n, ldx, options, out) =
    ccall((:ofdm_fit, libofdm), Cint, (Ptr{Cvoid}, Ptr{Cdouble}, Int64, Int64, Ref{FitOptions}, Ref{Ptr{Cvoid}}),
          basis, x, n, ldx, options, out)
ofdm_find_outliers(x, n, d, ldx, count, first_row, first_column, distance) =
    ccall((:ofdm_find_outliers, libofdm), Cint,
          (Ptr{Cdouble}, Int64, Int64, Int64, Ref{Int64}, Ref{Int64}, Ref{Int64}, Ref{Cdouble}),
          x, n, d, ldx, count, first_row, first_column, distance)

# ---- Model -----------------------------------------------------------------------------------
ofdm_model_score(model, t, x, n, ldx, out, ldout) =
    ccall((:ofdm_model_score, libofdm), Cint, (Ptr{Cvoid}, Cdouble, Ptr{Cdouble}, Int64, Int64, Ptr{Cdouble}, Int64),
          model, t, x, n, ldx, out, ldout)
ofdm_model_log_density(model, t, x, n, ldx, out) =
    ccall((:ofdm_model_log_density, libofdm), Cint, (Ptr{Cvoid}, Cdouble, Ptr{Cdouble}, Int64, Int64, Ptr{Cdouble}),
          model, t, x, n, ldx, out)
ofdm_model_coefficients(model, t, alpha) =
    ccall((:ofdm_model_coefficients, libofdm), Cint, (Ptr{Cvoid}, Cdouble, Ptr{Cdouble}), model, t, alpha)
ofdm_model_to_latent(model, x, n, ldx, z, ldz) =
    ccall((:ofdm_model_to_latent, libofdm), Cint, (Ptr{Cvoid}, Ptr{Cdouble}, Int64, Int64, Ptr{Cdouble}, Int64),
          model, x, n, ldx, z, ldz)
ofdm_model_from_latent(model, z, n, ldz, x, ldx) =
    ccall((:ofdm_model_from_latent, libofdm), Cint, (Ptr{Cvoid}, Ptr{Cdouble}, Int64, Int64, Ptr{Cdouble}, Int64),
          model, z, n, ldz, x, ldx)
# Borrowed: valid while the model lives; never pass it to ofdm_basis_free.
ofdm_model_basis(model) = ccall((:ofdm_model_basis, libofdm), Ptr{Cvoid}, (Ptr{Cvoid},), model)
ofdm_model_dim(model) = ccall((:ofdm_model_dim, libofdm), Int64, (Ptr{Cvoid},), model)
ofdm_model_latent_dim(model) = ccall((:ofdm_model_latent_dim, libofdm), Int64, (Ptr{Cvoid},), model)
ofdm_model_rank(model) = ccall((:ofdm_model_rank, libofdm), Int64, (Ptr{Cvoid},), model)
ofdm_model_beta(model) = ccall((:ofdm_model_beta, libofdm), Cdouble, (Ptr{Cvoid},), model)
ofdm_model_training_size(model) = ccall((:ofdm_model_training_size, libofdm), Int64, (Ptr{Cvoid},), model)
ofdm_model_options(model, options) =
    ccall((:ofdm_model_options, libofdm), Cint, (Ptr{Cvoid}, Ref{FitOptions}), model, options)
ofdm_model_free(model) = ccall((:ofdm_model_free, libofdm), Cvoid, (Ptr{Cvoid},), model)

# ---- Sampling --------------------------------------------------------------------------------
ofdm_sample_stats_init_sized(stats, size) =
    ccall((:ofdm_sample_stats_init_sized, libofdm), Cint, (Ref{SampleStats}, Csize_t), stats, size)
ofdm_sample_stats_init(stats::SampleStats) = ofdm_sample_stats_init_sized(stats, sizeof(SampleStats))
ofdm_sample_options_init_sized(options, size) =
    ccall((:ofdm_sample_options_init_sized, libofdm), Cint, (Ref{SampleOptions}, Csize_t), options, size)
ofdm_sample_options_init(options::SampleOptions) =
    ofdm_sample_options_init_sized(options, sizeof(SampleOptions))
ofdm_model_sample(model, n, options, out, ldout) =
    ccall((:ofdm_model_sample, libofdm), Cint, (Ptr{Cvoid}, Int64, Ref{SampleOptions}, Ptr{Cdouble}, Int64),
          model, n, options, out, ldout)

# ---- Likelihood and reweighting --------------------------------------------------------------
ofdm_flow_options_init_sized(options, size) =
    ccall((:ofdm_flow_options_init_sized, libofdm), Cint, (Ref{SampleOptions}, Csize_t), options, size)
ofdm_flow_options_init(options::SampleOptions) = ofdm_flow_options_init_sized(options, sizeof(SampleOptions))
ofdm_model_log_likelihood(model, x, n, ldx, options, out) =
    ccall((:ofdm_model_log_likelihood, libofdm), Cint,
          (Ptr{Cvoid}, Ptr{Cdouble}, Int64, Int64, Ref{SampleOptions}, Ptr{Cdouble}), model, x, n, ldx, options, out)
ofdm_model_sample_flow(model, n, options, out, ldout, log_q) =
    ccall((:ofdm_model_sample_flow, libofdm), Cint,
          (Ptr{Cvoid}, Int64, Ref{SampleOptions}, Ptr{Cdouble}, Int64, Ptr{Cdouble}), model, n, options, out, ldout, log_q)
ofdm_importance_summary_init_sized(summary, size) =
    ccall((:ofdm_importance_summary_init_sized, libofdm), Cint, (Ref{ImportanceSummary}, Csize_t), summary, size)
ofdm_importance_summary_init(summary::ImportanceSummary) =
    ofdm_importance_summary_init_sized(summary, sizeof(ImportanceSummary))
ofdm_importance(log_target, log_q, n, weights, summary) =
    ccall((:ofdm_importance, libofdm), Cint, (Ptr{Cdouble}, Ptr{Cdouble}, Int64, Ptr{Cdouble}, Ref{ImportanceSummary}),
          log_target, log_q, n, weights, summary)
ofdm_importance_estimate(weights, n, values, m, ldv, mean, standard_error) =
    ccall((:ofdm_importance_estimate, libofdm), Cint,
          (Ptr{Cdouble}, Int64, Ptr{Cdouble}, Int64, Int64, Ptr{Cdouble}, Ptr{Cdouble}),
          weights, n, values, m, ldv, mean, standard_error)

# ---- Moments ---------------------------------------------------------------------------------
ofdm_moments_create(basis, options, out) =
    ccall((:ofdm_moments_create, libofdm), Cint, (Ptr{Cvoid}, Ref{FitOptions}, Ref{Ptr{Cvoid}}), basis, options, out)
ofdm_moments_add(moments, x, n, ldx) =
    ccall((:ofdm_moments_add, libofdm), Cint, (Ptr{Cvoid}, Ptr{Cdouble}, Int64, Int64), moments, x, n, ldx)
ofdm_moments_begin_moments(moments) =
    ccall((:ofdm_moments_begin_moments, libofdm), Cint, (Ptr{Cvoid},), moments)
ofdm_moments_in_statistics_pass(moments) =
    ccall((:ofdm_moments_in_statistics_pass, libofdm), Cint, (Ptr{Cvoid},), moments)
ofdm_moments_count(moments) = ccall((:ofdm_moments_count, libofdm), Int64, (Ptr{Cvoid},), moments)
ofdm_moments_merge(moments, other) =
    ccall((:ofdm_moments_merge, libofdm), Cint, (Ptr{Cvoid}, Ptr{Cvoid}), moments, other)
ofdm_moments_export_length(moments, length) =
    ccall((:ofdm_moments_export_length, libofdm), Cint, (Ptr{Cvoid}, Ref{Int64}), moments, length)
ofdm_moments_export(moments, out) =
    ccall((:ofdm_moments_export, libofdm), Cint, (Ptr{Cvoid}, Ptr{Cdouble}), moments, out)
ofdm_moments_import(moments, values, length) =
    ccall((:ofdm_moments_import, libofdm), Cint, (Ptr{Cvoid}, Ptr{Cdouble}, Int64), moments, values, length)
ofdm_fit_moments(moments, options, out) =
    ccall((:ofdm_fit_moments, libofdm), Cint, (Ptr{Cvoid}, Ref{FitOptions}, Ref{Ptr{Cvoid}}), moments, options, out)
ofdm_moments_free(moments) = ccall((:ofdm_moments_free, libofdm), Cvoid, (Ptr{Cvoid},), moments)

# ---- Model selection without sampling --------------------------------------------------------
ofdm_select_options_init_sized(options, size) =
    ccall((:ofdm_select_options_init_sized, libofdm), Cint, (Ref{SelectOptions}, Csize_t), options, size)
ofdm_select_options_init(options::SelectOptions) = ofdm_select_options_init_sized(options, sizeof(SelectOptions))
ofdm_select_report_init_sized(report, size) =
    ccall((:ofdm_select_report_init_sized, libofdm), Cint, (Ref{SelectReport}, Csize_t), report, size)
ofdm_select_report_init(report::SelectReport) = ofdm_select_report_init_sized(report, sizeof(SelectReport))
ofdm_fit_select(x, n, d, ldx, fit_options, options, out, report) =
    ccall((:ofdm_fit_select, libofdm), Cint,
          (Ptr{Cdouble}, Int64, Int64, Int64, Ref{FitOptions}, Ref{SelectOptions}, Ref{Ptr{Cvoid}}, Ref{SelectReport}),
          x, n, d, ldx, fit_options, options, out, report)
ofdm_model_validation_loss(model, x, n, ldx, loss) =
    ccall((:ofdm_model_validation_loss, libofdm), Cint, (Ptr{Cvoid}, Ptr{Cdouble}, Int64, Int64, Ref{Cdouble}),
          model, x, n, ldx, loss)

# ---- Adaptive basis --------------------------------------------------------------------------
ofdm_adaptive_options_init_sized(options, size) =
    ccall((:ofdm_adaptive_options_init_sized, libofdm), Cint, (Ref{AdaptiveOptions}, Csize_t), options, size)
ofdm_adaptive_options_init(options::AdaptiveOptions) =
    ofdm_adaptive_options_init_sized(options, sizeof(AdaptiveOptions))
ofdm_adaptive_report_init_sized(report, size) =
    ccall((:ofdm_adaptive_report_init_sized, libofdm), Cint, (Ref{RawAdaptiveReport}, Csize_t), report, size)
ofdm_adaptive_report_init(report::RawAdaptiveReport) =
    ofdm_adaptive_report_init_sized(report, sizeof(RawAdaptiveReport))
ofdm_fit_adaptive(x, n, d, ldx, fit_options, options, out, report) =
    ccall((:ofdm_fit_adaptive, libofdm), Cint,
          (Ptr{Cdouble}, Int64, Int64, Int64, Ref{FitOptions}, Ref{AdaptiveOptions}, Ref{Ptr{Cvoid}},
           Ref{RawAdaptiveReport}),
          x, n, d, ldx, fit_options, options, out, report)

# ---- Files and buffers -----------------------------------------------------------------------
ofdm_model_save(model, path) = ccall((:ofdm_model_save, libofdm), Cint, (Ptr{Cvoid}, Cstring), model, path)
ofdm_model_load(path, out) = ccall((:ofdm_model_load, libofdm), Cint, (Cstring, Ref{Ptr{Cvoid}}), path, out)
ofdm_model_serialized_size(model, size) =
    ccall((:ofdm_model_serialized_size, libofdm), Cint, (Ptr{Cvoid}, Ref{Csize_t}), model, size)
ofdm_model_save_buffer(model, buffer, capacity, written) =
    ccall((:ofdm_model_save_buffer, libofdm), Cint, (Ptr{Cvoid}, Ptr{UInt8}, Csize_t, Ref{Csize_t}),
          model, buffer, capacity, written)
ofdm_model_load_buffer(buffer, size, out) =
    ccall((:ofdm_model_load_buffer, libofdm), Cint, (Ptr{UInt8}, Csize_t, Ref{Ptr{Cvoid}}), buffer, size, out)

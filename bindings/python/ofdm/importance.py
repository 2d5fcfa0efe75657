"""Self-normalized importance reweighting of samples drawn from a model: ofdm_importance and
ofdm_importance_estimate (ofdm.h, "Likelihood and reweighting")."""
import ctypes
from dataclasses import dataclass, fields

import numpy as np

from ._capi import ImportanceSummaryStruct, lib
from ._convert import FLOAT64, address, rows_in, values_in
from .errors import check


@dataclass(frozen=True)
class ImportanceSummary:
    """What the weights say about how well the samples represent the target
    (ofdm_importance_summary)."""
    effective_sample_size: float  # (Σ w)² / Σ w², in [1, n]
    ess_per_sample: float         # effective_sample_size / n
    log_z: float                  # log (1/n) Σ exp(log_target − log_q): the target's log normalizer
    log_z_error: float            # its standard error (delta method); NaN when n == 1
    max_weight: float             # the largest normalized weight, in (0, 1]

    @classmethod
    def from_struct(cls, struct):
        return cls(**{f.name: getattr(struct, f.name) for f in fields(cls)})


def importance(log_target, log_q):
    """Self-normalized importance weights w_i ∝ exp(log_target_i − log_q_i) of n samples drawn
    from q (e.g. Model.sample_flow) for an unnormalized target density, computed without
    overflow: (weights, ImportanceSummary), the weights a length-n array summing to 1.
    log_target may hold -inf (weight 0); NaN or +inf there, or a non-finite log_q, raises
    NonfiniteInputError; all weights zero or n == 0 raise InvalidArgumentError."""
    log_target = values_in(log_target, "log_target")
    log_q = values_in(log_q, "log_q", length=log_target.shape[0])
    n = log_target.shape[0]
    weights = np.empty(n, dtype=FLOAT64)
    summary = ImportanceSummaryStruct()
    check(lib.ofdm_importance_summary_init_sized(ctypes.byref(summary), ctypes.sizeof(summary)))
    check(lib.ofdm_importance(address(log_target), address(log_q), n, address(weights), ctypes.byref(summary)))
    return weights, ImportanceSummary.from_struct(summary)


def importance_estimate(weights, values):
    """Weighted means of observables and their delta-method standard errors:
    mean_j = Σ_i w_i f_ij / Σ_i w_i, standard_error_j = sqrt(Σ_i w̄_i² (f_ij − mean_j)²) with
    w̄ = w / Σ w. weights: n non-negative finite values, not all zero (need not be normalized).
    values: n values of one observable, giving (mean, standard_error) as floats, or an n × m
    array of m observables, giving two length-m arrays."""
    weights = values_in(weights, "weights")
    n = weights.shape[0]
    one_observable = np.ndim(values) == 1
    if one_observable:
        values = np.reshape(values_in(values, "values", length=n), (n, 1))
    values, ldv = rows_in(values, FLOAT64, "values")
    if values.shape[0] != n:
        raise ValueError(f"values must have one row per weight ({n}), got shape {values.shape}")
    m = values.shape[1]
    mean, standard_error = np.empty(m, dtype=FLOAT64), np.empty(m, dtype=FLOAT64)
    check(lib.ofdm_importance_estimate(address(weights), n, address(values), m, ldv, address(mean),
                                       address(standard_error)))
    return (float(mean[0]), float(standard_error[0])) if one_observable else (mean, standard_error)

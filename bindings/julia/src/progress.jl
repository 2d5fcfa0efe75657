# Progress callbacks: a Julia function `f(done, total)` that returns `true` to cancel (anything
# else goes on). The C library calls one fixed @cfunction, which finds the Julia function through
# `progress_data`; an exception thrown by `f` cancels the run and is rethrown after the C call
# returns, so it never unwinds through C frames.

mutable struct ProgressState
    callback::Any
    error::Any
end

# Set in __init__: a C function pointer is only valid in the process that made it.
const PROGRESS_TRAMPOLINE = Ref{Ptr{Cvoid}}(C_NULL)

function progress_trampoline(done::Int64, total::Int64, data::Ptr{Cvoid})::Cint
    state = unsafe_pointer_to_objref(data)::ProgressState
    try
        return state.callback(done, total) === true ? Cint(1) : Cint(0)
    catch error
        state.error = error
        return Cint(1)
    end
end

# Runs `call()`, which returns an ofdm status without throwing, with `options.progress` pointing
# at `callback` (no callback when it is `nothing`). The state object is kept alive for the call;
# an error the callback threw is rethrown here, in preference to the OFDM_ERR_CANCELLED it caused.
function with_progress(call, options, callback)
    callback === nothing && return call()
    state = ProgressState(callback, nothing)
    options.progress = PROGRESS_TRAMPOLINE[]
    options.progress_data = pointer_from_objref(state)
    status = try
        GC.@preserve state call()
    finally
        options.progress = C_NULL
        options.progress_data = C_NULL
    end
    state.error === nothing || throw(state.error)
    return status
end

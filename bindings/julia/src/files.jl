# Model files and in-memory buffers (portable, checksummed; see the header's "Files" section).

"""
    save(model, path)

Saves the model to `path` atomically (a temporary file renamed over it).
"""
save(model::Model, path::AbstractString) = check_status(ofdm_model_save(model, String(path)))

"""
    load(path) -> Model

Loads a model saved by [`save`](@ref); it scores bit-identically on the same machine.
"""
function load(path::AbstractString)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    check_status(ofdm_model_load(String(path), out))
    return owned_model(out[])
end

"""
    serialized_size(model) -> Int

The exact size in bytes of the model's serialized form.
"""
function serialized_size(model::Model)
    bytes = Ref{Csize_t}(0)
    check_status(ofdm_model_serialized_size(model, bytes))
    return Int(bytes[])
end

"""
    save_buffer(model) -> Vector{UInt8}

The serialized model: the same bytes as [`save`](@ref) writes.
"""
function save_buffer(model::Model)
    buffer = Vector{UInt8}(undef, serialized_size(model))
    written = Ref{Csize_t}(0)
    check_status(ofdm_model_save_buffer(model, buffer, Csize_t(length(buffer)), written))
    return resize!(buffer, Int(written[]))
end

"""
    load_buffer(buffer) -> Model

Loads a model from the bytes of [`save_buffer`](@ref) (or of a model file).
"""
function load_buffer(buffer::AbstractVector{UInt8})
    bytes = buffer isa Vector{UInt8} ? buffer : Vector{UInt8}(buffer)
    out = Ref{Ptr{Cvoid}}(C_NULL)
    check_status(ofdm_model_load_buffer(bytes, Csize_t(length(bytes)), out))
    return owned_model(out[])
end

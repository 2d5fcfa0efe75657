# How failures reach Julia code, and the library version check.

"""
    OfdmError(status, description, message)

Thrown by every wrapper whose C call fails. `status` is the `ofdm_status` value (compare with
`Ofdm.OFDM_ERR_*`), `description` is `ofdm_status_string(status)` (e.g. "singular system") and
`message` the library's detail for this failure (`ofdm_last_error()`), or the binding's own when
the binding refused the call before reaching the library.
"""
struct OfdmError <: Exception
    status::Cint
    description::String
    message::String
end

Base.showerror(io::IO, error::OfdmError) =
    print(io, "OfdmError: ", error.description, " (status ", error.status, "): ", error.message)

"""
    check_status(status)

Throws the `OfdmError` of a failed C call; returns `nothing` for `OFDM_OK`. Reads both strings
at once, before any other ofdm call can replace the thread-local detail message.
"""
function check_status(status::Cint)
    status == OFDM_OK && return nothing
    description = unsafe_string(ofdm_status_string(status))
    message = unsafe_string(ofdm_last_error())
    throw(OfdmError(status, description, message))
end

# An invalid argument the binding catches itself (one the C API cannot see, such as an array's
# extent), reported like the library's own.
invalid_argument(message::AbstractString) =
    OfdmError(OFDM_ERR_INVALID_ARGUMENT, unsafe_string(ofdm_status_string(OFDM_ERR_INVALID_ARGUMENT)), message)

"""
    abi_mismatch_message(library_version_number) -> String

`""` when `library_version_number ÷ 10000` (the ABI major) is the one this binding was written
for, otherwise the message that explains the refusal, naming both.
"""
function abi_mismatch_message(library_version_number::Integer)
    library_major = library_version_number ÷ 10000
    library_major == OFDM_VERSION_MAJOR && return ""
    return "the ofdm library linked at run time has version number $(library_version_number) " *
           "(ABI major $(library_major)), but this Julia binding was written for ABI major " *
           "$(OFDM_VERSION_MAJOR); install a libofdm.so.$(OFDM_VERSION_MAJOR) or update the binding"
end

"""
    check_version()

Runs when the module loads (`__init__`): refuses a library whose ABI major differs from the
binding's with an `OfdmError` (`OFDM_ERR_VERSION`) naming both versions.
"""
function check_version()
    message = abi_mismatch_message(ofdm_version_number())
    isempty(message) && return nothing
    library = unsafe_string(ofdm_version_string())
    throw(OfdmError(OFDM_ERR_VERSION, "library version mismatch", "$(message) (library $(library))"))
end

"""
    version() -> VersionNumber

The linked library's version.
"""
version() = VersionNumber(unsafe_string(ofdm_version_string()))

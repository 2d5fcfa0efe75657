# How Julia arrays meet the C API's row-major arrays with a leading dimension.
#
# A point set is a d × n matrix whose columns are the points: in memory, column j starts at
# x[1, j] and its d coordinates are contiguous, which is the C API's row-major n × d array with
# leading dimension stride(x, 2). So a Matrix passes with ld = d, and a view such as
# view(X, 1:2, :) of a 3 × n matrix passes in place with ld = 3.

# x, or a Float64 copy with contiguous columns when the C API cannot read x in place.
as_points(x::StridedMatrix{Float64}) = stride(x, 1) == 1 ? x : Matrix{Float64}(x)
as_points(x::AbstractMatrix{<:Real}) = Matrix{Float64}(x)

# v, or a contiguous Float64 copy when the C API cannot read v in place.
as_values(v::StridedVector{Float64}) = stride(v, 1) == 1 ? v : Vector{Float64}(v)
as_values(v::AbstractVector{<:Real}) = Vector{Float64}(v)

# The C leading dimension of a matrix with contiguous columns.
leading_dimension(x::StridedMatrix) = Int64(stride(x, 2))

# Checks that x has d rows (what: the argument's name in the message; dimension: the name of d,
# "r" for latent points).
function require_rows(x::AbstractMatrix, d::Integer, what::AbstractString; dimension = "d")
    size(x, 1) == d && return nothing
    throw(invalid_argument("$(what) has $(size(x, 1)) rows; the dimension $(dimension) is $(d)"))
end

# Checks that an output array can be written in place with at least `columns` columns of d rows.
function require_output(out::StridedMatrix{Float64}, d::Integer, columns::Integer, what::AbstractString;
                        dimension = "d")
    stride(out, 1) == 1 || throw(invalid_argument("$(what) must have contiguous columns (stride 1)"))
    require_rows(out, d, what; dimension = dimension)
    size(out, 2) >= columns && return nothing
    throw(invalid_argument("$(what) has $(size(out, 2)) columns, fewer than the $(columns) points"))
end

function require_output(out::StridedVector{Float64}, length::Integer, what::AbstractString)
    stride(out, 1) == 1 || throw(invalid_argument("$(what) must be contiguous (stride 1)"))
    Base.length(out) >= length && return nothing
    throw(invalid_argument("$(what) has $(Base.length(out)) elements, fewer than the $(length) needed"))
end

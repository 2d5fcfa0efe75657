#!/usr/bin/python3
"""Tests of the signature checker: the real bindings agree with include/ofdm.h and the library
exports exactly its functions — and, to show that this agreement means something, the checker
reports each kind of mistake when one is planted in a copy of a binding's source (or fed from a
string). Run: /usr/bin/python3 bindings/check/test_check_bindings.py (standard library only).
"""
import glob
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import check_bindings  # noqa: E402
import exported_symbols  # noqa: E402
import fortran_binding  # noqa: E402
import julia_binding  # noqa: E402
import rust_binding  # noqa: E402
import struct_mirrors  # noqa: E402
from c_header import check_header, parse_header, read_header  # noqa: E402
from source_text import read_sources  # noqa: E402

WHERE = check_bindings.paths(ROOT)
HEADER = read_header(WHERE["header"])


def mutated(sources, old, new):
    """A copy of {path: text} with the one occurrence of `old` replaced by `new`."""
    hits = [path for path, text in sources.items() if old in text]
    assert len(hits) == 1 and sources[hits[0]].count(old) == 1, "mutation target %r not unique" % old
    copy = dict(sources)
    copy[hits[0]] = copy[hits[0]].replace(old, new)
    return copy


class HeaderParsing(unittest.TestCase):
    def test_every_exported_declaration_is_parsed(self):
        with open(WHERE["header"], encoding="utf-8") as header:
            declarations = [line for line in header if line.startswith("OFDM_API ")]
        self.assertEqual(len(HEADER.functions), len(declarations))
        self.assertEqual(len({f.name for f in HEADER.functions}), len(declarations))

    def test_types_are_classified_into_kinds(self):
        fit = HEADER.function("ofdm_fit")
        self.assertEqual([HEADER.kind_of(p.ctype) for p in fit.params],
                         ["handle", "double*", "int64_t", "int64_t", "struct*", "handle**"])
        self.assertEqual(HEADER.kind_of(fit.returns), "enum")
        self.assertEqual(HEADER.kind_of(HEADER.function("ofdm_version_number").returns), "unsigned")
        self.assertEqual(HEADER.kind_of(HEADER.function("ofdm_last_error").returns), "char*")

    def test_structs_enums_and_function_pointers(self):
        options = HEADER.structs["ofdm_sample_options"]
        self.assertEqual(options[0].name, "struct_size")
        self.assertEqual(next(f for f in options if f.name == "seed").ctype.base, "uint64_t")
        self.assertEqual(HEADER.kind_of(next(f for f in options if f.name == "stats").ctype), "struct*")
        self.assertEqual(HEADER.enums["ofdm_status"]["OFDM_ERR_CANCELLED"], 17)
        self.assertEqual([p.ctype.base for p in HEADER.function_pointers["ofdm_progress_fn"].params],
                         ["int64_t", "int64_t", "void"])


# The init forms of ofdm.h, for one struct: the sized function, the macro C programs call, and
# the 0.1 function under the macro's name in parentheses.
INIT_FORMS = """
typedef struct ofdm_fit_options { size_t struct_size; double beta; } ofdm_fit_options;
OFDM_API ofdm_status ofdm_fit_options_init_sized(ofdm_fit_options *options, size_t size);
#define ofdm_fit_options_init(options) ofdm_fit_options_init_sized((options), sizeof *(options))
/* The 0.1 function */
OFDM_API void (ofdm_fit_options_init)(ofdm_fit_options *options);
OFDM_API int64_t ofdm_model_rank(const ofdm_model *model);
"""


class InitMacrosAndLegacyFunctions(unittest.TestCase):
    """The function-like *_init macros and the parenthesized legacy declarations under them."""

    STRUCTS = ("ofdm_fit_options", "ofdm_sample_stats", "ofdm_sample_options", "ofdm_importance_summary",
               "ofdm_select_options", "ofdm_select_report")

    def test_both_forms_are_parsed_from_a_string(self):
        header = parse_header(INIT_FORMS)
        self.assertEqual([(f.name, f.legacy) for f in header.functions],
                         [("ofdm_fit_options_init_sized", False), ("ofdm_fit_options_init", True),
                          ("ofdm_model_rank", False)])
        legacy = header.function("ofdm_fit_options_init")
        self.assertEqual(str(legacy.returns).strip(), "void")
        self.assertEqual([(p.name, str(p.ctype).strip()) for p in legacy.params], [("options", "ofdm_fit_options *")])
        sized = header.function("ofdm_fit_options_init_sized")
        self.assertEqual([header.kind_of(p.ctype) for p in sized.params], ["struct*", "size_t"])
        macro = header.macros["ofdm_fit_options_init"]
        self.assertEqual((macro.params, macro.calls), (["options"], "ofdm_fit_options_init_sized"))
        self.assertEqual([f.name for f in header.required()], ["ofdm_fit_options_init_sized", "ofdm_model_rank"])
        self.assertEqual(check_header(header), [])

    def test_a_continued_macro_and_object_like_macros(self):
        header = parse_header("#define OFDM_MAX_DEGREE 64\n#define OFDM_VERSION_NUMBER (1 * 100)\n"
                              "#define ofdm_x_init(p) \\\n    ofdm_x_init_sized((p), sizeof *(p))\n")
        self.assertEqual(list(header.macros), ["ofdm_x_init"])
        self.assertEqual(header.macros["ofdm_x_init"].calls, "ofdm_x_init_sized")

    def test_the_real_header_has_a_sized_function_macro_and_legacy_function_per_struct(self):
        inits = {"ofdm_flow_options": "ofdm_sample_options"}
        inits.update({name: name for name in self.STRUCTS})
        for name, struct in inits.items():
            sized = HEADER.function(name + "_init_sized")
            legacy = HEADER.function(name + "_init")
            self.assertFalse(sized.legacy, name)
            self.assertEqual(HEADER.kind_of(sized.returns), "enum", name)
            self.assertEqual([(p.ctype.base, p.ctype.pointers) for p in sized.params], [(struct, 1), ("size_t", 0)])
            self.assertTrue(legacy.legacy, name)
            self.assertEqual(HEADER.kind_of(legacy.returns), "void", name)
            self.assertEqual(HEADER.macros[name + "_init"].calls, name + "_init_sized")
        self.assertEqual(sorted(f.name for f in HEADER.functions if f.legacy), sorted(n + "_init" for n in inits))
        self.assertFalse(HEADER.function("ofdm_model_rank").legacy)
        self.assertEqual(check_header(HEADER), [])

    def test_a_header_whose_legacy_function_no_macro_replaces_is_reported(self):
        problems = check_header(parse_header(INIT_FORMS.replace("#define ofdm_fit_options_init(options)",
                                                                "#define ofdm_fit_options_setup(options)")))
        self.assertTrue(any("ofdm_fit_options_init is declared with its name in parentheses" in p for p in problems),
                        problems)
        problems = check_header(parse_header(INIT_FORMS.replace("ofdm_fit_options_init_sized((options)",
                                                                "ofdm_fit_options_prepare((options)")))
        self.assertTrue(any("the macro ofdm_fit_options_init calls ofdm_fit_options_prepare" in p for p in problems),
                        problems)

    def test_a_plain_function_hidden_by_a_macro_is_reported(self):
        problems = check_header(parse_header(INIT_FORMS.replace("OFDM_API void (ofdm_fit_options_init)",
                                                                "OFDM_API void ofdm_fit_options_init")))
        self.assertTrue(any("ofdm_fit_options_init is declared as a plain function" in p for p in problems), problems)

    def test_bindings_need_not_wrap_legacy_functions_but_must_wrap_the_sized_ones(self):
        header = parse_header(INIT_FORMS)
        self.assertEqual(struct_mirrors.check_coverage(header, "x", {"ofdm_fit_options_init_sized": "a:1",
                                                                    "ofdm_model_rank": "a:2"}), [])
        self.assertEqual(struct_mirrors.check_coverage(header, "x", {"ofdm_fit_options_init_sized": "a:1",
                                                                    "ofdm_fit_options_init": "a:2",
                                                                    "ofdm_model_rank": "a:3"}), [])
        self.assertEqual(struct_mirrors.check_coverage(header, "x", {"ofdm_fit_options_init": "a:1",
                                                                    "ofdm_model_rank": "a:2"}),
                         ["x: ofdm_fit_options_init_sized is not wrapped"])


class RealBindings(unittest.TestCase):
    """The bindings and the library as they are in the repository."""

    def test_julia_ccalls_match_the_header(self):
        self.assertTrue(WHERE["julia"], "no bindings/julia/src/*.jl")
        self.assertEqual(check_bindings.check_julia(ROOT), [])

    def test_fortran_interfaces_match_the_header(self):
        self.assertTrue(WHERE["fortran"], "no bindings/fortran/*.f90")
        self.assertEqual(check_bindings.check_fortran(ROOT), [])

    def test_rust_extern_block_matches_the_header(self):
        if not os.path.exists(WHERE["rust"]):
            self.skipTest("bindings/rust/src/ffi.rs does not exist yet; run again once it does")
        self.assertEqual(check_bindings.check_rust(ROOT), [])

    def test_library_exports_exactly_the_header_functions(self):
        self.assertTrue(os.path.exists(WHERE["library"]), "build/lib/libofdm.so is missing: run `make lib`")
        self.assertEqual(check_bindings.check_library(ROOT), [])


class JuliaMistakesAreReported(unittest.TestCase):
    def setUp(self):
        self.sources = read_sources(WHERE["julia"])
        self.assertEqual(julia_binding.check(HEADER, self.sources), [])

    def assertReported(self, sources, *fragments):
        problems = julia_binding.check(HEADER, sources)
        for fragment in fragments:
            self.assertTrue(any(fragment in p for p in problems), "%r not in %s" % (fragment, problems))

    def test_wrong_argument_type(self):
        self.assertReported(mutated(self.sources, "Cint, (Int64, Int32, Int32, Ref{Ptr{Cvoid}})",
                                    "Cint, (Int32, Int32, Int32, Ref{Ptr{Cvoid}})"),
                            "ofdm_basis_create_total_degree argument 1 (int64_t dim) is Int32")

    def test_wrong_argument_count(self):
        self.assertReported(mutated(self.sources, "(Ptr{Cvoid}, Ptr{Int32}, Int64), basis, out, ldout)",
                                    "(Ptr{Cvoid}, Ptr{Int32}), basis, out)"),
                            "ofdm_basis_indices takes 3 arguments in the header, the ccall declares 2")

    def test_wrong_return_type(self):
        self.assertReported(mutated(self.sources, "(:ofdm_basis_size, libofdm), Int64", "(:ofdm_basis_size, libofdm), Int32"),
                            "ofdm_basis_size returns int64_t")

    def test_handle_passed_by_reference(self):
        self.assertReported(mutated(self.sources, "(:ofdm_model_dim, libofdm), Int64, (Ptr{Cvoid},)",
                                    "(:ofdm_model_dim, libofdm), Int64, (Ref{Ptr{Cvoid}},)"),
                            "ofdm_model_dim argument 1 (const ofdm_model * model) is Ref{Ptr{Cvoid}}")

    def test_unwrapped_and_unknown_functions(self):
        self.assertReported(mutated(self.sources, "(:ofdm_model_beta, libofdm)", "(:ofdm_model_betta, libofdm)"),
                            "ofdm_model_beta is not wrapped", "ofdm_model_betta is not a function of the header")

    def test_a_second_library_constant(self):
        self.assertReported(mutated(self.sources, "(:ofdm_model_free, libofdm)", '(:ofdm_model_free, "libofdm.so")'),
                            "several libraries")

    def test_struct_mirror_field_order_and_types(self):
        swapped = mutated(self.sources, "    beta::Cdouble\n    coordinates::Int32\n",
                          "    coordinates::Int32\n    beta::Cdouble\n")
        self.assertReported(swapped, "FitOptions mirrors ofdm_fit_options but its fields are")
        self.assertReported(mutated(self.sources, "    seed::UInt64\n    threads::Int32\n", "    seed::Int32\n    threads::Int32\n"),
                            "field SampleOptions.seed (uint64_t) is Int32")

    def test_the_sized_init_must_be_wrapped_and_a_legacy_one_must_match(self):
        sized = "ccall((:ofdm_select_report_init_sized, libofdm), Cint, (Ref{SelectReport}, Csize_t), report, size)"
        self.assertReported(mutated(self.sources, sized, "0"), "ofdm_select_report_init_sized is not wrapped")
        sources = dict(self.sources)
        sources["legacy.jl"] = ("legacy(r) = ccall((:ofdm_select_report_init, libofdm), Cvoid, "
                                "(Ref{SelectReport},), r)\n")
        self.assertEqual(julia_binding.check(HEADER, sources), [])
        sources["legacy.jl"] = "legacy(r) = ccall((:ofdm_select_report_init, libofdm), Cint, (Ref{SelectReport},), r)\n"
        self.assertReported(sources, "legacy.jl:1: ofdm_select_report_init returns void")
        sources["legacy.jl"] = ("legacy(r) = ccall((:ofdm_select_report_init, libofdm), Cvoid, "
                                "(Ref{SelectReport}, Csize_t), r, 8)\n")
        self.assertReported(sources, "ofdm_select_report_init takes 1 arguments in the header, the ccall declares 2")

    def test_wrong_ccall_fed_from_a_string(self):
        sources = dict(self.sources)
        sources["extra.jl"] = ("bad(model, t) = ccall((:ofdm_model_coefficients, libofdm), Cint,\n"
                               "                      (Ptr{Cvoid}, Float32, Ptr{Cdouble}), model, t)\n")
        self.assertReported(sources, "extra.jl:1: ofdm_model_coefficients argument 2 (double t) is Float32",
                            "declares 3 argument types but passes 2 arguments")


class FortranMistakesAreReported(unittest.TestCase):
    def setUp(self):
        self.sources = read_sources(WHERE["fortran"])
        self.assertEqual(fortran_binding.check(HEADER, self.sources), [])

    def assertReported(self, sources, *fragments):
        problems = fortran_binding.check(HEADER, sources)
        for fragment in fragments:
            self.assertTrue(any(fragment in p for p in problems), "%r not in %s" % (fragment, problems))

    def test_scalar_without_value(self):
        self.assertReported(mutated(self.sources, "integer(c_int64_t), value :: n_edges",
                                    "integer(c_int64_t), intent(in) :: n_edges"),
                            "ofdm_basis_create_graph argument 4 (int64_t n_edges) is integer(c_int64_t)",
                            "with the value attribute")

    def test_pointer_with_value(self):
        self.assertReported(mutated(self.sources, "real(c_double), intent(inout) :: alpha(*)",
                                    "real(c_double), value :: alpha"),
                            "ofdm_model_coefficients argument 3 (double * alpha)", "no value attribute")

    def test_out_handle_by_value(self):
        self.assertReported(mutated(self.sources,
                                    "character(kind=c_char), intent(in) :: path(*)\n            type(c_ptr), intent(inout) :: out",
                                    "character(kind=c_char), intent(in) :: path(*)\n            type(c_ptr), value :: out"),
                            "ofdm_model_load argument 2 (ofdm_model ** out)", "without value")

    def test_wrong_kind(self):
        self.assertReported(mutated(self.sources, "integer(c_int32_t), value :: max_interaction",
                                    "integer(c_int), value :: max_interaction"),
                            "argument 3 (int32_t max_interaction) is integer(c_int), value")

    def test_subroutine_for_a_function(self):
        old = ("subroutine ofdm_model_free(model) bind(C, name=\"ofdm_model_free\")\n"
               "            import :: c_ptr\n            type(c_ptr), value :: model\n"
               "        end subroutine ofdm_model_free")
        new = ("function ofdm_model_free(model) bind(C, name=\"ofdm_model_free\") result(status)\n"
               "            import :: c_int, c_ptr\n            type(c_ptr), value :: model\n"
               "            integer(c_int) :: status\n        end function ofdm_model_free")
        self.assertReported(mutated(self.sources, old, new), "ofdm_model_free returns void ; expected a subroutine"
                            .replace("void ;", "void;"))

    def test_struct_component_type(self):
        # ofdm_sample_options's threads (ofdm_adaptive_options has one too): the field before it
        # makes the target unique.
        self.assertReported(mutated(self.sources, "integer(c_int64_t) :: seed\n        integer(c_int32_t) :: threads",
                                    "integer(c_int64_t) :: seed\n        integer(c_int64_t) :: threads"),
                            "field ofdm_sample_options.threads (int32_t) is integer(c_int64_t)")

    def test_size_of_the_sized_init_needs_value_and_a_legacy_interface_must_match(self):
        self.assertReported(mutated(self.sources,
                                    "type(ofdm_importance_summary), intent(inout) :: summary\n"
                                    "            integer(c_size_t), value :: size",
                                    "type(ofdm_importance_summary), intent(inout) :: summary\n"
                                    "            integer(c_size_t), intent(in) :: size"),
                            "ofdm_importance_summary_init_sized argument 2 (size_t size) is integer(c_size_t)")
        legacy = ("interface\n"
                  "  subroutine legacy_init(options) bind(C, name='ofdm_fit_options_init')\n"
                  "    import\n    type(ofdm_fit_options), intent(inout) :: options\n"
                  "  end subroutine\n"
                  "end interface\n")
        sources = dict(self.sources)
        sources["legacy.f90"] = legacy
        self.assertEqual(fortran_binding.check(HEADER, sources), [])
        sources["legacy.f90"] = legacy.replace("(options)", "(options, size)").replace(
            "    import\n", "    import\n    integer(c_size_t), value :: size\n")
        self.assertReported(sources, "ofdm_fit_options_init takes 1 arguments in the header, the interface 2")

    def test_missing_interface_and_duplicate_fed_from_a_string(self):
        sources = mutated(self.sources, 'bind(C, name="ofdm_model_dim")', 'bind(C, name="ofdm_model_dimension")')
        sources["extra.f90"] = ("interface\n"
                                "  function second_fit(basis, x, n, ldx, options, out) bind(C, name='ofdm_fit') &\n"
                                "      result(status)\n"
                                "    import\n    type(c_ptr), value :: basis\n    real(c_float) :: x(*)\n"
                                "    integer(c_int64_t), value :: n, ldx\n    type(c_ptr), value :: options\n"
                                "    type(c_ptr) :: out\n    integer(c_int) :: status\n  end function\n"
                                "end interface\n")
        self.assertReported(sources, "ofdm_model_dim is not wrapped", "ofdm_model_dimension is not a function",
                            "a second interface for ofdm_fit")
        del sources["ofdm_c.f90" if "ofdm_c.f90" in sources else
                    next(p for p in sources if p.endswith("ofdm_c.f90"))]
        self.assertReported(sources, "ofdm_fit argument 2 (const double * x) is real(c_float) (array)")


class RustMistakesAreReported(unittest.TestCase):
    """A small extern block written here, so these tests do not depend on bindings/rust."""

    DECLARATIONS = """
        pub type ofdm_status = c_int;
        pub type ofdm_progress_fn = Option<unsafe extern "C" fn(i64, i64, *mut c_void) -> c_int>;
        #[repr(C)]
        pub struct ofdm_fit_options { pub struct_size: usize, pub beta: f64, pub coordinates: i32,
            pub time_mode: i32, pub ridge: f64, pub progress: ofdm_progress_fn, pub progress_data: *mut c_void,
            pub memory_limit: i64, pub data_dim: i64 }
        extern "C" {
            pub fn ofdm_basis_dim(basis: *const ofdm_basis) -> i64;
            pub fn ofdm_fit(basis: *const ofdm_basis, x: *const f64, n: i64, ldx: i64,
                            options: *const ofdm_fit_options, out: *mut *mut ofdm_model) -> ofdm_status;
            pub fn ofdm_model_score(model: *const ofdm_model, t: f64, x: *const f64, n: i64, ldx: i64,
                                    out: *mut f64, ldout: i64) -> ofdm_status;
        }
    """

    def problems(self, old=None, new=None):
        text = self.DECLARATIONS if old is None else self.DECLARATIONS.replace(old, new)
        return [p for p in rust_binding.check(HEADER, "ffi.rs", text)
                if "is not wrapped" not in p and not ("no mirror of struct" in p and "ofdm_fit_options" not in p)]

    def assertReported(self, old, new, fragment):
        self.assertNotEqual(self.DECLARATIONS.replace(old, new), self.DECLARATIONS)
        problems = self.problems(old, new)
        self.assertTrue(any(fragment in p for p in problems), "%r not in %s" % (fragment, problems))

    def test_the_correct_declarations_pass(self):
        self.assertEqual(self.problems(), [])

    def test_wrong_return_type(self):
        self.assertReported("-> i64;", "-> i32;", "ofdm_basis_dim returns int64_t")

    def test_const_input_declared_mut(self):
        self.assertReported("x: *const f64, n: i64, ldx: i64,\n", "x: *mut f64, n: i64, ldx: i64,\n",
                            "ofdm_fit argument 2 (const double * x) is *mut f64")

    def test_output_declared_const(self):
        self.assertReported("out: *mut f64", "out: *const f64", "ofdm_model_score argument 6 (double * out)")

    def test_struct_without_repr_c(self):
        self.assertReported("#[repr(C)]\n", "\n", "struct ofdm_fit_options lacks #[repr(C)]")

    def test_the_sized_init_and_a_matching_legacy_declaration(self):
        sized = "pub fn ofdm_fit_options_init_sized(options: *mut ofdm_fit_options, size: usize) -> ofdm_status;"
        self.assertEqual(self.problems("extern \"C\" {\n", "extern \"C\" {\n" + sized + "\n"), [])
        self.assertReported("extern \"C\" {\n", "extern \"C\" {\n" + sized.replace("size: usize", "size: u32") + "\n",
                            "ofdm_fit_options_init_sized argument 2 (size_t size) is u32")
        legacy = "pub fn ofdm_fit_options_init(options: *mut ofdm_fit_options);"
        self.assertEqual(self.problems("extern \"C\" {\n", "extern \"C\" {\n" + legacy + "\n"), [])
        self.assertReported("extern \"C\" {\n", "extern \"C\" {\n" + legacy.replace(");", ") -> ofdm_status;") + "\n",
                            "ofdm_fit_options_init returns void")
        self.assertTrue(any("rust: ofdm_fit_options_init_sized is not wrapped" in p
                            for p in rust_binding.check(HEADER, "ffi.rs", self.DECLARATIONS)))
        self.assertFalse(any("rust: ofdm_fit_options_init is not wrapped" in p
                             for p in rust_binding.check(HEADER, "ffi.rs", self.DECLARATIONS)))

    def test_nullable_function_pointer_must_be_an_option(self):
        self.assertReported("Option<unsafe extern \"C\" fn(i64, i64, *mut c_void) -> c_int>",
                            "unsafe extern \"C\" fn(i64, i64, *mut c_void) -> c_int",
                            "field ofdm_fit_options.progress (ofdm_progress_fn)")


class ExportedSymbolMistakesAreReported(unittest.TestCase):
    def nm_output(self, extra=(), dropped=()):
        lines = ["0000000000022620 T %s" % f.name for f in HEADER.functions if f.name not in dropped]
        lines += ["0000000000000000 A OFDM_0"]  # a version node: not a symbol of the API
        return "\n".join(lines + list(extra)) + "\n"

    def test_the_header_functions_alone_pass(self):
        self.assertEqual(exported_symbols.check(HEADER, self.nm_output()), [])

    def test_a_leaked_internal_symbol_is_reported(self):
        problems = exported_symbols.check(HEADER, self.nm_output(
            extra=["0000000000031000 W _ZN4ofdm5Basis4sizeEv", "0000000000041000 D ofdm_internal_table"]))
        self.assertIn("libofdm.so: exports _ZN4ofdm5Basis4sizeEv, which the header does not declare", problems)
        self.assertIn("libofdm.so: exports ofdm_internal_table, which the header does not declare", problems)

    def test_a_missing_legacy_function_is_reported_too(self):
        # Programs built against 0.1 call it: the library must keep exporting it.
        problems = exported_symbols.check(HEADER, self.nm_output(dropped=("ofdm_fit_options_init",)))
        self.assertEqual(problems, ["libofdm.so: does not export ofdm_fit_options_init, which the header declares"])

    def test_a_missing_function_is_reported(self):
        problems = exported_symbols.check(HEADER, self.nm_output(dropped=("ofdm_model_sample",)))
        self.assertEqual(problems, ["libofdm.so: does not export ofdm_model_sample, which the header declares"])


if __name__ == "__main__":
    import gtest_markers
    sys.exit(gtest_markers.run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__])))

// Writes the seed corpus of the command-line readers' fuzzers (fuzz_npy, fuzz_csv): small valid
// .npy files in every accepted form (format 1.0, 2.0, 3.0; float64, float32, integers; 1-D and
// 2-D; zero rows) and CSV texts (commas, blanks, a header, comments, CRLF, nan/inf). Run at
// fuzz-build time (mk/fuzz.mk), beside make_seed_models, so no binary corpus is committed.
// Usage: make_seed_arrays DIRECTORY
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "cli/npy_format.h"

namespace {

std::string directory;

void write(const std::string &name, const std::string &bytes) {
    const std::string path = directory + "/" + name;
    std::FILE *file = std::fopen(path.c_str(), "wb");
    if (!file || std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size() || std::fclose(file) != 0) {
        std::fprintf(stderr, "make_seed_arrays: cannot write %s\n", path.c_str());
        std::exit(1);
    }
}

// A .npy file of the given format version, header dict and raw element bytes.
std::string npy(int major, const std::string &dict, const std::string &data) {
    const size_t length_size = major == 1 ? 2 : 4, prefix = 8 + length_size;
    std::string header = dict;
    header += std::string((prefix + header.size() + 1 + 63) / 64 * 64 - prefix - header.size() - 1, ' ') + "\n";
    std::string bytes = std::string("\x93NUMPY", 6) + char(major) + '\0';
    for (size_t i = 0; i < length_size; ++i) bytes += char((header.size() >> (8 * i)) & 0xff);
    return bytes + header + data;
}

template <typename T>
std::string raw(const std::vector<T> &values) {
    return std::string(reinterpret_cast<const char *>(values.data()), values.size() * sizeof(T));
}

std::string dict(const char *descr, const char *shape) {
    return std::string("{'descr': '") + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
}

}  // namespace

int main(int argc, char **argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s DIRECTORY\n", argv[0]);
        return 2;
    }
    directory = argv[1];
    const std::vector<double> six = {1.5, -2.25, 0.0, 1e300, 5e-324, 3.0};
    const std::vector<float> four = {0.1f, -3.5f, 1e30f, 0.0f};
    for (int major : {1, 2, 3}) {
        write("array_v" + std::to_string(major) + "_f8_2x3.npy", npy(major, dict("<f8", "(2, 3)"), raw(six)));
    }
    write("array_f4_2x2.npy", npy(1, dict("<f4", "(2, 2)"), raw(four)));
    write("array_f8_1d.npy", npy(1, dict("<f8", "(6,)"), raw(six)));
    write("array_f8_0x4.npy", npy(1, dict("<f8", "(0, 4)"), ""));
    write("array_i8_edges.npy", npy(1, dict("<i8", "(2, 2)"), raw(std::vector<int64_t>{0, 1, 1, 2})));
    write("array_i2.npy", npy(1, dict("<i2", "(2,)"), raw(std::vector<int16_t>{-7, 300})));
    write("array_u1.npy", npy(1, dict("|u1", "(1, 3)"), raw(std::vector<uint8_t>{0, 128, 255})));
    write("array_fortran.npy", npy(1, "{'descr': '<f8', 'fortran_order': True, 'shape': (3, 2), }", raw(six)));
    write("array_python2.npy", npy(1, "{\"descr\": \"<f8\", \"fortran_order\": False, \"shape\": (3L, 2L)}", raw(six)));
    // The writer's own output.
    ofdm_cli::Matrix matrix;
    matrix.rows = 3;
    matrix.cols = 2;
    matrix.values = six;
    const std::vector<uint8_t> written = ofdm_cli::npy_bytes(matrix);
    write("array_written.npy", std::string(written.begin(), written.end()));

    write("table_header.csv", "# comment\nx,y,z\n1.5,-2,3e10\n+4,.5,-0.0\n");
    write("table_blanks.txt", "1 2\t3\n  4   5 6  # note\n\n7 8 9\n");
    write("table_crlf.csv", "a, b\r\n1, 2\r\n3, 4\r\n");
    write("table_special.csv", "nan,inf\n-inf,1e-320\n0x1p3,1E+5\n");
    write("table_one_column.csv", "0.1\n0.2\n0.30000000000000004\n");
    return 0;
}

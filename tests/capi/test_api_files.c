/*
 * test_api_files.c — model files and buffers in the normal flow: saving and loading reproduce a
 * model bit for bit, and saving over an existing file replaces it atomically.
 */
#include "capi/support/capi_support.h"

/* Loading rebuilds the same systems from the same moments, so scores and log-densities at every
 * t are bit-identical (header: "Loading gives bit-identical scores on the same machine"); the
 * file holds exactly the bytes of ofdm_model_save_buffer. */
static void test_save_and_load_reproduce_the_model_bit_for_bit(void **state) {
    ofdm_model *model = correlated_model(606, 1.5, OFDM_TIME_GALERKIN), *from_file = NULL, *from_buffer = NULL;
    double want[12 * NP], got[12 * NP];
    char dir[512], path[1024];
    unsigned char *buffer, *file_bytes;
    size_t size = 0, written = 0;
    FILE *f;
    int saw_temporary;
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model.ofdm", dir);
    assert_int_equal(ofdm_model_save(model, path), OFDM_OK);
    assert_int_equal(ofdm_model_load(path, &from_file), OFDM_OK);
    assert_int_equal(ofdm_model_serialized_size(model, &size), OFDM_OK);
    buffer = malloc(size);
    file_bytes = malloc(size + 1);
    assert_true(buffer && file_bytes);
    assert_int_equal(ofdm_model_save_buffer(model, buffer, size, &written), OFDM_OK);
    assert_int_equal(written, size);
    assert_int_equal(ofdm_model_load_buffer(buffer, size, &from_buffer), OFDM_OK);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_int_equal(fread(file_bytes, 1, size + 1, f), size);
    fclose(f);
    assert_memory_equal(file_bytes, buffer, size);
    scores_everywhere(model, want);
    scores_everywhere(from_file, got);
    assert_memory_equal(got, want, sizeof want);
    scores_everywhere(from_buffer, got);
    assert_memory_equal(got, want, sizeof want);
    assert_int_equal(ofdm_model_training_size(from_file), GN);
    assert_true(ofdm_model_beta(from_buffer) == 1.5);
    assert_int_equal(remove_dir(dir, &saw_temporary), 1);
    assert_false(saw_temporary);
    free(buffer);
    free(file_bytes);
    ofdm_model_free(from_buffer);
    ofdm_model_free(from_file);
    ofdm_model_free(model);
}

/* Saving over an existing file replaces it (rename) and leaves no "path.tmp.*" behind. */
static void test_save_replaces_an_existing_file_atomically(void **state) {
    ofdm_model *first = correlated_model(707, 1.0, OFDM_TIME_GALERKIN);
    ofdm_model *second = correlated_model(808, 1.0, OFDM_TIME_GALERKIN), *loaded = NULL;
    double want[12 * NP], got[12 * NP];
    char dir[512], path[1024];
    int saw_temporary;
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/model.ofdm", dir);
    assert_int_equal(ofdm_model_save(first, path), OFDM_OK);
    assert_int_equal(ofdm_model_save(second, path), OFDM_OK);
    assert_int_equal(ofdm_model_load(path, &loaded), OFDM_OK);
    scores_everywhere(second, want);
    scores_everywhere(loaded, got);
    assert_memory_equal(got, want, sizeof want);
    scores_everywhere(first, want); /* and it is not the first model */
    assert_memory_not_equal(got, want, sizeof want);
    assert_int_equal(remove_dir(dir, &saw_temporary), 1);
    assert_false(saw_temporary);
    ofdm_model_free(loaded);
    ofdm_model_free(second);
    ofdm_model_free(first);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_and_load_reproduce_the_model_bit_for_bit),
        cmocka_unit_test(test_save_replaces_an_existing_file_atomically),
    };
    return cmocka_run_group_tests_name("test_api_files", tests, NULL, NULL);
}

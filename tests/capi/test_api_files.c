/*
 * test_api_files.c — model files and buffers in the normal flow: saving and loading reproduce a
 * model bit for bit, saving over an existing file replaces it atomically, and saving to a device
 * or through a symbolic link writes through without replacing the device or the link.
 */
#define _XOPEN_SOURCE 700 /* mknod, symlink, lstat (capi_support.h selects POSIX 2008 only) */
#include "capi/support/capi_support.h"

#include <errno.h>
#include <sys/stat.h>
#include <sys/sysmacros.h> /* makedev */

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

/* A device is written through, in place: a clone of /dev/null (character device 1, 3) is still
 * that device after the save, and a clone of /dev/full (1, 7) gives OFDM_ERR_IO with ENOSPC's
 * message, and is still that device too. Renaming a temporary file over them would have made
 * them regular files. */
static void test_save_writes_through_a_device_and_keeps_it(void **state) {
    ofdm_model *model = correlated_model(606, 1.0, OFDM_TIME_GALERKIN);
    char dir[512], null_clone[1024], full_clone[1024];
    struct stat status;
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(null_clone, sizeof null_clone, "%s/null", dir);
    snprintf(full_clone, sizeof full_clone, "%s/full", dir);
    if (mknod(null_clone, S_IFCHR | 0666, makedev(1, 3)) != 0 || mknod(full_clone, S_IFCHR | 0666, makedev(1, 7)) != 0) {
        print_message("skipped: cannot create device nodes here (%s)\n", strerror(errno));
        remove_dir(dir, NULL);
        ofdm_model_free(model);
        return;
    }
    assert_int_equal(ofdm_model_save(model, null_clone), OFDM_OK);
    assert_int_equal(lstat(null_clone, &status), 0);
    assert_true(S_ISCHR(status.st_mode) && major(status.st_rdev) == 1 && minor(status.st_rdev) == 3);
    assert_int_equal(ofdm_model_save(model, full_clone), OFDM_ERR_IO);
    assert_non_null(strstr(ofdm_last_error(), "No space left on device"));
    assert_non_null(strstr(ofdm_last_error(), full_clone));
    assert_int_equal(lstat(full_clone, &status), 0);
    assert_true(S_ISCHR(status.st_mode) && major(status.st_rdev) == 1 && minor(status.st_rdev) == 7);
    assert_int_equal(count_entries(dir), 2); /* no temporary file */
    remove_dir(dir, NULL);
    ofdm_model_free(model);
}

/* A save through a symbolic link writes the link's target and leaves the link a link; through a
 * dangling link it creates the target. */
static void test_save_through_a_symlink_keeps_the_link(void **state) {
    ofdm_model *model = correlated_model(606, 1.0, OFDM_TIME_GALERKIN), *loaded = NULL;
    double want[12 * NP], got[12 * NP];
    char dir[512], link[1024], dangling[1024], target[1024];
    struct stat status;
    int saw_temporary;
    (void)state;
    make_temp_dir(dir, sizeof dir);
    snprintf(link, sizeof link, "%s/link.ofdm", dir);
    snprintf(dangling, sizeof dangling, "%s/dangling.ofdm", dir);
    snprintf(target, sizeof target, "%s/target.ofdm", dir);
    write_file(target, "old", 3);
    assert_int_equal(symlink("target.ofdm", link), 0);
    assert_int_equal(symlink("created.ofdm", dangling), 0);
    assert_int_equal(ofdm_model_save(model, link), OFDM_OK);
    assert_int_equal(lstat(link, &status), 0);
    assert_true(S_ISLNK(status.st_mode));
    assert_int_equal(ofdm_model_load(target, &loaded), OFDM_OK);
    scores_everywhere(model, want);
    scores_everywhere(loaded, got);
    assert_memory_equal(got, want, sizeof want);
    ofdm_model_free(loaded);
    loaded = NULL;
    assert_int_equal(ofdm_model_save(model, dangling), OFDM_OK);
    assert_int_equal(lstat(dangling, &status), 0);
    assert_true(S_ISLNK(status.st_mode));
    snprintf(target, sizeof target, "%s/created.ofdm", dir);
    assert_int_equal(ofdm_model_load(target, &loaded), OFDM_OK);
    assert_int_equal(remove_dir(dir, &saw_temporary), 4); /* two links, two targets */
    assert_false(saw_temporary);
    ofdm_model_free(loaded);
    ofdm_model_free(model);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_save_and_load_reproduce_the_model_bit_for_bit),
        cmocka_unit_test(test_save_replaces_an_existing_file_atomically),
        cmocka_unit_test(test_save_writes_through_a_device_and_keeps_it),
        cmocka_unit_test(test_save_through_a_symlink_keeps_the_link),
    };
    return cmocka_run_group_tests_name("test_api_files", tests, NULL, NULL);
}

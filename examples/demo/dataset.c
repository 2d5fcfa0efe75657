/* dataset.c — Fashion-MNIST or the digits, split into training and held-out images (dataset.h). */
#define _POSIX_C_SOURCE 200112L /* access */
#include "dataset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "allocation.h"
#include "subset.h"

#define DIGITS_TRAIN 1300
#define DIGITS_SPLIT_SEED 20240601u
#define FASHION_COMPONENTS 12
#define DIGITS_COMPONENTS 16

/* The rows index[0..count) of a set, labels included, as a new set. Returns 0, or -1 (memory). */
static int take_images(const image_set *from, const int64_t *index, int64_t count, image_set *out) {
    image_set set = {count, from->rows, from->cols, NULL, NULL};
    int64_t i;
    set.pixels = subset_rows(from->pixels, from->rows * from->cols, index, count);
    set.labels = demo_array(count, sizeof *set.labels);
    if (set.pixels == NULL || set.labels == NULL) {
        image_set_free(&set);
        return -1;
    }
    for (i = 0; i < count; ++i) set.labels[i] = from->labels[index[i]];
    *out = set;
    return 0;
}

static int load_fashion(demo_dataset *out) {
    char message[512], train_images[256], train_labels[256], test_images[256], test_labels[256];
    images_status status;
    snprintf(train_images, sizeof train_images, "%s/train-images-idx3-ubyte.gz", DATASET_FASHION_DIR);
    snprintf(train_labels, sizeof train_labels, "%s/train-labels-idx1-ubyte.gz", DATASET_FASHION_DIR);
    snprintf(test_images, sizeof test_images, "%s/t10k-images-idx3-ubyte.gz", DATASET_FASHION_DIR);
    snprintf(test_labels, sizeof test_labels, "%s/t10k-labels-idx1-ubyte.gz", DATASET_FASHION_DIR);
    status = images_read_idx(train_images, train_labels, &out->train, message, sizeof message);
    if (status == IMAGES_OK) {
        status = images_read_idx(test_images, test_labels, &out->heldout, message, sizeof message);
        if (status != IMAGES_OK) image_set_free(&out->train);
    }
    if (status != IMAGES_OK) {
        fprintf(stderr, "demo: %s: %s\n", images_status_string(status), message);
        return -1;
    }
    out->name = "fashion-mnist";
    out->title = "Fashion-MNIST 28×28";
    out->source = DATASET_FASHION_DIR;
    out->components = FASHION_COMPONENTS;
    return 0;
}

static int load_digits(demo_dataset *out) {
    char message[512];
    image_set all;
    int64_t *order;
    int failed;
    const images_status status = images_read_digits_csv(DATASET_DIGITS_CSV, &all, message, sizeof message);
    if (status != IMAGES_OK) {
        fprintf(stderr, "demo: %s: %s\n", images_status_string(status), message);
        return -1;
    }
    if (all.count <= DIGITS_TRAIN) {
        fprintf(stderr, "demo: %s: %lld images, expected more than %d\n", DATASET_DIGITS_CSV, (long long)all.count,
                DIGITS_TRAIN);
        image_set_free(&all);
        return -1;
    }
    order = subset_permutation(all.count, DIGITS_SPLIT_SEED);
    failed = order == NULL || take_images(&all, order, DIGITS_TRAIN, &out->train) != 0;
    if (!failed && take_images(&all, order + DIGITS_TRAIN, all.count - DIGITS_TRAIN, &out->heldout) != 0) {
        image_set_free(&out->train);
        failed = 1;
    }
    free(order);
    image_set_free(&all);
    if (failed) {
        fprintf(stderr, "demo: out of memory splitting the digits\n");
        return -1;
    }
    out->name = "digits";
    out->title = "UCI digits 8×8";
    out->source = DATASET_DIGITS_CSV;
    out->components = DIGITS_COMPONENTS;
    return 0;
}

int demo_dataset_load(int digits_only, demo_dataset *out) {
    demo_dataset dataset;
    const int have_fashion = access(DATASET_FASHION_DIR "/train-images-idx3-ubyte.gz", F_OK) == 0;
    const int have_digits = access(DATASET_DIGITS_CSV, F_OK) == 0;
    int status;
    memset(&dataset, 0, sizeof dataset);
    if (digits_only && !have_digits) {
        fprintf(stderr, "demo: no digits (%s): install them with: apt-get install python3-sklearn\n", DATASET_DIGITS_CSV);
        return -1;
    }
    if (!have_fashion && !have_digits) {
        fprintf(stderr, "demo: no image data: install Fashion-MNIST with: apt-get install dataset-fashion-mnist "
                        "(or python3-sklearn for the 8×8 digits)\n");
        return -1;
    }
    if (have_fashion && !digits_only) {
        status = load_fashion(&dataset);
    } else {
        if (!digits_only) printf("Fashion-MNIST not found (%s): using the 8×8 digits instead\n", DATASET_FASHION_DIR);
        status = load_digits(&dataset);
    }
    if (status == 0) *out = dataset;
    return status;
}

void demo_dataset_free(demo_dataset *dataset) {
    if (dataset == NULL) return;
    image_set_free(&dataset->train);
    image_set_free(&dataset->heldout);
}

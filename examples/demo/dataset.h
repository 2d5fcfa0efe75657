/*
 * dataset.h — which images the demo models: Fashion-MNIST from Debian's dataset-fashion-mnist
 * (60 000 training and 10 000 held-out images, 28 × 28), or, when that package is absent, the
 * 8 × 8 UCI digits shipped in python3-sklearn (1 797 images, split 1 300 / 497 by a seeded
 * permutation). Each comes with the number of PCA components the demo keeps.
 */
#ifndef DEMO_DATASET_H
#define DEMO_DATASET_H

#include <stdint.h>

#include "images.h"

/* Where Debian's packages put the files; overridable at compile time (-D) to try the fallbacks. */
#ifndef DATASET_FASHION_DIR
#define DATASET_FASHION_DIR "/usr/share/datasets/fashion-mnist"
#endif
#ifndef DATASET_DIGITS_CSV
#define DATASET_DIGITS_CSV "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz"
#endif

typedef struct demo_dataset {
    const char *name;     /* "fashion-mnist" or "digits": names the output files */
    const char *title;    /* for the report, e.g. "Fashion-MNIST 28×28" */
    const char *source;   /* the directory or file read */
    int64_t components;   /* r, the PCA components the model keeps */
    image_set train;      /* the images the model is fitted on */
    image_set heldout;    /* images the model never sees, for the quality figures */
} demo_dataset;

/* Loads Fashion-MNIST, or the digits when its files are absent or when digits_only is non-zero.
 * On failure prints one line to stderr (which package to install, or what is wrong with a file)
 * and returns -1 with out untouched; 0 on success. Release with demo_dataset_free. */
int demo_dataset_load(int digits_only, demo_dataset *out);

/* Releases the images of a data set. NULL is a no-op. */
void demo_dataset_free(demo_dataset *dataset);

#endif

/* The smallest program against an installed ofdm: prints the version of the library it runs
 * against and of the header it was compiled with, and fails when their ABI majors differ (README,
 * "Versions and installing elsewhere"; the packaging test builds it against a fresh prefix).
 *
 *   cc -std=c99 version.c $(pkg-config --cflags --libs ofdm) -o version && ./version
 */
#include <stdio.h>

#include "ofdm.h"

int main(void) {
    printf("ofdm %s (header %d.%d.%d)\n", ofdm_version_string(), OFDM_VERSION_MAJOR, OFDM_VERSION_MINOR,
           OFDM_VERSION_PATCH);
    return ofdm_version_number() / 10000 == OFDM_VERSION_MAJOR ? 0 : 1;
}

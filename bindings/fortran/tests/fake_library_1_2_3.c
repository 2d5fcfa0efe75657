/* A stand-in for a future libofdm.so.0 that reports version 1.2.3 (ABI major 1): only the two
 * version functions, which is all a binding may call before it refuses the library. */
unsigned ofdm_version_number(void) { return 10203; }
const char *ofdm_version_string(void) { return "1.2.3"; }

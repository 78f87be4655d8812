#include <zlib.h>

/// deflateInit2/inflateInit2 are function-like macros, which Swift cannot import.
static inline int synapse_deflateInit2(z_streamp s, int level, int method, int windowBits, int memLevel, int strategy) {
  return deflateInit2(s, level, method, windowBits, memLevel, strategy);
}
static inline int synapse_inflateInit2(z_streamp s, int windowBits) {
  return inflateInit2(s, windowBits);
}

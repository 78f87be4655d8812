// Declarations only: the wrapper module that uses this library loads libgit2.so.1.5 with dlopen on
// first use (as Sources/CArchive/shim.h does), so commands that never need it do not pay for
// loading it and its dependencies at start-up.
#include <git2.h>

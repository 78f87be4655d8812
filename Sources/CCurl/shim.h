// Declarations only: the wrapper module that uses this library loads libcurl.so.4 with dlopen on
// first use (as Sources/CArchive/shim.h does), so commands that never need it do not pay for
// loading it and its dependencies at start-up.
#include <curl/curl.h>

#ifndef SYNAPSE_CCURL_SHIM_H
#define SYNAPSE_CCURL_SHIM_H

/*
 * libcurl is resolved with dlopen() instead of being linked: linking it pulls
 * in OpenSSL, nghttp2, libssh2, GSSAPI, LDAP and more, which every process
 * would pay for at start-up, although only the commands that talk to the
 * backend need it. The headers are only used for the prototypes (so the
 * function pointer types below can never drift from the real ones) and for
 * constants; nothing here references a libcurl symbol at link time.
 */

/* The gcc type-checking macros would wrap curl_easy_setopt; the wrappers below are typed anyway. */
#define CURL_DISABLE_TYPECHECK 1

#include <curl/curl.h>
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef __clang__
#define _Nonnull
#endif

/* The runtime soname matching the libcurl4-openssl-dev headers (libcurl 7.x and 8.x). */
#define SYNAPSE_CURL_SONAME "libcurl.so.4"

/*
 * Every libcurl function the Swift side calls, without the "curl_" prefix.
 * X(name) declares the field `name` with the type of `curl_name`.
 */
#define SYNAPSE_CURL_FUNCTIONS(X) \
    X(global_init) \
    X(version) \
    X(easy_init) \
    X(easy_cleanup) \
    X(easy_setopt) \
    X(easy_getinfo) \
    X(easy_perform) \
    X(easy_reset) \
    X(easy_strerror) \
    X(slist_append) \
    X(slist_free_all)

/* _Nonnull so Swift imports non-optional function types: a successful load sets every field. */
#define SYNAPSE_CURL_FIELD(name) __typeof__(&curl_##name) _Nonnull name;

struct synapse_curl_api {
    SYNAPSE_CURL_FUNCTIONS(SYNAPSE_CURL_FIELD)
};

#undef SYNAPSE_CURL_FIELD

/*
 * Opens libcurl, fills every field of `api` and runs curl_global_init once.
 * Returns 0 on success; on failure returns -1, leaves `api` unusable and
 * writes dlerror()'s text, the first missing symbol or the failed
 * initialisation into `error`. The handle is never closed on success: the
 * function pointers stay valid for the life of the process.
 */
static inline int synapse_curl_load(struct synapse_curl_api *api, char *error, size_t errorLength) {
    void *handle;
    const char *reason;
    CURLcode status;

    if (errorLength > 0) {
        error[0] = '\0';
    }
    handle = dlopen(SYNAPSE_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        reason = dlerror();
        snprintf(error, errorLength, "%s", reason != NULL ? reason : "dlopen failed");
        return -1;
    }

#define SYNAPSE_CURL_RESOLVE(name) \
    { \
        void *symbol = dlsym(handle, "curl_" #name); \
        if (symbol == NULL) { \
            snprintf(error, errorLength, "%s does not export curl_" #name, SYNAPSE_CURL_SONAME); \
            dlclose(handle); \
            return -1; \
        } \
        memcpy(&api->name, &symbol, sizeof symbol); \
    }
    SYNAPSE_CURL_FUNCTIONS(SYNAPSE_CURL_RESOLVE)
#undef SYNAPSE_CURL_RESOLVE

    /* Not thread-safe in older libcurl builds; the Swift side calls this loader exactly once. */
    status = api->global_init(CURL_GLOBAL_DEFAULT);
    if (status != CURLE_OK) {
        snprintf(error, errorLength, "curl_global_init failed: %s", api->easy_strerror(status));
        return -1;
    }
    return 0;
}

/*
 * curl_easy_setopt and curl_easy_getinfo are variadic, which Swift cannot
 * call; these wrappers fix the type of the argument for each kind of option.
 */

static inline CURLcode synapse_curl_setopt_long(
    const struct synapse_curl_api *api, CURL *handle, CURLoption option, long value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode synapse_curl_setopt_off_t(
    const struct synapse_curl_api *api, CURL *handle, CURLoption option, curl_off_t value) {
    return api->easy_setopt(handle, option, value);
}

/* libcurl copies strings passed to it (except CURLOPT_POSTFIELDS, which is never used). */
static inline CURLcode synapse_curl_setopt_string(
    const struct synapse_curl_api *api, CURL *handle, CURLoption option, const char *value) {
    return api->easy_setopt(handle, option, value);
}

/* Userdata, header lists and the error buffer: the caller keeps them alive during the transfer. */
static inline CURLcode synapse_curl_setopt_pointer(
    const struct synapse_curl_api *api, CURL *handle, CURLoption option, void *value) {
    return api->easy_setopt(handle, option, value);
}

/* CURLOPT_READFUNCTION. */
static inline CURLcode synapse_curl_setopt_read_callback(
    const struct synapse_curl_api *api, CURL *handle, CURLoption option, curl_read_callback value) {
    return api->easy_setopt(handle, option, value);
}

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION, which share a signature. */
static inline CURLcode synapse_curl_setopt_write_callback(
    const struct synapse_curl_api *api, CURL *handle, CURLoption option, curl_write_callback value) {
    return api->easy_setopt(handle, option, value);
}

/* CURLOPT_XFERINFOFUNCTION. */
static inline CURLcode synapse_curl_setopt_xferinfo_callback(
    const struct synapse_curl_api *api, CURL *handle, CURLoption option, curl_xferinfo_callback value) {
    return api->easy_setopt(handle, option, value);
}

/* CURLOPT_SOCKOPTFUNCTION. */
static inline CURLcode synapse_curl_setopt_sockopt_callback(
    const struct synapse_curl_api *api, CURL *handle, CURLoption option, curl_sockopt_callback value) {
    return api->easy_setopt(handle, option, value);
}

static inline CURLcode synapse_curl_getinfo_long(
    const struct synapse_curl_api *api, CURL *handle, CURLINFO info, long *value) {
    return api->easy_getinfo(handle, info, value);
}

static inline CURLcode synapse_curl_getinfo_double(
    const struct synapse_curl_api *api, CURL *handle, CURLINFO info, double *value) {
    return api->easy_getinfo(handle, info, value);
}

static inline CURLcode synapse_curl_getinfo_off_t(
    const struct synapse_curl_api *api, CURL *handle, CURLINFO info, curl_off_t *value) {
    return api->easy_getinfo(handle, info, value);
}

/* The macros are expressions Swift may not import as constants. */
static const size_t synapse_CURL_READFUNC_ABORT = CURL_READFUNC_ABORT;
static const size_t synapse_CURL_ERROR_SIZE = CURL_ERROR_SIZE;

#endif /* SYNAPSE_CCURL_SHIM_H */

#ifndef SYNAPSE_CARCHIVE_SHIM_H
#define SYNAPSE_CARCHIVE_SHIM_H

/*
 * libarchive is resolved with dlopen() instead of being linked: linking it
 * pulls in ~15 shared objects that every process would pay for at start-up,
 * even commands that never touch an archive. The headers are only used for
 * the prototypes (so the function pointer types below can never drift from
 * the real ones) and for constants; nothing here references a libarchive
 * symbol at link time.
 */

#include <archive.h>
#include <archive_entry.h>
#include <dlfcn.h>
#include <malloc.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef __clang__
#define _Nonnull
#endif

/* The runtime soname matching the libarchive-dev headers (libarchive 3.x). */
#define SYNAPSE_ARCHIVE_SONAME "libarchive.so.13"

/*
 * Every libarchive function the Swift side calls, without the "archive_"
 * prefix. X(name) declares the field `name` with the type of `archive_name`.
 */
#define SYNAPSE_ARCHIVE_FUNCTIONS(X) \
    X(error_string) \
    X(version_details) \
    X(format_name) \
    X(write_new) \
    X(write_free) \
    X(write_set_format_zip) \
    X(write_set_format_option) \
    X(write_zip_set_compression_store) \
    X(write_zip_set_compression_deflate) \
    X(write_set_bytes_per_block) \
    X(write_set_bytes_in_last_block) \
    X(write_open2) \
    X(write_header) \
    X(write_data) \
    X(write_finish_entry) \
    X(write_close) \
    X(write_fail) \
    X(read_new) \
    X(read_free) \
    X(read_support_format_zip_seekable) \
    X(read_open_filename) \
    X(read_next_header) \
    X(read_data) \
    X(read_data_skip) \
    X(entry_new) \
    X(entry_free) \
    X(entry_clear) \
    X(entry_set_pathname_utf8) \
    X(entry_set_filetype) \
    X(entry_set_perm) \
    X(entry_set_size) \
    X(entry_set_mtime) \
    X(entry_set_uid) \
    X(entry_set_gid) \
    X(entry_pathname_utf8) \
    X(entry_pathname) \
    X(entry_size) \
    X(entry_size_is_set) \
    X(entry_mode) \
    X(entry_mtime) \
    X(entry_mtime_is_set) \
    X(entry_uid) \
    X(entry_gid)

/* _Nonnull so Swift imports non-optional function types: a successful load sets every field. */
#define SYNAPSE_ARCHIVE_FIELD(name) __typeof__(&archive_##name) _Nonnull name;

struct synapse_archive_api {
    SYNAPSE_ARCHIVE_FUNCTIONS(SYNAPSE_ARCHIVE_FIELD)
};

#undef SYNAPSE_ARCHIVE_FIELD

/*
 * Opens libarchive and fills every field of `api`. Returns 0 on success; on
 * failure returns -1, leaves `api` unusable and writes dlerror()'s text or
 * the first missing symbol into `error`. The handle is never closed on
 * success: the function pointers stay valid for the life of the process.
 */
static inline int synapse_archive_load(struct synapse_archive_api *api, char *error, size_t errorLength) {
    void *handle;
    const char *reason;

    if (errorLength > 0) {
        error[0] = '\0';
    }
    handle = dlopen(SYNAPSE_ARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        reason = dlerror();
        snprintf(error, errorLength, "%s", reason != NULL ? reason : "dlopen failed");
        return -1;
    }

#define SYNAPSE_ARCHIVE_RESOLVE(name) \
    { \
        void *symbol = dlsym(handle, "archive_" #name); \
        if (symbol == NULL) { \
            snprintf(error, errorLength, "%s does not export archive_" #name, SYNAPSE_ARCHIVE_SONAME); \
            dlclose(handle); \
            return -1; \
        } \
        memcpy(&api->name, &symbol, sizeof symbol); \
    }
    SYNAPSE_ARCHIVE_FUNCTIONS(SYNAPSE_ARCHIVE_RESOLVE)
#undef SYNAPSE_ARCHIVE_RESOLVE

    return 0;
}

/* The AE_IF* macros are casts, which Swift cannot import as constants. */
static const __LA_MODE_T synapse_AE_IFMT = AE_IFMT;
static const __LA_MODE_T synapse_AE_IFREG = AE_IFREG;
static const __LA_MODE_T synapse_AE_IFDIR = AE_IFDIR;
static const __LA_MODE_T synapse_AE_IFLNK = AE_IFLNK;

// Keeps freed heap memory in the process instead of returning it to the kernel. zlib
// allocates and frees ~256 KiB per deflated entry; with glibc's default trim threshold each
// entry faults that memory in again, doubling the time to archive thousands of small files.
static inline void synapse_archive_retain_freed_memory(void) {
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

#endif /* SYNAPSE_CARCHIVE_SHIM_H */

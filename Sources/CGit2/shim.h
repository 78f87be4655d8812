#ifndef SYNAPSE_CGIT2_SHIM_H
#define SYNAPSE_CGIT2_SHIM_H

/*
 * libgit2 is resolved with dlopen() instead of being linked: linking it pulls
 * in libssh2, mbedTLS, GSSAPI, libhttp_parser and PCRE2, which every process
 * would pay for at start-up, although only the commands that look at a
 * repository need it. The headers are only used for the prototypes (so the
 * function pointer types below can never drift from the real ones) and for
 * types and constants; nothing here references a libgit2 symbol at link time.
 */

#include <git2.h>
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#ifndef __clang__
#define _Nonnull
#endif

/* The runtime soname matching the libgit2-dev headers (libgit2 1.5). */
#define SYNAPSE_GIT_SONAME "libgit2.so.1.5"

/*
 * Every libgit2 function the Swift side calls, without the "git_" prefix.
 * X(name) declares the field `name` with the type of `git_name`.
 */
#define SYNAPSE_GIT_FUNCTIONS(X) \
    X(libgit2_init) \
    X(error_last) \
    X(repository_open_ext) \
    X(repository_free) \
    X(repository_is_bare) \
    X(repository_workdir) \
    X(repository_path) \
    X(repository_commondir) \
    X(repository_head) \
    X(repository_index) \
    X(repository_config_snapshot) \
    X(reference_lookup) \
    X(reference_free) \
    X(reference_symbolic_target) \
    X(reference_target) \
    X(reference_name) \
    X(reference_is_branch) \
    X(reference_peel) \
    X(object_free) \
    X(tree_entry_bypath) \
    X(tree_entry_free) \
    X(tree_entry_type) \
    X(tree_entry_filemode) \
    X(tree_entry_id) \
    X(blob_lookup) \
    X(blob_free) \
    X(blob_rawcontent) \
    X(blob_rawsize) \
    X(index_open) \
    X(index_read) \
    X(index_free) \
    X(index_entrycount) \
    X(index_get_byindex) \
    X(index_get_bypath) \
    X(diff_options_init) \
    X(diff_find_options_init) \
    X(diff_tree_to_index) \
    X(diff_find_similar) \
    X(diff_num_deltas) \
    X(diff_get_delta) \
    X(diff_free) \
    X(status_options_init) \
    X(status_list_new) \
    X(status_list_entrycount) \
    X(status_list_free) \
    X(config_get_string) \
    X(config_free)

/* _Nonnull so Swift imports non-optional function types: a successful load sets every field. */
#define SYNAPSE_GIT_FIELD(name) __typeof__(&git_##name) _Nonnull name;

struct synapse_git_api {
    SYNAPSE_GIT_FUNCTIONS(SYNAPSE_GIT_FIELD)
};

#undef SYNAPSE_GIT_FIELD

/*
 * Opens libgit2, fills every field of `api` and runs git_libgit2_init once.
 * Returns 0 on success; on failure returns -1, leaves `api` unusable and
 * writes dlerror()'s text, the first missing symbol or the failed
 * initialisation into `error`. The handle is never closed on success (nor is
 * git_libgit2_shutdown called): the function pointers and libgit2's global
 * state stay valid for the life of the process.
 */
static inline int synapse_git_load(struct synapse_git_api *api, char *error, size_t errorLength) {
    void *handle;
    const char *reason;
    int status;

    if (errorLength > 0) {
        error[0] = '\0';
    }
    handle = dlopen(SYNAPSE_GIT_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (handle == NULL) {
        reason = dlerror();
        snprintf(error, errorLength, "%s", reason != NULL ? reason : "dlopen failed");
        return -1;
    }

#define SYNAPSE_GIT_RESOLVE(name) \
    { \
        void *symbol = dlsym(handle, "git_" #name); \
        if (symbol == NULL) { \
            snprintf(error, errorLength, "%s does not export git_" #name, SYNAPSE_GIT_SONAME); \
            dlclose(handle); \
            return -1; \
        } \
        memcpy(&api->name, &symbol, sizeof symbol); \
    }
    SYNAPSE_GIT_FUNCTIONS(SYNAPSE_GIT_RESOLVE)
#undef SYNAPSE_GIT_RESOLVE

    /* Returns the number of initialisations so far, or a negative error code. */
    status = api->libgit2_init();
    if (status < 0) {
        const git_error *last = api->error_last();
        snprintf(error, errorLength, "git_libgit2_init failed: %s",
                 last != NULL && last->message != NULL ? last->message : "no message");
        return -1;
    }
    return 0;
}

#endif /* SYNAPSE_CGIT2_SHIM_H */

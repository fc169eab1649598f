/* Makes the native tier's worker threads visible to py-spy.
 *
 * py-spy samples only threads that have a PyThreadState: it walks the
 * interpreter's thread list, and merges each thread's native stack into its
 * Python one. `parallelize` workers are plain pthreads started by compiled
 * code, so py-spy never sees them (py-spy issue #332). Preloaded into the
 * profiled process only (`kiln profile`), this wraps pthread_create: a thread
 * whose start routine lives in a Kiln compiled module (a shared object under
 * KILN_PROFILE_MODULES, the cache of compiled modules) gets an empty
 * PyThreadState for its lifetime. It never takes the GIL and never runs
 * Python code: PyThreadState_New only links the state into the list (under
 * the runtime's own lock), and the state is cleared and deleted when the
 * thread ends, however it ends.
 *
 * Every other thread (Python's own, numpy's, the program's) starts exactly
 * as without this library. Outside a Python process the Python symbols are
 * absent and nothing is wrapped.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef void *(*start_routine)(void *);
typedef int (*create_fn)(pthread_t *, const pthread_attr_t *, start_routine, void *);

struct start { start_routine fn; void *arg; };

static create_fn real_create;
static void *(*thread_state_new)(void *);
static void *(*main_interpreter)(void);
static void (*thread_state_clear)(void *);
static void (*thread_state_delete)(void *);
static int (*python_initialized)(void);
static char modules_dir_given[PATH_MAX];
static char modules_dir[PATH_MAX];
static size_t modules_dir_len;

static void resolve(void) {
    real_create = (create_fn)dlsym(RTLD_NEXT, "pthread_create");
    thread_state_new = dlsym(RTLD_DEFAULT, "PyThreadState_New");
    main_interpreter = dlsym(RTLD_DEFAULT, "PyInterpreterState_Main");
    thread_state_clear = dlsym(RTLD_DEFAULT, "PyThreadState_Clear");
    thread_state_delete = dlsym(RTLD_DEFAULT, "PyThreadState_Delete");
    python_initialized = dlsym(RTLD_DEFAULT, "Py_IsInitialized");
    if (modules_dir_given[0] && realpath(modules_dir_given, modules_dir))
        modules_dir_len = strlen(modules_dir);
}

/* Read at load time: the launcher removes the variable (and the preload)
 * from the environment before the program starts, so that the program's
 * own subprocesses run without this library. */
__attribute__((constructor))
static void read_modules_dir(void) {
    const char *dir = getenv("KILN_PROFILE_MODULES");
    if (dir && strlen(dir) < sizeof modules_dir_given)
        strcpy(modules_dir_given, dir);
}

static int python_ready(void) {
    return thread_state_new && main_interpreter && thread_state_clear && thread_state_delete
        && python_initialized && python_initialized();
}

/* The start routine's object file; dladdr's name is the path it was loaded by. */
static int from_compiled_module(start_routine fn) {
    Dl_info info;
    char resolved[PATH_MAX];
    if (!modules_dir_len || !dladdr((void *)fn, &info) || !info.dli_fname)
        return 0;
    if (!realpath(info.dli_fname, resolved))
        return 0;
    return strncmp(resolved, modules_dir, modules_dir_len) == 0 && resolved[modules_dir_len] == '/';
}

static void forget(void *state) {
    if (state) {
        thread_state_clear(state);
        thread_state_delete(state);
    }
}

__attribute__((visibility("hidden"), noinline))
void *kiln_profiler_thread_start(void *p) {
    struct start s = *(struct start *)p;
    free(p);
    void *state = python_ready() ? thread_state_new(main_interpreter()) : NULL;
    void *result;
    pthread_cleanup_push(forget, state);
    result = s.fn(s.arg);
    pthread_cleanup_pop(1);
    return result;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr, start_routine fn, void *arg) {
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, resolve);
    if (!python_ready() || !from_compiled_module(fn))
        return real_create(thread, attr, fn, arg);
    struct start *s = malloc(sizeof *s);
    if (!s)
        return real_create(thread, attr, fn, arg);
    s->fn = fn;
    s->arg = arg;
    int rc = real_create(thread, attr, kiln_profiler_thread_start, s);
    if (rc != 0)
        free(s);
    return rc;
}

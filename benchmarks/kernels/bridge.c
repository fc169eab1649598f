/* The C peer for the bridge's per-call overhead: add(a, b) on 64-bit ints as
 * a CPython extension function with METH_FASTCALL (the cheapest calling
 * convention CPython offers a C function), plus the same add exported as a
 * plain C symbol for the ctypes row. Built by the harness as a shared object:
 *   gcc -O3 -march=native -shared -fPIC -I<python include> bridge.c */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

int64_t bench_add(int64_t a, int64_t b) { return a + b; }

static PyObject *add_fastcall(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    (void)self;
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "add() takes 2 arguments (%zd given)", nargs);
        return NULL;
    }
    long long a = PyLong_AsLongLong(args[0]);
    if (a == -1 && PyErr_Occurred())
        return NULL;
    long long b = PyLong_AsLongLong(args[1]);
    if (b == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLongLong((long long)bench_add(a, b));
}

static PyMethodDef methods[] = {
    {"add", (PyCFunction)(void (*)(void))add_fastcall, METH_FASTCALL, "add(a: int, b: int) -> int"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "bridge_ext", NULL, -1, methods};

PyMODINIT_FUNC PyInit_bridge_ext(void) { return PyModule_Create(&module); }

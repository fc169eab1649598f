"""The Python-tier classes of compiled structs, built when a module is loaded
from the metadata `codegen/bridging.py` recorded: the native value lives in
the instance's `_kiln_data` bytearray (see structs.py); scalar fields are
properties reading and writing it, other fields go through generated
native accessors (field_access.py: reading gives a copy); `__init__`, methods and operator dunders
call the module's generated wrappers; `__del__` runs the native destructor."""
from __future__ import annotations

import struct as _struct
from types import ModuleType


class KilnStruct:
    """Base of every compiled struct's Python class."""

    __slots__ = ("_kiln_data",)

    def __repr__(self) -> str:
        cls = type(self)
        if getattr(self, "_kiln_data", None) is None:
            return f"<uninitialised {cls.__name__}>"
        fields = ", ".join(f"{name}=<{cls.__kiln_opaque__[name]}>" if name in cls.__kiln_opaque__
                           else f"{name}={getattr(self, name)!r}" for name in cls.__kiln_fields__)
        return f"{cls.__name__}({fields})"


def _scalar_property(name: str, offset: int, fmt: str, kiln_type: str) -> property:
    size = _struct.calcsize(fmt)

    def get(self):
        return _struct.unpack_from(fmt, self._kiln_data, offset)[0]

    def set(self, value):
        # Packed aside first: pack_into zeroes its target before it checks the value.
        try:
            packed = _struct.pack(fmt, value)
        except _struct.error as exc:
            owner = type(self).__name__
            if "range" in str(exc) or "format requires" in str(exc):
                raise OverflowError(f"field '{name}' of {owner} = {value!r} does not fit in {kiln_type}") from None
            raise TypeError(f"field '{name}' of {owner} must be {_python_name(kiln_type)} "
                            f"(Kiln type {kiln_type}), not {type(value).__name__}") from None
        self._kiln_data[offset:offset + size] = packed
    return property(get, set, doc=f"field `{name}`")


def _python_name(kiln_type: str) -> str:
    if kiln_type == "Bool":
        return "bool"
    return "float" if kiln_type.startswith("Float") else "int"


def _native_property(name: str, getter, setter, kiln_type: str) -> property:
    # The generated wrappers themselves: no Python frame between the
    # attribute access and the native copy (field_access.py).
    return property(getter, setter, doc=f"field `{name}`: {kiln_type} (reading gives a copy)")


def _opaque_property(struct: str, name: str, kiln_type: str, reason: str) -> property:
    message = f"field '{name}' of {struct} has type {kiln_type}, which {reason}"

    def get(self):
        raise TypeError(message)

    def set(self, value):
        raise TypeError(message)
    return property(get, set, doc=f"field `{name}`: {kiln_type} (not convertible)")


def _method(wrappers: list) -> object:
    # overloads share one wrapper: the generated dispatcher (overloads.py) picks
    native, = wrappers

    def call(self, *args, **kwargs):
        return native(self, *args, **kwargs)
    return call


def _init(struct: str, size: int, wrappers: list, refused: str):
    method = _method(wrappers) if wrappers else None

    def __init__(self, *args, **kwargs):
        if method is None and refused:
            raise TypeError(f"cannot construct {struct} from Python: {refused}")
        self._kiln_data = bytearray(size)
        if method is not None:
            method(self, *args, **kwargs)
        elif args or kwargs:
            raise TypeError(f"{type(self).__name__}() takes no arguments")
    return __init__


def _same_type_operator(native):
    """`a == 3` is False (`NotImplemented`), not a TypeError from the wrapper."""
    def operator(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return native(self, other)
    return operator


def _destroyer(native):
    def __del__(self):
        if getattr(self, "_kiln_data", None) is not None:
            native(self)
    return __del__


def build_class(module: ModuleType, meta: dict, qualname: str) -> type:
    namespace: dict = {"__slots__": (), "__module__": qualname,
                       "__kiln_fields__": tuple(f[0] for f in meta["fields"]),
                       "__kiln_opaque__": {f[0]: f[3] for f in meta["fields"] if f[2] == "opaque"}}
    for name, offset, kind, kiln_type, extra in meta["fields"]:
        if kind == "native":
            getter, setter = (getattr(module, attr) for attr in extra)
            namespace[name] = _native_property(name, getter, setter, kiln_type)
        elif kind == "opaque":
            namespace[name] = _opaque_property(meta["name"], name, kiln_type, extra)
        else:
            fmt = kind if kind == "P" else "=" + kind       # pointers: native mode only (an address as int)
            namespace[name] = _scalar_property(name, offset, fmt, kiln_type)
    for name, attrs in meta["methods"].items():
        wrappers = [getattr(module, a) for a in attrs]
        if name == "__init__":
            continue
        if name in meta.get("static", ()):
            namespace[name] = staticmethod(wrappers[0])
        elif name in meta.get("same_type_ops", ()):
            namespace[name] = _same_type_operator(wrappers[0])
        else:
            namespace[name] = _method(wrappers)
    namespace["__init__"] = _init(meta["name"], meta["size"],
                                  [getattr(module, a) for a in meta["methods"].get("__init__", [])],
                                  meta.get("init_refused", ""))
    if meta.get("destroy"):
        namespace["__del__"] = _destroyer(getattr(module, meta["destroy"]))
        refuse = _refuse_copy(meta["name"])
        namespace.update(__copy__=refuse, __deepcopy__=refuse, __reduce_ex__=refuse, __reduce__=refuse)
    else:
        namespace.update(__copy__=_bytes_copy, __deepcopy__=lambda self, memo: _bytes_copy(self))
    return type(meta["name"], (KilnStruct,), namespace)


def _bytes_copy(self):
    """A struct that owns nothing (no destructor) is its bytes."""
    clone = type(self).__new__(type(self))
    clone._kiln_data = bytearray(self._kiln_data)
    return clone


def _refuse_copy(name: str):
    # A byte copy would share (and later free twice) what the value owns.
    def refuse(self, *args):
        raise TypeError(f"cannot copy or pickle a {name} from Python: it owns native resources "
                        f"(copy it in an fn, where __copyinit__ runs)")
    return refuse


def build_classes(module: ModuleType, structs: list[dict], qualname: str) -> dict[str, type]:
    """Every struct class of `module`, registered with its wrappers."""
    classes = {meta["name"]: build_class(module, meta, qualname) for meta in structs}
    count = max((m.get("class_count") or 0 for m in structs), default=0)
    ordered: list[object] = [object] * count
    for meta in structs:
        if meta.get("class_index") is not None:
            ordered[meta["class_index"]] = classes[meta["name"]]
    setter = getattr(module, "__kiln_set_struct_classes__", None)
    if setter is not None:
        setter(*ordered)
    return classes

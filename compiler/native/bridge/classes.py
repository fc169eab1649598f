"""The Python-tier classes of compiled structs, built when a module is loaded
from the metadata `codegen/bridging.py` recorded: the native value lives in
the instance's `_kiln_data` bytearray (see structs.py); fields are
properties reading and writing it; `__init__`, methods and operator dunders
call the module's generated wrappers; `__del__` runs the native destructor."""
from __future__ import annotations

import struct as _struct
from types import ModuleType


class KilnStruct:
    """Base of every compiled struct's Python class."""

    __slots__ = ("_kiln_data",)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in type(self).__kiln_fields__)
        return f"{type(self).__name__}({fields})"


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


def _string_property(name: str, offset: int) -> property:
    def get(self):
        data, length, _ = _struct.unpack_from("Pqq", self._kiln_data, offset)
        if not data:
            return ""
        import ctypes               # only String fields need it
        return ctypes.string_at(data, length).decode("utf-8", "replace")
    return property(get, doc=f"field `{name}` (read-only from Python)")


def _opaque_property(name: str, kiln_type: str) -> property:
    def get(self):
        raise TypeError(f"field '{name}' has type {kiln_type}, which the bridge cannot convert yet")
    return property(get)


def _method(wrappers: list) -> object:
    # overloads share one wrapper: the generated dispatcher (overloads.py) picks
    native, = wrappers

    def call(self, *args, **kwargs):
        return native(self, *args, **kwargs)
    return call


def _init(size: int, wrappers: list):
    method = _method(wrappers) if wrappers else None

    def __init__(self, *args, **kwargs):
        self._kiln_data = bytearray(size)
        if method is not None:
            method(self, *args, **kwargs)
        elif args or kwargs:
            raise TypeError(f"{type(self).__name__}() takes no arguments")
    return __init__


def _destroyer(native):
    def __del__(self):
        if getattr(self, "_kiln_data", None) is not None:
            native(self)
    return __del__


def build_class(module: ModuleType, meta: dict, qualname: str) -> type:
    namespace: dict = {"__slots__": (), "__module__": qualname,
                       "__kiln_fields__": tuple(f[0] for f in meta["fields"])}
    for name, offset, kind, kiln_type in meta["fields"]:
        if kind == "str":
            namespace[name] = _string_property(name, offset)
        elif kind == "opaque":
            namespace[name] = _opaque_property(name, kiln_type)
        else:
            fmt = kind if kind == "P" else "=" + kind       # pointers: native mode only (an address as int)
            namespace[name] = _scalar_property(name, offset, fmt, kiln_type)
    for name, attrs in meta["methods"].items():
        wrappers = [getattr(module, a) for a in attrs]
        if name == "__init__":
            continue
        if name in meta.get("static", ()):
            namespace[name] = staticmethod(wrappers[0])
        else:
            namespace[name] = _method(wrappers)
    namespace["__init__"] = _init(meta["size"], [getattr(module, a) for a in meta["methods"].get("__init__", [])])
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

"""What runtime generators share: defining an internal function and small
structured-control-flow helpers over llvmlite's IRBuilder.

Runtime functions are emitted with `internal` linkage into each module that
uses them (so a standalone executable carries only what it calls, and two
loaded modules never clash on a symbol)."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from llvmlite import ir

from ..irbuilder import Builder
from ..layout import I64


def define(module: ir.Module, name: str, result: ir.Type,
           params: list[ir.Type]) -> tuple[ir.Function, ir.IRBuilder]:
    fn = ir.Function(module, ir.FunctionType(result, params), name)
    fn.linkage = "internal"
    fn.attributes.add("nounwind")
    return fn, Builder(fn.append_basic_block("entry"))


@contextmanager
def counted_loop(b: ir.IRBuilder, start: ir.Value, stop: ir.Value,
                 name: str = "i") -> Iterator[ir.Value]:
    """`for i in range(start, stop)`; the body is built inside the `with`."""
    pre = b.block
    head = b.append_basic_block(f"{name}.head")
    body = b.append_basic_block(f"{name}.body")
    done = b.append_basic_block(f"{name}.done")
    b.branch(head)
    b.position_at_end(head)
    i = b.phi(I64, name)
    i.add_incoming(start, pre)
    b.cbranch(b.icmp_signed("<", i, stop), body, done)
    b.position_at_end(body)
    yield i
    i.add_incoming(b.add(i, I64(1)), b.block)
    b.branch(head)
    b.position_at_end(done)


def alloca_entry(b: ir.IRBuilder, ty: ir.Type, name: str = "", count: int | None = None,
                 init: ir.Value | None = None) -> ir.Value:
    """An alloca at the top of the entry block (a static stack slot),
    optionally initialised there, so every path sees the initial value."""
    fn = b.function
    with b.goto_block(fn.entry_basic_block):
        first = fn.entry_basic_block.instructions
        if first:
            b.position_before(first[0])
        slot = b.alloca(ty, size=None if count is None else I64(count), name=name)
        if init is not None:
            b.store(init, slot)
        return slot


class Var:
    """A mutable local in a stack slot (mem2reg promotes it when optimising)."""

    def __init__(self, b: ir.IRBuilder, ty: ir.Type, init: ir.Value | None = None, name: str = ""):
        self.b, self.ty = b, ty
        self.slot = alloca_entry(b, ty, name)
        if init is not None:
            b.store(init, self.slot)

    def get(self) -> ir.Value:
        return self.b.load(self.slot, typ=self.ty)

    def set(self, value: ir.Value) -> None:
        self.b.store(value, self.slot)


@contextmanager
def while_loop(b: ir.IRBuilder, cond, name: str = "while") -> Iterator[ir.Block]:
    """`while cond(): body`; yields the exit block (branch there to `break`)."""
    head = b.append_basic_block(f"{name}.head")
    body = b.append_basic_block(f"{name}.body")
    done = b.append_basic_block(f"{name}.done")
    b.branch(head)
    b.position_at_end(head)
    b.cbranch(cond(), body, done)
    b.position_at_end(body)
    yield done
    if not b.block.is_terminated:
        b.branch(head)
    b.position_at_end(done)


def byte_at(b: ir.IRBuilder, base: ir.Value, index: ir.Value) -> ir.Value:
    from ..layout import I8
    return b.load(b.gep(base, [index], source_etype=I8), typ=I8)


def put_byte(b: ir.IRBuilder, base: ir.Value, index: ir.Value, value) -> None:
    from ..layout import I8
    if isinstance(value, int):
        value = I8(value)
    b.store(value, b.gep(base, [index], source_etype=I8))

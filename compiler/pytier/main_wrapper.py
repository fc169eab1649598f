"""The `__main__` module of `kiln run`, made to end the program by itself.

`kiln run` hands the program's code to the interpreter's top level (see
top_level.py), where no Kiln frame is below it, so the code itself must do
what the runner did around it: call `main()`, report an uncaught exception
through `sys.excepthook`, and exit. The lowered tree becomes

    "docstring"                        # stays first: it is __doc__
    from __future__ import ...         # stay first: CPython requires it
    try:
        <the module's statements>
        DRIVER.exit_with(main())       # if it defines main(); at the `def main` line
    except DRIVER.SYSTEM_EXIT:
        raise                          # sys.exit(): the interpreter handles it
    except DRIVER.BASE_EXCEPTION:
        DRIVER.caught()
    DRIVER.finish()                    # reports what was caught, raises SystemExit

`DRIVER` is not a name (the program's globals stay exactly Python's): the
code refers to a placeholder string constant that `attach_driver` swaps for
the driver object in the compiled code's constants. The placeholder survives
marshal, so the wrapped code is cached like any other.

`main()` is called from the module's own frame, as in `sys.exit(main())`:
inside it `inspect.stack()` ends with `<module>`, like under python3.
Synthesized statements carry a zero-width position (`col 0-0`) on their line,
which is how `is_main_call` recognises the call's frame in a traceback.
"""
from __future__ import annotations

import ast
import types
from typing import Any

DRIVER_PLACEHOLDER = "\0kiln: __main__ driver\0"


def wrap_for_top_level(tree: ast.Module, main: ast.stmt | None) -> ast.Module:
    """A new module (the input is not mutated) that runs `tree`, then `main()`
    if `main` (its top-level definition) is given, then ends the program."""
    body = list(tree.body)
    head = _leading_docstring_and_futures(body)
    rest = body[len(head):]
    last_line = (rest or head or [None])[-1]
    end_line = getattr(last_line, "end_lineno", None) or 1
    if main is not None:
        rest.append(_main_call(main))
    protected = rest or [_at(ast.Pass(), end_line)]
    first_line = protected[0].lineno
    handlers = [
        _at(ast.ExceptHandler(_driver_attr("SYSTEM_EXIT", end_line), None, [_at(ast.Raise(), end_line)]),
            end_line),
        _at(ast.ExceptHandler(_driver_attr("BASE_EXCEPTION", end_line), None,
                              [_driver_call("caught", [], end_line)]), end_line),
    ]
    wrapped = ast.Try(protected, handlers, [], [])
    # Not `_at`: that would walk the whole program for positions it already has.
    wrapped.lineno, wrapped.end_lineno, wrapped.col_offset, wrapped.end_col_offset = \
        first_line, first_line, 0, 0
    return ast.Module([*head, wrapped, _driver_call("finish", [], end_line)], list(tree.type_ignores))


def attach_driver(code: types.CodeType, driver: Any) -> types.CodeType:
    """The compiled wrapped module with its placeholder replaced by `driver`
    (only the module's own constants hold it: it is used at the top level only)."""
    consts = tuple(driver if type(c) is str and c == DRIVER_PLACEHOLDER else c for c in code.co_consts)
    return code.replace(co_consts=consts)


def is_main_call(code: types.CodeType, lasti: int, main_line: int) -> bool:
    """Whether instruction `lasti` of the wrapped module is the synthesized `main()` call."""
    positions = list(code.co_positions())
    index = lasti // 2
    return 0 <= index < len(positions) and positions[index] == (main_line, main_line, 0, 0)


def _leading_docstring_and_futures(body: list[ast.stmt]) -> list[ast.stmt]:
    head: list[ast.stmt] = []
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        head.append(body[0])
    for stmt in body[len(head):]:
        if not (isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__" and not stmt.level):
            break
        head.append(stmt)
    return head


def _main_call(main: ast.stmt) -> ast.stmt:
    line = main.lineno
    call = ast.Call(ast.Name("main", ast.Load()), [], [])
    if isinstance(main, ast.AsyncFunctionDef):
        # `asyncio.run(main())` from this frame, as a python3 program would write it.
        call = ast.Call(_driver_attr("asyncio_run", line), [_at(call, line)], [])
    return _driver_call("exit_with", [_at(call, line)], line)


def _driver_attr(name: str, line: int) -> ast.expr:
    placeholder = _at(ast.Constant(DRIVER_PLACEHOLDER), line)
    return _at(ast.Attribute(placeholder, name, ast.Load()), line)


def _driver_call(method: str, args: list[ast.expr], line: int) -> ast.stmt:
    return _at(ast.Expr(_at(ast.Call(_driver_attr(method, line), args, []), line)), line)


def _at(node: ast.AST, line: int) -> Any:
    """A zero-width position at the start of `line` for a synthesized node
    and everything under it that has no position yet."""
    for sub in ast.walk(node):
        if "lineno" in sub._attributes and getattr(sub, "lineno", None) is None:
            sub.lineno, sub.end_lineno, sub.col_offset, sub.end_col_offset = line, line, 0, 0
    return node

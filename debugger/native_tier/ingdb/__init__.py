"""Code that runs inside gdb's own Python (not the debuggee's, not the
adapter's): MI commands that read typed `fn` values and CPython frames.

gdb imports these modules by file name (`kiln_gdb`, ...) after putting this
folder on its `sys.path`; they use only gdb's API and the standard library.
Nothing else imports them.
"""

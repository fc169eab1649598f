import os

def f():
    return 1
        x = 2    # ERROR

def g():
    return os.sep

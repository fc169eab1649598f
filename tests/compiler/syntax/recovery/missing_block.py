def f():
    if True:
    return 1    # ERROR

def g():
    pass

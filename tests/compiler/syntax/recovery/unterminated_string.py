x = 1
y = "abc    # ERROR
z = 3
def f():
    return z

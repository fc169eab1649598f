"""The mandelbrot checksum on a NumPy array of iteration counts (Numba and
Kiln peers): weighted by position, as in mandelbrot.c."""
import numpy as np


def checksum_array(counts):
    weights = np.arange(counts.size, dtype=np.int64) % 7 + 1
    return int((counts.astype(np.int64) * weights).sum())

"""The benchmark harness behind benchmarks/run.py: kernels, peers, processes,
checksum verification, the table and the saved results."""

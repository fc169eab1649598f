"""kiln.profiler"""

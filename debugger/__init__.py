"""kiln.debugger"""

"""N-of-1 experiments: design, power, the exact conditional test and the trend view."""

"""Numerical layer of quadwick: Monte Carlo, command line, and (later) kernels, ODEs and simulations."""

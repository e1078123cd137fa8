"""From derived expressions to floats: :mod:`.derived` gives a model's risk, gradient, ODE right-hand side and
Jacobian as compiled C, generated NumPy or lambdified SymPy behind one interface; :mod:`.build` compiles C
with the system compiler and keeps the libraries in a private cache (also used by the SGD simulator's C)."""

"""Trajectories of the model in time: the overlap ODEs (:mod:`.ode`), one-pass SGD at finite N in weight and in
overlap space (:mod:`.sgd`), full-batch gradient descent and its Gram flow (:mod:`.gd`), and the one result
format they all write (:mod:`.trajectory`: keys, axis order, time grid)."""

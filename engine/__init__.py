"""Pure-numpy engine of loss-tui: losses, gradients, regularization, linear models,
datasets and search. Never imports textual or rich."""

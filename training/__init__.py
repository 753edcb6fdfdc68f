"""Training data, training and evaluation of mtlint's models."""

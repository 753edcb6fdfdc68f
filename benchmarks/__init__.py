"""Scripts that print speed, memory and accuracy figures (never timed tests)."""

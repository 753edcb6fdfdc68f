"""mtlint's detector: inputs, segmentation, the pipeline, the scorer, the run policy and the
entry points (CLI, API, service, batch). The public API is re-exported by ``mtlint``."""

"""mtlint's exit codes, documented in the README and in ``mtlint --help``."""

EXIT_CLEAN = 0  # no suspect sentence, or --exit-zero, or the CI gate's conditions are not met
EXIT_SUSPECT = 1  # at least one suspect sentence, or a CI gate condition is met
EXIT_ERROR = 2  # usage, input, configuration or internal error
EXIT_BROKEN_PIPE = 141  # the output's reader went away: as a process that SIGPIPE ends (what pipefail expects)

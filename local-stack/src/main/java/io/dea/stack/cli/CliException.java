package io.dea.stack.cli;

/** A failure the CLI reports as one clear line and a non-zero exit, without a stack trace. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}

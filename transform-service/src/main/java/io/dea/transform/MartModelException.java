package io.dea.transform;

/** The goal's mart cannot be modelled as asked; the message says why, for the person who wrote the goal. */
final class MartModelException extends IllegalArgumentException {

    MartModelException(String message) {
        super(message);
    }
}

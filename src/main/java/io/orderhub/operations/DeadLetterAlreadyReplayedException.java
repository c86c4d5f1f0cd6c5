package io.orderhub.operations;

public class DeadLetterAlreadyReplayedException extends RuntimeException {

    public DeadLetterAlreadyReplayedException(String id) {
        super("dead letter " + id + " was already replayed");
    }
}

package io.orderhub.operations;

public class DeadLetterNotFoundException extends RuntimeException {

    public DeadLetterNotFoundException(String id) {
        super("dead letter " + id + " does not exist");
    }
}

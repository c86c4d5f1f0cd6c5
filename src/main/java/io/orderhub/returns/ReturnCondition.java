package io.orderhub.returns;

/** The state a returned unit arrived in: only resellable units go back into stock. */
public enum ReturnCondition {
    RESELLABLE,
    DAMAGED
}

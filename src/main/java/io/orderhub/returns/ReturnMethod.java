package io.orderhub.returns;

/** How the goods come back: mailed with a prepaid carrier label, or dropped off at a store. */
public enum ReturnMethod {
    MAIL,
    STORE
}

package io.orderhub.order;

/** A storefront key may place and see orders of its own channel only. */
public class ChannelNotAllowedException extends RuntimeException {

    public ChannelNotAllowedException(String callerChannel, String orderChannel) {
        super("this API key belongs to channel '" + callerChannel + "' and cannot place orders for channel '" + orderChannel + "'");
    }
}

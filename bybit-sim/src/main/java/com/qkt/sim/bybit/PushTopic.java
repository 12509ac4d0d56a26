package com.qkt.sim.bybit;

/**
 * Private-stream topics the simulator pushes. Each may be subscribed all-in-one ({@code order}) or per category
 * ({@code order.spot}); wallet has no category form.
 */
enum PushTopic
{
    ORDER("order", true),
    EXECUTION("execution", true),
    EXECUTION_FAST("execution.fast", true),
    POSITION("position", true),
    WALLET("wallet", false);

    final String base;
    final boolean categorised;

    PushTopic(final String base, final boolean categorised)
    {
        this.base = base;
        this.categorised = categorised;
    }
}

package com.qkt.sim.bybit;

/**
 * The exchange-side rules the REST server applies around each call, bundled so they travel as one: the server
 * clock, per-UID budgets, the IP limit, the call log and Disconnection Protection.
 */
record ExchangeRules(
    ServerClock clock, RateLimitBudgets budgets, IpLimit ipLimit, RestCallLog callLog, DisconnectProtection dcp)
{
}

/**
 * The chaos soak behind {@code scripts/soak}: several accounts, each with its own
 * {@link com.qkt.sim.bybit.BybitSimulator} and engine, trade for minutes through a dense fault plan ({@link
 * com.qkt.soak.SoakPlan}, injected by the demo's
 * {@link com.qkt.demo.FaultScenario}) while the demo's {@link com.qkt.demo.InvariantChecker} holds each strategy's view
 * against its exchange. {@link com.qkt.soak.SoakRun} prints a report line at every interval (orders, fills, drops,
 * recoveries, restarts, heap after GC, RSS, handler lag p99) and a {@link com.qkt.soak.SoakSummary};
 * {@link com.qkt.soak.HeapCheck} decides whether memory stayed flat. Engines come from a factory so a restart can drop
 * one without a clean close and start the next on the same account.
 */
package com.qkt.soak;

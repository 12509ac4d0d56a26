/**
 * The runnable demo behind {@code scripts/demo}: a sample strategy trading through
 * {@link com.qkt.broker.bybit.BybitClient} and {@link com.qkt.broker.bybit.BybitSpotBroker} against an embedded
 * {@link com.qkt.sim.bybit.BybitSimulator} on loopback while {@link com.qkt.demo.FaultScenario} breaks sockets and
 * REST calls; {@link com.qkt.demo.InvariantChecker} holds the strategy's view against the exchange's records.
 * <p>
 * {@link com.qkt.demo.Demo} parses the command line ({@link com.qkt.demo.DemoOptions}) and runs either a
 * {@link com.qkt.demo.SimulationRun} or, with {@code --testnet}, a {@link com.qkt.demo.TestnetCheck}.
 */
package com.qkt.demo;

/**
 * The account beyond orders: wallet balances and positions, from the live {@code wallet} and {@code position} topics
 * and from REST snapshots, told to the strategy as {@code WalletUpdate} and {@code PositionUpdate} events.
 * {@link com.qkt.broker.bybit.account.AccountTracker} (the entry point the order manager forwards to),
 * {@code WalletBook} and {@code PositionBook} (the last state per coin and per position, and the rule that an older
 * snapshot never overwrites a newer push), {@code AccountSnapshots} (the REST snapshot step machine) and
 * {@code AccountEventEmitter} (the SBE events).
 */
package com.qkt.broker.bybit.account;

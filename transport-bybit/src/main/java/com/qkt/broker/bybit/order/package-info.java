/**
 * Orders and recovery, behind the {@link com.qkt.broker.bybit.BybitSpotBroker} facade:
 * {@link com.qkt.broker.bybit.order.OrderManager} (the order state machine: applies live and recovered order and
 * execution items, dedups fills, holds terminal events until every fill is out), {@code OrderBook} (working orders
 * and their pool), {@code OrderEntry} (create/cancel requests and their REST outcomes, and the cancel intent that
 * survives the race with its create), {@code OrderIdentity} (whether an item under our {@code orderLinkId} really is
 * our order), {@code BrokerEventEmitter} (the SBE events), {@code BybitStateRecovery} (what a gap hid, asked over
 * REST), {@code TrackedOrder} and {@code OrderRequestEncoder}.
 * <p>
 * Everything but {@code OrderManager} is package-private: the facade in the parent package is the only way in.
 * {@code OrderRequestEncoder} lives here rather than in {@code rest} because it encodes a {@code TrackedOrder}.
 */
package com.qkt.broker.bybit.order;

/**
 * Duplicate suppression for fills: {@link com.qkt.dedup.ExecIdWindow} remembers the exec ids a transport has
 * delivered, so a fill replayed by a reconnect or by state recovery reaches the strategy once. It is exchange-agnostic
 * (ids are byte ranges), which is why it lives in core and not in a transport.
 */
package com.qkt.dedup;

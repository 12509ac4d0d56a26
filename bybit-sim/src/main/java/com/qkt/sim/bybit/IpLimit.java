package com.qkt.sim.bybit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.LongSupplier;

/**
 * Bybit's IP limit on REST: while an IP is banned every REST call is answered HTTP 403 ("access too frequent"),
 * whatever the path, key or signature. A ban comes from the fault API ({@link Faults#ipBan(Duration)}) or, when
 * enabled, from the automatic rule (Bybit: more than 600 requests in 5 s from one IP → banned for at least 10 min).
 * The automatic rule is off by default, so that tests hammering the simulator on purpose get per-UID 10006 answers,
 * not a 10-minute ban; loopback has one IP, so the rule counts every request.
 */
final class IpLimit
{
    private final LongSupplier nanoClock;
    private final int maxRequests;
    private final long windowNanos;
    private final long banNanos;
    private final ArrayDeque<Long> window = new ArrayDeque<>();
    private long bannedUntilNanos;
    private boolean banned;

    /**
     * @param maxRequests requests allowed per window before the automatic ban; 0 turns the automatic rule off.
     * @param window      the rule's window (Bybit: 5 s).
     * @param ban         how long the automatic ban lasts (Bybit: at least 10 min).
     */
    IpLimit(final int maxRequests, final Duration window, final Duration ban, final LongSupplier nanoClock)
    {
        if (maxRequests < 0 || window.isNegative() || window.isZero() && maxRequests > 0 || ban.isNegative())
        {
            throw new IllegalArgumentException("ip limit: maxRequests >= 0, window > 0, ban >= 0");
        }
        this.nanoClock = nanoClock;
        this.maxRequests = maxRequests;
        this.windowNanos = window.toNanos();
        this.banNanos = ban.toNanos();
    }

    /**
     * Count one request.
     *
     * @return true if it may proceed, false if the IP is banned (answer 403).
     */
    synchronized boolean admit()
    {
        final long now = nanoClock.getAsLong();
        if (banned && now - bannedUntilNanos < 0)
        {
            return false;
        }
        banned = false;
        if (maxRequests == 0)
        {
            return true;
        }
        while (!window.isEmpty() && now - window.peekFirst() >= windowNanos)
        {
            window.pollFirst();
        }
        if (window.size() >= maxRequests)
        {
            window.clear();
            banFor(banNanos, now);
            return false;
        }
        window.addLast(now);
        return true;
    }

    /** Ban every REST call for the duration from now (replaces a ban in force). */
    synchronized void banFor(final Duration d)
    {
        banFor(d.toNanos(), nanoClock.getAsLong());
    }

    private void banFor(final long nanos, final long now)
    {
        bannedUntilNanos = now + nanos;
        banned = nanos > 0;
    }

    /** End a ban now. */
    synchronized void lift()
    {
        banned = false;
    }

    /** @return true while a ban is in force. */
    synchronized boolean banned()
    {
        return banned && nanoClock.getAsLong() - bannedUntilNanos < 0;
    }
}

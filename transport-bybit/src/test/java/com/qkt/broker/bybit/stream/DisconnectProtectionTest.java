package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.common.error.EngineCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Setting the DCP window, with hand-fed replies.
 */
class DisconnectProtectionTest
{
    private final List<String> posts = new ArrayList<>();
    private final List<String> outcomes = new ArrayList<>();
    private final List<Throwable> errors = new ArrayList<>();
    private RestReplyListener pending;
    private long nextCallId = 1;

    private DisconnectProtection protection(final int windowSeconds)
    {
        return new DisconnectProtection(
            windowSeconds,
            "SPOT",
            (path, body, offset, length, listener) ->
            {
                posts.add(path + " " + body.getStringWithoutLengthAscii(offset, length));
                pending = listener;
                return nextCallId++;
            },
            errors::add,
            new EngineCounters(),
            (armed, window, product, retCode, reason, generation) ->
                outcomes.add(armed + " " + window + " " + product + " " + retCode + " gen " + generation));
    }

    @Test
    void shouldSetTheWindowOnEverySessionAndReportItArmed()
    {
        final DisconnectProtection dcp = protection(10);
        assertTrue(dcp.enabled());
        dcp.arm(1);
        assertEquals(List.of(BybitPaths.DCP_SET_WINDOW + " {\"product\":\"SPOT\",\"timeWindow\":10}"), posts);
        reply(1, 200, "{\"retCode\":0,\"retMsg\":\"success\",\"result\":{},\"retExtInfo\":{},\"time\":1}");
        assertTrue(dcp.armed());
        dcp.arm(2);
        reply(2, 200, "{\"retCode\":0,\"retMsg\":\"success\",\"result\":{},\"retExtInfo\":{},\"time\":1}");
        assertEquals(List.of("true 10 SPOT 0 gen 1", "true 10 SPOT 0 gen 2"), outcomes);
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldReportARefusalAndAFailureAsNotArmed()
    {
        final DisconnectProtection dcp = protection(5);
        dcp.arm(1);
        reply(1, 200, "{\"retCode\":10005,\"retMsg\":\"Permission denied\",\"result\":{},\"time\":1}");
        assertFalse(dcp.armed());
        dcp.arm(2);
        pending.onRestFailure(2, RestFailure.TIMEOUT, 3);
        dcp.arm(3);
        reply(3, 502, "<html>bad gateway</html>");
        assertEquals(List.of("false 5 SPOT 10005 gen 1", "false 5 SPOT -1 gen 2", "false 5 SPOT -1 gen 3"), outcomes);
        assertEquals(3, errors.size());
    }

    @Test
    void shouldIgnoreAnEarlierSessionsLateAnswer()
    {
        final DisconnectProtection dcp = protection(5);
        dcp.arm(1);
        final RestReplyListener first = pending;
        dcp.arm(2);
        final String ok = "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{},\"time\":1}";
        first.onRestReply(1, 1, 200, buffer(ok), 0, ok.length());
        assertEquals(List.of(), outcomes);
        reply(2, 200, ok);
        assertEquals(List.of("true 5 SPOT 0 gen 2"), outcomes);
    }

    @Test
    void shouldDoNothingWhenOff()
    {
        final DisconnectProtection dcp = protection(0);
        assertFalse(dcp.enabled());
        dcp.arm(1);
        assertEquals(List.of(), posts);
    }

    private void reply(final long callId, final int status, final String body)
    {
        pending.onRestReply(callId, 1, status, buffer(body), 0, body.length());
    }

    private static UnsafeBuffer buffer(final String text)
    {
        return new UnsafeBuffer(text.getBytes(StandardCharsets.US_ASCII));
    }
}

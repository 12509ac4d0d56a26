package com.qkt.broker.bybit.rest;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The limit headers as the sender reads them (case-insensitively; absent or unreadable as
 * {@link RestReplyFrame#ABSENT}) and as the handler reads them back from the slot.
 */
class RestReplyFrameTest
{
    @Test
    void shouldCarryTheThreeLimitHeadersInFrontOfTheBody()
    {
        final HttpHeaders headers = HttpHeaders.of(Map.of(
            "x-bapi-limit", List.of("20"),
            "X-Bapi-Limit-Status", List.of(" 7 "),
            "X-Bapi-Limit-Reset-Timestamp", List.of("1700000000123")), (k, v) -> true);
        final byte[] body = "{\"retCode\":0}".getBytes(StandardCharsets.US_ASCII);
        final byte[] frame = RestReplyFrame.frame(
            (int)RestSender.header(headers, RestSender.LIMIT_HEADER),
            (int)RestSender.header(headers, RestSender.LIMIT_STATUS_HEADER),
            RestSender.header(headers, RestSender.LIMIT_RESET_HEADER),
            body);
        final UnsafeBuffer slot = new UnsafeBuffer(frame);
        assertEquals(20, RestReplyFrame.limit(slot));
        assertEquals(7, RestReplyFrame.remaining(slot));
        assertEquals(1700000000123L, RestReplyFrame.resetMillis(slot));
        assertEquals("{\"retCode\":0}", slot.getStringWithoutLengthAscii(
            RestReplyFrame.BODY_OFFSET, frame.length - RestReplyFrame.BODY_OFFSET));
    }

    @Test
    void shouldMarkMissingOrUnreadableHeadersAbsent()
    {
        final HttpHeaders headers = HttpHeaders.of(Map.of("X-Bapi-Limit", List.of("many")), (k, v) -> true);
        assertEquals(RestReplyFrame.ABSENT, RestSender.header(headers, RestSender.LIMIT_HEADER));
        assertEquals(RestReplyFrame.ABSENT, RestSender.header(headers, RestSender.LIMIT_RESET_HEADER));
    }
}

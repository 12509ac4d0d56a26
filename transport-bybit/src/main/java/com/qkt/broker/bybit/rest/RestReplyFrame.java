package com.qkt.broker.bybit.rest;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Layout of a {@link com.qkt.broker.bybit.protocol.BybitEventTypes#REST_REPLY} payload: Bybit's three rate-limit
 * headers as fixed fields in front of the body, so the handler reads them from the slot without parsing or allocating.
 * <pre>
 *   0  int32  X-Bapi-Limit                  (the endpoint's budget per window; {@link #ABSENT} if not sent)
 *   4  int32  X-Bapi-Limit-Status           (calls left in the window; {@link #ABSENT} if not sent)
 *   8  int64  X-Bapi-Limit-Reset-Timestamp  (server epoch ms; {@link #ABSENT} if not sent)
 *  16  ...    the body
 * </pre>
 * Little-endian, like the SBE events.
 */
public final class RestReplyFrame
{
    /** A header Bybit did not send (or sent unreadable). */
    public static final int ABSENT = -1;
    /** Offset of {@code X-Bapi-Limit}. */
    public static final int LIMIT_OFFSET = 0;
    /** Offset of {@code X-Bapi-Limit-Status}. */
    public static final int REMAINING_OFFSET = 4;
    /** Offset of {@code X-Bapi-Limit-Reset-Timestamp}. */
    public static final int RESET_OFFSET = 8;
    /** Where the body starts. */
    public static final int BODY_OFFSET = 16;

    private RestReplyFrame()
    {
    }

    /**
     * Build a frame on the HTTP completion thread (it allocates there, never on the handler).
     *
     * @param limit      {@code X-Bapi-Limit} or {@link #ABSENT}.
     * @param remaining  {@code X-Bapi-Limit-Status} or {@link #ABSENT}.
     * @param resetMillis {@code X-Bapi-Limit-Reset-Timestamp} or {@link #ABSENT}.
     * @param body       the reply body.
     * @return header fields followed by the body.
     */
    public static byte[] frame(final int limit, final int remaining, final long resetMillis, final byte[] body)
    {
        final byte[] frame = new byte[BODY_OFFSET + body.length];
        final UnsafeBuffer view = new UnsafeBuffer(frame);
        view.putInt(LIMIT_OFFSET, limit, ByteOrder.LITTLE_ENDIAN);
        view.putInt(REMAINING_OFFSET, remaining, ByteOrder.LITTLE_ENDIAN);
        view.putLong(RESET_OFFSET, resetMillis, ByteOrder.LITTLE_ENDIAN);
        System.arraycopy(body, 0, frame, BODY_OFFSET, body.length);
        return frame;
    }

    /**
     * Write the header fields at the start of a buffer (tests and benchmarks build frames with it).
     *
     * @param buffer      to write into, at least {@link #BODY_OFFSET} long.
     * @param limit       {@code X-Bapi-Limit} or {@link #ABSENT}.
     * @param remaining   {@code X-Bapi-Limit-Status} or {@link #ABSENT}.
     * @param resetMillis {@code X-Bapi-Limit-Reset-Timestamp} or {@link #ABSENT}.
     */
    public static void putHeaders(
        final UnsafeBuffer buffer, final int limit, final int remaining, final long resetMillis)
    {
        buffer.putInt(LIMIT_OFFSET, limit, ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(REMAINING_OFFSET, remaining, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(RESET_OFFSET, resetMillis, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param frame a REST_REPLY payload.
     * @return {@code X-Bapi-Limit} or {@link #ABSENT}.
     */
    public static int limit(final DirectBuffer frame)
    {
        return frame.getInt(LIMIT_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param frame a REST_REPLY payload.
     * @return {@code X-Bapi-Limit-Status} or {@link #ABSENT}.
     */
    public static int remaining(final DirectBuffer frame)
    {
        return frame.getInt(REMAINING_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param frame a REST_REPLY payload.
     * @return {@code X-Bapi-Limit-Reset-Timestamp} (server epoch ms) or {@link #ABSENT}.
     */
    public static long resetMillis(final DirectBuffer frame)
    {
        return frame.getLong(RESET_OFFSET, ByteOrder.LITTLE_ENDIAN);
    }
}

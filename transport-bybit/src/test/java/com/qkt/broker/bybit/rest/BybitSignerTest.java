package com.qkt.broker.bybit.rest;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BybitSignerTest
{
    private static final long TS = 1700000000000L;
    private static final long RECV_WINDOW = 5000L;

    private final BybitSigner signer = new BybitSigner("test_api_key", "test_secret");

    @Test
    void shouldMatchNautilusGetVector()
    {
        assertEquals("fd4f31228a46109dc6673062328693696df9a96c7ff04e6491a45e7f63a0fdd7",
            signer.signRestToString(TS, RECV_WINDOW, "category=linear&symbol=BTCUSDT"));
    }

    @Test
    void shouldMatchNautilusPostVector()
    {
        assertEquals("2df4a0603d69c08d5dea29ba85b46eb7db64ce9e9ebd34a7802a3d69700cb2a1",
            signer.signRestToString(TS, RECV_WINDOW,
                "{\"category\": \"linear\", \"symbol\": \"BTCUSDT\", \"orderLinkId\": \"test-order-1\"}"));
    }

    @Test
    void shouldMatchNautilusWsAuthVector()
    {
        assertEquals("bacffe7500499eb829bb58c45d36d1b3e5ac67c14eaeba91df5e99ccee013925",
            signer.signWsAuthToString(TS));
    }

    @Test
    void shouldMatchComputedEmptyPayloadVector()
    {
        assertEquals("cfffd774219bfa1d400476f699f830daaedcd3c41faa1dbdda95a8f4dd8170cc",
            signer.signRestToString(TS, RECV_WINDOW, ""));
        final byte[] out = new byte[64];
        assertEquals(64, signer.signRest(TS, RECV_WINDOW, null, 0, 0, out));
        assertEquals("cfffd774219bfa1d400476f699f830daaedcd3c41faa1dbdda95a8f4dd8170cc",
            new String(out, StandardCharsets.US_ASCII));
    }

    @Test
    void shouldMatchComputedCreateOrderVector()
    {
        assertEquals("24e43bc892b42909b993acbd51c733c4d269c750097acdf3101905bf3b6edfdf",
            signer.signRestToString(TS, RECV_WINDOW,
                "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\",\"orderType\":\"Limit\"," +
                "\"qty\":\"0.001\",\"price\":\"30000\",\"orderLinkId\":\"cl-1\"}"));
    }

    @Test
    void shouldSignPayloadAtAnOffsetInAnOffHeapBuffer()
    {
        final String payload = "category=linear&symbol=BTCUSDT";
        final byte[] bytes = payload.getBytes(StandardCharsets.US_ASCII);
        final UnsafeBuffer direct = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bytes.length + 17));
        direct.putBytes(17, bytes);
        final byte[] out = new byte[64];
        signer.signRest(TS, RECV_WINDOW, direct, 17, bytes.length, out);
        assertEquals("fd4f31228a46109dc6673062328693696df9a96c7ff04e6491a45e7f63a0fdd7",
            new String(out, StandardCharsets.US_ASCII));

        final byte[] padded = new byte[bytes.length + 9];
        System.arraycopy(bytes, 0, padded, 9, bytes.length);
        final UnsafeBuffer slice = new UnsafeBuffer(padded, 4, padded.length - 4);
        signer.signRest(TS, RECV_WINDOW, slice, 5, bytes.length, out);
        assertEquals("fd4f31228a46109dc6673062328693696df9a96c7ff04e6491a45e7f63a0fdd7",
            new String(out, StandardCharsets.US_ASCII));
    }

    @Test
    void shouldAgreeWithJdkMacForRandomKeysAndPayloadsOfEveryLengthAroundBlockBoundaries() throws Exception
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int keyLength : new int[]{ 1, 11, 63, 64, 65, 100, 200 })
        {
            final char[] secret = new char[keyLength];
            for (int i = 0; i < keyLength; i++)
            {
                secret[i] = (char)('!' + random.nextInt(94));
            }
            final BybitSigner s = new BybitSigner("k", secret);
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new String(secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            for (int len = 0; len < 300; len++)
            {
                final byte[] payload = new byte[len];
                for (int i = 0; i < len; i++)
                {
                    payload[i] = (byte)random.nextInt(256);
                }
                final long ts = random.nextLong(0, Long.MAX_VALUE);
                final long recv = random.nextInt(100_000);
                final byte[] out = new byte[64];
                s.signRest(ts, recv, new UnsafeBuffer(payload), 0, len, out);

                mac.update((ts + "k" + recv).getBytes(StandardCharsets.US_ASCII));
                mac.update(payload);
                assertEquals(HexFormat.of().formatHex(mac.doFinal()), new String(out, StandardCharsets.US_ASCII),
                    "keyLength=" + keyLength + " len=" + len);
            }
        }
    }

    @Test
    void shouldNeverShowTheSecretInToString()
    {
        final BybitSigner s = new BybitSigner("ABCDEFGHIJ", "super-secret-value");
        final String text = s.toString();
        assertTrue(text.contains("ABCD"));
        assertFalse(text.contains("EFGH"));
        assertFalse(text.contains("super"));
        assertEquals("ABCDEFGHIJ", s.apiKey());
    }

    @Test
    void shouldMaskEveryOccurrenceOfTheApiKeyInAReplyTheWayToStringShowsIt()
    {
        final BybitSigner s = new BybitSigner("XKEY1234567890ABCD", "super-secret-value");
        final String body = "{\"retCode\":10004,\"retMsg\":\"error sign! origin_string[1700000000000XKEY1234567890ABCD" +
            "5000category=spot]\",\"again\":\"XKEY1234567890ABCD\",\"part\":\"XKEY12\"}";
        final byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        assertEquals(2, s.maskApiKey(bytes, 0, bytes.length));
        final String masked = new String(bytes, StandardCharsets.US_ASCII);
        assertEquals(body.length(), masked.length(), "same length: the JSON stays as it was");
        assertFalse(masked.contains("XKEY1234567890ABCD"), masked);
        assertFalse(masked.contains("1234567890"), masked);
        assertTrue(masked.contains("origin_string[1700000000000XKEY**************5000category=spot]"), masked);
        assertTrue(masked.contains("\"part\":\"XKEY12\""), "a prefix of the key is not the key: " + masked);

        final byte[] none = "{\"retCode\":0}".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, s.maskApiKey(none, 0, none.length));
        final byte[] shortBody = "XKEY".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0, s.maskApiKey(shortBody, 0, shortBody.length), "a body shorter than the key");
    }
}

package com.qkt.broker.bybit.rest;

import com.qkt.codec.AsciiNumbers;
import com.qkt.codec.HmacSha256;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Bybit V5 HMAC-SHA256 request signing, lowercase hex, allocation-free after construction.
 * <ul>
 * <li>REST: HMAC(secret, timestamp + apiKey + recvWindow + payload), payload = the query string (GET, without '?')
 * or the body (POST) exactly as sent.</li>
 * <li>WS auth: HMAC(secret, "GET/realtime" + expires).</li>
 * </ul>
 * The secret is only held inside the keyed HMAC state; {@link #toString()} shows the first 4 characters of the key.
 * Not thread safe: one signer per thread.
 */
public final class BybitSigner
{
    /** Length of a signature in hex characters. */
    public static final int SIGNATURE_LENGTH = 64;

    private static final byte[] HEX = AsciiNumbers.ascii("0123456789abcdef");
    private static final byte[] WS_AUTH_PREFIX = AsciiNumbers.ascii("GET/realtime");

    private final String apiKey;
    private final byte[] apiKeyBytes;
    private final HmacSha256 hmac;
    private final byte[] digits = new byte[20];
    private final byte[] digest = new byte[HmacSha256.DIGEST_LENGTH];

    /**
     * @param apiKey    the API key (sent in clear as X-BAPI-API-KEY).
     * @param apiSecret the secret; the array is not kept and may be wiped by the caller afterwards.
     */
    public BybitSigner(final String apiKey, final char[] apiSecret)
    {
        if (apiKey == null || apiKey.isEmpty())
        {
            throw new IllegalArgumentException("apiKey is empty");
        }
        if (apiSecret == null || apiSecret.length == 0)
        {
            throw new IllegalArgumentException("apiSecret is empty");
        }
        this.apiKey = apiKey;
        this.apiKeyBytes = apiKey.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(apiSecret));
        final byte[] key = new byte[encoded.remaining()];
        encoded.get(key);
        if (encoded.hasArray())
        {
            Arrays.fill(encoded.array(), (byte)0);
        }
        this.hmac = new HmacSha256(key);
        Arrays.fill(key, (byte)0);
    }

    /**
     * @param apiKey    the API key.
     * @param apiSecret the secret.
     */
    public BybitSigner(final String apiKey, final String apiSecret)
    {
        this(apiKey, apiSecret == null ? null : apiSecret.toCharArray());
    }

    /**
     * @return the API key.
     */
    public String apiKey()
    {
        return apiKey;
    }

    /**
     * Sign a REST request.
     *
     * @param timestampMillis  value of X-BAPI-TIMESTAMP.
     * @param recvWindowMillis value of X-BAPI-RECV-WINDOW.
     * @param payload          query string or body exactly as sent (may be null when length is 0).
     * @param offset           of the payload.
     * @param length           of the payload.
     * @param hexOut64         receives 64 lowercase hex characters at index 0.
     * @return number of characters written (64).
     */
    public int signRest(
        final long timestampMillis,
        final long recvWindowMillis,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final byte[] hexOut64)
    {
        final HmacSha256 hmac = this.hmac;
        hmac.reset();
        updateDecimal(timestampMillis);
        hmac.update(apiKeyBytes, 0, apiKeyBytes.length);
        updateDecimal(recvWindowMillis);
        if (length > 0)
        {
            hmac.update(payload, offset, length);
        }
        hmac.doFinal(digest, 0);
        return toHex(hexOut64);
    }

    /**
     * Sign the private-stream auth request.
     *
     * @param expiresMillis the expires argument sent in the auth request.
     * @param hexOut64      receives 64 lowercase hex characters at index 0.
     * @return number of characters written (64).
     */
    public int signWsAuth(final long expiresMillis, final byte[] hexOut64)
    {
        final HmacSha256 hmac = this.hmac;
        hmac.reset();
        hmac.update(WS_AUTH_PREFIX, 0, WS_AUTH_PREFIX.length);
        updateDecimal(expiresMillis);
        hmac.doFinal(digest, 0);
        return toHex(hexOut64);
    }

    /**
     * Allocating convenience for tests and cold paths.
     *
     * @param timestampMillis  value of X-BAPI-TIMESTAMP.
     * @param recvWindowMillis value of X-BAPI-RECV-WINDOW.
     * @param payload          query string or body exactly as sent.
     * @return the signature.
     */
    public String signRestToString(final long timestampMillis, final long recvWindowMillis, final String payload)
    {
        final byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        final byte[] out = new byte[SIGNATURE_LENGTH];
        signRest(timestampMillis, recvWindowMillis, new UnsafeBuffer(bytes), 0, bytes.length, out);
        return new String(out, StandardCharsets.US_ASCII);
    }

    /**
     * Allocating convenience for tests and cold paths.
     *
     * @param expiresMillis the expires argument.
     * @return the signature.
     */
    public String signWsAuthToString(final long expiresMillis)
    {
        final byte[] out = new byte[SIGNATURE_LENGTH];
        signWsAuth(expiresMillis, out);
        return new String(out, StandardCharsets.US_ASCII);
    }

    private void updateDecimal(final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException("negative time value: " + value);
        }
        final byte[] digits = this.digits;
        int i = digits.length;
        long v = value;
        do
        {
            digits[--i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        while (v != 0);
        hmac.update(digits, i, digits.length - i);
    }

    private int toHex(final byte[] out)
    {
        final byte[] digest = this.digest;
        for (int i = 0; i < digest.length; i++)
        {
            final int b = digest[i] & 0xFF;
            out[i << 1] = HEX[b >>> 4];
            out[(i << 1) + 1] = HEX[b & 0x0F];
        }
        return SIGNATURE_LENGTH;
    }

    /**
     * Mask every occurrence of the API key in a reply, in place, the way {@link #toString()} shows it: its first 4
     * characters, the rest {@code '*'}. Bybit quotes the signed string, key included, in a bad-signature answer
     * (10004 {@code origin_string[...]}), and replies are quoted into errors, logs and the strategy's events.
     *
     * @param text   a reply body.
     * @param offset where it starts.
     * @param length its length.
     * @return how many occurrences were masked.
     */
    public int maskApiKey(final byte[] text, final int offset, final int length)
    {
        final byte[] key = apiKeyBytes;
        final int keyLength = key.length;
        final int last = offset + length - keyLength;
        int masked = 0;
        for (int i = offset; i <= last; i++)
        {
            int j = 0;
            while (j < keyLength && text[i + j] == key[j])
            {
                j++;
            }
            if (j == keyLength)
            {
                Arrays.fill(text, i + Math.min(4, keyLength - 1), i + keyLength, (byte)'*');
                masked++;
                i += keyLength - 1;
            }
        }
        return masked;
    }

    /**
     * @return the key's first 4 characters only; never the secret.
     */
    public String toString()
    {
        return "BybitSigner{apiKey=" + apiKey.substring(0, Math.min(4, apiKey.length())) + "...}";
    }
}

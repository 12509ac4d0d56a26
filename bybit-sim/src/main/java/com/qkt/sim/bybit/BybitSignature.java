package com.qkt.sim.bybit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Bybit V5 HMAC-SHA256 signatures, lowercase hex, exactly as the exchange checks them.
 * REST: {@code timestamp + apiKey + recvWindow + payload} (payload = query string as sent, or the POST body as sent).
 * Private WS auth: {@code "GET/realtime" + expires}.
 */
public final class BybitSignature
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private BybitSignature()
    {
    }

    /**
     * @param secret  API secret (the HMAC key).
     * @param payload the exact string to sign.
     * @return lowercase hex HMAC-SHA256.
     */
    public static String hmacSha256Hex(final String secret, final String payload)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            final byte[] digest = mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
            final char[] out = new char[digest.length * 2];
            for (int i = 0; i < digest.length; i++)
            {
                out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
                out[2 * i + 1] = HEX[digest[i] & 0xF];
            }
            return new String(out);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 unavailable", ex);
        }
    }

    /**
     * @return the REST signature for a request.
     */
    public static String rest(
        final String secret, final String timestamp, final String apiKey, final String recvWindow, final String payload)
    {
        return hmacSha256Hex(secret, timestamp + apiKey + recvWindow + payload);
    }

    /**
     * @return the private-stream auth signature for {@code expires} (ms epoch, as the decimal string sent).
     */
    public static String wsAuth(final String secret, final String expires)
    {
        return hmacSha256Hex(secret, "GET/realtime" + expires);
    }
}

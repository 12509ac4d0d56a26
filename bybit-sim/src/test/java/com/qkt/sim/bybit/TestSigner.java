package com.qkt.sim.bybit;

import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing written from the documented rules only (independent of the simulator's own code).
 */
final class TestSigner
{
    private TestSigner()
    {
    }

    static String hmacHex(final String secret, final String payload)
    {
        try
        {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            final StringBuilder sb = new StringBuilder();
            for (final byte b : mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)))
            {
                sb.append(String.format("%02x", b));
            }
            return sb.toString();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}

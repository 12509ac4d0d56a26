package com.qkt.bench;

import com.qkt.broker.bybit.rest.BybitSigner;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signing a /v5/order/create body: our {@link BybitSigner#signRest} against the naive way (new Mac per request,
 * String concatenation, HexFormat) and against a reused JDK Mac, to show where the time and garbage go.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SigningBenchmark
{
    private static final String API_KEY = "test_api_key";
    private static final String SECRET = "test_secret";
    private static final long RECV_WINDOW = 5000;
    private static final String BODY = "{\"category\":\"linear\",\"symbol\":\"BTCUSDT\",\"side\":\"Buy\"," +
        "\"orderType\":\"Limit\",\"qty\":\"0.001\",\"price\":\"30000\",\"orderLinkId\":\"cl-1\"}";
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final BybitSigner signer = new BybitSigner(API_KEY, SECRET.toCharArray());
    private final byte[] bodyBytes = BODY.getBytes(StandardCharsets.US_ASCII);
    private final UnsafeBuffer body = new UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(bodyBytes.length));
    private final byte[] hexOut = new byte[64];
    private final byte[] prefix = new byte[64];
    private Mac reusedMac;
    private long timestamp = 1700000000000L;

    @Setup
    public void setUp() throws GeneralSecurityException
    {
        body.putBytes(0, bodyBytes);
        reusedMac = Mac.getInstance("HmacSHA256");
        reusedMac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        final String expected = "24e43bc892b42909b993acbd51c733c4d269c750097acdf3101905bf3b6edfdf";
        if (!expected.equals(naive(1700000000000L)) || !expected.equals(ourHex(1700000000000L)) ||
            !expected.equals(reusedJdkMacHex(1700000000000L)))
        {
            throw new IllegalStateException("signers disagree with the reference vector");
        }
    }

    private String ourHex(final long ts)
    {
        signer.signRest(ts, RECV_WINDOW, body, 0, bodyBytes.length, hexOut);
        return new String(hexOut, StandardCharsets.US_ASCII);
    }

    private String reusedJdkMacHex(final long ts)
    {
        reusedJdkMac(ts);
        return new String(hexOut, StandardCharsets.US_ASCII);
    }

    private static String naive(final long ts) throws GeneralSecurityException
    {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        final String toSign = ts + API_KEY + RECV_WINDOW + BODY;
        return HexFormat.of().formatHex(mac.doFinal(toSign.getBytes(StandardCharsets.UTF_8)));
    }

    private int reusedJdkMac(final long ts)
    {
        // the best a reused javax.crypto.Mac allows: no Strings, but doFinal still allocates its digest
        int n = 0;
        long v = ts;
        final byte[] digits = prefix;
        int i = 20;
        do
        {
            digits[--i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        while (v != 0);
        reusedMac.update(digits, i, 20 - i);
        for (int k = 0; k < API_KEY.length(); k++)
        {
            reusedMac.update((byte)API_KEY.charAt(k));
        }
        reusedMac.update((byte)'5');
        reusedMac.update((byte)'0');
        reusedMac.update((byte)'0');
        reusedMac.update((byte)'0');
        reusedMac.update(bodyBytes, 0, bodyBytes.length);
        final byte[] digest = reusedMac.doFinal();
        for (final byte b : digest)
        {
            hexOut[n++] = HEX[(b >> 4) & 0xF];
            hexOut[n++] = HEX[b & 0xF];
        }
        return n;
    }

    @Benchmark
    public byte ours()
    {
        signer.signRest(++timestamp, RECV_WINDOW, body, 0, bodyBytes.length, hexOut);
        return hexOut[63];
    }

    @Benchmark
    public String naiveNewMacAndHexFormat() throws GeneralSecurityException
    {
        return naive(++timestamp);
    }

    @Benchmark
    public byte reusedJdkMac()
    {
        reusedJdkMac(++timestamp);
        return hexOut[63];
    }
}

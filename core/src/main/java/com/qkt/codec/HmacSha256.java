package com.qkt.codec;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * HMAC-SHA256 (RFC 2104) over a reused JDK SHA-256 {@link MessageDigest}, allocation-free per message.
 * <p>
 * Why not {@code javax.crypto.Mac}: its {@code doFinal(byte[], int)} allocates a digest array per call
 * (HmacCore.engineDoFinal). {@code MessageDigest.digest(byte[], int, int)} writes in place, and the JDK's SHA-256
 * compression is a HotSpot intrinsic (SHA-NI where the CPU has it), several times faster than Java code.
 * Verified against {@code javax.crypto.Mac} in the tests.
 */
public final class HmacSha256
{
    public static final int DIGEST_LENGTH = 32;
    private static final int BLOCK_LENGTH = 64;
    private static final int CHUNK = 256;

    private final MessageDigest inner;
    private final MessageDigest outer;
    private final byte[] innerPad = new byte[BLOCK_LENGTH];
    private final byte[] outerPad = new byte[BLOCK_LENGTH];
    private final byte[] innerDigest = new byte[DIGEST_LENGTH];
    private final byte[] chunk = new byte[CHUNK];

    public HmacSha256(final byte[] key)
    {
        try
        {
            inner = MessageDigest.getInstance("SHA-256");
            outer = MessageDigest.getInstance("SHA-256");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 is mandatory on every JDK", ex);
        }

        final byte[] k = key.length > BLOCK_LENGTH ? inner.digest(key) : key;
        for (int i = 0; i < BLOCK_LENGTH; i++)
        {
            final byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte)(b ^ 0x36);
            outerPad[i] = (byte)(b ^ 0x5c);
        }
        if (k != key)
        {
            Arrays.fill(k, (byte)0);
        }
    }

    /**
     * Start a new message.
     */
    public void reset()
    {
        inner.reset();
        inner.update(innerPad, 0, BLOCK_LENGTH);
    }

    public void update(final byte[] src, final int offset, final int length)
    {
        inner.update(src, offset, length);
    }

    public void update(final DirectBuffer src, final int offset, final int length)
    {
        final byte[] array = src.byteArray();
        if (array != null)
        {
            inner.update(array, (int)src.wrapAdjustment() + offset, length);
            return;
        }
        int i = offset;
        final int end = offset + length;
        while (i < end)
        {
            final int n = Math.min(CHUNK, end - i);
            src.getBytes(i, chunk, 0, n);
            inner.update(chunk, 0, n);
            i += n;
        }
    }

    /**
     * Complete the MAC of the message given since {@link #reset()} into out[offset, offset + 32); call
     * {@link #reset()} before the next message.
     */
    public void doFinal(final byte[] out, final int offset)
    {
        try
        {
            inner.digest(innerDigest, 0, DIGEST_LENGTH);
            outer.update(outerPad, 0, BLOCK_LENGTH);
            outer.update(innerDigest, 0, DIGEST_LENGTH);
            outer.digest(out, offset, DIGEST_LENGTH);
        }
        catch (final DigestException ex)
        {
            throw new IllegalStateException(ex); // only for a too-short output, which callers never pass
        }
    }
}

package com.qkt.broker.bybit;

import java.util.Arrays;

import org.agrona.DirectBuffer;

/**
 * HMAC-SHA256 (RFC 2104 over FIPS 180-4) with the key's inner and outer pad blocks absorbed once at construction,
 * so a signature costs two compressions fewer than a plain {@code Mac} and allocates nothing. The JDK's
 * {@code Mac.doFinal(byte[], int)} allocates a fresh digest array per call (HmacCore.engineDoFinal), which is why
 * this exists. Verified against {@code javax.crypto.Mac} in the tests.
 */
final class HmacSha256
{
    static final int DIGEST_LENGTH = 32;
    private static final int BLOCK_LENGTH = 64;

    private static final int[] K = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2 };

    private static final int[] IV = {
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

    private final int[] innerStart = new int[8];
    private final int[] outerStart = new int[8];
    private final int[] state = new int[8];
    private final int[] w = new int[64];
    private final byte[] block = new byte[BLOCK_LENGTH];
    private final byte[] innerDigest = new byte[DIGEST_LENGTH];
    private int blockLength;
    private long messageLength;

    HmacSha256(final byte[] key)
    {
        final byte[] k = new byte[BLOCK_LENGTH];
        if (key.length > BLOCK_LENGTH)
        {
            final HmacSha256 hash = new HmacSha256();
            hash.update(key, 0, key.length);
            hash.finish(k, 0);
        }
        else
        {
            System.arraycopy(key, 0, k, 0, key.length);
        }

        for (int i = 0; i < BLOCK_LENGTH; i++)
        {
            block[i] = (byte)(k[i] ^ 0x36);
        }
        System.arraycopy(IV, 0, state, 0, 8);
        compress(block, 0);
        System.arraycopy(state, 0, innerStart, 0, 8);

        for (int i = 0; i < BLOCK_LENGTH; i++)
        {
            block[i] = (byte)(k[i] ^ 0x5c);
        }
        System.arraycopy(IV, 0, state, 0, 8);
        compress(block, 0);
        System.arraycopy(state, 0, outerStart, 0, 8);

        Arrays.fill(k, (byte)0);
        Arrays.fill(block, (byte)0);
        reset();
    }

    // plain SHA-256, used to hash an over-long key
    private HmacSha256()
    {
        System.arraycopy(IV, 0, state, 0, 8);
        blockLength = 0;
        messageLength = 0;
    }

    /**
     * Start a new message.
     */
    void reset()
    {
        System.arraycopy(innerStart, 0, state, 0, 8);
        blockLength = 0;
        messageLength = BLOCK_LENGTH;
    }

    void update(final byte b)
    {
        block[blockLength++] = b;
        messageLength++;
        if (blockLength == BLOCK_LENGTH)
        {
            compress(block, 0);
            blockLength = 0;
        }
    }

    void update(final byte[] src, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        while (i < end && blockLength != 0)
        {
            update(src[i++]);
        }
        while (end - i >= BLOCK_LENGTH)
        {
            compress(src, i);
            i += BLOCK_LENGTH;
            messageLength += BLOCK_LENGTH;
        }
        while (i < end)
        {
            update(src[i++]);
        }
    }

    void update(final DirectBuffer src, final int offset, final int length)
    {
        final byte[] array = src.byteArray();
        if (array != null)
        {
            update(array, (int)src.wrapAdjustment() + offset, length);
            return;
        }
        for (int i = offset, end = offset + length; i < end; i++)
        {
            update(src.getByte(i));
        }
    }

    /**
     * Complete the MAC of the message given since {@link #reset()} and start a new one.
     */
    void doFinal(final byte[] out, final int offset)
    {
        finish(innerDigest, 0);
        System.arraycopy(outerStart, 0, state, 0, 8);
        blockLength = 0;
        messageLength = BLOCK_LENGTH;
        update(innerDigest, 0, DIGEST_LENGTH);
        finish(out, offset);
        reset();
    }

    private void finish(final byte[] out, final int offset)
    {
        final long bitLength = messageLength << 3;
        block[blockLength++] = (byte)0x80;
        if (blockLength > BLOCK_LENGTH - 8)
        {
            while (blockLength < BLOCK_LENGTH)
            {
                block[blockLength++] = 0;
            }
            compress(block, 0);
            blockLength = 0;
        }
        while (blockLength < BLOCK_LENGTH - 8)
        {
            block[blockLength++] = 0;
        }
        for (int i = 7; i >= 0; i--)
        {
            block[blockLength++] = (byte)(bitLength >>> (i * 8));
        }
        compress(block, 0);
        for (int i = 0; i < 8; i++)
        {
            final int v = state[i];
            final int o = offset + (i << 2);
            out[o] = (byte)(v >>> 24);
            out[o + 1] = (byte)(v >>> 16);
            out[o + 2] = (byte)(v >>> 8);
            out[o + 3] = (byte)v;
        }
    }

    private void compress(final byte[] src, final int offset)
    {
        final int[] w = this.w;
        for (int t = 0; t < 16; t++)
        {
            final int o = offset + (t << 2);
            w[t] = (src[o] << 24) | ((src[o + 1] & 0xFF) << 16) | ((src[o + 2] & 0xFF) << 8) | (src[o + 3] & 0xFF);
        }
        for (int t = 16; t < 64; t++)
        {
            final int w15 = w[t - 15];
            final int w2 = w[t - 2];
            final int s0 = Integer.rotateRight(w15, 7) ^ Integer.rotateRight(w15, 18) ^ (w15 >>> 3);
            final int s1 = Integer.rotateRight(w2, 17) ^ Integer.rotateRight(w2, 19) ^ (w2 >>> 10);
            w[t] = w[t - 16] + s0 + w[t - 7] + s1;
        }

        final int[] s = state;
        int a = s[0];
        int b = s[1];
        int c = s[2];
        int d = s[3];
        int e = s[4];
        int f = s[5];
        int g = s[6];
        int h = s[7];
        for (int t = 0; t < 64; t++)
        {
            final int s1 = Integer.rotateRight(e, 6) ^ Integer.rotateRight(e, 11) ^ Integer.rotateRight(e, 25);
            final int ch = (e & f) ^ (~e & g);
            final int t1 = h + s1 + ch + K[t] + w[t];
            final int s0 = Integer.rotateRight(a, 2) ^ Integer.rotateRight(a, 13) ^ Integer.rotateRight(a, 22);
            final int maj = (a & b) ^ (a & c) ^ (b & c);
            final int t2 = s0 + maj;
            h = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        s[0] += a;
        s[1] += b;
        s[2] += c;
        s[3] += d;
        s[4] += e;
        s[5] += f;
        s[6] += g;
        s[7] += h;
    }
}

/**
 * How fast a decoder of the Bybit private-stream frames could be at all in scalar Java on this machine: the floor
 * the hand-written parser is measured against, not a decoder to use.
 * <p>
 * {@link com.qkt.bench.floor.FloorLayout} learns a frame's exact layout (the bytes between values, each value's
 * kind and what is done with it) from one sample. {@link com.qkt.bench.floor.FloorTemplate} walks that layout as a
 * small interpreter; the {@code *Floor} classes are straight-line code generated from it by
 * {@link com.qkt.bench.floor.FloorGenerator}, one method per frame with every byte run and action inlined as
 * constants. Both accept only frames laid out exactly like their sample, skip no check the layout itself implies,
 * and do the same conversions as {@code PrivateStreamAdapter} (decimals to mantissa and exponent, ids and texts
 * copied, times and seq to longs), except that enums stay as their first eight bytes. {@link
 * com.qkt.bench.floor.FloorCpuTime} checks their values against the adapter's, then times them beside it and
 * fastjson2.
 */
package com.qkt.bench.floor;

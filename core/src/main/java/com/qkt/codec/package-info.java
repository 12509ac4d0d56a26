/**
 * Generic, exchange-agnostic codecs for the hot path: a pull JSON cursor over a {@code DirectBuffer}
 * ({@link com.qkt.codec.JsonCursor}) with precomputed field-name lookup ({@link com.qkt.codec.JsonFieldNames}),
 * fixed-point decimals parsed without {@code BigDecimal} ({@link com.qkt.codec.FixedDecimal}), reusable ASCII
 * fields ({@link com.qkt.codec.AsciiField}), ASCII number helpers ({@link com.qkt.codec.AsciiNumbers}) and an
 * allocation-free HMAC-SHA256 ({@link com.qkt.codec.HmacSha256}); {@link com.qkt.codec.Swar} holds the
 * eight-bytes-at-a-time tests the cursor scans with.
 * <p>
 * Nothing here knows Bybit: the transport names the fields, this package reads them. All types reuse their storage
 * and allocate nothing per message after construction.
 * <p>
 * {@link com.qkt.events.Decimals} stays in {@code com.qkt.events}: it is not a wire codec but the helper for the
 * SBE {@code Decimal} and fixed-size id fields of the broker events, and strategies reach it next to
 * {@link com.qkt.events.BrokerEventDecoder} (the README cookbook imports it from there).
 */
package com.qkt.codec;

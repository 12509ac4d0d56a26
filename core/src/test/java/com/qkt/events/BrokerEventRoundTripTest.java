package com.qkt.events;

import com.qkt.codecs.BooleanType;
import com.qkt.codecs.CancelRejectedDecoder;
import com.qkt.codecs.DecimalEncoder;
import com.qkt.codecs.PositionUpdateDecoder;
import com.qkt.codecs.PositionUpdateEncoder;
import com.qkt.codecs.WalletUpdateDecoder;
import com.qkt.codecs.WalletUpdateEncoder;
import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.ExecutionEncoder;
import com.qkt.codecs.OrderAcceptedDecoder;
import com.qkt.codecs.OrderCancelledDecoder;
import com.qkt.codecs.OrderRejectedDecoder;
import com.qkt.codecs.OrderType;
import com.qkt.codecs.RecoveryCompletedDecoder;
import com.qkt.codecs.Side;
import com.qkt.test.Allocations;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BrokerEventRoundTripTest
{
    private static final String ORDER_ID = "1c8f2a6e-5d4b-4c1a-9e3f-7b2d8a6c4e10";
    private static final String LINK_ID = "strategy-7-000042";
    private static final String EXEC_ID = "e4b1c2d3-aaaa-bbbb-cccc-0123456789ab";

    private final List<Throwable> errors = new ArrayList<>();
    private final List<String> seen = new ArrayList<>();
    private BrokerEventHandler handler;
    private final BrokerEventDecoder decoder = new BrokerEventDecoder(new BrokerEventHandler()
    {
        public void onOrderAccepted(final OrderAcceptedDecoder d)
        {
            handler.onOrderAccepted(d);
        }

        public void onExecution(final ExecutionDecoder d)
        {
            handler.onExecution(d);
        }

        public void onOrderCancelled(final OrderCancelledDecoder d)
        {
            handler.onOrderCancelled(d);
        }

        public void onOrderRejected(final OrderRejectedDecoder d)
        {
            handler.onOrderRejected(d);
        }

        public void onConnectionStateChanged(final ConnectionStateChangedDecoder d)
        {
            handler.onConnectionStateChanged(d);
        }

        public void onRecoveryCompleted(final RecoveryCompletedDecoder d)
        {
            handler.onRecoveryCompleted(d);
        }

        public void onWalletUpdate(final WalletUpdateDecoder d)
        {
            handler.onWalletUpdate(d);
        }

        public void onPositionUpdate(final PositionUpdateDecoder d)
        {
            handler.onPositionUpdate(d);
        }

        public void onCancelRejected(final CancelRejectedDecoder d)
        {
            handler.onCancelRejected(d);
        }
    });
    private final BrokerEventPublisher publisher = new BrokerEventPublisher(decoder, errors::add);

    @Test
    void shouldRoundTripOrderAccepted()
    {
        handler = new BrokerEventHandler()
        {
            public void onOrderAccepted(final OrderAcceptedDecoder d)
            {
                assertEquals(LINK_ID, d.clientOrderId());
                assertEquals(ORDER_ID, d.orderId());
                assertEquals("BTCUSDT", d.symbol());
                assertEquals(Side.BUY, d.side());
                assertEquals(OrderType.LIMIT, d.orderType());
                assertEquals(6543210L, d.price().mantissa());
                assertEquals(-2, d.price().exponent());
                assertEquals("65432.10", Decimals.toString(d.price()));
                assertEquals("0.0015", Decimals.toString(d.qty()));
                assertEquals(1_700_000_000_123L, d.acceptedTime());
                assertEquals(BooleanType.FALSE, d.synthetic());
                seen.add("accepted");
            }
        };

        final var enc = publisher.orderAccepted()
            .clientOrderId(LINK_ID)
            .orderId(ORDER_ID)
            .symbol("BTCUSDT")
            .side(Side.BUY)
            .orderType(OrderType.LIMIT);
        Decimals.put(enc.price(), 6543210L, -2);
        Decimals.put(enc.qty(), 15L, -4);
        enc.acceptedTime(1_700_000_000_123L).synthetic(BooleanType.FALSE);
        publisher.commit();

        assertEquals(List.of("accepted"), seen);
        assertEquals(1, publisher.published());
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldRoundTripExecutionWithIdsCopiedFromADirectBuffer()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[256]);
        final byte[] execIdBytes = EXEC_ID.getBytes(StandardCharsets.US_ASCII);
        frame.putBytes(17, execIdBytes);

        handler = new BrokerEventHandler()
        {
            public void onExecution(final ExecutionDecoder d)
            {
                assertEquals(EXEC_ID, d.execId());
                assertEquals(ORDER_ID, d.orderId());
                assertEquals(LINK_ID, d.clientOrderId());
                assertEquals("ETHUSDT", d.symbol());
                assertEquals(Side.SELL, d.side());
                assertEquals("3012.55", Decimals.toString(d.price()));
                assertEquals("0.5", Decimals.toString(d.qty()));
                assertEquals("-0.00012", Decimals.toString(d.fee()));
                assertEquals("USDT", d.feeCurrency());
                assertEquals("1.5", Decimals.toString(d.leavesQty()));
                assertEquals("0.5", Decimals.toString(d.cumQty()));
                assertEquals(BooleanType.TRUE, d.maker());
                assertEquals(1_700_000_000_456L, d.execTime());
                assertEquals(987_654_321_012L, d.seq());
                assertEquals(BooleanType.TRUE, d.synthetic());

                final int execIdOffset = d.offset() + ExecutionDecoder.execIdEncodingOffset();
                assertEquals(EXEC_ID.length(),
                    Decimals.getAsciiLength(d.buffer(), execIdOffset, ExecutionDecoder.execIdLength()));
                assertEquals(true, Decimals.asciiEquals(
                    d.buffer(), execIdOffset, ExecutionDecoder.execIdLength(), frame, 17, execIdBytes.length));
                seen.add("execution");
            }
        };

        final ExecutionEncoder enc = publisher.execution();
        Decimals.putAscii(enc.buffer(), enc.offset() + ExecutionEncoder.execIdEncodingOffset(),
            ExecutionEncoder.execIdLength(), frame, 17, execIdBytes.length);
        enc.orderId(ORDER_ID).clientOrderId(LINK_ID).symbol("ETHUSDT").side(Side.SELL);
        Decimals.put(enc.price(), 301255, -2);
        Decimals.put(enc.qty(), 5, -1);
        Decimals.put(enc.fee(), -12, -5);
        enc.feeCurrency("USDT");
        Decimals.put(enc.leavesQty(), 15, -1);
        Decimals.put(enc.cumQty(), 5, -1);
        enc.maker(BooleanType.TRUE).execTime(1_700_000_000_456L).seq(987_654_321_012L).synthetic(BooleanType.TRUE);
        publisher.commit();

        assertEquals(List.of("execution"), seen);
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldRoundTripOrderCancelledWithReason()
    {
        handler = new BrokerEventHandler()
        {
            public void onOrderCancelled(final OrderCancelledDecoder d)
            {
                assertEquals(LINK_ID, d.clientOrderId());
                assertEquals(ORDER_ID, d.orderId());
                assertEquals("SOLUSDT", d.symbol());
                assertEquals("12.25", Decimals.toString(d.cumQty()));
                assertEquals(1_700_000_000_789L, d.cancelTime());
                assertEquals(BooleanType.TRUE, d.synthetic());
                assertEquals("CancelByUser", d.cancelReason());
                seen.add("cancelled");
            }
        };

        final var enc = publisher.orderCancelled().clientOrderId(LINK_ID).orderId(ORDER_ID).symbol("SOLUSDT");
        Decimals.put(enc.cumQty(), 1225, -2);
        enc.cancelTime(1_700_000_000_789L).synthetic(BooleanType.TRUE).cancelReason("CancelByUser");
        publisher.commit();

        assertEquals(List.of("cancelled"), seen);
    }

    @Test
    void shouldRoundTripOrderRejectedWithReasonText()
    {
        handler = new BrokerEventHandler()
        {
            public void onOrderRejected(final OrderRejectedDecoder d)
            {
                assertEquals(LINK_ID, d.clientOrderId());
                assertEquals("", d.orderId());
                assertEquals("BTCUSDT", d.symbol());
                assertEquals(170131, d.reasonCode());
                assertEquals(1_700_000_001_000L, d.rejectTime());
                assertEquals(BooleanType.FALSE, d.synthetic());
                assertEquals("Insufficient balance.", d.reasonText());
                seen.add("rejected");
            }
        };

        publisher.orderRejected()
            .clientOrderId(LINK_ID)
            .orderId("")
            .symbol("BTCUSDT")
            .reasonCode(170131)
            .rejectTime(1_700_000_001_000L)
            .synthetic(BooleanType.FALSE)
            .reasonText("Insufficient balance.");
        publisher.commit();

        assertEquals(List.of("rejected"), seen);
    }

    @Test
    void shouldRoundTripConnectionStateChanged()
    {
        handler = new BrokerEventHandler()
        {
            public void onConnectionStateChanged(final ConnectionStateChangedDecoder d)
            {
                assertEquals(ConnectionState.RECONNECTING, d.state());
                assertEquals(ConnectionState.DISCONNECTED, d.previousState());
                assertEquals(7L, d.generation());
                assertEquals(3, d.attempt());
                assertEquals(1_700_000_002_000L, d.time());
                assertEquals("pong timeout", d.reason());
                seen.add("state");
            }
        };

        publisher.connectionStateChanged()
            .state(ConnectionState.RECONNECTING)
            .previousState(ConnectionState.DISCONNECTED)
            .generation(7)
            .attempt(3)
            .time(1_700_000_002_000L)
            .reason("pong timeout");
        publisher.commit();

        assertEquals(List.of("state"), seen);
    }

    @Test
    void shouldRoundTripRecoveryCompleted()
    {
        handler = new BrokerEventHandler()
        {
            public void onRecoveryCompleted(final RecoveryCompletedDecoder d)
            {
                assertEquals(4, d.synthesizedFills());
                assertEquals(2, d.synthesizedCancels());
                assertEquals(1, d.synthesizedRejects());
                assertEquals(3, d.duplicateFillsSuppressed());
                assertEquals(11, d.openOrdersSeen());
                assertEquals(57, d.executionsScanned());
                assertEquals(123_456_789L, d.durationNanos());
                assertEquals(1_700_000_003_000L, d.completedTime());
                assertEquals(8L, d.generation());
                seen.add("recovery");
            }
        };

        publisher.recoveryCompleted()
            .synthesizedFills(4)
            .synthesizedCancels(2)
            .synthesizedRejects(1)
            .duplicateFillsSuppressed(3)
            .openOrdersSeen(11)
            .executionsScanned(57)
            .durationNanos(123_456_789L)
            .completedTime(1_700_000_003_000L)
            .generation(8);
        publisher.commit();

        assertEquals(List.of("recovery"), seen);
    }

    @Test
    void shouldRoundTripWalletUpdateWithAnAbsentAvailable()
    {
        handler = new BrokerEventHandler()
        {
            public void onWalletUpdate(final WalletUpdateDecoder d)
            {
                assertEquals("USDT", d.coin());
                assertEquals("1000.25", Decimals.toString(d.walletBalance()));
                assertEquals("1010.5", Decimals.toString(d.equity()));
                assertEquals(com.qkt.codecs.DecimalDecoder.mantissaNullValue(), d.available().mantissa());
                assertEquals("0", Decimals.toString(d.locked()));
                assertEquals(1_700_000_004_000L, d.updatedTime());
                assertEquals(BooleanType.TRUE, d.snapshot());
                seen.add("wallet");
            }
        };
        final WalletUpdateEncoder encoder = publisher.walletUpdate()
            .coin("USDT")
            .updatedTime(1_700_000_004_000L)
            .snapshot(BooleanType.TRUE);
        Decimals.put(encoder.walletBalance(), 100_025, -2);
        Decimals.put(encoder.equity(), 10_105, -1);
        encoder.available().mantissa(DecimalEncoder.mantissaNullValue()).exponent((byte)0);
        Decimals.put(encoder.locked(), 0, 0);
        publisher.commit();
        assertEquals(List.of("wallet"), seen);
    }

    @Test
    void shouldRoundTripAFlatPositionUpdate()
    {
        handler = new BrokerEventHandler()
        {
            public void onPositionUpdate(final PositionUpdateDecoder d)
            {
                assertEquals("linear", d.category());
                assertEquals("BTCUSDT", d.symbol());
                assertEquals(Side.NULL_VAL, d.side());
                assertEquals("0", Decimals.toString(d.size()));
                assertEquals("-1.5", Decimals.toString(d.unrealisedPnl()));
                assertEquals(1_234_567L, d.seq());
                assertEquals(BooleanType.FALSE, d.snapshot());
                seen.add("position");
            }
        };
        final PositionUpdateEncoder encoder = publisher.positionUpdate()
            .category("linear")
            .symbol("BTCUSDT")
            .side(Side.NULL_VAL)
            .seq(1_234_567L)
            .updatedTime(1_700_000_005_000L)
            .snapshot(BooleanType.FALSE);
        Decimals.put(encoder.size(), 0, 0);
        Decimals.put(encoder.avgPrice(), 0, 0);
        Decimals.put(encoder.unrealisedPnl(), -15, -1);
        publisher.commit();
        assertEquals(List.of("position"), seen);
    }

    @Test
    void shouldRoundTripCancelRejected()
    {
        handler = new BrokerEventHandler()
        {
            public void onCancelRejected(final CancelRejectedDecoder d)
            {
                assertEquals(LINK_ID, d.clientOrderId());
                assertEquals(ORDER_ID, d.orderId());
                assertEquals("BTCUSDT", d.symbol());
                assertEquals(10001, d.reasonCode());
                assertEquals("params error", d.reasonText());
                seen.add("cancelRejected");
            }
        };
        publisher.cancelRejected()
            .clientOrderId(LINK_ID)
            .orderId(ORDER_ID)
            .symbol("BTCUSDT")
            .reasonCode(10001)
            .rejectTime(1_700_000_006_000L)
            .reasonText("params error");
        publisher.commit();
        assertEquals(List.of("cancelRejected"), seen);
    }

    @Test
    void shouldReportListenerFailureAndCarryOn()
    {
        final RuntimeException boom = new RuntimeException("strategy bug");
        handler = new BrokerEventHandler()
        {
            public void onRecoveryCompleted(final RecoveryCompletedDecoder d)
            {
                throw boom;
            }

            public void onConnectionStateChanged(final ConnectionStateChangedDecoder d)
            {
                seen.add("state");
            }
        };

        publisher.recoveryCompleted().generation(1);
        publisher.commit();
        publisher.connectionStateChanged().state(ConnectionState.CONNECTED).previousState(ConnectionState.RECOVERING)
            .reason("");
        publisher.commit();

        assertEquals(List.of(boom), errors);
        assertEquals(List.of("state"), seen);
        assertEquals(2, publisher.published());
    }

    @Test
    void shouldRejectCommitWithoutMessage()
    {
        assertThrows(IllegalStateException.class, publisher::commit);
    }

    @Test
    void shouldRejectUnknownTemplate()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        new com.qkt.codecs.MessageHeaderEncoder().wrap(buffer, 0).blockLength(0).templateId(99).schemaId(901).version(1);

        assertInstanceOf(IllegalArgumentException.class,
            assertThrows(IllegalArgumentException.class, () -> decoder.onBrokerEvent(buffer, 0, 64)));
        assertThrows(IllegalArgumentException.class, () -> decoder.onBrokerEvent(buffer, 0, 4));
    }

    @Test
    void shouldNotAllocatePerEvent()
    {
        final long[] fills = new long[1];
        handler = new BrokerEventHandler()
        {
            public void onExecution(final ExecutionDecoder d)
            {
                fills[0] += d.qty().mantissa();
            }

            public void onOrderCancelled(final OrderCancelledDecoder d)
            {
                fills[0] += d.cancelReasonLength();
            }
        };
        final UnsafeBuffer ids = new UnsafeBuffer(EXEC_ID.getBytes(StandardCharsets.US_ASCII));

        final Runnable events = () ->
        {
            for (int i = 0; i < 10_000; i++)
            {
                final ExecutionEncoder enc = publisher.execution();
                Decimals.putAscii(enc.buffer(), enc.offset() + ExecutionEncoder.execIdEncodingOffset(),
                    ExecutionEncoder.execIdLength(), ids, 0, ids.capacity());
                Decimals.putAscii(enc.buffer(), enc.offset() + ExecutionEncoder.symbolEncodingOffset(),
                    ExecutionEncoder.symbolLength(), "BTCUSDT");
                Decimals.put(enc.price(), 100 + i, -1);
                Decimals.put(enc.qty(), 1, 0);
                enc.seq(i);
                publisher.commit();

                final var cancelled = publisher.orderCancelled();
                Decimals.put(cancelled.cumQty(), i, -3);
                cancelled.putCancelReason(ids, 0, 8);
                publisher.commit();
            }
        };

        final long[] runs = Allocations.measureSteadyState(3, 10, events);

        System.out.println("BrokerEventPublisher+Decoder: bytes allocated per run of 20k events (after 3 warm-up " +
            "runs) = " + java.util.Arrays.toString(runs));
        assertEquals(0, Allocations.last(runs));
        assertEquals(List.of(), errors);
    }
}

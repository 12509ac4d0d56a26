package com.qkt.broker.bybit.account;

import com.qkt.codec.FixedDecimal;
import com.qkt.codecs.BooleanType;
import com.qkt.codecs.DecimalEncoder;
import com.qkt.codecs.PositionUpdateEncoder;
import com.qkt.codecs.Side;
import com.qkt.codecs.WalletUpdateEncoder;
import com.qkt.events.BrokerEventPublisher;

/**
 * Encodes {@code WalletUpdate} and {@code PositionUpdate} into the broker's one reused event buffer. Decides nothing:
 * the books say when. An absent decimal (Bybit sent {@code ""}) is encoded with the int64 null mantissa.
 */
final class AccountEventEmitter
{
    private final BrokerEventPublisher publisher;

    AccountEventEmitter(final BrokerEventPublisher publisher)
    {
        this.publisher = publisher;
    }

    void wallet(final WalletBook.CoinState coin, final boolean snapshot)
    {
        final WalletUpdateEncoder encoder = publisher.walletUpdate();
        encoder.coin(coin.coin)
            .updatedTime(coin.updatedTime)
            .snapshot(snapshot ? BooleanType.TRUE : BooleanType.FALSE);
        put(encoder.walletBalance(), coin.walletBalance);
        put(encoder.equity(), coin.equity);
        put(encoder.available(), coin.available);
        put(encoder.locked(), coin.locked);
        publisher.commit();
    }

    void position(final PositionBook.Entry position, final boolean snapshot)
    {
        final PositionUpdateEncoder encoder = publisher.positionUpdate();
        encoder.category(position.category)
            .symbol(position.symbol)
            .side(null == position.side ? Side.NULL_VAL : position.side)
            .seq(position.seq)
            .updatedTime(position.updatedTime)
            .snapshot(snapshot ? BooleanType.TRUE : BooleanType.FALSE);
        put(encoder.size(), position.size);
        put(encoder.avgPrice(), position.avgPrice);
        put(encoder.unrealisedPnl(), position.unrealisedPnl);
        publisher.commit();
    }

    private static void put(final DecimalEncoder encoder, final FixedDecimal value)
    {
        if (value.isPresent())
        {
            encoder.mantissa(value.mantissa()).exponent((byte)value.exponent());
        }
        else
        {
            encoder.mantissa(DecimalEncoder.mantissaNullValue()).exponent((byte)0);
        }
    }
}

package com.qkt.broker.bybit.protocol;

import com.qkt.codec.AsciiField;
import com.qkt.codec.FixedDecimal;
import com.qkt.codec.JsonCursor;

/**
 * One account item of the {@code wallet} topic or {@code /v5/account/wallet-balance}, decoded in place and reused:
 * account totals plus up to {@link #MAX_COINS} coin balances (more are counted in {@link #coinsDropped()}).
 */
public final class BybitWallet
{
    /** Coin entries kept per account item. */
    public static final int MAX_COINS = 32;

    /**
     * One coin balance of a wallet item.
     */
    public static final class Coin
    {
        private final AsciiField coin = new AsciiField(16);
        private final FixedDecimal equity = new FixedDecimal();
        private final FixedDecimal walletBalance = new FixedDecimal();
        private final FixedDecimal locked = new FixedDecimal();
        private final FixedDecimal availableToWithdraw = new FixedDecimal();

        void reset()
        {
            coin.clear();
            equity.clear();
            walletBalance.clear();
            locked.clear();
            availableToWithdraw.clear();
        }

        /** @return coin name, e.g. USDT. */
        public AsciiField coin()
        {
            return coin;
        }

        /** @return equity of the coin. */
        public FixedDecimal equity()
        {
            return equity;
        }

        /** @return wallet balance of the coin. */
        public FixedDecimal walletBalance()
        {
            return walletBalance;
        }

        /** @return amount locked by open spot orders. */
        public FixedDecimal locked()
        {
            return locked;
        }

        /** @return what can be withdrawn (absent when Bybit sends "", as it may for UNIFIED accounts). */
        public FixedDecimal availableToWithdraw()
        {
            return availableToWithdraw;
        }

        /**
         * Allocates; for logs and tests.
         *
         * @return the fields.
         */
        public String toString()
        {
            return "Coin{coin=" + coin + ", equity=" + equity + ", walletBalance=" + walletBalance + ", locked=" +
                locked + ", availableToWithdraw=" + availableToWithdraw + '}';
        }
    }

    final JsonCursor cursor = new JsonCursor();

    private final AsciiField accountType = new AsciiField(16);
    private final FixedDecimal totalEquity = new FixedDecimal();
    private final FixedDecimal totalWalletBalance = new FixedDecimal();
    private final FixedDecimal totalAvailableBalance = new FixedDecimal();
    private final Coin[] coins = new Coin[MAX_COINS];
    int coinCount;
    int coinsDropped;

    /**
     * Empty wallet view.
     */
    public BybitWallet()
    {
        for (int i = 0; i < coins.length; i++)
        {
            coins[i] = new Coin();
        }
    }

    /**
     * Clear every field and drop the coins.
     */
    public void reset()
    {
        accountType.clear();
        totalEquity.clear();
        totalWalletBalance.clear();
        totalAvailableBalance.clear();
        coinCount = 0;
        coinsDropped = 0;
    }

    Coin claimCoin()
    {
        if (coinCount == MAX_COINS)
        {
            coinsDropped++;
            return null;
        }
        final Coin coin = coins[coinCount++];
        coin.reset();
        return coin;
    }

    /** @return UNIFIED, CONTRACT, ... */
    public AsciiField accountType()
    {
        return accountType;
    }

    /** @return total equity in USD. */
    public FixedDecimal totalEquity()
    {
        return totalEquity;
    }

    /** @return total wallet balance in USD. */
    public FixedDecimal totalWalletBalance()
    {
        return totalWalletBalance;
    }

    /** @return total available balance in USD. */
    public FixedDecimal totalAvailableBalance()
    {
        return totalAvailableBalance;
    }

    /** @return number of coin entries kept. */
    public int coinCount()
    {
        return coinCount;
    }

    /** @return coin entries beyond {@link #MAX_COINS} that were skipped. */
    public int coinsDropped()
    {
        return coinsDropped;
    }

    /**
     * @param index in [0, coinCount).
     * @return the coin entry.
     */
    public Coin coin(final int index)
    {
        if (index < 0 || index >= coinCount)
        {
            throw new IndexOutOfBoundsException("index=" + index + " coinCount=" + coinCount);
        }
        return coins[index];
    }

    /**
     * Allocates; for logs and tests.
     *
     * @return the fields.
     */
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("BybitWallet{accountType=").append(accountType)
            .append(", totalEquity=").append(totalEquity)
            .append(", totalWalletBalance=").append(totalWalletBalance)
            .append(", totalAvailableBalance=").append(totalAvailableBalance)
            .append(", coins=[");
        for (int i = 0; i < coinCount; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(coins[i]);
        }
        return sb.append("], coinsDropped=").append(coinsDropped).append('}').toString();
    }
}

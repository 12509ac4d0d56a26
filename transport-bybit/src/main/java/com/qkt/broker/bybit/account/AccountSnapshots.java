package com.qkt.broker.bybit.account;

import com.qkt.broker.bybit.BybitProtocolException;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.broker.bybit.BybitTransport;
import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.broker.bybit.rest.RestFailure;
import com.qkt.broker.bybit.rest.RestReplyDecoder;
import com.qkt.broker.bybit.rest.RestReplyHandler;
import com.qkt.broker.bybit.rest.RestReplyListener;
import com.qkt.codec.AsciiField;
import com.qkt.common.timer.TimerListener;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

import java.util.concurrent.TimeUnit;

/**
 * Reads the account over REST: {@code GET /v5/account/wallet-balance?accountType=…}, then for each configured
 * category {@code GET /v5/position/list?category=…[&settleCoin=…]}, every page, and hands the items to the books as
 * snapshots. One call in flight at a time; a failed step is retried after {@code recoveryRetryMs}, and after
 * {@code recoveryMaxFailures} failures in a row the pass is given up (reported; the next refresh starts over). A
 * refresh asked for while a pass runs is remembered and runs once the pass ends, so no request is ever lost and no two
 * passes overlap.
 */
final class AccountSnapshots implements RestReplyListener, RestReplyHandler, TimerListener
{
    /** What the one call in flight is for. */
    enum Step
    {
        IDLE,
        WALLET,
        POSITIONS
    }

    private final BybitTransport transport;
    private final WalletBook wallet;
    private final PositionBook positions;
    private final ErrorHandler errorHandler;
    private final RestReplyDecoder decoder = new RestReplyDecoder();
    private final StringBuilder query = new StringBuilder(128);
    private final AsciiField cursor = new AsciiField(512);
    private final String accountType;
    private final String[] categories;
    private final String settleCoin;
    private final long retryDelayNs;
    private final int maxFailures;

    private Step step = Step.IDLE;
    private int categoryIndex;
    private long expectedCallId = -1;
    private long retryTimerId = -1;
    private int failures;
    private boolean again;
    private long replyTime;
    private long positionsTime;
    private long completed;
    private long givenUp;

    AccountSnapshots(
        final BybitTransport transport,
        final WalletBook wallet,
        final PositionBook positions,
        final ErrorHandler errorHandler,
        final BybitSpotBrokerContext ctx)
    {
        this.transport = transport;
        this.wallet = wallet;
        this.positions = positions;
        this.errorHandler = errorHandler;
        this.accountType = ctx.walletAccountType();
        this.categories = ctx.positionCategories();
        this.settleCoin = ctx.positionSettleCoin();
        this.retryDelayNs = TimeUnit.MILLISECONDS.toNanos(ctx.recoveryRetryMs());
        this.maxFailures = ctx.recoveryMaxFailures();
    }

    /**
     * @return true when there is anything to snapshot (a wallet account type or a position category is configured).
     */
    boolean isEnabled()
    {
        return !accountType.isEmpty() || categories.length > 0;
    }

    /**
     * Take a snapshot now, or right after the pass in progress.
     */
    void refresh()
    {
        if (!isEnabled())
        {
            return;
        }
        if (step != Step.IDLE)
        {
            again = true;
            return;
        }
        failures = 0;
        categoryIndex = 0;
        cursor.clear();
        step = accountType.isEmpty() ? Step.POSITIONS : Step.WALLET;
        if (step == Step.POSITIONS)
        {
            positions.beginSnapshot();
        }
        issue();
    }

    boolean isRunning()
    {
        return step != Step.IDLE;
    }

    long completed()
    {
        return completed;
    }

    long givenUp()
    {
        return givenUp;
    }

    private void issue()
    {
        query.setLength(0);
        final String path;
        if (step == Step.WALLET)
        {
            path = BybitPaths.WALLET_BALANCE;
            query.append("accountType=").append(accountType);
            wallet.snapshotRequested();
        }
        else
        {
            path = BybitPaths.POSITION_LIST;
            final String category = categories[categoryIndex];
            query.append("category=").append(category).append("&limit=200");
            if ("linear".equals(category))
            {
                query.append("&settleCoin=").append(settleCoin);
            }
            if (!cursor.isEmpty())
            {
                query.append("&cursor=").append(cursor);
            }
        }
        expectedCallId = transport.getSigned(path, query, this);
    }

    public void onRestReply(
        final long callId,
        final int attempt,
        final int httpStatus,
        final DirectBuffer body,
        final int offset,
        final int length)
    {
        if (callId != expectedCallId)
        {
            return;
        }
        expectedCallId = -1;
        if (!decoder.decodeEnvelope(body, offset, length))
        {
            onStepFailed("unreadable reply (HTTP " + httpStatus + ")");
            return;
        }
        if (decoder.retCode() != 0 || decoder.resultIsNull())
        {
            onStepFailed("retCode " + decoder.retCode() + " " + decoder.retMsg() + " (HTTP " + httpStatus + ")");
            return;
        }
        // the books compare exchange times; a reply without one is stamped with our clock
        replyTime = decoder.time() != 0 ? decoder.time() : transport.epochClock().time();
        if (step == Step.POSITIONS && cursor.isEmpty())
        {
            positionsTime = replyTime;
        }
        final int items = step == Step.WALLET ?
            decoder.decodeWalletBalance(body, offset, length, this) :
            decoder.decodePositionList(body, offset, length, this);
        if (items < 0)
        {
            onStepFailed("malformed list");
            return;
        }
        failures = 0;
        if (step == Step.WALLET)
        {
            cursor.clear();
            if (categories.length > 0)
            {
                step = Step.POSITIONS;
                positions.beginSnapshot();
                issue();
            }
            else
            {
                finish();
            }
            return;
        }
        cursor.set(decoder.nextPageCursor());
        if (!cursor.isEmpty())
        {
            issue();
            return;
        }
        positions.endSnapshot(categories[categoryIndex], positionsTime);
        if (++categoryIndex < categories.length)
        {
            positions.beginSnapshot();
            issue();
        }
        else
        {
            finish();
        }
    }

    public void onRestFailure(final long callId, final RestFailure failure, final int attempts)
    {
        if (callId == expectedCallId)
        {
            expectedCallId = -1;
            onStepFailed(failure + " after " + attempts + " attempts");
        }
    }

    public void onWallet(final BybitWallet item)
    {
        wallet.applySnapshot(item, replyTime);
    }

    public void onPosition(final BybitPosition item)
    {
        positions.applySnapshot(item);
    }

    public void onOrder(final BybitOrder order)
    {
    }

    public void onExecution(final BybitExecution execution)
    {
    }

    public void onTimer(final long timerId, final long nowNanos)
    {
        if (timerId == retryTimerId)
        {
            retryTimerId = -1;
            issue();
        }
    }

    private void onStepFailed(final String why)
    {
        failures++;
        errorHandler.onError(new BybitProtocolException("account snapshot " + step + " failed: " + why));
        if (failures > maxFailures)
        {
            givenUp++;
            errorHandler.onError(new BybitProtocolException(
                "account snapshot given up after " + failures + " failures; the next refresh starts over"));
            finish();
            return;
        }
        retryTimerId = transport.timers().schedule(transport.nanoClock().nanoTime() + retryDelayNs, this);
    }

    private void finish()
    {
        step = Step.IDLE;
        cursor.clear();
        completed++;
        if (again)
        {
            again = false;
            refresh();
        }
    }
}

package com.qkt.broker.bybit;

import com.qkt.broker.bybit.protocol.BybitPaths;
import com.qkt.broker.bybit.rest.RestFailure;
import org.agrona.ErrorHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.qkt.broker.bybit.AccountFrames.coin;
import static com.qkt.broker.bybit.AccountFrames.positionItem;
import static com.qkt.broker.bybit.AccountFrames.positionPush;
import static com.qkt.broker.bybit.AccountFrames.positionReply;
import static com.qkt.broker.bybit.AccountFrames.walletPush;
import static com.qkt.broker.bybit.AccountFrames.walletReply;
import static com.qkt.broker.bybit.BybitFrames.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wallet and position events from hand-fed pushes and REST replies: what is emitted, when snapshots are taken, and
 * that an older snapshot never overwrites a newer push.
 */
class AccountTrackerTest
{
    private static final long T = 1_700_000_000_000L;

    private final FakeBybitClient transport = new FakeBybitClient();
    private final StrategyEventRecorder recorder = new StrategyEventRecorder();
    private final List<Throwable> errors = new ArrayList<>();
    private final ErrorHandler errorHandler = errors::add;
    private BybitSpotBroker broker;

    @AfterEach
    void contractHolds()
    {
        assertEquals(List.of(), recorder.violations);
    }

    private void spot()
    {
        broker = new BybitSpotBroker(transport, recorder, errorHandler, new BybitSpotBrokerContext()
            .orderLinkIdPrefix("t-"));
    }

    private void linear()
    {
        broker = new BybitSpotBroker(transport, recorder, errorHandler, new BybitSpotBrokerContext()
            .category("linear").orderLinkIdPrefix("t-"));
    }

    private List<String> account()
    {
        final List<String> out = new ArrayList<>();
        for (final String e : recorder.events)
        {
            if (e.startsWith("WALLET") || e.startsWith("POSITION"))
            {
                out.add(e);
            }
        }
        return out;
    }

    @Test
    void shouldEmitAWalletUpdatePerChangedCoinOfAPush()
    {
        spot();
        transport.push(walletPush(T + 1, "USDT", "1000.5", "1000.5", "900"));
        transport.push(walletPush(T + 2, "USDT", "1000.5", "1000.5", "900"));
        transport.push(walletPush(T + 3, "USDT", "990", "990", "890"));
        assertEquals(List.of(
            "WALLET USDT balance=1000.5 equity=1000.5 available=900",
            "WALLET USDT balance=990 equity=990 available=890"), account());
    }

    @Test
    void shouldTakeOnlyTheWalletSnapshotOnASpotAccountAtStart()
    {
        spot();
        transport.fireInitialSessionReady();
        final FakeBybitClient.Call call = transport.answer(BybitPaths.WALLET_BALANCE,
            walletReply(T, coin("USDT", "5000", "5000", "4000"), coin("BTC", "1.5", "1.5", "")));
        assertEquals("accountType=UNIFIED", call.payload);
        assertEquals(List.of(
            "WALLET USDT balance=5000 equity=5000 available=4000 snapshot",
            "WALLET BTC balance=1.5 equity=1.5 available=none snapshot"), account());
        assertEquals(0, transport.openCalls(), "a spot account has no positions: " + transport.calls);
        assertEquals(1, broker.accountSnapshotsCompleted());
    }

    @Test
    void shouldNeverLetAnOlderWalletSnapshotOverwriteANewerPush()
    {
        spot();
        transport.fireInitialSessionReady();
        // the snapshot was taken at T+100; a push made at T+200 arrives before its reply
        transport.push(walletPush(T + 200, "USDT", "700", "700", "600"));
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 100, coin("USDT", "800", "800", "700")));
        assertEquals(List.of("WALLET USDT balance=700 equity=700 available=600"), account());
        assertEquals(1, broker.staleAccountUpdatesSkipped());

        // a later snapshot applies; a push older than it (late on the wire) does not
        broker.onSessionReady(transport.generation(), false);
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 300, coin("USDT", "650", "650", "550")));
        transport.push(walletPush(T + 250, "USDT", "690", "690", "590"));
        assertEquals(List.of(
            "WALLET USDT balance=700 equity=700 available=600",
            "WALLET USDT balance=650 equity=650 available=550 snapshot"), account());
        assertEquals(2, broker.staleAccountUpdatesSkipped());
    }

    @Test
    void shouldKeepAPushThatArrivedWhileTheSnapshotWasAskedForEvenWhenTheReplyIsStampedLater()
    {
        spot();
        transport.fireInitialSessionReady();
        // the exchange read the balance (800) before a change it pushed at T+200, then stamped its reply T+250
        transport.push(walletPush(T + 200, "USDT", "700", "700", "600"));
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 250, coin("USDT", "800", "800", "700")));
        assertEquals(List.of("WALLET USDT balance=700 equity=700 available=600"), account());
        assertEquals(1, broker.staleAccountUpdatesSkipped());

        // the next snapshot, asked for after that push, applies
        broker.onSessionReady(transport.generation(), false);
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 300, coin("USDT", "650", "650", "550")));
        assertEquals(List.of(
            "WALLET USDT balance=700 equity=700 available=600",
            "WALLET USDT balance=650 equity=650 available=550 snapshot"), account());
    }

    @Test
    void shouldKeepThePositionOfTheHighestSeqWhicheverPathBroughtIt()
    {
        linear();
        transport.push(positionPush("BTCUSDT", "Buy", "0.5", "50000", "10", 10, T + 10));
        transport.fireInitialSessionReady();
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 20, coin("USDT", "1000", "1010", "900")));
        // a snapshot read before fill 10 (seq 9) must not undo it
        final FakeBybitClient.Call positions = transport.answer(BybitPaths.POSITION_LIST,
            positionReply(T + 20, "", positionItem(false, "BTCUSDT", "Buy", "0.2", "49000", "5", 9, T + 5)));
        assertEquals("category=linear&limit=200&settleCoin=USDT", positions.payload);
        // the same seq later: the mark moved, so only the unrealised PnL differs
        broker.onSessionReady(transport.generation(), false);
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 30, coin("USDT", "1000", "1010", "900")));
        transport.answer(BybitPaths.POSITION_LIST,
            positionReply(T + 30, "", positionItem(false, "BTCUSDT", "Buy", "0.5", "50000", "12", 10, T + 10)));
        // a push late on the wire (seq 8) is older still
        transport.push(positionPush("BTCUSDT", "Buy", "0.1", "48000", "1", 8, T + 1));

        assertEquals(List.of(
            "POSITION linear BTCUSDT BUY size=0.5 avg=50000 upl=10 seq=10",
            "WALLET USDT balance=1000 equity=1010 available=900 snapshot",
            "POSITION linear BTCUSDT BUY size=0.5 avg=50000 upl=12 seq=10 snapshot"), account());
        assertEquals(2, broker.staleAccountUpdatesSkipped());
        assertEquals(0, transport.openCalls());
    }

    @Test
    void shouldReadEveryPageAndReportAPositionClosedWhileNobodyLookedAsFlat()
    {
        linear();
        transport.push(positionPush("BTCUSDT", "Buy", "0.5", "50000", "10", 10, T + 10));
        transport.push(positionPush("ETHUSDT", "Sell", "2", "3000", "-4", 11, T + 11));
        transport.push(positionPush("SOLUSDT", "Buy", "7", "100", "0", 12, T + 500));
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 100, coin("USDT", "1000", "1000", "900")));
        transport.answer(BybitPaths.POSITION_LIST, positionReply(T + 100, "page2",
            positionItem(false, "ADAUSDT", "Buy", "100", "0.5", "1", 13, T + 13)));
        final FakeBybitClient.Call second = transport.answer(BybitPaths.POSITION_LIST, positionReply(T + 101, "",
            positionItem(false, "BTCUSDT", "Buy", "0.5", "50000", "10", 10, T + 10)));
        assertTrue(second.payload.endsWith("&cursor=page2"), second.payload);

        // ETHUSDT was closed in the gap; SOLUSDT changed after the snapshot was taken and stays as pushed
        assertEquals(List.of(
            "POSITION linear BTCUSDT BUY size=0.5 avg=50000 upl=10 seq=10",
            "POSITION linear ETHUSDT SELL size=2 avg=3000 upl=-4 seq=11",
            "POSITION linear SOLUSDT BUY size=7 avg=100 upl=0 seq=12",
            "WALLET USDT balance=1000 equity=1000 available=900 snapshot",
            "POSITION linear ADAUSDT BUY size=100 avg=0.5 upl=1 seq=13 snapshot",
            "POSITION linear ETHUSDT NULL_VAL size=0 avg=0 upl=0 seq=11 snapshot"), account());
        assertEquals(0, transport.openCalls());
    }

    @Test
    void shouldNotReportAsFlatAPositionOpenedByAPushWhileTheSnapshotWasAskedFor()
    {
        linear();
        transport.fireOnReconnect();
        transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 100, coin("USDT", "1000", "1000", "900")));
        // the exchange read the (empty) list, then a fill opened BTCUSDT at T+200, then it stamped its reply T+250
        transport.push(positionPush("BTCUSDT", "Buy", "0.5", "50000", "10", 10, T + 200));
        transport.answer(BybitPaths.POSITION_LIST, positionReply(T + 250, ""));

        assertEquals(List.of(
            "WALLET USDT balance=1000 equity=1000 available=900 snapshot",
            "POSITION linear BTCUSDT BUY size=0.5 avg=50000 upl=10 seq=10"), account());
        assertEquals(0, transport.openCalls());
    }

    @Test
    void shouldRetryAFailedSnapshotAndRunARefreshAskedForMeanwhileOnceAfterIt()
    {
        spot();
        transport.fireInitialSessionReady();
        transport.fireInitialSessionReady(); // a second ask while the first pass runs: queued, not doubled
        assertEquals(1, transport.openCalls());
        transport.fail(BybitPaths.WALLET_BALANCE, RestFailure.CONNECTION_RESET);
        assertEquals(0, transport.openCalls());
        transport.advanceMillis(1_100);
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T, coin("USDT", "1", "1", "1")));
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 1, coin("USDT", "1", "1", "1")));
        assertEquals(0, transport.openCalls());
        assertEquals(2, broker.accountSnapshotsCompleted());
        assertEquals(1, errors.size(), errors.toString());
        assertEquals(List.of("WALLET USDT balance=1 equity=1 available=1 snapshot"), account());
    }

    @Test
    void shouldReconcileEveryMinuteByDefaultWithOneOrderQueryAndTheSnapshotsWhenNothingChanged()
    {
        spot();
        transport.fireInitialSessionReady();
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T, coin("USDT", "1", "1", "1")));
        final int before = transport.calls.size();
        transport.advanceMillis(59_000);
        assertEquals(before, transport.calls.size());
        transport.advanceMillis(1_100);
        final FakeBybitClient.Call open = transport.answer(BybitPaths.ORDER_REALTIME, list(""));
        assertEquals("category=spot&limit=50", open.payload);
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T + 60_000, coin("USDT", "1", "1", "1")));
        assertEquals(before + 2, transport.calls.size(), "nothing else: " + transport.calls);
        assertEquals(0, transport.openCalls());
        assertEquals(List.of("WALLET USDT balance=1 equity=1 available=1 snapshot"), account(),
            "an unchanged wallet is not reported again");
    }

    @Test
    void shouldTakeTheSnapshotsAgainWhenAWalletOrPositionPushCannotBeRead()
    {
        linear();
        transport.push("{\"topic\":\"position\",\"creationTime\":1700000000000,\"data\":[{\"symbol\":\"BTCUSDT\"," +
            "\"size\":\"0.5.1\"}]}");
        transport.answer(BybitPaths.WALLET_BALANCE, walletReply(T, coin("USDT", "1", "1", "1")));
        transport.answer(BybitPaths.POSITION_LIST,
            positionReply(T, "", positionItem(false, "BTCUSDT", "Buy", "0.5", "50000", "0", 4, T)));
        assertEquals(List.of(
            "WALLET USDT balance=1 equity=1 available=1 snapshot",
            "POSITION linear BTCUSDT BUY size=0.5 avg=50000 upl=0 seq=4 snapshot"), account());
        assertEquals(0, transport.openCalls());
        assertEquals(2, transport.calls.size(), "the snapshots and no order reconcile: " + transport.calls);
    }
}

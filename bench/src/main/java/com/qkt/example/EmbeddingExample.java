package com.qkt.example;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitClientContext;
import com.qkt.broker.bybit.BybitConnectException;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.codecs.CancelRejectedDecoder;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.OrderCancelledDecoder;
import com.qkt.codecs.Side;
import com.qkt.codecs.WalletUpdateDecoder;
import com.qkt.common.net.ExponentialBackoff;
import com.qkt.common.net.ReconnectSupervisor;
import com.qkt.common.time.ManualClock;
import com.qkt.common.timer.TimerService;
import com.qkt.events.BrokerEventDecoder;
import com.qkt.events.BrokerEventHandler;
import com.qkt.events.Decimals;

import java.util.concurrent.TimeUnit;

/**
 * The README's embedding cookbook as code that compiles with the library, so the snippets cannot drift from the API.
 * Run it against Bybit testnet with {@code BYBIT_API_KEY} / {@code BYBIT_API_SECRET} set, or point it at
 * {@code scripts/sim} with {@code -Dqkt.bybit.restUrl=... -Dqkt.bybit.wsUrl=...}.
 */
public final class EmbeddingExample
{
    private EmbeddingExample()
    {
    }

    /**
     * @param args unused.
     */
    public static void main(final String[] args)
    {
        // 1. Construct. Keys come from the environment unless set on the context; URLs default to testnet.
        final BybitClientContext ctx = new BybitClientContext();
        final BybitClient client = new BybitClient(ctx);

        final BrokerEventHandler strategy = new BrokerEventHandler()
        {
            public void onExecution(final ExecutionDecoder fill)
            {
                // exactly once per execId; synthetic = TRUE when recovery found it
                System.out.println("fill " + Decimals.toString(fill.qty()) + " @ " + Decimals.toString(fill.price()));
            }

            public void onOrderCancelled(final OrderCancelledDecoder cancelled)
            {
                System.out.println("cancelled " + cancelled.clientOrderId());
            }

            public void onCancelRejected(final CancelRejectedDecoder refused)
            {
                // the cancel did not take effect; the order is still working
                System.out.println("cancel refused " + refused.reasonCode() + " " + refused.reasonText());
            }

            public void onWalletUpdate(final WalletUpdateDecoder wallet)
            {
                // one coin changed (a push), or a REST snapshot at start / after a reconnect / in the reconcile
                System.out.println(wallet.coin() + " balance " + Decimals.toString(wallet.walletBalance()));
            }

            public void onConnectionStateChanged(final ConnectionStateChangedDecoder change)
            {
                System.out.println("connection " + change.state() + ": " + change.reason());
            }
        };
        // 4. A custom recovery window: at most one minute back.
        final BybitSpotBroker broker = new BybitSpotBroker(
            client,
            new BrokerEventDecoder(strategy),
            ctx.engineContext().errorHandler(), // counted, kept for scripts/errors, then the EngineContext's handler
            new BybitSpotBrokerContext().recoveryWindowMs(60_000));

        // 5. Observe reconnects: after re-auth, re-subscribe and recovery; never for the initial connect.
        client.onReconnect(() -> System.out.println("reconnected and consistent"));

        // 2. Connect, failing loud at start.
        try
        {
            client.connect();
        }
        catch (final BybitConnectException ex)
        {
            System.err.println("cannot start: " + ex.reason() + " " + ex.getMessage());
            client.close();
            return;
        }

        // 3. Gate on isConnected; broker calls run on the handler thread.
        client.execute(() ->
        {
            if (client.isConnected())
            {
                final long id = broker.submitLimit("BTCUSDT", Side.BUY, "0.001", "10000");
                broker.cancel(id);
            }
        });
        client.close();
    }

    /**
     * Reusing {@link ReconnectSupervisor} for another broker's connection: it knows nothing about Bybit.
     *
     * @param clock  the owner's clock.
     * @param timers the owner's timer wheel, polled on the owner's thread.
     * @return a supervisor to report connection events to.
     */
    public static ReconnectSupervisor supervisorForAnotherBroker(final ManualClock clock, final TimerService timers)
    {
        final ReconnectSupervisor[] supervisor = new ReconnectSupervisor[1];
        supervisor[0] = new ReconnectSupervisor(new ReconnectSupervisor.Context()
            .backoffPolicy(new ExponentialBackoff(
                TimeUnit.MILLISECONDS.toNanos(100), 2.0, TimeUnit.SECONDS.toNanos(10), 0.2, 42))
            .maxConsecutiveAuthFailures(10)
            .timerService(timers)
            .nanoClock(clock)
            .listener(new ReconnectSupervisor.Listener()
            {
                public void onReconnectAttempt(final int attempt)
                {
                    // open the socket here, then report: supervisor[0].onAttemptSucceeded() or onAttemptFailed(auth)
                }

                public void onReconnected(final int attempts)
                {
                    // resynchronise state here
                }

                public void onFailed(final int consecutiveAuthFailures)
                {
                    // alert: credentials are refused
                }
            }));
        return supervisor[0];
    }

    /**
     * 6. Survive restarts: the engine's identity, id reservations and working orders live in a state directory; the
     * next process on it adopts the working orders and delivers what happened while it was down, exactly once.
     * Close it after the client.
     *
     * @param client   the connection.
     * @param listener the strategy.
     * @param stateDir where the state lives (created if missing).
     * @return the broker.
     */
    public static BybitSpotBroker durableBroker(
        final BybitClient client, final com.qkt.events.BrokerEventListener listener, final java.nio.file.Path stateDir)
    {
        return new BybitSpotBroker(client, listener, Throwable::printStackTrace,
            new BybitSpotBrokerContext().stateDir(stateDir));
    }
}

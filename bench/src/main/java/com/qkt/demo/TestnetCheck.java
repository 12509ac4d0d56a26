package com.qkt.demo;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitClientContext;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.ExecutionDecoder;
import com.qkt.codecs.OrderAcceptedDecoder;
import com.qkt.codecs.OrderCancelledDecoder;
import com.qkt.codecs.OrderRejectedDecoder;
import com.qkt.codecs.RecoveryCompletedDecoder;
import com.qkt.codecs.Side;
import com.qkt.engine.EngineContext;
import com.qkt.events.BrokerEventDecoder;
import com.qkt.events.BrokerEventHandler;
import com.qkt.events.Decimals;

import java.io.PrintStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code --testnet}: connect to Bybit testnet (the client's default URLs) with the keys from the environment, place
 * one tiny limit buy on BTCUSDT far below the market, cancel it, print the events and exit. No fault injection.
 */
public final class TestnetCheck
{
    static final String SYMBOL = "BTCUSDT";
    static final String QTY = "0.001";
    static final String FAR_BELOW_MARKET = "10000";
    private static final long DEADLINE_MS = 15_000;

    private final DemoOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    /**
     * @param options     the parsed command line.
     * @param out         where events go.
     * @param err         where the one-line failure message goes.
     * @param environment where the keys come from (normally {@link System#getenv()}).
     */
    public TestnetCheck(
        final DemoOptions options, final PrintStream out, final PrintStream err, final Map<String, String> environment)
    {
        this.options = options;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    /**
     * @return the process exit code: 0 when the order was placed and cancelled, 1 when not, 2 when the keys are
     * missing.
     */
    public int run()
    {
        final String key = environment.get(BybitClientContext.API_KEY_ENV);
        final String secret = environment.get(BybitClientContext.API_SECRET_ENV);
        if (isBlank(key) || isBlank(secret))
        {
            err.println("scripts/demo --testnet: set " + BybitClientContext.API_KEY_ENV + " and " +
                BybitClientContext.API_SECRET_ENV + " to a Bybit testnet API key and secret");
            return 2;
        }

        final Timeline timeline = new Timeline(out, false, options.verbose());
        final ErrorLog errors = new ErrorLog(timeline);
        final Properties props = DemoSettings.withFile(new Properties(), options.config());
        final BybitClientContext clientContext = new BybitClientContext()
            .applyProperties(props)
            .apiKey(key)
            .apiSecret(secret)
            .engineContext(new EngineContext().applyProperties(props).errorHandler(errors));
        final EventPrinter printer = new EventPrinter(timeline);
        try (BybitClient client = new BybitClient(clientContext))
        {
            final BybitSpotBroker broker = SimulationRun.onHandler(client, () -> new BybitSpotBroker(
                client, new BrokerEventDecoder(printer), errors, new BybitSpotBrokerContext().applyProperties(props)));
            timeline.event("CONNECT", clientContext.restUrl() + " " + clientContext.wsUrl());
            client.connect();
            final long id = SimulationRun.onHandler(client, () -> broker.submitLimit(SYMBOL, Side.BUY, QTY,
                FAR_BELOW_MARKET));
            timeline.event("SUBMIT", "limit buy " + QTY + " " + SYMBOL + " @ " + FAR_BELOW_MARKET + " as " +
                broker.orderLinkId(id));
            if (!SimulationRun.waitUntil(DEADLINE_MS, () -> printer.accepted.get() || printer.terminal.get()))
            {
                timeline.event("FAILED", "no answer to the order within " + DEADLINE_MS / 1000 + " s");
                return 1;
            }
            if (!printer.terminal.get())
            {
                SimulationRun.onHandler(client, () -> broker.cancel(id));
                timeline.event("CANCEL", broker.orderLinkId(id));
            }
            if (!SimulationRun.waitUntil(DEADLINE_MS, printer.terminal::get))
            {
                timeline.event("FAILED", "the order did not reach a terminal state within " + DEADLINE_MS / 1000 + " s");
                return 1;
            }
            final int left = SimulationRun.onHandler(client, broker::knownOrderCount);
            timeline.event("DONE", "orders still known to the broker: " + left + "; errors: " + errors.total());
            return printer.cancelled.get() && left == 0 ? 0 : 1;
        }
    }

    private static boolean isBlank(final String value)
    {
        return null == value || value.isBlank();
    }

    /** Prints every strategy-facing event on the timeline. */
    static final class EventPrinter implements BrokerEventHandler
    {
        final AtomicBoolean accepted = new AtomicBoolean();
        final AtomicBoolean terminal = new AtomicBoolean();
        final AtomicBoolean cancelled = new AtomicBoolean();
        private final Timeline timeline;

        EventPrinter(final Timeline timeline)
        {
            this.timeline = timeline;
        }

        public void onOrderAccepted(final OrderAcceptedDecoder d)
        {
            timeline.event("ACCEPTED", trim(d.clientOrderId()) + " orderId " + trim(d.orderId()));
            accepted.set(true);
        }

        public void onExecution(final ExecutionDecoder d)
        {
            timeline.event("FILL", trim(d.clientOrderId()) + " qty " + Decimals.toString(d.qty()) + " @ " +
                Decimals.toString(d.price()) + " leaves " + Decimals.toString(d.leavesQty()));
            if (Decimals.toString(d.leavesQty()).matches("0(\\.0*)?"))
            {
                terminal.set(true);
            }
        }

        public void onOrderCancelled(final OrderCancelledDecoder d)
        {
            final String id = trim(d.clientOrderId());
            timeline.event("CANCELLED", id + " " + d.cancelReason());
            cancelled.set(true);
            terminal.set(true);
        }

        public void onOrderRejected(final OrderRejectedDecoder d)
        {
            final String id = trim(d.clientOrderId());
            final int code = d.reasonCode();
            timeline.event("REJECTED", id + " " + code + " " + d.reasonText());
            terminal.set(true);
        }

        public void onConnectionStateChanged(final ConnectionStateChangedDecoder d)
        {
            final String state = d.state().name();
            timeline.event(state, d.reason());
        }

        public void onRecoveryCompleted(final RecoveryCompletedDecoder d)
        {
            timeline.event("RECOVERED", d.synthesizedFills() + " fills, " + d.synthesizedCancels() + " cancels");
        }

        private static String trim(final String fixed)
        {
            final int nul = fixed.indexOf('\0');
            return nul < 0 ? fixed : fixed.substring(0, nul);
        }
    }
}

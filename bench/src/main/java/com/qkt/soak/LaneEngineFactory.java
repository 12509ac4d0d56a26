package com.qkt.soak;

import com.qkt.broker.bybit.BybitClient;
import com.qkt.broker.bybit.BybitClientContext;
import com.qkt.broker.bybit.BybitSpotBroker;
import com.qkt.broker.bybit.BybitSpotBrokerContext;
import com.qkt.demo.ConnectionMonitor;
import com.qkt.demo.DemoStrategy;
import com.qkt.demo.InvariantChecker;
import com.qkt.demo.MarketMoves;
import com.qkt.demo.SimulationRun;
import com.qkt.demo.SupervisedStart;
import com.qkt.engine.EngineContext;
import com.qkt.events.BrokerEventDecoder;
import com.qkt.sim.bybit.BybitSimulator;
import org.agrona.ErrorHandler;

import java.util.Properties;
import java.util.Random;

/**
 * Creates the engines of one account, each a process as far as the exchange and the strategy can tell: a
 * {@link BybitClient}, a {@link BybitSpotBroker} and a {@link DemoStrategy} wired to the account's
 * {@link InvariantChecker} and {@link ConnectionMonitor}, which outlive the engines. A restart is
 * {@link LaneEngine#crash()} on the running one and {@link #create} of the next incarnation against the same
 * simulator account.
 * <p>
 * A restart keeps the invariants because every engine of an account runs on the same state directory
 * ({@code qkt.broker.stateDir}): the next one starts from what the crashed one's journal held (its orderLinkId prefix
 * and high-water mark, the orders it knew open, the execution watermark), adopts its working orders and delivers
 * the fills it missed once.
 */
final class LaneEngineFactory
{
    private final BybitSimulator sim;
    private final String apiKey;
    private final String apiSecret;
    private final String linkIdPrefix;
    private final Properties settings;
    private final ErrorHandler errors;
    private final InvariantChecker checker;
    private final ConnectionMonitor monitor;
    private final MarketMoves market;
    private final Random seeds;
    private final long tickMillis;
    private final int maxWorking;
    private final java.nio.file.Path stateDir;

    LaneEngineFactory(
        final BybitSimulator sim,
        final String apiKey,
        final String apiSecret,
        final String linkIdPrefix,
        final Properties settings,
        final ErrorHandler errors,
        final InvariantChecker checker,
        final ConnectionMonitor monitor,
        final MarketMoves market,
        final Random seeds,
        final long tickMillis,
        final int maxWorking,
        final java.nio.file.Path stateDir)
    {
        this.stateDir = stateDir;
        this.sim = sim;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.linkIdPrefix = linkIdPrefix;
        this.settings = settings;
        this.errors = errors;
        this.checker = checker;
        this.monitor = monitor;
        this.market = market;
        this.seeds = seeds;
        this.tickMillis = tickMillis;
        this.maxWorking = maxWorking;
    }

    private int seededIncarnation = -1;
    private long incarnationSeed;

    // One strategy seed per incarnation, however many starts it takes: a start retried after a failed connect (see
    // SupervisedStart) trades as the first try would have, so a --seed run stays reproducible.
    private long seedOf(final int incarnation)
    {
        if (incarnation != seededIncarnation)
        {
            seededIncarnation = incarnation;
            incarnationSeed = seeds.nextLong();
        }
        return incarnationSeed;
    }

    /**
     * Start an engine: connect (auth, subscribe) and begin trading.
     *
     * @param incarnation 0 for the first engine of the account, then one more per restart.
     * @param orderLimit  orders this engine may still submit.
     * @return the running engine.
     * @throws com.qkt.broker.bybit.BybitConnectException if the initial connect fails.
     */
    LaneEngine create(final int incarnation, final long orderLimit)
    {
        final Properties props = new Properties();
        props.putAll(settings);
        props.setProperty("qkt.engine.threadNamePrefix", apiKey + "-" + incarnation);
        final EngineContext engineContext = new EngineContext().applyProperties(props).errorHandler(errors);
        final BybitClientContext clientContext = new BybitClientContext()
            .applyProperties(props)
            .restUrl(sim.restUrl())
            .wsUrl(sim.wsPrivateUrl())
            .apiKey(apiKey)
            .apiSecret(apiSecret)
            .engineContext(engineContext);
        final BybitSpotBrokerContext brokerContext = new BybitSpotBrokerContext()
            .applyProperties(props)
            .orderLinkIdPrefix(linkIdPrefix)
            .stateDir(stateDir);

        final BybitClient client = new BybitClient(clientContext);
        BybitSpotBroker broker = null;
        try
        {
            final DemoStrategy strategy = new DemoStrategy(
                client, checker, monitor, market, new Random(seedOf(incarnation)), tickMillis)
                .maxWorking(maxWorking)
                .orderLimit(orderLimit);
            // the broker reports through the engine's counting handler, as the demo's does
            broker = SimulationRun.onHandler(client, () ->
                new BybitSpotBroker(client, new BrokerEventDecoder(strategy), engineContext.errorHandler(),
                    brokerContext));
            strategy.broker(broker);
            client.connect();
            client.execute(strategy::start);
            return new LaneEngine(client, broker, strategy);
        }
        catch (final RuntimeException ex)
        {
            // an engine that failed to start ends: its state directory is free for the next one
            SupervisedStart.endFailedStart(client, broker, ex);
            throw ex;
        }
    }
}

package com.qkt.broker.bybit;

import com.qkt.common.config.ConfigurationException;
import com.qkt.common.net.FixedDelayBackoff;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BybitContextsTest
{
    @Test
    void shouldDefaultToTestnetAndDocumentedTimings()
    {
        final BybitClientContext ctx = new BybitClientContext().apiKey("k").apiSecret("s").conclude();
        assertEquals(BybitClientContext.REST_URL_DEFAULT, ctx.restUrl());
        assertEquals(BybitClientContext.WS_URL_DEFAULT, ctx.wsUrl());
        assertEquals(10_000, ctx.connectTimeoutMs());
        assertEquals(5_000, ctx.pingIntervalMs());
        assertEquals(12_000, ctx.staleTimeoutMs());
        assertTrue(ctx.timeSync());
        assertEquals(60_000, ctx.timeSyncIntervalMs());
        assertEquals(0, ctx.dcpWindowSec());
        assertEquals(10, ctx.maxAuthFailures());
        assertEquals(3, ctx.restMaxAttempts());
        assertEquals(500_000_000L, ctx.restRetryBackoff().delayNanos(1));
        assertEquals(1_000_000_000L, ctx.restRetryBackoff().delayNanos(2));
        assertEquals(2_000_000_000L, ctx.restRetryBackoff().delayNanos(3));
    }

    @Test
    void shouldTakeAPropertiesFileOverSystemPropertiesAndSettersOverBoth()
    {
        System.setProperty(BybitClientContext.PING_INTERVAL_MS_PROP, "1111");
        System.setProperty(BybitClientContext.STALE_TIMEOUT_MS_PROP, "2222");
        try
        {
            final Properties file = new Properties();
            file.setProperty(BybitClientContext.STALE_TIMEOUT_MS_PROP, "3333");
            file.setProperty(BybitClientContext.BACKOFF_PROP, "fixed");
            file.setProperty(BybitClientContext.BACKOFF_INITIAL_MS_PROP, "250");
            file.setProperty(BybitClientContext.REST_MAX_ATTEMPTS_PROP, "5");
            final BybitClientContext ctx = new BybitClientContext()
                .apiKey("k").apiSecret("s")
                .applyProperties(file)
                .restMaxAttempts(7)
                .conclude();
            assertEquals(1111, ctx.pingIntervalMs());
            assertEquals(3333, ctx.staleTimeoutMs());
            assertEquals(7, ctx.restMaxAttempts());
            assertInstanceOf(FixedDelayBackoff.class, ctx.reconnectBackoff());
            assertEquals(250_000_000L, ctx.reconnectBackoff().delayNanos(9));
        }
        finally
        {
            System.clearProperty(BybitClientContext.PING_INTERVAL_MS_PROP);
            System.clearProperty(BybitClientContext.STALE_TIMEOUT_MS_PROP);
        }
    }

    @Test
    void shouldTakeRateLimitKeysAndRefuseAHoldLongerThanItsMaximum()
    {
        final BybitClientContext defaults = new BybitClientContext().apiKey("k").apiSecret("s").conclude();
        assertEquals(20, defaults.rateLimitPolicy().spotOrdersPerWindow());
        assertEquals(10, defaults.rateLimitPolicy().derivativeOrdersPerWindow());
        assertEquals(50, defaults.rateLimitPolicy().queriesPerWindow());
        assertEquals(600_000_000_000L, defaults.rateLimitPolicy().ipBanHoldNanos());

        final Properties file = new Properties();
        file.setProperty(BybitClientContext.RATE_LIMIT_SPOT_ORDERS_PROP, "40");
        file.setProperty(BybitClientContext.RATE_LIMIT_IP_BAN_HOLD_MS_PROP, "1000");
        file.setProperty(BybitClientContext.RATE_LIMIT_IP_BAN_MAX_HOLD_MS_PROP, "4000");
        file.setProperty(BybitClientContext.RATE_LIMIT_LANE_CAPACITY_PROP, "16");
        final BybitClientContext ctx = new BybitClientContext().apiKey("k").apiSecret("s").applyProperties(file)
            .conclude();
        assertEquals(40, ctx.rateLimitPolicy().spotOrdersPerWindow());
        assertEquals(16, ctx.rateLimitPolicy().laneCapacity());
        assertEquals(4_000_000_000L, ctx.rateLimitPolicy().ipBanMaxHoldNanos());

        file.setProperty(BybitClientContext.RATE_LIMIT_IP_BAN_MAX_HOLD_MS_PROP, "500");
        final ConfigurationException hold = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").applyProperties(file).conclude());
        assertEquals(BybitClientContext.RATE_LIMIT_IP_BAN_MAX_HOLD_MS_PROP, hold.key());

        file.setProperty(BybitClientContext.RATE_LIMIT_IP_BAN_MAX_HOLD_MS_PROP, "4000");
        file.setProperty(BybitClientContext.RATE_LIMIT_LANE_CAPACITY_PROP, "0");
        final ConfigurationException lane = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").applyProperties(file).conclude());
        assertEquals(BybitClientContext.RATE_LIMIT_LANE_CAPACITY_PROP, lane.key());
    }

    @Test
    void shouldNameTheBadKey()
    {
        final Properties file = new Properties();
        file.setProperty(BybitClientContext.CONNECT_TIMEOUT_MS_PROP, "soon");
        final ConfigurationException ex = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").applyProperties(file).conclude());
        assertEquals(BybitClientContext.CONNECT_TIMEOUT_MS_PROP, ex.key());

        final ConfigurationException prefix = assertThrows(ConfigurationException.class,
            () -> new BybitSpotBrokerContext().orderLinkIdPrefix("has space").conclude());
        assertEquals(BybitSpotBrokerContext.ORDER_LINK_ID_PREFIX_PROP, prefix.key());
    }

    @Test
    void shouldNeverShowTheSecret()
    {
        final BybitClientContext ctx = new BybitClientContext().apiKey("key-123456").apiSecret("very-secret").conclude();
        assertFalse(ctx.toString().contains("very-secret"), ctx.toString());
        assertFalse(ctx.toString().contains("key-123456"), ctx.toString());
        assertTrue(ctx.toString().contains("***"));
    }

    @Test
    void shouldRefuseToStartWithoutCredentials()
    {
        assumeTrue(null == System.getenv(BybitClientContext.API_SECRET_ENV), "a secret in the environment");
        final ConfigurationException ex = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").conclude());
        assertEquals(BybitClientContext.API_SECRET_PROP, ex.key());
        assertFalse(ex.getMessage().contains("null"));
    }

    @Test
    void shouldRefusePlainTextUrlsToRemoteHostsNamingTheKey()
    {
        final ConfigurationException rest = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").restUrl("http://api.bybit.com").conclude());
        assertEquals(BybitClientContext.REST_URL_PROP, rest.key());
        assertTrue(rest.getMessage().contains(BybitClientContext.REST_URL_PROP), rest.getMessage());
        assertTrue(rest.getMessage().contains("https://"), rest.getMessage());

        final ConfigurationException ws = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").wsUrl("ws://stream.bybit.com/v5/private")
                .conclude());
        assertEquals(BybitClientContext.WS_URL_PROP, ws.key());
        assertTrue(ws.getMessage().contains(BybitClientContext.WS_URL_PROP), ws.getMessage());

        for (final String host : new String[] {
            "127.0.0.1.example.com", "128.0.0.1", "10.0.0.1", "localhost.example.com", "127.0.0", "127.0.0.256",
            "[::2]", "0.0.0.0", "example.com" })
        {
            final ConfigurationException ex = assertThrows(ConfigurationException.class,
                () -> new BybitClientContext().apiKey("k").apiSecret("s").restUrl("http://" + host + ":9000").conclude(),
                host);
            assertEquals(BybitClientContext.REST_URL_PROP, ex.key(), host);
        }
        final ConfigurationException scheme = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").wsUrl("https://stream.bybit.com").conclude());
        assertEquals(BybitClientContext.WS_URL_PROP, scheme.key());
    }

    @Test
    void shouldAcceptPlainTextOnLoopbackAndTlsAnywhere()
    {
        for (final String host : new String[] { "127.0.0.1", "127.5.6.7", "localhost", "LOCALHOST", "[::1]" })
        {
            final BybitClientContext ctx = new BybitClientContext().apiKey("k").apiSecret("s")
                .restUrl("http://" + host + ":9000").wsUrl("ws://" + host + ":9001/v5/private").conclude();
            assertEquals("http://" + host + ":9000", ctx.restUrl());
        }
        new BybitClientContext().apiKey("k").apiSecret("s")
            .restUrl("https://api.bybit.com").wsUrl("wss://stream.bybit.com/v5/private").conclude();
    }

    @Test
    void shouldRequireStaleAbovePing()
    {
        final ConfigurationException equal = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").pingIntervalMs(5000).staleTimeoutMs(5000)
                .conclude());
        assertEquals(BybitClientContext.STALE_TIMEOUT_MS_PROP, equal.key());
        assertTrue(equal.getMessage().contains(BybitClientContext.PING_INTERVAL_MS_PROP), equal.getMessage());
        assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").pingIntervalMs(30_000).conclude());
        new BybitClientContext().apiKey("k").apiSecret("s").pingIntervalMs(5000).staleTimeoutMs(5001).conclude();
    }

    @Test
    void shouldValidateDisconnectProtection()
    {
        for (final int bad : new int[] { 1, 2, 301, -5 })
        {
            final Properties file = new Properties();
            file.setProperty(BybitClientContext.DCP_WINDOW_SEC_PROP, Integer.toString(bad));
            final ConfigurationException ex = assertThrows(ConfigurationException.class,
                () -> new BybitClientContext().apiKey("k").apiSecret("s").applyProperties(file).conclude(),
                Integer.toString(bad));
            assertEquals(BybitClientContext.DCP_WINDOW_SEC_PROP, ex.key());
        }
        final ConfigurationException product = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").dcpWindowSec(10).dcpProduct("spot").conclude());
        assertEquals(BybitClientContext.DCP_PRODUCT_PROP, product.key());

        final BybitClientContext off = new BybitClientContext().apiKey("k").apiSecret("s").conclude();
        assertEquals(List.of("order", "execution", "wallet", "position"), List.of(off.sessionTopics()));
        final BybitClientContext spot = new BybitClientContext().apiKey("k").apiSecret("s").dcpWindowSec(3).conclude();
        assertEquals(List.of("order", "execution", "wallet", "position", "dcp.spot"), List.of(spot.sessionTopics()));
        final BybitClientContext futures = new BybitClientContext().apiKey("k").apiSecret("s").dcpWindowSec(300)
            .dcpProduct("DERIVATIVES").conclude();
        assertEquals("dcp.future", futures.dcpTopic());
    }

    @Test
    void shouldSeedTheJitterPerProcessUnlessASeedIsConfigured()
    {
        assertNotEquals(BybitClientContext.randomSeed(), BybitClientContext.randomSeed());
        final Properties file = new Properties();
        file.setProperty(BybitClientContext.BACKOFF_SEED_PROP, "42");
        final long[] seeded1 = delays(new BybitClientContext().apiKey("k").apiSecret("s").applyProperties(file));
        final long[] seeded2 = delays(new BybitClientContext().apiKey("k").apiSecret("s").applyProperties(file));
        assertArrayEquals(seeded1, seeded2, "the same seed backs off the same way");
        final long[] random1 = delays(new BybitClientContext().apiKey("k").apiSecret("s"));
        final long[] random2 = delays(new BybitClientContext().apiKey("k").apiSecret("s"));
        assertFalse(java.util.Arrays.equals(random1, random2), "two processes started together back off apart");
    }

    private static long[] delays(final BybitClientContext ctx)
    {
        ctx.conclude();
        final long[] delays = new long[8];
        for (int i = 0; i < delays.length; i++)
        {
            delays[i] = ctx.reconnectBackoff().delayNanos(i + 1);
        }
        return delays;
    }

    @Test
    void shouldRejectAMisspeltKeyOfAConfigFileNamingTheNearestKnownKey()
    {
        final Properties file = new Properties();
        file.setProperty("qkt.bybit.reconect.initialMs", "200");

        final ConfigurationException ex = assertThrows(ConfigurationException.class,
            () -> new BybitClientContext().apiKey("k").apiSecret("s").applyProperties(file).conclude());

        assertEquals("qkt.bybit.reconect.initialMs", ex.key());
        assertTrue(ex.getMessage().contains("did you mean " + BybitClientContext.BACKOFF_INITIAL_MS_PROP),
            ex.getMessage());
        final ConfigurationException brokerEx = assertThrows(ConfigurationException.class,
            () -> new BybitSpotBrokerContext().applyProperties(file).conclude());
        assertEquals("qkt.bybit.reconect.initialMs", brokerEx.key());
    }

    @Test
    void shouldKnowEveryModulesKeysInEveryContextBecauseSystemPropertiesAreShared()
    {
        System.setProperty(BybitClientContext.PING_INTERVAL_MS_PROP, "1111");
        System.setProperty(BybitSpotBrokerContext.FILL_WAIT_MS_PROP, "900");
        System.setProperty("qkt.sim.bybit.idle.timeout.ms", "1000");
        try
        {
            final com.qkt.engine.EngineContext engine = new com.qkt.engine.EngineContext();
            engine.conclude(); // core's own context: the transport's and the simulator's keys are not unknown to it
            assertTrue(engine.isConcluded());
            assertTrue(com.qkt.common.config.ConfigKeys.known().contains(BybitSpotBrokerContext.DEDUP_WINDOW_PROP));
        }
        finally
        {
            System.clearProperty(BybitClientContext.PING_INTERVAL_MS_PROP);
            System.clearProperty(BybitSpotBrokerContext.FILL_WAIT_MS_PROP);
            System.clearProperty("qkt.sim.bybit.idle.timeout.ms");
        }
    }

    @Test
    void shouldReconcileEveryMinuteAndSnapshotTheWalletOnlyForSpotByDefault()
    {
        final BybitSpotBrokerContext spot = new BybitSpotBrokerContext().conclude();
        assertEquals(60_000, spot.reconcileIntervalMs());
        assertEquals("UNIFIED", spot.walletAccountType());
        assertEquals(0, spot.positionCategories().length);
        assertEquals("USDT", spot.positionSettleCoin());

        final BybitSpotBrokerContext linear = new BybitSpotBrokerContext().category("linear").conclude();
        assertEquals(java.util.List.of("linear"), java.util.List.of(linear.positionCategories()));
        final Properties off = new Properties();
        off.setProperty(BybitSpotBrokerContext.POSITION_CATEGORIES_PROP, "none");
        assertEquals(0, new BybitSpotBrokerContext().category("linear").applyProperties(off).conclude()
            .positionCategories().length);

        final Properties file = new Properties();
        file.setProperty(BybitSpotBrokerContext.POSITION_CATEGORIES_PROP, "linear, inverse");
        file.setProperty(BybitSpotBrokerContext.WALLET_ACCOUNT_TYPE_PROP, "none");
        file.setProperty(BybitSpotBrokerContext.RECONCILE_INTERVAL_MS_PROP, "0");
        final BybitSpotBrokerContext fromFile = new BybitSpotBrokerContext().applyProperties(file).conclude();
        assertEquals(java.util.List.of("linear", "inverse"), java.util.List.of(fromFile.positionCategories()));
        assertEquals("", fromFile.walletAccountType());
        assertEquals(0, fromFile.reconcileIntervalMs());
    }

    @Test
    void shouldNameTheBadAccountSnapshotKey()
    {
        final ConfigurationException spot = assertThrows(ConfigurationException.class,
            () -> new BybitSpotBrokerContext().positionCategories("spot").conclude());
        assertTrue(spot.getMessage().contains(BybitSpotBrokerContext.POSITION_CATEGORIES_PROP), spot.getMessage());
        final Properties file = new Properties();
        file.setProperty(BybitSpotBrokerContext.RECONCILE_INTERVAL_MS_PROP, "-5");
        final ConfigurationException interval = assertThrows(ConfigurationException.class,
            () -> new BybitSpotBrokerContext().applyProperties(file).conclude());
        assertTrue(interval.getMessage().contains(BybitSpotBrokerContext.RECONCILE_INTERVAL_MS_PROP),
            interval.getMessage());
    }
}

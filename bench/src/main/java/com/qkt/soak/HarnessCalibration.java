package com.qkt.soak;

import com.qkt.broker.bybit.rest.BybitSigner;
import com.qkt.demo.DemoStrategy;
import com.qkt.demo.InvariantChecker;
import com.qkt.sim.bybit.BybitSimulator;
import com.qkt.sim.bybit.SimExecution;
import com.qkt.sim.bybit.SimOrder;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what the soak's own records keep per order: a fresh simulator and {@link InvariantChecker} are given
 * orders the way a run gives them (created over signed REST, filled in as many executions per order as the run saw,
 * the rest cancelled, every event fed to the checker), and the heap after GC is read before and after. No engine under
 * test takes part, so the figure is the harness's alone; {@link HeapCheck} subtracts it from the run's growth.
 */
final class HarnessCalibration
{
    private static final String KEY = "calibration";
    private static final String SECRET = "calibration-secret";
    private static final String PREFIX = "c-";
    private static final int WARM_UP_ORDERS = 50;

    private HarnessCalibration()
    {
    }

    /**
     * @param orders             orders to place (a couple of thousand give a stable figure).
     * @param executionsPerOrder executions per order in the run (fills executed / orders).
     * @return bytes of heap the simulator and checker keep per order.
     */
    static double bytesPerOrder(final int orders, final double executionsPerOrder)
    {
        try (BybitSimulator sim = BybitSimulator.builder()
            .account(KEY, SECRET)
            .defaultBalance("USDT", "1000000000")
            .defaultBalance("BTC", "1000000")
            .rateLimitsEnabled(false)
            .callLogCapacity(1)
            .build()
            .start())
        {
            final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            final BybitSigner signer = new BybitSigner(KEY, SECRET);
            final InvariantChecker warmChecker = new InvariantChecker(PREFIX);
            place(sim, http, signer, warmChecker, "w", WARM_UP_ORDERS, executionsPerOrder);

            final InvariantChecker checker = new InvariantChecker(PREFIX);
            final long before = MemoryProbe.heapAfterGc();
            place(sim, http, signer, checker, "o", orders, executionsPerOrder);
            final long after = MemoryProbe.heapAfterGc();
            java.lang.ref.Reference.reachabilityFence(checker);
            java.lang.ref.Reference.reachabilityFence(warmChecker);
            return Math.max(0, after - before) / (double)orders;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("calibration could not reach its simulator: " + ex.getMessage(), ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("calibration interrupted", ex);
        }
    }

    private static void place(
        final BybitSimulator sim,
        final HttpClient http,
        final BybitSigner signer,
        final InvariantChecker checker,
        final String tag,
        final int orders,
        final double executionsPerOrder) throws IOException, InterruptedException
    {
        final BigDecimal price = new BigDecimal(sim.engine().price(DemoStrategy.SYMBOL));
        final String buyPrice = price.multiply(new BigDecimal("0.9")).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        final String sellPrice = price.multiply(new BigDecimal("1.1")).setScale(2, RoundingMode.HALF_EVEN).toPlainString();
        final int wholeExecutions = (int)Math.floor(executionsPerOrder);
        final double extraShare = executionsPerOrder - wholeExecutions;
        for (int i = 0; i < orders; i++)
        {
            final String linkId = PREFIX + tag + i;
            final boolean buy = (i & 1) == 0;
            create(sim, http, signer, "{\"category\":\"spot\",\"symbol\":\"" + DemoStrategy.SYMBOL + "\",\"side\":\"" +
                (buy ? "Buy" : "Sell") + "\",\"orderType\":\"Limit\",\"qty\":\"0.008\",\"price\":\"" +
                (buy ? buyPrice : sellPrice) + "\",\"orderLinkId\":\"" + linkId + "\"}");
            checker.onSubmitted(linkId);
            checker.onAccepted(linkId);
            final SimOrder order = sim.engine().order(KEY, linkId);
            final int executions = Math.min(8, wholeExecutions + (i < extraShare * orders ? 1 : 0));
            for (int e = 0; e < executions; e++)
            {
                sim.engine().fill(order.orderId(), "0.001");
            }
            if (sim.engine().order(KEY, linkId).isOpen())
            {
                sim.engine().cancelByExchange(order.orderId());
            }
        }
        final Map<String, BigDecimal> cum = new HashMap<>();
        final List<SimExecution> executions = sim.engine().executions(KEY);
        for (final SimExecution e : executions)
        {
            if (e.orderLinkId().startsWith(PREFIX + tag))
            {
                final BigDecimal now = cum.merge(e.orderLinkId(), new BigDecimal(e.execQty()), BigDecimal::add);
                checker.onFill(e.orderLinkId(), e.execId(), now, new BigDecimal("0.008").subtract(now), false);
            }
        }
        for (final SimOrder o : sim.engine().orders(KEY))
        {
            if (o.orderLinkId().startsWith(PREFIX + tag) && !"Filled".equals(o.status()))
            {
                checker.onCancelled(o.orderLinkId());
            }
        }
    }

    private static void create(
        final BybitSimulator sim, final HttpClient http, final BybitSigner signer, final String body)
        throws IOException, InterruptedException
    {
        final long timestamp = System.currentTimeMillis();
        final HttpRequest request = HttpRequest.newBuilder(URI.create(sim.restUrl() + "/v5/order/create"))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .timeout(Duration.ofSeconds(5))
            .header("Content-Type", "application/json")
            .header("X-BAPI-API-KEY", signer.apiKey())
            .header("X-BAPI-TIMESTAMP", Long.toString(timestamp))
            .header("X-BAPI-RECV-WINDOW", "5000")
            .header("X-BAPI-SIGN", signer.signRestToString(timestamp, 5000, body))
            .header("X-BAPI-SIGN-TYPE", "2")
            .build();
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || !response.body().contains("\"retCode\":0"))
        {
            throw new IllegalStateException("calibration order refused: " + response.statusCode() + " " +
                response.body());
        }
    }
}

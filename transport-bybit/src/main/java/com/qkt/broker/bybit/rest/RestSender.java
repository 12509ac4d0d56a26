package com.qkt.broker.bybit.rest;

import com.qkt.broker.bybit.protocol.BybitEventTypes;
import com.qkt.engine.RingPublisher;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The I/O side of signed REST: a thread that takes calls from the handler, signs them with a fresh timestamp from the
 * {@link com.qkt.broker.bybit.time.ServerClock} it is given (public calls go unsigned), sends
 * them with the JDK {@link HttpClient}, and publishes each outcome back into the ring as a {@link BybitEventTypes#REST_REPLY}
 * or {@link BybitEventTypes#REST_FAILURE} event (a reply carries Bybit's rate-limit headers in front of the body, see
 * {@link RestReplyFrame}; the generation field carries the call's dispatch number). It never touches business state.
 * Its allocations (the JDK client's, and each reply's frame) stay off the handler thread.
 */
public final class RestSender implements RestCallSink, AutoCloseable
{
    private static final PendingRestCall POISON = new PendingRestCall();
    static final String LIMIT_HEADER = "X-Bapi-Limit";
    static final String LIMIT_STATUS_HEADER = "X-Bapi-Limit-Status";
    static final String LIMIT_RESET_HEADER = "X-Bapi-Limit-Reset-Timestamp";

    private static final MethodHandle HTTP_CLIENT_SHUTDOWN_NOW = httpClientShutdownNow();

    private final String baseUrl;
    private final long recvWindowMillis;
    private final String recvWindow;
    private final Duration timeout;
    private final BybitSigner signer;
    private final EpochClock epochClock;
    private final RingPublisher publisher;
    private final ErrorHandler errorHandler;
    private final ArrayBlockingQueue<PendingRestCall> queue;
    private final ExecutorService httpExecutor;
    private final HttpClient httpClient;
    private final Thread thread;
    private final byte[] signature = new byte[64];
    private final UnsafeBuffer payloadView = new UnsafeBuffer(new byte[0]);
    private volatile boolean running = true;

    public RestSender(
        final String baseUrl,
        final long recvWindowMillis,
        final Duration timeout,
        final BybitSigner signer,
        final EpochClock epochClock,
        final RingPublisher publisher,
        final ErrorHandler errorHandler,
        final int queueCapacity,
        final String threadName)
    {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.recvWindowMillis = recvWindowMillis;
        this.recvWindow = Long.toString(recvWindowMillis);
        this.timeout = timeout;
        this.signer = signer;
        this.epochClock = epochClock;
        this.publisher = publisher;
        this.errorHandler = errorHandler;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.httpExecutor = Executors.newFixedThreadPool(2, (r) ->
        {
            final Thread t = new Thread(r, threadName + "-http");
            t.setDaemon(true);
            return t;
        });
        this.httpClient = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout)
            .executor(httpExecutor)
            .build();
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Called on the handler thread.
     *
     * @param call to send; owned by the sender until its outcome event is published.
     * @return false when the queue is full (the caller reports a local failure).
     */
    public boolean offer(final PendingRestCall call)
    {
        return queue.offer(call);
    }

    public void close()
    {
        running = false;
        queue.clear();
        queue.offer(POISON);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        // JDK 17's HttpClient has no close(): stopping its executor ends its work there
        httpExecutor.shutdownNow();
        shutdownHttpClient();
    }

    // An HttpClient's selector thread and connections live until the client is unreachable and has no request
    // pending, so a request still in flight at close (a reply the exchange never sends) keeps them, and what the
    // request's handlers reach, alive. HttpClient#shutdownNow (JDK 21+) aborts such requests and ends the thread;
    // looked up rather than linked, so the same jar runs on JDK 17, where stopping the executor is all there is.
    private void shutdownHttpClient()
    {
        if (null != HTTP_CLIENT_SHUTDOWN_NOW)
        {
            try
            {
                HTTP_CLIENT_SHUTDOWN_NOW.invokeExact(httpClient);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
            catch (final Error ex)
            {
                throw ex;
            }
            catch (final Throwable ex)
            {
                errorHandler.onError(new IllegalStateException("HttpClient.shutdownNow", ex));
            }
        }
    }

    private static MethodHandle httpClientShutdownNow()
    {
        try
        {
            return MethodHandles.publicLookup().findVirtual(
                HttpClient.class, "shutdownNow", MethodType.methodType(void.class));
        }
        catch (final NoSuchMethodException | IllegalAccessException ex)
        {
            return null; // JDK 17 to 20
        }
    }

    private void run()
    {
        while (running)
        {
            final PendingRestCall call;
            try
            {
                call = queue.take();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (call == POISON)
            {
                return;
            }
            try
            {
                send(call);
            }
            catch (final Throwable t)
            {
                errorHandler.onError(t);
                publisher.publish(
                    BybitEventTypes.REST_FAILURE, call.callId, call.dispatch, RestFailure.IO_ERROR.ordinal());
            }
        }
    }

    private void send(final PendingRestCall call)
    {
        final long callId = call.callId;
        final long dispatch = call.dispatch;
        final byte[] payload = call.payload;
        final int payloadLength = call.payloadLength;
        final HttpRequest.Builder builder = HttpRequest.newBuilder().timeout(timeout);
        if (call.method != PendingRestCall.GET_PUBLIC)
        {
            // the server clock: host time plus the offset the handler estimated, read fresh for every attempt
            final long timestamp = epochClock.time();
            payloadView.wrap(payload, 0, payloadLength);
            signer.signRest(timestamp, recvWindowMillis, payloadView, 0, payloadLength, signature);
            builder
                .header("X-BAPI-API-KEY", signer.apiKey())
                .header("X-BAPI-TIMESTAMP", Long.toString(timestamp))
                .header("X-BAPI-RECV-WINDOW", recvWindow)
                .header("X-BAPI-SIGN", new String(signature, StandardCharsets.US_ASCII))
                .header("X-BAPI-SIGN-TYPE", "2");
        }
        final String payloadText = new String(payload, 0, payloadLength, StandardCharsets.US_ASCII);

        if (call.method != PendingRestCall.POST)
        {
            builder.uri(URI.create(payloadLength == 0 ? baseUrl + call.path : baseUrl + call.path + '?' + payloadText))
                .GET();
        }
        else
        {
            builder.uri(URI.create(baseUrl + call.path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(payloadText, StandardCharsets.US_ASCII));
        }

        httpClient.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArray())
            .whenComplete((response, error) ->
            {
                // an exception thrown here would vanish inside the future: report it, and the handler's watchdog
                // turns the missing outcome into a timeout
                try
                {
                    if (null != response)
                    {
                        final HttpHeaders headers = response.headers();
                        final byte[] body = response.body();
                        // a bad-signature answer quotes the signed string, API key included: mask it here, before
                        // anything on the handler can quote the body into an error, a log or the strategy's events
                        if (null != signer)
                        {
                            signer.maskApiKey(body, 0, body.length);
                        }
                        final byte[] frame = RestReplyFrame.frame(
                            (int)header(headers, LIMIT_HEADER),
                            (int)header(headers, LIMIT_STATUS_HEADER),
                            header(headers, LIMIT_RESET_HEADER),
                            body);
                        publisher.publish(BybitEventTypes.REST_REPLY, callId, dispatch, response.statusCode(),
                            frame, 0, frame.length);
                    }
                    else
                    {
                        publisher.publish(BybitEventTypes.REST_FAILURE, callId, dispatch, classify(error).ordinal());
                    }
                }
                catch (final Throwable t)
                {
                    errorHandler.onError(t);
                }
            });
    }

    /**
     * @return the header's value, or {@link RestReplyFrame#ABSENT} when missing or not a number.
     */
    static long header(final HttpHeaders headers, final String name)
    {
        final String value = headers.firstValue(name).orElse(null);
        if (null == value)
        {
            return RestReplyFrame.ABSENT;
        }
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            return RestReplyFrame.ABSENT;
        }
    }

    static RestFailure classify(final Throwable error)
    {
        Throwable cause = error;
        while (cause instanceof CompletionException && null != cause.getCause())
        {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) // includes HttpConnectTimeoutException
        {
            return RestFailure.TIMEOUT;
        }
        if (cause instanceof ConnectException)
        {
            return RestFailure.CONNECT_REFUSED;
        }
        if (cause instanceof IOException)
        {
            return RestFailure.CONNECTION_RESET;
        }
        return RestFailure.IO_ERROR;
    }
}

package com.qkt.common.error;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CountingErrorHandlerTest
{
    private final EngineCounters counters = new EngineCounters();
    private final List<String> logged = new ArrayList<>();
    private final CountingErrorHandler handler =
        new CountingErrorHandler(counters.errors(), (summary, error) -> logged.add(summary));

    private static IllegalStateException failure(final String message)
    {
        return new IllegalStateException(message);
    }

    @Test
    void shouldCountEveryErrorAndLogEachDistinctOneOnce()
    {
        for (int i = 0; i < 5; i++)
        {
            handler.onError(failure("malformed frame"));
        }
        handler.onError(failure("unknown topic"));

        assertEquals(6, counters.errors().get());
        assertEquals(2, handler.distinctErrorCount());
        assertEquals(2, logged.size());
        assertTrue(logged.get(0).contains("malformed frame"), logged.get(0));

        final Map<String, Long> counts = new LinkedHashMap<>();
        handler.forEachDistinct(counts::put);
        final List<Long> values = new ArrayList<>(counts.values());
        assertEquals(List.of(5L, 1L), values);
        assertTrue(counts.keySet().iterator().next().contains("\tat "), "top frames are part of the identity");
    }

    @Test
    void shouldNeverThrowEvenWhenTheSinkFails()
    {
        final CountingErrorHandler failingSink = new CountingErrorHandler(counters.errors(), (summary, error) ->
        {
            throw new IllegalStateException("sink down");
        });

        failingSink.onError(failure("x"));
        failingSink.onError(failure("x"));

        assertEquals(2, counters.errors().get());
    }

    @Test
    void shouldWrapAForeignHandlerSoItCountsButNotDoubleCountItself()
    {
        final List<Throwable> seen = new ArrayList<>();
        assertSame(handler, CountingErrorHandler.countedBy(handler, counters.errors()));

        CountingErrorHandler.countedBy(seen::add, counters.errors()).onError(failure("foreign"));
        CountingErrorHandler.countedBy((e) ->
        {
            throw new IllegalStateException();
        }, counters.errors()).onError(failure("throwing"));

        assertEquals(1, seen.size());
        assertEquals(2, counters.errors().get());
    }

    @Test
    void shouldKeyBySiteSoPerEventTextDoesNotMakeANewError()
    {
        for (int i = 0; i < 3; i++)
        {
            handler.onError(new IllegalStateException("unknown order " + i + " in frame {\"id\":" + i + "}"));
        }

        assertEquals(1, handler.distinctErrorCount());
        assertEquals(1, logged.size());
        assertEquals("unknown order", CountingErrorHandler.messageHead("unknown order 17 in frame"));
        assertEquals("malformed frame", CountingErrorHandler.messageHead("malformed frame: {\"a\":1}"));
        assertEquals("recovery step EXECUTIONS on /v", // stops at the first digit: still tells the steps apart
            CountingErrorHandler.messageHead("recovery step EXECUTIONS on /v5/execution/list failed: HTTP 500"));
    }
}

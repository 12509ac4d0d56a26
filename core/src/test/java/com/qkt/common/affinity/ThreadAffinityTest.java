package com.qkt.common.affinity;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadAffinityTest
{
    @Test
    void shouldDoNothingForNoCpu() throws Exception
    {
        final List<Throwable> errors = new ArrayList<>();
        try (AutoCloseable ignore = ThreadAffinity.pinCurrentThread(ThreadAffinity.NO_CPU, errors::add))
        {
            assertEquals(List.of(), errors);
        }
    }

    @Test
    void shouldReportButNotFailWhenPinningIsImpossible() throws Exception
    {
        final List<Throwable> errors = new ArrayList<>();
        try (AutoCloseable ignore = ThreadAffinity.pinCurrentThread(100_000, errors::add))
        {
            assertEquals(1, errors.size(), "an impossible cpu id is reported: " + errors);
        }
    }

    @Test
    void shouldRunTaskOnNamedDaemonThreadEvenIfUnpinned() throws Exception
    {
        final List<Throwable> errors = new ArrayList<>();
        final AtomicBoolean ran = new AtomicBoolean();
        final Thread thread = ThreadAffinity.factory("qkt-test-pinned", 100_000, errors::add).newThread(() ->
            ran.set(true));

        assertTrue(thread.isDaemon());
        assertEquals("qkt-test-pinned", thread.getName());
        thread.start();
        thread.join(10_000);

        assertTrue(ran.get());
        assertEquals(1, errors.size());
    }
}

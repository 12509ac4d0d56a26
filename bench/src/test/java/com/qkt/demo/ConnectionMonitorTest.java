package com.qkt.demo;

import com.qkt.codecs.ConnectionState;
import com.qkt.codecs.ConnectionStateChangedDecoder;
import com.qkt.codecs.ConnectionStateChangedEncoder;
import com.qkt.codecs.MessageHeaderEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectionMonitorTest
{
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private final ConnectionMonitor monitor =
        new ConnectionMonitor(new Timeline(new PrintStream(lines, true, StandardCharsets.UTF_8), false, false));
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();

    @Test
    void shouldCountAStartWhoseConnectFailedApartFromDrops()
    {
        change(ConnectionState.CONNECTING, ConnectionState.DISCONNECTED, "connecting");
        change(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, "initial connect failed: refused");

        assertEquals(1, monitor.failedStarts());
        assertEquals(0, monitor.disconnects());
        final String timeline = lines.toString(StandardCharsets.UTF_8);
        assertTrue(timeline.contains("START FAILED"), timeline);
        assertFalse(timeline.contains("DROP"), timeline);
    }

    @Test
    void shouldCountALostSessionAsADropAndItsRecoveryAsAReconnect()
    {
        change(ConnectionState.CONNECTING, ConnectionState.DISCONNECTED, "connecting");
        change(ConnectionState.RECOVERING, ConnectionState.CONNECTING, "start reconcile");
        change(ConnectionState.CONNECTED, ConnectionState.RECOVERING, "live");
        change(ConnectionState.DISCONNECTED, ConnectionState.CONNECTED, "socket closed");
        change(ConnectionState.RECONNECTING, ConnectionState.DISCONNECTED, "attempt 1");
        change(ConnectionState.RECOVERING, ConnectionState.RECONNECTING, "recovering");
        change(ConnectionState.CONNECTED, ConnectionState.RECOVERING, "live");

        assertEquals(0, monitor.failedStarts());
        assertEquals(1, monitor.disconnects());
        assertEquals(1, monitor.reconnects());
        assertTrue(lines.toString(StandardCharsets.UTF_8).contains("DROP"));
    }

    private void change(final ConnectionState state, final ConnectionState previous, final String reason)
    {
        final ConnectionStateChangedEncoder encoder = new ConnectionStateChangedEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        encoder.state(state).previousState(previous).generation(1).attempt(0).time(0).reason(reason);
        final ConnectionStateChangedDecoder decoder = new ConnectionStateChangedDecoder()
            .wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH, ConnectionStateChangedEncoder.BLOCK_LENGTH,
                ConnectionStateChangedEncoder.SCHEMA_VERSION);
        monitor.onConnectionStateChanged(decoder);
    }
}

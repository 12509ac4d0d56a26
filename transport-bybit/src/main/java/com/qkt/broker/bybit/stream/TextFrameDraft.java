package com.qkt.broker.bybit.stream;

import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;

/**
 * RFC 6455 as Java-WebSocket implements it, except that a whole (unfragmented) text frame is handed to the socket as
 * the payload bytes that came off the wire instead of a decoded {@code String}: the ring gets the frame's UTF-8 bytes
 * unchanged (no decode, no narrowing back to one byte per char, no {@code String} per frame).
 * <p>
 * Fragmented messages and every other opcode take the library's path (it reassembles fragments and answers pings and
 * closes); the socket then re-encodes the assembled {@code String} as UTF-8. The library's UTF-8 validation of text
 * frames is skipped on the fast path: the parser reads bytes and never decodes them as text.
 */
final class TextFrameDraft extends Draft_6455
{
    // true between a frame without FIN and the continuation that ends its message: those go to the library
    private boolean inFragmentedMessage;

    public void processFrame(final WebSocketImpl webSocket, final Framedata frame) throws InvalidDataException
    {
        final Opcode opcode = frame.getOpcode();
        if (opcode == Opcode.TEXT && frame.isFin() && !inFragmentedMessage &&
            webSocket.getWebSocketListener() instanceof PrivateStreamSocket)
        {
            ((PrivateStreamSocket)webSocket.getWebSocketListener()).onTextFrame(frame.getPayloadData());
            return;
        }
        if (opcode == Opcode.TEXT || opcode == Opcode.BINARY || opcode == Opcode.CONTINUOUS)
        {
            inFragmentedMessage = !frame.isFin();
        }
        super.processFrame(webSocket, frame);
    }

    public Draft copyInstance()
    {
        return new TextFrameDraft(); // one per connection: the library copies the draft it is given
    }
}

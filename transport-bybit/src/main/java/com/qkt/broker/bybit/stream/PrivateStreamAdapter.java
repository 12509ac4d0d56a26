package com.qkt.broker.bybit.stream;

import com.qkt.broker.bybit.protocol.BybitExecution;
import com.qkt.broker.bybit.protocol.BybitOrder;
import com.qkt.broker.bybit.protocol.BybitOrderTranslator;
import com.qkt.broker.bybit.protocol.BybitPosition;
import com.qkt.broker.bybit.protocol.BybitWallet;
import com.qkt.codec.AsciiField;
import com.qkt.codec.AsciiNumbers;
import com.qkt.codec.JsonCursor;
import com.qkt.codec.JsonFieldNames;
import org.agrona.DirectBuffer;

/**
 * Decodes one Bybit V5 private-stream text frame into {@link PrivateStreamHandler} calls, without allocating.
 * <p>
 * Frames are classified by {@code op} (auth, subscribe, unsubscribe, pong, ping) or by {@code topic} (order,
 * execution, execution.fast, wallet, position, each optionally suffixed .spot/.linear/.inverse/.option). Nothing is
 * delivered until the whole frame has been read and found complete and every item in it decoded: a truncated frame,
 * a bad item anywhere in {@code data} (bad value, wrong type, a stray comma) or a repeated top-level key (a second
 * {@code topic} would re-classify the items) delivers nothing, and {@link #decode} returns {@link #MALFORMED} with
 * {@link #lastFrameMayHaveCarriedFills()} set for order/execution topics. In the usual shape (topic before data, at
 * most 16 items) order and execution items are decoded during that read into a small pool of reused objects and
 * delivered afterwards; otherwise every item is checked in one pass and decoded again for delivery in a second.
 */
public final class PrivateStreamAdapter
{
    /** Returned by {@link #decode} for malformed input. */
    public static final int MALFORMED = -1;

    /** Passed to {@link PrivateStreamHandler#onPong(long)} when the pong carries no time. */
    public static final long NO_SERVER_TIME = Long.MIN_VALUE;

    private static final int OP = 0;
    private static final int TOPIC = 1;
    private static final int SUCCESS = 2;
    private static final int RET_MSG = 3;
    private static final int REQ_ID = 4;
    private static final int ARGS = 5;
    private static final int DATA = 6;
    private static final int CREATION_TIME = 7;
    private static final JsonFieldNames FRAME_FIELDS = new JsonFieldNames(
        "op", "topic", "success", "ret_msg", "req_id", "args", "data", "creationTime");

    private static final int KIND_UNKNOWN = 0;
    private static final int KIND_ORDER = 1;
    private static final int KIND_EXECUTION = 2;
    private static final int KIND_EXECUTION_FAST = 3;
    private static final int KIND_WALLET = 4;
    private static final int KIND_POSITION = 5;

    private static final byte[] OP_AUTH = AsciiNumbers.ascii("auth");
    private static final byte[] OP_SUBSCRIBE = AsciiNumbers.ascii("subscribe");
    private static final byte[] OP_UNSUBSCRIBE = AsciiNumbers.ascii("unsubscribe");
    private static final byte[] OP_PONG = AsciiNumbers.ascii("pong");
    private static final byte[] OP_PING = AsciiNumbers.ascii("ping");

    private static final byte[] TOPIC_ORDER = AsciiNumbers.ascii("order");
    private static final byte[] TOPIC_EXECUTION_FAST = AsciiNumbers.ascii("execution.fast");
    private static final byte[] TOPIC_EXECUTION = AsciiNumbers.ascii("execution");
    private static final byte[] TOPIC_WALLET = AsciiNumbers.ascii("wallet");
    private static final byte[] TOPIC_POSITION = AsciiNumbers.ascii("position");
    private static final byte[][] CATEGORY_SUFFIXES = {
        AsciiNumbers.ascii(".spot"), AsciiNumbers.ascii(".linear"), AsciiNumbers.ascii(".inverse"),
        AsciiNumbers.ascii(".option") };

    /** Items of an order/execution push decoded in the first pass and held until the frame is known complete. */
    private static final int BATCH_CAPACITY = 16;

    private final PrivateStreamHandler handler;
    private final JsonCursor cursor = new JsonCursor();
    private final BybitOrder order = new BybitOrder();
    private final BybitExecution execution = new BybitExecution();
    private final BybitOrder[] orderBatch = new BybitOrder[BATCH_CAPACITY];
    private final BybitExecution[] executionBatch = new BybitExecution[BATCH_CAPACITY];
    private int batchSize;
    private boolean batchComplete;
    private final BybitWallet wallet = new BybitWallet();
    private final BybitPosition position = new BybitPosition();
    private final AsciiField op = new AsciiField(32);
    private final AsciiField topic = new AsciiField(64);
    private final AsciiField retMsg = new AsciiField(256);
    private final AsciiField reqId = new AsciiField(64);

    private boolean opRead;
    private boolean topicRead;
    private int topicKind;
    private int success;
    private int argsPosition;
    private int dataPosition;
    private long creationTime;
    private boolean mayHaveCarriedFills;
    private boolean mayHaveCarriedAccount;

    /**
     * @param handler receives the events.
     */
    public PrivateStreamAdapter(final PrivateStreamHandler handler)
    {
        this.handler = handler;
        for (int i = 0; i < BATCH_CAPACITY; i++)
        {
            orderBatch[i] = new BybitOrder();
            executionBatch[i] = new BybitExecution();
        }
    }

    /**
     * Decode one text frame.
     *
     * @param buffer holding the frame.
     * @param offset of the frame.
     * @param length of the frame.
     * @return items delivered for a push (0 for an empty data[]), 1 for a control reply (auth, subscribe,
     * unsubscribe, pong), 0 for an unknown frame, or {@link #MALFORMED}.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length)
    {
        mayHaveCarriedFills = false;
        mayHaveCarriedAccount = false;
        if (!readFrame(buffer, offset, length))
        {
            return malformed();
        }

        if (topicRead)
        {
            return dispatchPush(buffer, offset, length);
        }
        if (opRead)
        {
            return dispatchOp(buffer, offset, length);
        }
        handler.onUnknownFrame(buffer, offset, length);
        return 0;
    }

    /**
     * @return true when the last frame was malformed and was, or may have been, an order or execution push, so the
     * caller should reconcile rather than assume nothing was missed.
     */
    public boolean lastFrameMayHaveCarriedFills()
    {
        return mayHaveCarriedFills;
    }

    /**
     * @return true when the last frame was malformed and was, or may have been, a wallet or position push, so the
     * caller should take the account snapshots again.
     */
    public boolean lastFrameMayHaveCarriedAccount()
    {
        return mayHaveCarriedAccount;
    }

    /**
     * @return creationTime of the last push (epoch ms), 0 if it had none.
     */
    public long lastCreationTime()
    {
        return creationTime;
    }

    private boolean readFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        opRead = false;
        topicRead = false;
        topicKind = KIND_UNKNOWN;
        success = -1;
        argsPosition = -1;
        dataPosition = -1;
        creationTime = 0;
        batchSize = 0;
        batchComplete = false;
        op.clear();
        topic.clear();
        retMsg.clear();
        reqId.clear();

        final JsonCursor cursor = this.cursor.wrap(buffer, offset, length);
        if (!cursor.enterObject())
        {
            return false;
        }
        int id;
        int seen = 0;
        while ((id = cursor.nextMemberId(FRAME_FIELDS, BybitOrderTranslator.FIRST_FREE_SEQUENCE)) >=
            JsonFieldNames.UNKNOWN)
        {
            if (id >= 0)
            {
                // a second "topic" (or "data", "op", ...) would re-classify items decoded under the first one, or
                // deliver items left in the batch by an earlier frame: a frame with a repeated key is malformed
                if ((seen & (1 << id)) != 0)
                {
                    return false;
                }
                seen |= 1 << id;
            }
            final boolean ok;
            switch (id)
            {
                case OP:
                    ok = cursor.readAscii(op) && cursor.valueType() == JsonCursor.TYPE_STRING;
                    opRead = ok;
                    break;
                case TOPIC:
                    ok = cursor.readAscii(topic) && cursor.valueType() == JsonCursor.TYPE_STRING &&
                        !topic.truncated();
                    topicRead = ok;
                    topicKind = ok ? classify(topic) : KIND_UNKNOWN;
                    break;
                case SUCCESS:
                    success = cursor.readBoolean();
                    ok = success >= 0;
                    break;
                case RET_MSG: ok = cursor.readAscii(retMsg); break;
                case REQ_ID: ok = cursor.readAscii(reqId); break;
                case ARGS:
                    argsPosition = cursor.position();
                    ok = cursor.skipValue();
                    break;
                case DATA:
                    dataPosition = cursor.position();
                    ok = topicKind == KIND_ORDER || topicKind == KIND_EXECUTION || topicKind == KIND_EXECUTION_FAST ?
                        readBatch(cursor) : cursor.skipValue();
                    break;
                case CREATION_TIME:
                    ok = cursor.readLong(0);
                    creationTime = cursor.longValue();
                    break;
                default:
                    ok = cursor.skipValue();
            }
            if (!ok)
            {
                return false;
            }
        }
        return id == JsonCursor.MEMBER_END && cursor.atEndOfInput();
    }

    // The usual case (topic before data, up to BATCH_CAPACITY items): decode the items while checking the frame,
    // so data is read once and still nothing is delivered from a frame that turns out malformed or truncated. More
    // items than the batch holds are checked here (decoded into a scratch object) and decoded again for delivery.
    private boolean readBatch(final JsonCursor cursor)
    {
        if (!cursor.enterArray())
        {
            return false;
        }
        final boolean orders = topicKind == KIND_ORDER;
        boolean overflow = false;
        int step;
        while ((step = cursor.nextElement()) == JsonCursor.NEXT)
        {
            final boolean ok;
            if (batchSize < BATCH_CAPACITY)
            {
                ok = orders ?
                    BybitOrderTranslator.parseOrder(cursor, orderBatch[batchSize]) :
                    BybitOrderTranslator.parseExecution(cursor, executionBatch[batchSize]);
                batchSize++;
            }
            else
            {
                overflow = true;
                ok = orders ?
                    BybitOrderTranslator.parseOrder(cursor, order) :
                    BybitOrderTranslator.parseExecution(cursor, execution);
            }
            if (!ok)
            {
                batchSize = 0;
                return false;
            }
        }
        if (step != JsonCursor.END)
        {
            batchSize = 0;
            return false;
        }
        batchComplete = !overflow;
        return true;
    }

    private int deliverBatch()
    {
        final int n = batchSize;
        if (topicKind == KIND_ORDER)
        {
            for (int i = 0; i < n; i++)
            {
                handler.onOrder(orderBatch[i]);
            }
        }
        else
        {
            final boolean fast = topicKind == KIND_EXECUTION_FAST;
            for (int i = 0; i < n; i++)
            {
                final BybitExecution execution = executionBatch[i];
                if (fast)
                {
                    execution.tradeIfExecTypeAbsent(); // execution.fast only carries trades
                }
                handler.onExecution(execution);
            }
        }
        handler.onFrameEnd(topic);
        return n;
    }

    private int dispatchPush(final DirectBuffer buffer, final int offset, final int length)
    {
        if (topicKind == KIND_UNKNOWN)
        {
            handler.onUnknownFrame(buffer, offset, length);
            return 0;
        }
        if (batchComplete)
        {
            return deliverBatch();
        }
        if (dataPosition < 0)
        {
            return malformed();
        }
        // data before topic, wallet/position, or more items than the batch: check every item first, then decode
        // again and deliver, so a bad item anywhere in the frame delivers nothing
        if (decodeItems(false) < 0)
        {
            return malformed();
        }
        final int items = decodeItems(true);
        handler.onFrameEnd(topic);
        return items;
    }

    // Every item of data[], delivered or only checked; the count, or -1 at the first bad item.
    private int decodeItems(final boolean deliver)
    {
        final JsonCursor cursor = this.cursor;
        cursor.reposition(dataPosition);
        if (!cursor.enterArray())
        {
            return -1;
        }
        int items = 0;
        int step;
        while ((step = cursor.nextElement()) == JsonCursor.NEXT)
        {
            switch (topicKind)
            {
                case KIND_ORDER:
                    if (!BybitOrderTranslator.parseOrder(cursor, order))
                    {
                        return -1;
                    }
                    if (deliver)
                    {
                        handler.onOrder(order);
                    }
                    break;
                case KIND_EXECUTION:
                case KIND_EXECUTION_FAST:
                    if (!BybitOrderTranslator.parseExecution(cursor, execution))
                    {
                        return -1;
                    }
                    if (deliver)
                    {
                        if (topicKind == KIND_EXECUTION_FAST)
                        {
                            execution.tradeIfExecTypeAbsent(); // execution.fast only carries trades
                        }
                        handler.onExecution(execution);
                    }
                    break;
                case KIND_WALLET:
                    if (!BybitOrderTranslator.parseWallet(cursor, wallet))
                    {
                        return -1;
                    }
                    if (deliver)
                    {
                        handler.onWallet(wallet);
                    }
                    break;
                default:
                    if (!BybitOrderTranslator.parsePosition(cursor, position))
                    {
                        return -1;
                    }
                    if (deliver)
                    {
                        handler.onPosition(position);
                    }
            }
            items++;
        }
        return step == JsonCursor.END ? items : -1;
    }

    private int dispatchOp(final DirectBuffer buffer, final int offset, final int length)
    {
        if (op.contentEquals(OP_AUTH))
        {
            if (success < 0)
            {
                return malformed();
            }
            handler.onAuthResponse(success == 1, retMsg);
            return 1;
        }
        if (op.contentEquals(OP_SUBSCRIBE))
        {
            if (success < 0)
            {
                return malformed();
            }
            handler.onSubscribeResponse(success == 1, reqId, retMsg);
            return 1;
        }
        if (op.contentEquals(OP_UNSUBSCRIBE))
        {
            if (success < 0)
            {
                return malformed();
            }
            handler.onUnsubscribeResponse(success == 1, reqId, retMsg);
            return 1;
        }
        if (op.contentEquals(OP_PONG))
        {
            // private stream: args[0]; order-entry style: data[0]
            final int listPosition = argsPosition >= 0 ? argsPosition : dataPosition;
            long serverTime = NO_SERVER_TIME;
            if (listPosition >= 0)
            {
                final JsonCursor cursor = this.cursor;
                cursor.reposition(listPosition);
                if (!cursor.enterArray())
                {
                    return malformed();
                }
                final int step = cursor.nextElement();
                if (step == JsonCursor.NEXT)
                {
                    if (!cursor.readLong(NO_SERVER_TIME))
                    {
                        return malformed();
                    }
                    serverTime = cursor.longValue();
                }
                else if (step != JsonCursor.END)
                {
                    return malformed();
                }
            }
            handler.onPong(serverTime);
            return 1;
        }
        if (op.contentEquals(OP_PING))
        {
            // the public-stream shape of a pong: {"success":true,"ret_msg":"pong","op":"ping"}
            handler.onPong(NO_SERVER_TIME);
            return 1;
        }
        handler.onUnknownFrame(buffer, offset, length);
        return 0;
    }

    private int malformed()
    {
        if (topicRead)
        {
            mayHaveCarriedFills = topicKind == KIND_ORDER || topicKind == KIND_EXECUTION ||
                topicKind == KIND_EXECUTION_FAST;
            mayHaveCarriedAccount = topicKind == KIND_WALLET || topicKind == KIND_POSITION;
        }
        else
        {
            // a frame with an op never carries data; with neither, we cannot tell
            mayHaveCarriedFills = !opRead;
            mayHaveCarriedAccount = !opRead;
        }
        return MALFORMED;
    }

    private static int classify(final AsciiField topic)
    {
        if (topic.startsWith(TOPIC_EXECUTION_FAST) && isBaseOrCategory(topic, TOPIC_EXECUTION_FAST.length))
        {
            return KIND_EXECUTION_FAST;
        }
        if (topic.startsWith(TOPIC_EXECUTION) && isBaseOrCategory(topic, TOPIC_EXECUTION.length))
        {
            return KIND_EXECUTION;
        }
        if (topic.startsWith(TOPIC_ORDER) && isBaseOrCategory(topic, TOPIC_ORDER.length))
        {
            return KIND_ORDER;
        }
        if (topic.startsWith(TOPIC_WALLET) && topic.length() == TOPIC_WALLET.length)
        {
            return KIND_WALLET;
        }
        if (topic.startsWith(TOPIC_POSITION) && isBaseOrCategory(topic, TOPIC_POSITION.length))
        {
            return KIND_POSITION;
        }
        return KIND_UNKNOWN;
    }

    private static boolean isBaseOrCategory(final AsciiField topic, final int baseLength)
    {
        if (topic.length() == baseLength)
        {
            return true;
        }
        for (final byte[] suffix : CATEGORY_SUFFIXES)
        {
            if (topic.length() == baseLength + suffix.length && topic.regionMatches(baseLength, suffix))
            {
                return true;
            }
        }
        return false;
    }
}

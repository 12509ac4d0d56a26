package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code /v5/order/amend}, {@code /v5/order/cancel-all} and the batch endpoints {@code /v5/order/create-batch},
 * {@code /v5/order/amend-batch}, {@code /v5/order/cancel-batch}.
 *
 * <p>Batches follow the V5 docs: {@code category} plus a {@code request} array of at most 10 items (spot) or 20
 * (other categories); each item is processed exactly as the single endpoint would (same rules, same pushes) and
 * answered in two parallel lists, {@code result.list} (ids; {@code createAt} for creates) and
 * {@code retExtInfo.list} ({@code code}, {@code msg} per item). A failed item does not stop the others. Errors of
 * the request as a whole (no category, no array, too many items) are a top-level 10001.
 */
final class OrderCommandEndpoints
{
    /** Key under which a handler hands a {@code retExtInfo} object to {@link RestServer}'s envelope. */
    static final String RET_EXT_INFO = "retExtInfo";

    private final MatchingEngine engine;

    OrderCommandEndpoints(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    ObjectNode amend(final Account a, final JsonNode req)
    {
        return ids(engine.amendOrder(a, req));
    }

    ObjectNode cancelAll(final Account a, final JsonNode req)
    {
        final List<OrderState> cancelled = engine.cancelAll(a, req);
        final ObjectNode r = SimJson.object();
        final ArrayNode list = r.putArray("list");
        cancelled.forEach(o -> list.add(ids(o)));
        r.put("success", "1");
        return r;
    }

    ObjectNode createBatch(final Account a, final JsonNode req)
    {
        return batch(a, req, Kind.CREATE);
    }

    ObjectNode amendBatch(final Account a, final JsonNode req)
    {
        return batch(a, req, Kind.AMEND);
    }

    ObjectNode cancelBatch(final Account a, final JsonNode req)
    {
        return batch(a, req, Kind.CANCEL);
    }

    private enum Kind
    {
        CREATE, AMEND, CANCEL
    }

    private ObjectNode batch(final Account a, final JsonNode req, final Kind kind)
    {
        final String category = RequestParams.category(req);
        final JsonNode items = req.get("request");
        if (items == null || !items.isArray() || items.isEmpty())
        {
            throw BybitError.params("request must be a non-empty array");
        }
        final int max = "spot".equals(category) ? 10 : 20;
        if (items.size() > max)
        {
            throw BybitError.params("too many orders in the batch, the maximum is " + max);
        }
        final ArrayNode results = SimJson.array();
        final ArrayNode codes = SimJson.array();
        for (final JsonNode item : items)
        {
            final ObjectNode out = results.addObject();
            final ObjectNode code = codes.addObject();
            out.put("category", category);
            out.put("symbol", text(item, "symbol"));
            if (!item.isObject())
            {
                fail(out, code, item, kind, BybitError.params("request item must be an object"));
                continue;
            }
            final ObjectNode single = ((ObjectNode)item).deepCopy();
            single.put("category", category);
            try
            {
                final OrderState o = switch (kind)
                {
                    case CREATE -> engine.createOrder(a, single);
                    case AMEND -> engine.amendOrder(a, single);
                    case CANCEL -> engine.cancelOrder(a, single);
                };
                out.put("orderId", o.orderId);
                out.put("orderLinkId", o.orderLinkId);
                if (kind == Kind.CREATE)
                {
                    out.put("createAt", Long.toString(o.createdTime));
                }
                code.put("code", 0);
                code.put("msg", "OK");
            }
            catch (final BybitError err)
            {
                fail(out, code, item, kind, err);
            }
        }
        final ObjectNode r = SimJson.object();
        r.set("list", results);
        r.putObject(RET_EXT_INFO).set("list", codes);
        return r;
    }

    private static void fail(
        final ObjectNode out, final ObjectNode code, final JsonNode item, final Kind kind, final BybitError err)
    {
        out.put("orderId", kind == Kind.CREATE ? "" : text(item, "orderId"));
        out.put("orderLinkId", text(item, "orderLinkId"));
        if (kind == Kind.CREATE)
        {
            out.put("createAt", "");
        }
        code.put("code", err.retCode);
        code.put("msg", err.getMessage());
    }

    private static String text(final JsonNode item, final String name)
    {
        final JsonNode n = item.get(name);
        return n == null || n.isNull() || !n.isValueNode() ? "" : n.asText();
    }

    private static ObjectNode ids(final OrderState o)
    {
        final ObjectNode r = SimJson.object();
        r.put("orderId", o.orderId);
        r.put("orderLinkId", o.orderLinkId);
        return r;
    }
}

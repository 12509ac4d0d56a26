package com.qkt.broker.bybit;

/**
 * Builds Bybit V5 JSON in the documented shapes (protocol reference sections 2, 3, 7) for logic tests.
 */
final class BybitFrames
{
    private BybitFrames()
    {
    }

    static String orderItem(
        final String orderLinkId,
        final String orderId,
        final String status,
        final String qty,
        final String price,
        final String cumExecQty,
        final String cancelType,
        final String rejectReason)
    {
        return "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"orderId\":\"" + orderId + "\",\"orderLinkId\":\"" +
            orderLinkId + "\",\"blockTradeId\":\"\",\"side\":\"Buy\",\"positionIdx\":0,\"orderStatus\":\"" + status +
            "\",\"cancelType\":\"" + cancelType + "\",\"rejectReason\":\"" + rejectReason +
            "\",\"timeInForce\":\"GTC\",\"isLeverage\":\"0\",\"price\":\"" + price + "\",\"qty\":\"" + qty +
            "\",\"avgPrice\":\"\",\"leavesQty\":\"0\",\"leavesValue\":\"0\",\"cumExecQty\":\"" + cumExecQty +
            "\",\"cumExecValue\":\"0\",\"cumExecFee\":\"0\",\"orderType\":\"Limit\",\"stopOrderType\":\"\"," +
            "\"triggerPrice\":\"\",\"reduceOnly\":false,\"closeOnTrigger\":false,\"createdTime\":\"1700000000000\"," +
            "\"updatedTime\":\"1700000000001\"}";
    }

    static String order(final String orderLinkId, final String orderId, final String status, final String cumExecQty)
    {
        return orderItem(orderLinkId, orderId, status, "1", "50000", cumExecQty,
            "Cancelled".equals(status) ? "CancelByUser" : "UNKNOWN",
            "Rejected".equals(status) ? "EC_Others" : "EC_NoError");
    }

    static String executionItem(
        final String execId,
        final String orderLinkId,
        final String orderId,
        final String execQty,
        final String leavesQty,
        final long execTime,
        final long seq)
    {
        return "{\"category\":\"spot\",\"symbol\":\"BTCUSDT\",\"closedSize\":\"\",\"execFee\":\"0.0001\"," +
            "\"execId\":\"" + execId + "\",\"execPrice\":\"50000\",\"execQty\":\"" + execQty +
            "\",\"execType\":\"Trade\",\"execValue\":\"1\",\"feeRate\":\"0.001\",\"tradeIv\":\"\",\"markIv\":\"\"," +
            "\"blockTradeId\":\"\",\"markPrice\":\"\",\"indexPrice\":\"\",\"underlyingPrice\":\"\",\"leavesQty\":\"" +
            leavesQty + "\",\"orderId\":\"" + orderId + "\",\"orderLinkId\":\"" + orderLinkId +
            "\",\"orderPrice\":\"50000\",\"orderQty\":\"1\",\"orderType\":\"Limit\",\"stopOrderType\":\"UNKNOWN\"," +
            "\"side\":\"Buy\",\"execTime\":\"" + execTime + "\",\"isLeverage\":\"0\",\"isMaker\":true,\"seq\":" + seq +
            ",\"marketUnit\":\"\",\"execPnl\":\"0\",\"createType\":\"CreateByUser\",\"feeCurrency\":\"BTC\"}";
    }

    static String push(final String topic, final String... items)
    {
        return "{\"topic\":\"" + topic + "\",\"id\":\"100_BTCUSDT_1\",\"creationTime\":1700000000000,\"data\":[" +
            String.join(",", items) + "]}";
    }

    static String list(final String cursor, final String... items)
    {
        return envelope(0, "OK", "{\"category\":\"spot\",\"nextPageCursor\":\"" + cursor + "\",\"list\":[" +
            String.join(",", items) + "]}");
    }

    static String ack(final String orderId, final String orderLinkId)
    {
        return envelope(0, "OK", "{\"orderId\":\"" + orderId + "\",\"orderLinkId\":\"" + orderLinkId + "\"}");
    }

    static String error(final int retCode, final String retMsg)
    {
        return envelope(retCode, retMsg, "{}");
    }

    static String envelope(final int retCode, final String retMsg, final String result)
    {
        return "{\"retCode\":" + retCode + ",\"retMsg\":\"" + retMsg + "\",\"result\":" + result +
            ",\"retExtInfo\":{},\"time\":1700000000000}";
    }
}

package com.qkt.bench;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Plain POJOs as a Jackson databind user would write them: Strings for text, BigDecimal for exact decimals.
 */
final class JacksonDtos
{
    private JacksonDtos()
    {
    }

    /** A push of the execution topic. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class ExecutionFrame
    {
        public String topic;
        public String id;
        public long creationTime;
        public List<Execution> data;
    }

    /** One fill. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Execution
    {
        public String category;
        public String symbol;
        public String orderId;
        public String orderLinkId;
        public String execId;
        public String side;
        public String orderType;
        public BigDecimal execPrice;
        public BigDecimal execQty;
        public BigDecimal execFee;
        public BigDecimal execValue;
        public BigDecimal leavesQty;
        public BigDecimal orderQty;
        public BigDecimal orderPrice;
        public BigDecimal feeRate;
        public String feeCurrency;
        public String execType;
        public long execTime;
        public boolean isMaker;
        public long seq;
    }

    /** A push of the order topic. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class OrderFrame
    {
        public String topic;
        public String id;
        public long creationTime;
        public List<Order> data;
    }

    /** One order state. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Order
    {
        public String category;
        public String orderId;
        public String orderLinkId;
        public String symbol;
        public String side;
        public String orderType;
        public String orderStatus;
        public BigDecimal price;
        public BigDecimal qty;
        public BigDecimal leavesQty;
        public BigDecimal cumExecQty;
        public BigDecimal cumExecValue;
        public BigDecimal cumExecFee;
        public BigDecimal avgPrice;
        public String timeInForce;
        public String rejectReason;
        public String cancelType;
        public long createdTime;
        public long updatedTime;
        public boolean reduceOnly;
        public int positionIdx;
    }
}

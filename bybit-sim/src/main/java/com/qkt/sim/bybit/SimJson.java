package com.qkt.sim.bybit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * The one Jackson mapper of the simulator and Bybit's number-as-string formatting.
 */
final class SimJson
{
    static final ObjectMapper MAPPER = new ObjectMapper();

    private SimJson()
    {
    }

    static ObjectNode object()
    {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array()
    {
        return MAPPER.createArrayNode();
    }

    static JsonNode parse(final String text) throws JsonProcessingException
    {
        return MAPPER.readTree(text);
    }

    static String write(final JsonNode node)
    {
        try
        {
            return MAPPER.writeValueAsString(node);
        }
        catch (final JsonProcessingException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /** Bybit writes decimals as plain strings without trailing zeros ("0.5", "50000", "0"). */
    static String dec(final BigDecimal value)
    {
        if (value == null)
        {
            return "";
        }
        if (value.signum() == 0)
        {
            return "0";
        }
        return value.stripTrailingZeros().toPlainString();
    }
}

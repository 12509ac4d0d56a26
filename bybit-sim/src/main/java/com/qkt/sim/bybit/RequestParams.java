package com.qkt.sim.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Typed access to request parameters (JSON body or decoded query) with Bybit's 10001 answers for bad input.
 * Bybit V5 takes numeric order fields as strings; a number where a string is expected is a 10001.
 */
final class RequestParams
{
    private RequestParams()
    {
    }

    static String requiredText(final JsonNode req, final String name)
    {
        final String value = optionalText(req, name);
        if (value == null || value.isEmpty())
        {
            throw BybitError.params(name + " is required");
        }
        return value;
    }

    static String optionalText(final JsonNode req, final String name)
    {
        final JsonNode node = req.get(name);
        if (node == null || node.isNull())
        {
            return null;
        }
        if (!node.isTextual())
        {
            throw BybitError.params(name + " must be a string");
        }
        return node.asText();
    }

    static BigDecimal requiredDecimal(final JsonNode req, final String name)
    {
        final BigDecimal value = optionalDecimal(req, name);
        if (value == null)
        {
            throw BybitError.params(name + " is required");
        }
        return value;
    }

    static BigDecimal optionalDecimal(final JsonNode req, final String name)
    {
        final String text = optionalText(req, name);
        if (text == null || text.isEmpty())
        {
            return null;
        }
        try
        {
            return new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            throw BybitError.params(name + " invalid");
        }
    }
}

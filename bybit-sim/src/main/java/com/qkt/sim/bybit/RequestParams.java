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

    /** {@code category}: required, one of spot, linear, inverse, option (else 10001). */
    static String category(final JsonNode req)
    {
        final String category = requiredText(req, "category");
        return checkedCategory(category);
    }

    static String checkedCategory(final String category)
    {
        switch (category)
        {
            case "spot", "linear", "inverse", "option" ->
            {
                return category;
            }
            default -> throw BybitError.params("category invalid");
        }
    }

    /** An integer parameter (query text or JSON number) in {@code [min, max]}; absent → {@code dflt}; else 10001. */
    static int intInRange(final JsonNode req, final String name, final int dflt, final int min, final int max)
    {
        final JsonNode node = req.get(name);
        if (node == null || node.isNull() || node.isTextual() && node.asText().isEmpty())
        {
            return dflt;
        }
        final long value = parseLong(node, name);
        if (value < min || value > max)
        {
            throw BybitError.params(name + " must be in [" + min + ", " + max + "]");
        }
        return (int)value;
    }

    /** A long parameter (query text or JSON number); absent → {@code dflt}; else 10001. */
    static long optionalLong(final JsonNode req, final String name, final long dflt)
    {
        final JsonNode node = req.get(name);
        if (node == null || node.isNull() || node.isTextual() && node.asText().isEmpty())
        {
            return dflt;
        }
        return parseLong(node, name);
    }

    private static long parseLong(final JsonNode node, final String name)
    {
        if (node.isIntegralNumber())
        {
            return node.asLong();
        }
        try
        {
            return Long.parseLong(node.asText());
        }
        catch (final NumberFormatException ex)
        {
            throw BybitError.params(name + " invalid");
        }
    }

    static boolean isEmpty(final String s)
    {
        return s == null || s.isEmpty();
    }
}

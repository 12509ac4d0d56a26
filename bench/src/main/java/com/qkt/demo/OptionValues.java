package com.qkt.demo;

/**
 * The command-line value checks shared by {@code scripts/demo} and {@code scripts/soak}: each failure is one
 * {@link IllegalArgumentException} whose message is meant for the user.
 */
public final class OptionValues
{
    private OptionValues()
    {
    }

    /**
     * @param args   the command line.
     * @param index  where the option's value should be.
     * @param option the option, for the message.
     * @return the value.
     * @throws IllegalArgumentException when the command line ends before it.
     */
    public static String value(final String[] args, final int index, final String option)
    {
        if (index >= args.length)
        {
            throw new IllegalArgumentException(option + " needs a value (try --help)");
        }
        return args[index];
    }

    /**
     * @param option the option, for the message.
     * @param text   its value.
     * @param min    smallest allowed.
     * @param max    largest allowed.
     * @return the number.
     * @throws IllegalArgumentException when it is not a number or out of range.
     */
    public static long number(final String option, final String text, final long min, final long max)
    {
        final long value;
        try
        {
            value = Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + ": not a number: " + text);
        }
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(option + ": must be in " + min + ".." + max + ": " + value);
        }
        return value;
    }
}

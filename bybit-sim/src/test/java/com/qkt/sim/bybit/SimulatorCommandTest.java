package com.qkt.sim.bybit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SimulatorCommandTest
{
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(final String... args)
    {
        final CommandLine cli = SimulatorCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void assertOneLineError(final int code, final String expectedPart)
    {
        assertEquals(SimulatorCommand.EXIT_USAGE, code, err.toString());
        final List<String> lines = err.toString().lines().toList();
        assertEquals(1, lines.size(), err.toString());
        assertTrue(lines.get(0).startsWith("bybit-sim: "), lines.get(0));
        assertTrue(lines.get(0).contains(expectedPart), lines.get(0));
        assertTrue(out.toString().isEmpty(), out.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--port abc                             | '--port': 'abc' is not an int",
        "--port 99999                           | --port must be in [0, 65535], got 99999",
        "--ws-port -1                           | --ws-port must be in [0, 65535]",
        "--balance foo                          | '--balance' (COIN=AMOUNT) should be in KEY=VALUE format",
        "--balance USDT=lots                    | --balance USDT=lots: 'lots' is not a number",
        "--balance USDT=-1                      | the amount must be >= 0",
        "--symbol btcusdt=1                     | the symbol must be uppercase",
        "--symbol BTCUSDT=0                     | the price must be > 0",
        "--seed x                               | '--seed': 'x' is not a long",
        "--idle-timeout-ms 0                    | --idle-timeout-ms must be > 0",
        "--rate-limit order/create=5            | the path must start with /v5/",
        "--rate-limit /v5/order/create=fast     | 'fast' is not a whole number",
        "--rest-threads 0                       | --rest-threads must be in [1, 256]",
        "--scenario /nonexistent                | --scenario /nonexistent: no such file",
        "--bogus                                | Unknown option: '--bogus'",
        "--port                                 | Missing required parameter for option '--port'",
        "--api-key k2                           | 2 --api-key but 1 --api-secret",
        "--api-key k --api-secret s2            | --api-key k is given twice",
    })
    void shouldAnswerEveryBadInputWithOneLineAndExitCode2(final String extra, final String expected)
    {
        final String[] base = {"--api-key", "k", "--api-secret", "s"};
        final String[] more = extra.split(" ");
        final String[] args = new String[base.length + more.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        assertOneLineError(execute(args), expected);
    }

    @Test
    void shouldRequireAnAccount()
    {
        assertOneLineError(execute(), "at least one --api-key KEY --api-secret SECRET pair is required");
    }

    @Test
    void shouldReportABadScenarioLineWithItsNumber(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("bad.scenario");
        Files.writeString(file, "# faults\n1s resetAll k\n2s explode k\n");
        assertOneLineError(execute("--api-key", "k", "--api-secret", "s", "--scenario", file.toString()),
            "scenario line 3: unknown command explode");
    }

    @Test
    void shouldRefuseAScenarioThatNamesAnUnknownKey(@TempDir final Path dir) throws Exception
    {
        final Path file = dir.resolve("keys.scenario");
        Files.writeString(file, "1s resetAll k\n2s revokeKey typo\n");
        assertOneLineError(execute("--api-key", "k", "--api-secret", "s", "--scenario", file.toString()),
            "scenario line 2: unknown API key typo");
    }

    @Test
    void shouldListEveryOptionWithItsDefaultAndTheScenarioFormatInHelp()
    {
        assertEquals(0, execute("--help"));
        final String help = out.toString();
        for (final String option : new String[] {"--port=N", "--ws-port=N", "--api-key=KEY", "--api-secret=SECRET",
            "--balance=COIN=AMOUNT", "--symbol=SYMBOL=PRICE", "--instrument=CATEGORY:SYMBOL=RULES", "--seed=N",
            "--idle-timeout-ms=MS", "--rate-limit=PATH=N", "--no-rate-limits", "--quiet", "--rest-threads=N", "--scenario=FILE", "--help"})
        {
            assertTrue(help.contains(option), option + " missing from\n" + help);
        }
        assertTrue(help.contains("(default: 0)") && help.contains("(default: 42)") &&
            help.contains("(default: 600000)") && help.contains("(default: 4)") &&
            help.contains("USDT=1000000 BTC=100") && help.contains("BTCUSDT=50000 ETHUSDT=3000"), help);
        assertTrue(help.contains(ScenarioScript.FORMAT.lines().findFirst().orElseThrow()), help);
        assertTrue(help.contains("restRateLimited PATH N") && help.contains("setPrice SYMBOL PRICE"), help);
        assertTrue(err.toString().isEmpty());
    }

    @Test
    void shouldBuildTheSimulatorTheOptionsDescribe() throws Exception
    {
        final CommandLine cli = SimulatorCommand.commandLine();
        cli.parseArgs("--api-key", "a", "--api-secret", "sa", "--api-key", "b", "--api-secret", "sb",
            "--balance", "USDT=500", "--symbol", "SOLUSDT=150.5", "--seed", "7", "--no-rate-limits");
        final SimulatorCommand command = cli.getCommand();
        command.conclude();
        try (BybitSimulator sim = command.builderForTest().build().start())
        {
            assertEquals("500", sim.engine().walletBalance("a", "USDT"));
            assertEquals("100", sim.engine().walletBalance("b", "BTC"));
            assertEquals("150.5", sim.engine().price("SOLUSDT"));
            assertEquals(null, sim.engine().price("BTCUSDT"));
        }
    }

    @Test
    void shouldParseEveryExampleOfTheScenarioFormat()
    {
        final List<String> example = ScenarioScript.FORMAT.lines()
            .dropWhile(l -> !l.startsWith("Example:")).skip(1).map(String::strip).toList();
        assertEquals(3, ScenarioScript.parse(example).size());
    }
}

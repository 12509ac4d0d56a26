package com.qkt.common.config;

import com.qkt.common.net.ReconnectSupervisor;
import com.qkt.engine.EngineContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Properties;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigKeysTest
{
    private static final String MISSPELT_PROPERTY = "qkt.engine.ringSzie";

    private static final String BUILD_SWITCH = "qkt.fuzz.skip";

    @AfterEach
    void clearSystemProperty()
    {
        System.clearProperty(MISSPELT_PROPERTY);
        System.clearProperty(BUILD_SWITCH);
    }

    @Test
    void shouldAcceptTheBuildsOwnSwitchAsASystemProperty()
    {
        // `mvn -B verify -Dqkt.fuzz.skip=true` hands the property to every forked test JVM: the soak, the demo's
        // tests and every integration test conclude contexts there
        System.setProperty(BUILD_SWITCH, "true");

        assertDoesNotThrow(() -> new EngineContext().conclude());
    }

    @Test
    void shouldKnowCoresKeysFromItsServiceEntry()
    {
        final Set<String> known = ConfigKeys.known();
        assertTrue(known.contains(EngineContext.RING_SIZE_PROP_NAME), known::toString);
        assertTrue(known.contains(ReconnectSupervisor.Context.ATTEMPT_TIMEOUT_NANOS_PROP_NAME), known::toString);
        assertTrue(known.stream().allMatch((key) -> key.startsWith(ConfigKeys.PREFIX)), known::toString);
    }

    @Test
    void shouldNameTheUnknownKeyOfAConfigFileAndTheNearestKnownOne()
    {
        final Properties props = new Properties();
        props.setProperty("qkt.engine.waitStratgy", "PARKING");
        props.setProperty("java.io.tmpdir", "/tmp"); // not ours: ignored

        final EngineContext ctx = new EngineContext().applyProperties(props);
        final ConfigurationException ex = assertThrows(ConfigurationException.class, ctx::conclude);

        assertEquals("qkt.engine.waitStratgy", ex.key());
        assertTrue(ex.getMessage().contains("did you mean qkt.engine.waitStrategy?"), ex.getMessage());
    }

    @Test
    void shouldRejectAnUnknownSystemPropertyAtConclude()
    {
        System.setProperty(MISSPELT_PROPERTY, "1024");

        final ConfigurationException ex =
            assertThrows(ConfigurationException.class, () -> new EngineContext().conclude());

        assertEquals(MISSPELT_PROPERTY, ex.key());
        assertTrue(ex.getMessage().contains("system property"), ex.getMessage());
        assertTrue(ex.getMessage().contains("did you mean qkt.engine.ringSize?"), ex.getMessage());
    }

    @Test
    void shouldListEveryUnknownKeyAfterTheFirst()
    {
        final Properties props = new Properties();
        props.setProperty("qkt.b", "1");
        props.setProperty("qkt.a", "1");

        final ConfigurationException ex = assertThrows(
            ConfigurationException.class, () -> ConfigKeys.requireKnown(props, Set.of("qkt.engine.ringSize")));

        assertEquals("qkt.a", ex.key());
        assertTrue(ex.getMessage().contains("1 more unknown: qkt.b"), ex.getMessage());
    }

    @Test
    void shouldAcceptKnownKeys()
    {
        final Properties props = new Properties();
        props.setProperty(EngineContext.RING_SIZE_PROP_NAME, "2048");

        assertDoesNotThrow(() -> new EngineContext().applyProperties(props).conclude());
    }

    @Test
    void shouldMeasureEditDistance()
    {
        assertEquals(0, ConfigKeys.editDistance("abc", "abc"));
        assertEquals(1, ConfigKeys.editDistance("reconect", "reconnect"));
        assertEquals(2, ConfigKeys.editDistance("ringSzie", "ringSize"));
        assertEquals(3, ConfigKeys.editDistance("", "abc"));
        assertEquals("qkt.bybit.reconnect.initialMs",
            ConfigKeys.nearest("qkt.bybit.reconect.initialMs", Set.of("qkt.bybit.reconnect.initialMs", "qkt.x")));
    }

    @Test
    void shouldCollectThePrefixedStringConstantsOfAContext()
    {
        final Set<String> keys = ConfigKeys.declaredIn(EngineContext.class);
        assertTrue(keys.contains(EngineContext.THREAD_NAME_PREFIX_PROP_NAME), keys::toString);
        assertTrue(keys.stream().noneMatch((key) -> key.equals(EngineContext.THREAD_NAME_PREFIX_DEFAULT)));
    }
}

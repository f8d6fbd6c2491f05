package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.ConnectorFactory;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.PropertyType;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pf4j.Extension;

/**
 * What every connector factory and instance must honour, whatever its extension point. Plugins extend one of the
 * typed subclasses ({@link ChannelConnectorContract}, {@link TranslationProviderContract},
 * {@link CrmConnectorContract}), which add the checks of their extension point.
 *
 * <p>Checks: the factory is a public {@code @Extension} with a public no-argument constructor (PF4J creates it so);
 * the descriptor is well formed and stable (id pattern, unique property names, properties that look like secrets
 * are flagged secret, every URL or host property is declared as egress); the working configuration is accepted and
 * creates an instance; a missing required or an unknown property is refused by {@link ConnectorConfig}; no secret
 * appears in the log; {@code close()} is idempotent.
 *
 * <p>Every instance created through {@link #newInstance()} is closed after each test.
 *
 * @param <I> the instance type
 * @param <C> the context type
 */
public abstract class ConnectorFactoryContract<I extends AutoCloseable, C extends ConnectorContext> {

    private static final Pattern SECRET_NAME = Pattern.compile(
            ".*(password|passwd|secret|token|apikey|api-key|api_key|privatekey|private-key|private_key|credential).*");
    private static final Pattern ID = Pattern.compile(ConnectorDescriptor.ID_PATTERN);

    private final List<AutoCloseable> opened = Collections.synchronizedList(new ArrayList<>());
    private C lastContext;

    /** @return a new factory, as PF4J would create it */
    protected abstract ConnectorFactory<I, C> factory();

    /**
     * @return property values with which the connector works against the test's remote side (a fake server, a
     *         local engine); every required property without default is set
     */
    protected abstract Map<String, String> validConfig();

    /** @return a fresh context for one instance; the typed contracts return a recording fake */
    protected abstract C newContext();

    /**
     * @return names of properties that look like secrets by name but are not (e.g. {@code tokenExpiryMinutes});
     *         empty by default
     */
    protected Set<String> propertiesThatAreNotSecret() {
        return Set.of();
    }

    /**
     * @return names of URL or HOST properties that do not name a host the connector sends data to (e.g. the
     *         appliance's own public URL for webhook registration); empty by default
     */
    protected Set<String> propertiesThatAreNotEgress() {
        return Set.of();
    }

    /**
     * Brings a new instance into service; channel connectors call {@code start()} here.
     *
     * @param instance the instance
     * @throws Exception if it cannot start
     */
    protected void start(I instance) throws Exception {
    }

    /** @return {@link #validConfig()} validated against the factory's descriptor */
    protected final ConnectorConfig config() {
        try {
            return ConnectorConfig.of(factory().descriptor(), validConfig());
        } catch (InvalidConfigException e) {
            return fail("validConfig() does not fit the descriptor: " + e.getMessage(), e);
        }
    }

    /**
     * Creates and starts an instance with {@link #validConfig()} and a new context (then {@link #context()}); it is
     * closed after the test.
     *
     * @return the instance
     * @throws Exception if creating or starting fails
     */
    protected final I newInstance() throws Exception {
        C context = newContext();
        lastContext = context;
        I instance = factory().create(context, config());
        assertNotNull(instance, "create() returned null");
        opened.add(instance);
        start(instance);
        return instance;
    }

    /** @return the context of the instance {@link #newInstance()} created last */
    protected final C context() {
        assertNotNull(lastContext, "no instance created yet");
        return lastContext;
    }

    @AfterEach
    public final void closeInstances() throws Exception {
        List<AutoCloseable> toClose;
        synchronized (opened) {
            toClose = new ArrayList<>(opened);
            opened.clear();
        }
        Collections.reverse(toClose);
        Exception first = null;
        for (AutoCloseable instance : toClose) {
            try {
                instance.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Verifies that PF4J can find and create the factory: public, concrete, {@code @Extension}, no-arg constructor. */
    @Test
    public void factoryIsAPublicExtensionWithANoArgumentConstructor() {
        Class<?> type = factory().getClass();
        assertTrue(Modifier.isPublic(type.getModifiers()), type.getName() + " must be public");
        assertFalse(Modifier.isAbstract(type.getModifiers()), type.getName() + " must not be abstract");
        assertTrue(type.isAnnotationPresent(Extension.class), type.getName() + " must be annotated @org.pf4j.Extension");
        assertDoesNotThrow(() -> type.getConstructor().newInstance(),
                type.getName() + " needs a public no-argument constructor that does not throw");
    }

    /** Verifies that the descriptor is well formed and that {@code id()} agrees with it. */
    @Test
    public void descriptorIsWellFormed() {
        ConnectorFactory<I, C> factory = factory();
        ConnectorDescriptor descriptor = factory.descriptor();
        assertNotNull(descriptor, "descriptor() returned null");
        assertTrue(ID.matcher(factory.id()).matches(), "id '" + factory.id() + "' must match "
                + ConnectorDescriptor.ID_PATTERN);
        assertEquals(descriptor.id(), factory.id(), "id() must equal descriptor().id()");
        assertFalse(descriptor.displayName().isBlank(), "displayName must not be blank");
        Set<String> names = new HashSet<>();
        for (ConfigProperty p : descriptor.properties()) {
            assertTrue(names.add(p.name()), "property '" + p.name() + "' is declared twice");
            assertFalse(p.label().isBlank(), "property '" + p.name() + "' needs a label");
        }
        assertEquals(descriptor, factory.descriptor(), "descriptor() must return the same value on every call");
    }

    /** Verifies that properties whose names suggest a credential are flagged secret (stored encrypted, masked). */
    @Test
    public void secretsAreFlagged() {
        for (ConfigProperty p : factory().descriptor().properties()) {
            String name = p.name().toLowerCase(Locale.ROOT);
            if (SECRET_NAME.matcher(name).matches() && !propertiesThatAreNotSecret().contains(p.name())) {
                assertTrue(p.secret(), "property '" + p.name() + "' looks like a credential but is not secret; "
                        + "declare it with ConfigProperty.secret(...) or list it in propertiesThatAreNotSecret()");
            }
        }
    }

    /**
     * Verifies that the egress is declared and every URL or HOST property is part of it, so the residency policy
     * sees every host the connector may send data to.
     */
    @Test
    public void egressIsDeclared() {
        ConnectorDescriptor descriptor = factory().descriptor();
        assertNotNull(descriptor.egress(), "egress must be declared");
        for (ConfigProperty p : descriptor.properties()) {
            if ((p.type() == PropertyType.URL || p.type() == PropertyType.HOST)
                    && !propertiesThatAreNotEgress().contains(p.name())) {
                assertTrue(descriptor.egress().hostProperties().contains(p.name()),
                        "property '" + p.name() + "' names a host, so data may go there: declare it with "
                                + "DataEgress.fromConfig(\"" + p.name() + "\") (or andFromConfig), or list it in "
                                + "propertiesThatAreNotEgress()");
            }
        }
        assertNotNull(config().egress(), "the egress must resolve against the working configuration");
    }

    /** Verifies that the working configuration is accepted and creates an instance. */
    @Test
    public void createWithValidConfigWorks() throws Exception {
        assertNotNull(newInstance());
    }

    /** Verifies that leaving out any required property without default is refused, naming that property. */
    @Test
    public void missingRequiredPropertyIsRefused() {
        ConnectorDescriptor descriptor = factory().descriptor();
        for (ConfigProperty p : descriptor.properties()) {
            if (p.required() && p.defaultValue() == null) {
                Map<String, String> values = new HashMap<>(validConfig());
                values.remove(p.name());
                InvalidConfigException e = assertThrows(InvalidConfigException.class,
                        () -> ConnectorConfig.of(descriptor, values), "config without '" + p.name() + "'");
                assertEquals(p.name(), e.property());
            }
        }
        Map<String, String> typo = new HashMap<>(validConfig());
        typo.put("noSuchProperty", "x");
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> ConnectorConfig.of(descriptor, typo), "an undeclared property must be refused");
        assertEquals("noSuchProperty", e.property());
    }

    /** Verifies that the values of secret properties never appear in what the instance logged. */
    @Test
    public void secretsAreNotLogged() throws Exception {
        I instance = newInstance();
        instance.close();
        if (context() instanceof FakeConnectorContext recording) {
            for (ConfigProperty p : factory().descriptor().properties()) {
                String value = validConfig().get(p.name());
                if (p.secret() && value != null && !value.isBlank()) {
                    assertFalse(recording.loggedAnything(value.trim()), "the value of secret '" + p.name()
                            + "' was logged");
                }
            }
        } else {
            fail("newContext() must return a FakeConnectorContext (or subclass) so logging can be checked");
        }
    }

    /** Verifies that {@code close()} can be called twice: the appliance may close after a failed call and at stop. */
    @Test
    public void closeIsIdempotent() throws Exception {
        I instance = newInstance();
        instance.close();
        assertDoesNotThrow(instance::close, "a second close() must do nothing");
    }
}

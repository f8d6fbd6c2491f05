package io.meridian.spi.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.DataEgress;
import io.meridian.spi.channel.ChannelCapabilities;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.channel.ChannelContext;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.channel.OutboundMessage;
import io.meridian.spi.channel.SendResult;
import io.meridian.spi.channel.WebhookRequest;
import io.meridian.spi.channel.WebhookResponse;
import io.meridian.spi.crm.ContactLookup;
import io.meridian.spi.crm.CrmActivity;
import io.meridian.spi.crm.CrmConnector;
import io.meridian.spi.crm.CrmConnectorFactory;
import io.meridian.spi.crm.CrmContact;
import io.meridian.spi.crm.CrmOrder;
import io.meridian.spi.translation.LanguagePair;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationProviderFactory;
import io.meridian.spi.translation.TranslationRequest;
import io.meridian.spi.translation.TranslationResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs each contract against a connector that breaks it on purpose and checks that exactly the expected contract
 * tests fail: a contract that cannot fail would prove nothing.
 */
class ContractsCatchBrokenConnectorsTest {

    /** Runs a test class and returns each test method's outcome (SUCCESSFUL, FAILED, ABORTED). */
    private static Map<String, TestExecutionResult.Status> run(Class<?> testClass) {
        Map<String, TestExecutionResult.Status> outcomes = new TreeMap<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(testClass)).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource method) {
                            outcomes.put(method.getMethodName(), result.getStatus());
                        }
                    }
                });
        return outcomes;
    }

    private static Set<String> failed(Map<String, TestExecutionResult.Status> outcomes) {
        Set<String> names = new java.util.TreeSet<>();
        outcomes.forEach((name, status) -> {
            if (status == TestExecutionResult.Status.FAILED) {
                names.add(name);
            }
        });
        return names;
    }

    /** Verifies that the channel contract fails a channel that breaks each of its rules, and passes the rest. */
    @Test
    void channelContractFailsABrokenChannel() {
        Map<String, TestExecutionResult.Status> outcomes = run(BrokenChannelCase.class);
        assertEquals(Set.of("factoryIsAPublicExtensionWithANoArgumentConstructor", "secretsAreFlagged",
                "egressIsDeclared", "capabilitiesAreKnown", "closeIsIdempotent", "secretsAreNotLogged",
                "sendReturnsAnExternalId", "retriedSendWithTheSameOutboxIdSucceeds", "foreignWebhookIsAnswered4xx",
                "webhookDeliversOnceEvenWhenReplayed", "pollDeliversWaitingMessages", "pollIntervalIsPositive"),
                failed(outcomes), outcomes::toString);
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, outcomes.get("missingRequiredPropertyIsRefused"));
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, outcomes.get("descriptorIsWellFormed"));
        assertEquals(TestExecutionResult.Status.ABORTED, outcomes.get("sendDuringOutageIsRetryable"),
                "without simulateRemoteOutage() the outage check is skipped, not passed");
    }

    /** Verifies that the translation contract fails an engine that mangles glossary terms and accepts any pair. */
    @Test
    void translationContractFailsABrokenEngine() {
        Map<String, TestExecutionResult.Status> outcomes = run(BrokenTranslationCase.class);
        assertEquals(Set.of("supportedPairsIncludeTheSupportedPair", "doNotTranslateTermsSurvive",
                "emptyTextTranslatesToEmpty", "unsupportedPairIsRefusedAsNotRetryable"),
                failed(outcomes), outcomes::toString);
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, outcomes.get("supportedPairTranslates"));
    }

    /** Verifies that the CRM contract fails a CRM that answers null for unknown contacts and ignores the limit. */
    @Test
    void crmContractFailsABrokenCrm() {
        Map<String, TestExecutionResult.Status> outcomes = run(BrokenCrmCase.class);
        assertEquals(Set.of("unknownContactIsEmpty", "recentOrdersRespectLimitNewestFirst"), failed(outcomes),
                outcomes::toString);
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, outcomes.get("knownContactIsFound"));
        assertEquals(TestExecutionResult.Status.SUCCESSFUL, outcomes.get("activityIsRecorded"));
    }

    /** Breaks: no @Extension, unflagged password, undeclared egress, unknown capability, and more. */
    public static class BrokenChannelFactory implements ChannelConnectorFactory {
        @Override
        public ConnectorDescriptor descriptor() {
            return ConnectorDescriptor.builder("channel-broken", "Broken")
                    .properties(ConfigProperty.string("smtpPassword", "Password", "not flagged secret"),
                            ConfigProperty.url("apiUrl", "API", "not declared as egress"),
                            ConfigProperty.secret("apiToken", "Token", "logged on create"))
                    .capabilities(ChannelCapabilities.TEXT, "sms", ChannelCapabilities.INBOUND_WEBHOOK,
                            ChannelCapabilities.INBOUND_POLLING)
                    .egress(DataEgress.localOnly())
                    .build();
        }

        @Override
        public ChannelConnector create(ChannelContext context, ConnectorConfig config) {
            context.logger().log(System.Logger.Level.INFO, "token is " + new String(config.secret("apiToken")));
            return new ChannelConnector() {
                private boolean closed;

                @Override
                public SendResult send(OutboundMessage message) {
                    return null;
                }

                @Override
                public WebhookResponse onWebhook(WebhookRequest request) {
                    throw new IllegalStateException("cannot parse");
                }

                @Override
                public java.time.Duration pollInterval() {
                    return java.time.Duration.ZERO;
                }

                @Override
                public void close() {
                    if (closed) {
                        throw new IllegalStateException("already closed");
                    }
                    closed = true;
                }
            };
        }
    }

    /** Tagged so Surefire skips it (see the pom); run by the tests above. */
    @Tag("contract-case")
    public static class BrokenChannelCase extends ChannelConnectorContract {
        @Override
        protected ChannelConnectorFactory channelFactory() {
            return new BrokenChannelFactory();
        }

        @Override
        protected Map<String, String> validConfig() {
            return Map.of("smtpPassword", "pw", "apiUrl", "https://api.example.com/", "apiToken", "tok-secret-1");
        }

        @Override
        protected ChannelIdentity recipient() {
            return ChannelIdentity.phone("+15551234567", null);
        }
    }

    /** Translates by upper-casing: mangles glossary terms, claims the wrong pair, accepts any pair. */
    @org.pf4j.Extension
    public static class BrokenTranslationFactory implements TranslationProviderFactory {
        @Override
        public ConnectorDescriptor descriptor() {
            return ConnectorDescriptor.builder("translation-broken", "Broken").egress(DataEgress.localOnly()).build();
        }

        @Override
        public TranslationProvider create(ConnectorContext context, ConnectorConfig config) {
            return new TranslationProvider() {
                @Override
                public Set<LanguagePair> supportedPairs() {
                    return Set.of(LanguagePair.of("en", "de"));
                }

                @Override
                public TranslationResult translate(TranslationRequest request) {
                    String text = request.text().isEmpty() ? "?" : request.text().toUpperCase(Locale.ROOT);
                    return TranslationResult.direct(text, 0.9, "shouting");
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Tagged so Surefire skips it (see the pom); run by the tests above. */
    @Tag("contract-case")
    public static class BrokenTranslationCase extends TranslationProviderContract {
        @Override
        protected TranslationProviderFactory translationFactory() {
            return new BrokenTranslationFactory();
        }

        @Override
        protected Map<String, String> validConfig() {
            return Map.of();
        }

        @Override
        protected LanguagePair supportedPair() {
            return LanguagePair.of("en", "es");
        }
    }

    /** Answers null for unknown contacts and returns every order, oldest first. */
    @org.pf4j.Extension
    public static class BrokenCrmFactory implements CrmConnectorFactory {
        @Override
        public ConnectorDescriptor descriptor() {
            return ConnectorDescriptor.builder("crm-broken", "Broken").egress(DataEgress.localOnly()).build();
        }

        @Override
        public CrmConnector create(ConnectorContext context, ConnectorConfig config) {
            return new CrmConnector() {
                @Override
                public Optional<CrmContact> findContact(ContactLookup lookup) {
                    return "ana@example.com".equals(lookup.email())
                            ? Optional.of(new CrmContact("c-1", "Ana", lookup.email(), null, null, Map.of(), null))
                            : null;
                }

                @Override
                public List<CrmOrder> recentOrders(String crmContactId, int limit) {
                    return List.of(new CrmOrder("o-1", "done", BigDecimal.ONE, "EUR", Instant.parse("2026-01-01T00:00:00Z"), null),
                            new CrmOrder("o-2", "done", BigDecimal.TEN, "EUR", Instant.parse("2026-02-01T00:00:00Z"), null));
                }

                @Override
                public void recordActivity(CrmActivity activity) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    /** Tagged so Surefire skips it (see the pom); run by the tests above. */
    @Tag("contract-case")
    public static class BrokenCrmCase extends CrmConnectorContract {
        @Override
        protected CrmConnectorFactory crmFactory() {
            return new BrokenCrmFactory();
        }

        @Override
        protected Map<String, String> validConfig() {
            return Map.of();
        }

        @Override
        protected ContactLookup knownContact() {
            return ContactLookup.byEmail("ana@example.com");
        }
    }
}

package com.example.meridian.channel;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.DataEgress;
import io.meridian.spi.channel.ChannelCapabilities;
import io.meridian.spi.channel.ChannelConnector;
import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.channel.ChannelContext;
import org.pf4j.Extension;

/** The example messaging channel of docs/plugins.md: sends over HTTP, receives by signed webhook or by polling. */
@Extension
public class ExampleChannelFactory implements ChannelConnectorFactory {

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder("channel-example", "Example Chat")
            .description("Customers write from the Example Chat app; replies go back through its HTTP API.")
            .properties(
                    ConfigProperty.url("apiUrl", "API URL", "Base URL of the Example Chat API")
                            .withDefault("https://api.chat.example.com/"),
                    ConfigProperty.secret("apiToken", "API token", "Bearer token from the Example Chat console"),
                    ConfigProperty.secret("webhookSecret", "Webhook secret",
                            "Shared secret Example Chat signs webhooks with (HMAC-SHA256)"),
                    ConfigProperty.integer("pollSeconds", "Poll interval (s)",
                            "How often to fetch new messages when webhooks are not configured", 30))
            .capabilities(ChannelCapabilities.TEXT, ChannelCapabilities.INBOUND_WEBHOOK,
                    ChannelCapabilities.INBOUND_POLLING)
            .egress(DataEgress.fromConfig("apiUrl"))
            .build();

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public ChannelConnector create(ChannelContext context, ConnectorConfig config) {
        return new ExampleChannel(context, config);
    }
}

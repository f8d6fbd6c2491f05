package com.example.meridian.crm;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.DataEgress;
import io.meridian.spi.crm.CrmConnector;
import io.meridian.spi.crm.CrmConnectorFactory;
import org.pf4j.Extension;

/** A CRM with a small REST API at a URL the admin enters. */
@Extension
public class ExampleCrmFactory implements CrmConnectorFactory {

    private static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder("crm-example", "Example CRM")
            .description("Shows the customer's record and recent orders from Example CRM.")
            .properties(
                    ConfigProperty.url("baseUrl", "CRM URL", "e.g. https://crm.example.com/api/"),
                    ConfigProperty.secret("apiKey", "API key", "Created under Settings > API keys"),
                    ConfigProperty.integer("timeoutSeconds", "Timeout (s)", "Per request", 10))
            .egress(DataEgress.fromConfig("baseUrl"))
            .build();

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public CrmConnector create(ConnectorContext context, ConnectorConfig config) {
        return new ExampleCrm(config);
    }
}

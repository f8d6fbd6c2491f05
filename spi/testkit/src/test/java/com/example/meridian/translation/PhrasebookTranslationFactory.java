package com.example.meridian.translation;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorConfig;
import io.meridian.spi.ConnectorContext;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.DataEgress;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.translation.TranslationProvider;
import io.meridian.spi.translation.TranslationProviderFactory;
import org.pf4j.Extension;

/** A word-for-word engine from a phrasebook the admin enters: on the node, nothing leaves it. */
@Extension
public class PhrasebookTranslationFactory implements TranslationProviderFactory {

    private static final ConnectorDescriptor DESCRIPTOR =
            ConnectorDescriptor.builder("translation-phrasebook", "Phrasebook")
                    .description("Word-for-word translation from a phrasebook; runs on the node.")
                    .properties(
                            ConfigProperty.string("pair", "Language pair", "Source and target, e.g. en:es"),
                            ConfigProperty.text("phrasebook", "Phrasebook", "One 'word=translation' per line")
                                    .mandatory())
                    .egress(DataEgress.localOnly())
                    .build();

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public TranslationProvider create(ConnectorContext context, ConnectorConfig config) throws InvalidConfigException {
        return PhrasebookTranslator.parse(config.string("pair"), config.string("phrasebook"));
    }
}

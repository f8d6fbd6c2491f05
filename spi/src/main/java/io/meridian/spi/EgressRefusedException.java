package io.meridian.spi;

import java.io.IOException;

/**
 * The appliance refused to connect an instance to a host, because of where the host's addresses are: for example an
 * instance that counts as on site (and so translates the text of regions that keep their data on site) asked for a
 * host that now resolves to an address off site, or a host its {@link DataEgress} does not declare. Nothing was sent.
 *
 * <p>Retrying does not help until the admin changes the configuration or the host's addresses change; report it as a
 * {@link ConnectorException} that is not retryable. The message names the host and the reason, never data.
 *
 * @since 1.1.0
 */
public class EgressRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which host was refused and why
     */
    public EgressRefusedException(String message) {
        super(message);
    }
}

package io.meridian.channel.email;

import io.meridian.spi.channel.ChannelConnectorFactory;
import io.meridian.spi.channel.ChannelIdentity;
import io.meridian.spi.testkit.ChannelConnectorContract;
import jakarta.mail.internet.MimeMessage;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;

/** The SPI test kit's channel contract, run against a GreenMail server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EmailChannelContractTest extends ChannelConnectorContract {

    private MailServer server;

    @BeforeEach
    void startServer() {
        server = new MailServer();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Override
    protected ChannelConnectorFactory channelFactory() {
        return new EmailChannelFactory();
    }

    @Override
    protected Map<String, String> validConfig() {
        // The contract runs on the IMAP IDLE path, with a short wait so each poll ends within a second.
        Map<String, String> values = server.config();
        values.put(EmailChannelFactory.USE_IDLE, "true");
        values.put(EmailChannelFactory.MAX_POLL_SECONDS, "1");
        return values;
    }

    @Override
    protected ChannelIdentity recipient() {
        return MailServer.customerIdentity();
    }

    @Override
    protected void prepareInboundMessage() throws Exception {
        MimeMessage mail = server.newCustomerMail("Where is my order?");
        mail.setText("Hello, my order 1234 has not arrived yet.", "UTF-8");
        server.send(mail);
    }

    @Override
    protected boolean simulateRemoteOutage() {
        server.close();
        return true;
    }
}

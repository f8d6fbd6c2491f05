package io.meridian.staffmail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Date;
import java.util.Properties;

/** Hands one plain-text mail to the configured SMTP relay. Blocking: call it on a worker thread. */
final class SmtpRelay {

    /** Connecting, reading and writing each give up after this long, so a relay that hangs costs one try. */
    static final int TIMEOUT_MILLIS = 15_000;

    private final StaffMailSettings settings;

    SmtpRelay(StaffMailSettings settings) {
        this.settings = settings;
    }

    void send(String recipient, String subject, String body, Instant at) throws MessagingException, IOException {
        Properties p = new Properties();
        p.put("mail.smtp.host", settings.host());
        p.put("mail.smtp.port", String.valueOf(settings.port()));
        p.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT_MILLIS));
        p.put("mail.smtp.timeout", String.valueOf(TIMEOUT_MILLIS));
        p.put("mail.smtp.writetimeout", String.valueOf(TIMEOUT_MILLIS));
        if (StaffMailSettings.STARTTLS.equals(settings.security())) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        } else if (StaffMailSettings.TLS.equals(settings.security())) {
            p.put("mail.smtp.ssl.enable", "true");
            p.put("mail.smtp.ssl.checkserveridentity", "true");
        }
        boolean auth = !settings.username().isEmpty();
        p.put("mail.smtp.auth", String.valueOf(auth));
        Session session = Session.getInstance(p);
        MimeMessage mail = new MimeMessage(session);
        mail.setFrom(new InternetAddress(settings.from(), true));
        mail.setRecipient(Message.RecipientType.TO, new InternetAddress(recipient, true));
        mail.setSubject(subject, "UTF-8");
        mail.setText(body, "UTF-8");
        mail.setSentDate(Date.from(at));
        mail.setHeader("Auto-Submitted", "auto-generated");
        if (auth) {
            String password = settings.passwordFile() == null ? ""
                    : Files.readAllLines(settings.passwordFile()).stream().findFirst().orElse("");
            Transport.send(mail, settings.username(), password);
        } else {
            Transport.send(mail);
        }
    }
}

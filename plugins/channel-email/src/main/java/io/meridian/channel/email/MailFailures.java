package io.meridian.channel.email;

import io.meridian.spi.ConnectorException;
import io.meridian.spi.EgressRefusedException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderClosedException;
import jakarta.mail.FolderNotFoundException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.StoreClosedException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.angus.mail.iap.ConnectionException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.util.MailConnectException;

/**
 * Turns Jakarta Mail failures into {@link ConnectorException}s that tell the appliance whether to retry, with a
 * message for the admin that names the server and never a password, an address or message text.
 *
 * <p>Retryable: the server cannot be reached, timed out, dropped the connection, or answered with a temporary SMTP
 * code (4xx). Not retryable: the node refused the connection (the server's addresses break the residency rule), the
 * login was refused, the certificate is not trusted, the folder does not exist, or the server refused the mail
 * permanently (SMTP 5xx). Server replies that may quote an address are not attached as cause; only their status
 * codes are kept.
 */
final class MailFailures {

    private static final Pattern ENHANCED_STATUS = Pattern.compile("\\b([245]\\.\\d{1,3}\\.\\d{1,3})\\b");

    private MailFailures() {
    }

    /**
     * @param e a failure from a mail operation
     * @return whether the connection itself failed (rather than the content of a mail)
     */
    static boolean isConnectionProblem(Throwable e) {
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof FolderClosedException || t instanceof StoreClosedException
                    || t instanceof ConnectionException || t instanceof SocketException
                    || t instanceof InterruptedIOException || t instanceof MailConnectException) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param server the server the operation talked to
     * @param doing what was being done, e.g. {@code "log in"}, for the message
     * @param e the failure
     * @return the exception to throw
     */
    static ConnectorException classify(EmailSettings.Server server, String doing, Exception e) {
        if (e instanceof ConnectorException ce) {
            return ce;
        }
        String where = server.describe();
        Integer smtpCode = null;
        String status = null;
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof EgressRefusedException refused) {
                return new ConnectorException("the node refused to connect to " + where + " (" + doing + "): "
                        + refused.getMessage(), false, null);
            }
            if (t instanceof AuthenticationFailedException) {
                return new ConnectorException(where + " refused the login (" + doing + "); check the user name and "
                        + "password of this mailbox", false, null);
            }
            if (t instanceof SSLHandshakeException || t instanceof CertificateException
                    || (t instanceof SSLException && t.getCause() instanceof CertificateException)) {
                return new ConnectorException("TLS with " + where + " failed (" + doing + "): its certificate is "
                        + "not trusted or does not match the host name, or the server does not speak TLS on this "
                        + "port; add the server's CA to the node's Java trust store, or check the port and security "
                        + "setting", false, e);
            }
            if (t instanceof UnknownHostException) {
                return new ConnectorException(where + " is unknown: the host name does not resolve (" + doing
                        + ")", true, e);
            }
            if (t instanceof FolderNotFoundException) {
                return new ConnectorException(where + " has no folder of that name (" + doing + ")", false, null);
            }
            if (smtpCode == null) {
                smtpCode = smtpCode(t);
                if (smtpCode != null) {
                    status = enhancedStatus(t.getMessage());
                }
            }
        }
        if (smtpCode != null) {
            String code = smtpCode + (status != null ? " " + status : "");
            boolean temporary = smtpCode >= 400 && smtpCode < 500;
            return new ConnectorException(where + (temporary ? " deferred the mail (SMTP " : " refused the mail "
                    + "permanently (SMTP ") + code + ", " + doing + ")", temporary, null);
        }
        if (e instanceof SendFailedException sfe && sfe.getInvalidAddresses() != null
                && sfe.getInvalidAddresses().length > 0) {
            return new ConnectorException(where + " refused the recipient address (" + doing + ")", false, null);
        }
        for (Throwable t = e; t != null; t = next(t)) {
            if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
                return new ConnectorException("cannot connect to " + where + " (" + doing + "): "
                        + t.getClass().getSimpleName(), true, e);
            }
            if (t instanceof SocketTimeoutException) {
                return new ConnectorException(where + " did not answer in time (" + doing + ")", true, e);
            }
        }
        if (isConnectionProblem(e)) {
            return new ConnectorException("the connection to " + where + " failed (" + doing + ")", true, e);
        }
        // Unknown protocol trouble: retrying is the safe choice, the outbox keeps the message meanwhile.
        return new ConnectorException(where + " failed (" + doing + "): " + e.getClass().getSimpleName(), true,
                e instanceof MessagingException ? null : e);
    }

    private static Integer smtpCode(Throwable t) {
        int code = -1;
        if (t instanceof SMTPAddressFailedException a) {
            code = a.getReturnCode();
        } else if (t instanceof SMTPSenderFailedException s) {
            code = s.getReturnCode();
        } else if (t instanceof SMTPSendFailedException f) {
            code = f.getReturnCode();
        }
        return code >= 400 && code < 600 ? code : null;
    }

    private static String enhancedStatus(String reply) {
        if (reply == null) {
            return null;
        }
        Matcher m = ENHANCED_STATUS.matcher(reply);
        return m.find() ? m.group(1) : null;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException me && me.getNextException() != null && me.getNextException() != t) {
            return me.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}

package io.meridian.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the audit trail every read of a customer's record with personal data unmasked: a conversation or contact
 * page, a conversation's messages or a contact's history by REST, answered 200 to an account with
 * {@code personal-data.unmasked}. The line names the account and the address, which holds ids only.
 */
final class UnmaskedReadAudit implements Handler<RoutingContext> {

    private static final Logger AUDIT = LoggerFactory.getLogger("audit");

    @Override
    public void handle(RoutingContext ctx) {
        SignedInAgent agent = SessionState.agent(ctx);
        if (agent != null && agent.may(Permission.PERSONAL_DATA_UNMASKED)) {
            String path = ctx.normalizedPath();
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 200) {
                    AUDIT.info("'{}' read {} with personal data unmasked", agent.username(), path);
                }
            });
        }
        ctx.next();
    }
}

package io.meridian.security;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers 404, as for an unknown id, when a signed-in account whose role is scoped to some teams or regions names a
 * record outside that scope: the record's existence is not revealed either. Accounts without a scope pass untouched.
 */
final class ScopeGuard implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ScopeGuard.class);
    /** Words in a record's place that name a page or action of the whole list, not a record. */
    private static final Set<String> NOT_IDS = Set.of("new", "bulk", "service-levels");

    private final ReadScope scope;
    private final ReadScope.Kind kind;
    private final Pages pages;

    ScopeGuard(ReadScope scope, ReadScope.Kind kind, Pages pages) {
        this.scope = scope;
        this.kind = kind;
        this.pages = pages;
    }

    @Override
    public void handle(RoutingContext ctx) {
        SignedInAgent agent = SessionState.agent(ctx);
        String id = ctx.pathParam("param0");
        if (agent == null || !agent.access().scoped() || id == null || NOT_IDS.contains(id)) {
            ctx.next();
            return;
        }
        scope.covers(agent.access(), kind, id).onComplete(ar -> {
            if (ar.succeeded() && ar.result()) {
                ctx.next();
            } else if (ar.succeeded()) {
                pages.refuse(ctx, 404, "not-found", "Not found.");
            } else {
                LOG.warn("Scope of {} {} not known", kind, id, ar.cause());
                pages.refuse(ctx, 503, "unavailable", "Try again shortly.");
            }
        });
    }
}

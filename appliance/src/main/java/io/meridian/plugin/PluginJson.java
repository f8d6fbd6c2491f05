package io.meridian.plugin;

import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorDescriptor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;

/** The JSON forms of plugins, instances and descriptors for the REST API (docs/api.md). */
final class PluginJson {

    private PluginJson() {
    }

    static JsonObject plugin(PluginView p) {
        JsonArray factories = new JsonArray();
        p.factories().forEach(f -> factories.add(new JsonObject()
                .put("id", f.id())
                .put("kind", f.kind())
                .put("displayName", f.displayName())
                .put("description", f.description())
                .put("egress", f.egress())
                .put("capabilities", new JsonArray(f.capabilities()))));
        return new JsonObject()
                .put("id", p.id())
                .put("version", p.version())
                .put("provider", p.provider())
                .put("description", p.description())
                .put("requires", p.requires())
                .put("file", p.file())
                .put("sha256", p.sha256())
                .put("state", lower(p.state().name()))
                .put("lastError", p.lastError())
                .put("since", p.since().toString())
                .put("signature", p.signature())
                .put("signatureDetail", p.signatureDetail())
                .put("stuckThreads", p.stuckThreads())
                .put("factories", factories);
    }

    static JsonObject instance(InstanceView i) {
        return new JsonObject()
                .put("id", i.id())
                .put("plugin", i.pluginId())
                .put("factory", i.factoryId())
                .put("name", i.displayName())
                .put("enabled", i.enabled())
                .put("source", i.source())
                .put("state", lower(i.state().name()))
                .put("lastError", i.lastError())
                .put("setAsideCount", i.setAsideCount())
                .put("since", i.since().toString())
                .put("outbox", new JsonObject()
                        .put("pending", i.pendingOutbox())
                        .put("failed", i.failedOutbox())
                        .put("sent", i.sentOutbox()));
    }

    static JsonObject descriptor(ConnectorDescriptor d) {
        JsonArray properties = new JsonArray();
        for (ConfigProperty p : d.properties()) {
            properties.add(new JsonObject()
                    .put("name", p.name())
                    .put("label", p.label())
                    .put("help", p.help())
                    .put("type", lower(p.type().name()))
                    .put("default", p.defaultValue())
                    .put("required", p.required())
                    .put("secret", p.secret()));
        }
        return new JsonObject()
                .put("id", d.id())
                .put("displayName", d.displayName())
                .put("description", d.description())
                .put("capabilities", new JsonArray(d.capabilities().stream().sorted().toList()))
                .put("egress", LoadedPlugin.egress(d.egress()))
                .put("properties", properties);
    }

    static JsonObject outboxEntry(OutboxEntry e) {
        return new JsonObject()
                .put("id", e.id())
                .put("conversationId", e.conversationId())
                .put("messageId", e.messageId())
                .put("status", lower(e.status()))
                .put("attempts", e.attempts())
                .put("nextAttemptAt", e.nextAttemptAt() == null ? null : e.nextAttemptAt().toString())
                .put("createdAt", e.createdAt() == null ? null : e.createdAt().toString())
                .put("sentAt", e.sentAt() == null ? null : e.sentAt().toString())
                .put("delivery", e.delivery() == null ? null : lower(e.delivery()))
                .put("lastError", e.lastError() == null ? null : new JsonObject()
                        .put("reason", e.lastError().reason())
                        .put("class", e.lastError().errorClass())
                        .put("at", e.lastErrorAt() == null ? null : e.lastErrorAt().toString()));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}

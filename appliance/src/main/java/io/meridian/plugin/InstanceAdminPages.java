package io.meridian.plugin;

import io.meridian.security.ConsoleSecurity;
import io.meridian.security.Permission;
import io.meridian.spi.ConfigProperty;
import io.meridian.spi.ConnectorDescriptor;
import io.meridian.spi.InvalidConfigException;
import io.meridian.spi.PropertyType;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code /console/plugins/instances} (role ADMIN): the form of a connector instance, rendered from its connector's
 * descriptor, with its outbox of waiting and failed replies; enable, disable, delete (confirmed when replies wait) and
 * "send failed again". Secrets are never shown again: their field stays empty ("set — leave blank to keep").
 */
public final class InstanceAdminPages {

    public static final String PATH = PluginAdminPages.PATH + "/instances";
    private static final int OUTBOX_SHOWN = 50;
    private static final Pattern GOT_VALUE = Pattern.compile("(?s), got '.*'$");
    /** The confirmation the delete form sends once the admin accepts that waiting replies are marked failed. */
    private static final String FAIL_PENDING = "fail-pending";

    private final PluginHost host;
    private final AdminPageKit kit;

    InstanceAdminPages(PluginHost host, AdminPageKit kit) {
        this.host = host;
        this.kit = kit;
    }

    void addRoutes(Router router) {
        router.get(PATH + "/new").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::newForm);
        router.post(PATH).handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::save);
        router.get(PATH + "/:id").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::editForm);
        router.post(PATH + "/:id/enable").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> action(ctx, id -> host.setInstanceEnabled(id, true).mapEmpty(), "enabled"));
        router.post(PATH + "/:id/disable").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> action(ctx, id -> host.setInstanceEnabled(id, false).mapEmpty(), "disabled"));
        router.post(PATH + "/:id/delete").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE)).handler(this::delete);
        router.post(PATH + "/:id/retry").handler(ConsoleSecurity.require(Permission.PLUGINS_MANAGE))
                .handler(ctx -> action(ctx, id -> host.retryOutbox(id).mapEmpty(), "queued again"));
    }

    /** One field of an instance form. {@code secretSet}: a secret is stored, and the field is left empty. */
    public record FormField(String name, String label, String help, String input, String value, boolean required,
            boolean secret, boolean secretSet, String error, String defaultValue) {
    }

    private void action(RoutingContext ctx, Function<String, Future<Void>> op, String done) {
        String id = ctx.pathParam("id");
        op.apply(id).onComplete(ar -> {
            if (ar.succeeded()) {
                AdminPageKit.redirect(ctx, id, done);
            } else {
                kit.failed(ctx, ar.cause());
            }
        });
    }

    /** Deletes at once if no reply waits; otherwise asks first, and marks the waiting replies failed once confirmed. */
    private void delete(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        boolean confirmed = FAIL_PENDING.equals(AdminPageKit.field(ctx, "confirm"));
        host.deleteInstance(id, confirmed).onComplete(ar -> {
            if (ar.succeeded()) {
                AdminPageKit.redirect(ctx, id, "deleted");
            } else if (ar.cause() instanceof PendingOutboxException pending) {
                Map<String, Object> model = kit.model(ctx, "Delete connector instance");
                model.put("id", id);
                model.put("pending", pending.pending());
                model.put("confirm", FAIL_PENDING);
                kit.render(ctx, 409, "plugins-delete", model);
            } else {
                kit.failed(ctx, ar.cause());
            }
        });
    }

    private void newForm(RoutingContext ctx) {
        String pluginId = ctx.request().getParam("plugin");
        String factoryId = ctx.request().getParam("factory");
        ConnectorDescriptor descriptor = host.descriptor(pluginId, factoryId).orElse(null);
        if (descriptor == null) {
            kit.refuse(ctx, 404, "There is no started plugin '" + pluginId + "' with a connector '" + factoryId + "'.");
            return;
        }
        renderForm(ctx, 200, new Form(true, "", pluginId, factoryId, descriptor.displayName(), true, null, Map.of(),
                Set.of(), Map.of(), ""), null);
    }

    /** The instance's form and outbox; for a deleted instance whose replies were kept, just those replies. */
    private void editForm(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        host.instanceForm(id).compose(form -> host.outbox(id, Set.of(OutboxRecords.PENDING, OutboxRecords.FAILED),
                OUTBOX_SHOWN).map(outbox -> Map.entry(form, outbox))).onComplete(ar -> {
                    if (ar.failed()) {
                        kit.failed(ctx, ar.cause());
                        return;
                    }
                    List<OutboxEntry> outbox = ar.result().getValue();
                    if (ar.result().getKey().isEmpty()) {
                        if (outbox.isEmpty()) {
                            kit.refuse(ctx, 404, "There is no connector instance '" + id + "'.");
                        } else {
                            Map<String, Object> model = kit.model(ctx, "Deleted connector instance");
                            model.put("id", id);
                            model.put("outbox", outbox);
                            kit.render(ctx, 200, "plugins-deleted", model);
                        }
                        return;
                    }
                    StoredInstanceForm f = ar.result().getKey().get();
                    renderForm(ctx, 200, new Form(false, f.id(), f.pluginId(), f.factoryId(), f.displayName(),
                            f.enabled(), f.source(), f.values(), f.secretsSet(), Map.of(), ""), outbox);
                });
    }

    private void save(RoutingContext ctx) {
        boolean creating = "new".equals(AdminPageKit.field(ctx, "mode"));
        String id = AdminPageKit.field(ctx, "id").strip();
        String pluginId = AdminPageKit.field(ctx, "plugin");
        String factoryId = AdminPageKit.field(ctx, "factory");
        String name = AdminPageKit.field(ctx, "name").strip();
        boolean enabled = "true".equals(AdminPageKit.field(ctx, "enabled"));
        ConnectorDescriptor descriptor = host.descriptor(pluginId, factoryId).orElse(null);
        if (descriptor == null) {
            kit.refuse(ctx, 409, "The plugin '" + pluginId + "' is not started, or has no connector '" + factoryId
                    + "'. Its instance cannot be changed now.");
            return;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (ConfigProperty p : descriptor.properties()) {
            String value = ctx.request().getFormAttribute("v." + p.name());
            if (p.type() == PropertyType.BOOLEAN && value == null) {
                value = "false";
            }
            values.put(p.name(), value == null ? "" : value);
        }
        Future<Boolean> exists = creating
                ? host.instanceForm(id).map(found -> found.isPresent())
                : Future.succeededFuture(false);
        exists.compose(taken -> {
            if (taken) {
                return Future.failedFuture(new IllegalArgumentException("An instance with the id '" + id
                        + "' exists already; choose another id."));
            }
            return host.saveInstance(new InstanceDraft(id, pluginId, factoryId, name.isEmpty() ? id : name, enabled,
                    null, values));
        }).onComplete(ar -> {
            if (ar.succeeded()) {
                AdminPageKit.redirect(ctx, id, "saved");
                return;
            }
            Throwable cause = ar.cause();
            if (!(cause instanceof InvalidConfigException || cause instanceof IllegalArgumentException
                    || cause instanceof InstanceConflictException || cause instanceof NoSuchElementException)) {
                ctx.fail(cause); // the node's fault: logged once, with the id the error page shows
                return;
            }
            Map<String, String> shown = new LinkedHashMap<>(values);
            descriptor.properties().stream().filter(ConfigProperty::secret).forEach(p -> shown.remove(p.name()));
            Map<String, String> errors = new HashMap<>();
            String error;
            int status;
            if (cause instanceof InvalidConfigException invalid) {
                errors.putAll(invalid.problems());
                error = "Some values need fixing.";
                status = 400;
            } else {
                error = cause.getMessage();
                status = 400;
            }
            host.instanceForm(id).onComplete(stored -> {
                Set<String> secretsSet = stored.succeeded() && stored.result().isPresent()
                        ? stored.result().get().secretsSet() : Set.of();
                renderForm(ctx, status, new Form(creating, id, pluginId, factoryId, name, enabled, null, shown,
                        secretsSet, errors, error), null);
            });
        });
    }

    /** What an instance form shows. */
    private record Form(boolean creating, String id, String pluginId, String factoryId, String name, boolean enabled,
            String source, Map<String, String> values, Set<String> secretsSet, Map<String, String> errors,
            String error) {
    }

    /** Renders the form; {@code outbox} (the waiting and failed replies) is shown when not null. */
    private void renderForm(RoutingContext ctx, int status, Form form, List<OutboxEntry> outbox) {
        ConnectorDescriptor descriptor = host.descriptor(form.pluginId(), form.factoryId()).orElse(null);
        Map<String, Object> model = kit.model(ctx, form.creating() ? "New connector instance"
                : "Connector instance " + form.id());
        model.put("creating", form.creating());
        model.put("id", form.id());
        model.put("pluginId", form.pluginId());
        model.put("factoryId", form.factoryId());
        model.put("name", form.name() == null ? "" : form.name());
        model.put("enabled", form.enabled());
        model.put("source", form.source() == null ? "" : form.source());
        model.put("error", form.error() == null ? "" : form.error());
        model.put("idPattern", InstanceDraft.ID_PATTERN);
        model.put("available", descriptor != null);
        if (outbox != null) {
            model.put("outbox", outbox);
            model.put("hasFailed", outbox.stream().anyMatch(OutboxEntry::failed));
        }
        List<FormField> fields = new ArrayList<>();
        if (descriptor != null) {
            model.put("connectorName", descriptor.displayName());
            model.put("connectorDescription", descriptor.description());
            model.put("egress", LoadedPlugin.egress(descriptor.egress()));
            for (ConfigProperty p : descriptor.properties()) {
                String value = p.secret() ? "" : form.values().getOrDefault(p.name(),
                        form.creating() && p.defaultValue() != null ? p.defaultValue() : "");
                boolean secretSet = form.secretsSet().contains(p.name());
                fields.add(new FormField(p.name(), p.label(), p.help(), input(p), value == null ? "" : value,
                        p.required() && !(p.secret() && secretSet), p.secret(), secretSet,
                        shownProblem(form.errors().getOrDefault(p.name(), "")),
                        p.defaultValue() == null ? "" : p.defaultValue()));
            }
        } else {
            model.put("connectorName", form.factoryId());
            model.put("connectorDescription", "");
            model.put("egress", "");
        }
        model.put("fields", fields);
        kit.render(ctx, status, "plugins-instance", model);
    }

    /**
     * A field's problem without the ", got '...'" the host appends for the REST API: the field shows the value
     * anyway, and without it the sentence is one the console bundles translate (server.plugins.field.*).
     */
    static String shownProblem(String problem) {
        return GOT_VALUE.matcher(problem).replaceFirst("");
    }

    private static String input(ConfigProperty p) {
        if (p.secret()) {
            return "password";
        }
        return switch (p.type()) {
            case TEXT -> "textarea";
            case INTEGER, PORT -> "number";
            case BOOLEAN -> "boolean";
            case URL -> "url";
            case EMAIL -> "email";
            default -> "text";
        };
    }
}

package io.meridian.plugin;

import io.meridian.crypto.DataKeys;
import io.meridian.crypto.FieldCipher;
import io.meridian.plugin.InstanceRecords.InstanceRow;
import io.meridian.plugin.InstanceRecords.ValueRow;
import io.meridian.store.Store;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;

/**
 * Connector instances and plugin on/off settings in the store. Each instance has its own AES-256 key, wrapped by the
 * node's master key (as a contact's is), that seals its secret values: AES-256-GCM with the AAD
 * ({@code connector_values}, instance id, property name), so a sealed secret copied to another instance or property
 * does not open. Secrets are opened only by {@link #load(String, boolean)} with {@code withSecrets}.
 */
final class InstanceStore {

    static final String VALUES_TABLE = "connector_values";

    private final Store store;
    private final DataKeys dataKeys;
    private final InstanceRecords records = new InstanceRecords();
    private final OutboxRecords outbox = new OutboxRecords();
    private final Clock clock;

    InstanceStore(Store store, DataKeys dataKeys, Clock clock) {
        this.store = store;
        this.dataKeys = dataKeys;
        this.clock = clock;
    }

    /** Re-wraps every instance's data key under the current master key (a rotation); how many changed. */
    Future<Integer> rewrapKeys() {
        return store.write(c -> records.rewrapKeys(c, dataKeys::rewrap));
    }

    Future<Map<String, Boolean>> pluginSettings() {
        return store.read(records::pluginSettings);
    }

    Future<Void> setPluginEnabled(String pluginId, boolean enabled) {
        return store.write(c -> {
            records.setPluginEnabled(c, pluginId, enabled, now());
            return null;
        });
    }

    /** Every instance without its secrets. */
    Future<List<StoredInstance>> list() {
        return store.read(c -> {
            List<StoredInstance> all = new ArrayList<>();
            for (InstanceRow row : records.list(c)) {
                all.add(toStored(row, records.values(c, row.id()), false));
            }
            return all;
        });
    }

    Future<Optional<StoredInstance>> load(String id, boolean withSecrets) {
        return store.read(c -> {
            Optional<InstanceRow> row = records.byId(c, id);
            if (row.isEmpty()) {
                return Optional.<StoredInstance>empty();
            }
            return Optional.of(toStored(row.get(), records.values(c, id), withSecrets));
        });
    }

    /**
     * Creates or replaces the instance. Values of properties named in {@code secretNames} are sealed; a blank one
     * keeps the stored secret. An instance defined by a file can only be replaced by that file (not the console).
     *
     * @return true if it was created, false if replaced
     */
    Future<Boolean> save(InstanceDraft draft, Set<String> secretNames) {
        return store.write(c -> {
            Instant now = now();
            Optional<InstanceRow> existing = records.byId(c, draft.id());
            if (existing.isPresent() && existing.get().source() != null && draft.source() == null) {
                throw new InstanceConflictException("connector instance '" + draft.id() + "' is defined in "
                        + existing.get().source() + "; change it there");
            }
            if (existing.isPresent() && draft.source() != null && existing.get().source() == null) {
                throw new InstanceConflictException("connector instance '" + draft.id() + "' of " + draft.source()
                        + " already exists, made in the console; delete it there or rename the file");
            }
            SecretKey key;
            byte[] wrapped;
            Map<String, byte[]> keptSecrets = new LinkedHashMap<>();
            if (existing.isPresent()) {
                wrapped = existing.get().dataKey();
                key = dataKeys.unwrap(wrapped);
                for (ValueRow v : records.values(c, draft.id())) {
                    if (v.sealed() != null) {
                        keptSecrets.put(v.name(), v.sealed());
                    }
                }
            } else {
                key = dataKeys.newKey();
                wrapped = dataKeys.wrap(key);
            }
            InstanceRow row = new InstanceRow(draft.id(), draft.pluginId(), draft.factoryId(), draft.displayName(),
                    draft.enabled(), draft.source(), wrapped);
            if (existing.isPresent()) {
                records.update(c, row, now);
            } else {
                records.insert(c, row, now);
            }
            List<ValueRow> values = new ArrayList<>();
            for (Map.Entry<String, String> e : draft.values().entrySet()) {
                String name = e.getKey();
                String value = e.getValue();
                if (secretNames.contains(name)) {
                    if (value == null || value.isEmpty()) {
                        if (keptSecrets.containsKey(name)) {
                            values.add(new ValueRow(name, null, keptSecrets.get(name)));
                        }
                    } else {
                        values.add(new ValueRow(name, null, FieldCipher.sealText(key, value, VALUES_TABLE,
                                draft.id(), name)));
                    }
                } else if (value != null && !value.isBlank()) {
                    values.add(new ValueRow(name, value, null));
                }
            }
            // A secret the draft does not mention at all is kept too (an API client may send only what changes).
            for (Map.Entry<String, byte[]> kept : keptSecrets.entrySet()) {
                if (!draft.values().containsKey(kept.getKey()) && secretNames.contains(kept.getKey())) {
                    values.add(new ValueRow(kept.getKey(), null, kept.getValue()));
                }
            }
            records.replaceValues(c, draft.id(), values);
            return existing.isEmpty();
        });
    }

    Future<Boolean> setEnabled(String id, boolean enabled) {
        return store.write(c -> records.setEnabled(c, id, enabled, now()));
    }

    /**
     * Deletes an instance, in one transaction with what becomes of its waiting replies: if any are PENDING, fails with
     * {@link PendingOutboxException} and changes nothing, unless {@code failPending}, which marks them FAILED
     * ({@link SendFailure#INSTANCE_DELETED}). Fails with {@link NoSuchElementException} for no such instance.
     *
     * @return how many waiting replies were marked failed
     */
    Future<Integer> delete(String id, boolean failPending) {
        return store.write(c -> {
            int pending = outbox.countPending(c, id);
            if (pending > 0 && !failPending) {
                throw new PendingOutboxException(id, pending);
            }
            int failed = pending == 0 ? 0 : outbox.failPending(c, id, SendFailure.instanceDeleted(), now());
            if (!records.delete(c, id)) {
                throw new NoSuchElementException("no connector instance '" + id + "'");
            }
            return failed;
        });
    }

    /**
     * Deletes an instance whose conf/connectors file is gone, leaving its waiting replies PENDING (they go out if the
     * file comes back: they name the instance by id).
     *
     * @return how many replies wait for it
     */
    Future<Integer> forget(String id) {
        return store.write(c -> {
            int pending = outbox.countPending(c, id);
            records.delete(c, id);
            return pending;
        });
    }

    private StoredInstance toStored(InstanceRow row, List<ValueRow> values, boolean withSecrets) {
        Map<String, String> plain = new LinkedHashMap<>();
        Set<String> secretsSet = new LinkedHashSet<>();
        Map<String, String> secrets = new LinkedHashMap<>();
        SecretKey key = null;
        for (ValueRow v : values) {
            if (v.sealed() == null) {
                plain.put(v.name(), v.text());
                continue;
            }
            secretsSet.add(v.name());
            if (withSecrets) {
                if (key == null) {
                    key = dataKeys.unwrap(row.dataKey());
                }
                secrets.put(v.name(), FieldCipher.openText(key, v.sealed(), VALUES_TABLE, row.id(), v.name()));
            }
        }
        return new StoredInstance(row.id(), row.pluginId(), row.factoryId(), row.displayName(), row.enabled(),
                row.source(), plain, secretsSet, secrets);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

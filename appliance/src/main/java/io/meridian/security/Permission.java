package io.meridian.security;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The fixed list of things a console account may be allowed to do. Admins compose roles from these (see
 * {@link RoleCatalog}); the built-in roles {@link Role#AGENT} and {@link Role#ADMIN} are fixed sets of them. Every
 * console page and REST route names the one permission it needs ({@link ConsoleSecurity#require}).
 */
public enum Permission {
    /** The inbox, conversations, contacts, tickets, search, queues and the routing board. */
    CONVERSATIONS_READ("conversations.read"),
    /** Reply, notes, transfer, close, tickets, tags, contact merges, translation corrections. */
    CONVERSATIONS_REPLY("conversations.reply"),
    /** Customers' names, addresses, numbers and message texts as they are; without it they are masked. */
    PERSONAL_DATA_UNMASKED("personal-data.unmasked"),
    /** Data-subject requests: open, answer, correct, restrict; legal holds; retention. */
    PRIVACY_REQUESTS("privacy.requests"),
    /** Export a customer's data (data-subject access) and download the archive. */
    PRIVACY_EXPORT("privacy.export"),
    /** Erase a customer (crypto-shredding). */
    PRIVACY_ERASE("privacy.erase"),
    /** Teams, agents' routing profiles, holiday calendars, routing setup. */
    TEAMS_MANAGE("teams.manage"),
    /** Plugins, connector instances and their outboxes. */
    PLUGINS_MANAGE("plugins.manage"),
    /** Glossaries and translation retries. */
    TRANSLATION_MANAGE("translation.manage"),
    /** Canned replies shared with everyone. */
    CANNED_REPLIES_MANAGE("canned-replies.manage"),
    /** Reports, service levels, the cluster page. */
    REPORTS_VIEW("reports.view"),
    /** Console accounts and roles. */
    ACCOUNTS_MANAGE("accounts.manage"),
    /** The audit log, its verification and cross-region read records. */
    AUDIT_VIEW("audit.view");

    /** What the built-in agent role may do. */
    public static final Set<Permission> AGENT_DEFAULTS = Set.copyOf(EnumSet.of(
            CONVERSATIONS_READ, CONVERSATIONS_REPLY, PERSONAL_DATA_UNMASKED));

    private final String key;

    Permission(String key) {
        this.key = key;
    }

    /** The name in configuration, the REST API and the console, e.g. {@code conversations.read}. */
    public String key() {
        return key;
    }

    /** The permission named {@code key} ({@link #key()}), if there is one. */
    public static Optional<Permission> ofKey(String key) {
        for (Permission p : values()) {
            if (p.key().equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

package io.meridian.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A resolver whose answers the test writes: each name has a list of answers given in turn (the last one repeats), so
 * a test can make a name change its addresses between lookups as DNS rebinding would. IP literals are parsed, never
 * looked up. Every lookup of a name is recorded.
 */
public final class ScriptedResolver implements HostResolver {

    private final Map<String, List<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final Map<String, Integer> asked = new ConcurrentHashMap<>();
    private final List<String> lookups = new CopyOnWriteArrayList<>();

    /** Adds the next answer for {@code name}: these addresses (IP literals). */
    public ScriptedResolver answer(String name, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(ip(a));
        }
        answers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(List.copyOf(list));
        return this;
    }

    /** From now on {@code name} resolves to these addresses (IP literals) only, as after a DNS change. */
    public ScriptedResolver change(String name, String... addresses) {
        List<InetAddress> list = new ArrayList<>();
        for (String a : addresses) {
            list.add(ip(a));
        }
        // One step, so a lookup running meanwhile gets the old answer or the new one, never none.
        answers.put(name, new CopyOnWriteArrayList<>(List.of(List.copyOf(list))));
        return this;
    }

    @Override
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        if (host.matches("[0-9.]+|.*:.*")) {
            return HostResolver.SYSTEM.resolve(host); // a literal: parsed by the JDK without a lookup
        }
        lookups.add(host);
        List<List<InetAddress>> script = answers.get(host);
        if (script == null) {
            throw new UnknownHostException(host + ": not in the test's script");
        }
        int turn = asked.merge(host, 1, Integer::sum) - 1;
        return script.get(Math.min(turn, script.size() - 1));
    }

    /** The names looked up so far, in order. */
    public List<String> lookups() {
        return Collections.unmodifiableList(lookups);
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // tests pass literals only: parsed, not looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}

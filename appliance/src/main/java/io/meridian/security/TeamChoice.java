package io.meridian.security;

/** A team a role may be scoped to, as the console's roles form offers it. Public for the templates. */
public record TeamChoice(String id, String name) {
}

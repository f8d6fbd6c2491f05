package io.meridian.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The wire form of one event record: its components as a JSON object, prefixed with its length in bytes (as Vert.x
 * does for its own JSON messages). Components may be strings, booleans, ints, longs, doubles, instants (ISO-8601),
 * enums (by name), records of those, and lists of strings; any other type is refused when the codec is made, so an event that could not
 * cross the wire fails at node start, not on the first message to another node. On this node a record is delivered
 * as it is (records are immutable).
 */
public final class RecordCodec<T extends Record> implements MessageCodec<T, T> {

    private static final Set<Class<?>> PLAIN = Set.of(String.class, boolean.class, Boolean.class, int.class,
            Integer.class, long.class, Long.class, double.class, Double.class);

    private final Class<T> type;
    private final Constructor<T> constructor;

    public RecordCodec(Class<T> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        this.type = type;
        this.constructor = canonical(type);
    }

    /** Registers a codec for each type as its default codec on {@code bus}. */
    public static void register(EventBus bus, Collection<Class<? extends Record>> types) {
        for (Class<? extends Record> t : types) {
            registerOne(bus, t);
        }
    }

    private static <R extends Record> void registerOne(EventBus bus, Class<R> t) {
        // A test may start a node twice on one Vert.x: the second registration replaces the first, same codec.
        bus.unregisterDefaultCodec(t);
        bus.registerDefaultCodec(t, new RecordCodec<>(t));
    }

    @Override
    public void encodeToWire(Buffer buffer, T event) {
        Buffer json = toJson(event).toBuffer();
        buffer.appendInt(json.length());
        buffer.appendBuffer(json);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        int length = buffer.getInt(pos);
        int start = pos + Integer.BYTES;
        return fromJson(type, constructor, new JsonObject(buffer.getBuffer(start, start + length)));
    }

    @Override
    public T transform(T event) {
        return event;
    }

    @Override
    public String name() {
        return "meridian:" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }

    private static <R> Constructor<R> canonical(Class<R> type) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> t = components[i].getType();
            if (!PLAIN.contains(t) && t != Instant.class && !t.isEnum() && !t.isRecord()
                    && !isListOfStrings(components[i])) {
                throw new IllegalArgumentException("No wire form for " + type.getName() + "." + components[i].getName()
                        + " of type " + t.getName());
            }
            if (t.isRecord()) {
                canonical(t);
            }
            types[i] = t;
        }
        try {
            Constructor<R> c = type.getDeclaredConstructor(types);
            c.setAccessible(true);
            return c;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("A record has its canonical constructor: " + type.getName(), e);
        }
    }

    private static boolean isListOfStrings(RecordComponent component) {
        return component.getType() == List.class && component.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == String.class;
    }

    private static JsonObject toJson(Record record) {
        JsonObject json = new JsonObject();
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("Reading " + component.getName() + " of " + record.getClass().getName(), e);
            }
            json.put(component.getName(), toWire(value));
        }
        return json;
    }

    private static Object toWire(Object value) {
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Record nested) {
            return toJson(nested);
        }
        if (value instanceof List<?> list) {
            return new JsonArray(new ArrayList<>(list));
        }
        return value;
    }

    private static <R> R fromJson(Class<R> type, Constructor<R> constructor, JsonObject json) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = fromWire(type, components[i], json.getValue(components[i].getName()));
        }
        try {
            return constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException("Not a " + type.getName() + " on the wire", e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object fromWire(Class<?> owner, RecordComponent component, Object value) {
        Class<?> t = component.getType();
        if (value == null) {
            if (t.isPrimitive()) {
                throw new IllegalArgumentException("Not a " + owner.getName() + " on the wire: no " + component.getName());
            }
            return null;
        }
        if (t == boolean.class || t == Boolean.class) {
            return (Boolean) value;
        }
        if (t == int.class || t == Integer.class) {
            return ((Number) value).intValue();
        }
        if (t == long.class || t == Long.class) {
            return ((Number) value).longValue();
        }
        if (t == double.class || t == Double.class) {
            return ((Number) value).doubleValue();
        }
        if (t == Instant.class) {
            return Instant.parse((String) value);
        }
        if (t.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) t, (String) value);
        }
        if (t.isRecord()) {
            return fromJson((Class<Object>) t, canonical((Class<Object>) t), (JsonObject) value);
        }
        if (t == List.class) {
            return ((JsonArray) value).stream().map(String.class::cast).toList();
        }
        return t.cast(value);
    }
}

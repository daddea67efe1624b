package io.strata.orbit.verticle;

import io.strata.crdt.log.LogEntry;
import io.strata.multiformats.Cid;
import io.strata.multiformats.Multibase;
import io.strata.multiformats.MultiformatException;
import io.strata.orbit.OrbitDatabase;
import io.strata.orbit.OrbitException;
import io.strata.orbit.store.CounterStore;
import io.strata.orbit.store.DocumentCondition;
import io.strata.orbit.store.DocumentsStore;
import io.strata.orbit.store.EventsStore;
import io.strata.orbit.store.KeyValueStore;
import io.strata.orbit.store.Operation;
import io.strata.orbit.store.OrbitStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Optional;

/**
 * Carries out {@link OrbitContract#REQUEST} actions on a database's store and describes entries for
 * subscribers: the JSON side of the pure stores. Runs on the verticle's worker.
 */
final class StoreOperations {

    /** A reply and the entries the action appended. */
    record Result(JsonObject reply, List<LogEntry> appended) {
    }

    private StoreOperations() {
    }

    static Result perform(OrbitDatabase database, String action, JsonObject body) {
        OrbitStore store = database.store();
        return switch (action) {
            case "status" -> read(new JsonObject().put("address", database.address().toString())
                    .put("type", store.type().manifestName())
                    .put("entries", store.log().size())
                    .put("heads", new JsonArray(database.heads().stream().map(StoreOperations::hash).toList()))
                    .put("synced", database.synced()));
            case "put" -> {
                if (store instanceof KeyValueStore keyValue) {
                    yield appended(keyValue.put(requiredString(body, "key"), JsonValues.toDataModel(required(body, "value"))));
                }
                if (store instanceof DocumentsStore documents) {
                    yield appended(documents.put(document(body)));
                }
                throw wrongType(store, action);
            }
            case "del" -> {
                if (store instanceof KeyValueStore keyValue) {
                    yield appended(keyValue.del(requiredString(body, "key")));
                }
                if (store instanceof DocumentsStore documents) {
                    yield appended(documents.del(JsonValues.toDataModel(required(body, "key"))));
                }
                throw wrongType(store, action);
            }
            case "get" -> {
                if (store instanceof KeyValueStore keyValue) {
                    yield found(keyValue.get(requiredString(body, "key")));
                }
                if (store instanceof DocumentsStore documents) {
                    yield found(documents.get(JsonValues.toDataModel(required(body, "key")))
                            .map(DocumentsStore.Document::value));
                }
                if (store instanceof EventsStore events) {
                    yield found(events.get(cid(requiredString(body, "key"))));
                }
                throw wrongType(store, action);
            }
            case "all" -> {
                if (store instanceof KeyValueStore keyValue) {
                    yield entries(keyValue.all().stream().map(kv -> keyed(kv.key(), kv.value(), kv.cid())).toList());
                }
                if (store instanceof DocumentsStore documents) {
                    yield entries(documents.all().stream().map(doc -> keyed(doc.key(), doc.value(), doc.cid())).toList());
                }
                if (store instanceof EventsStore events) {
                    yield entries(events.all().stream().map(StoreOperations::event).toList());
                }
                throw wrongType(store, action);
            }
            case "add" -> {
                if (!(store instanceof EventsStore events)) {
                    throw wrongType(store, action);
                }
                yield appended(events.add(JsonValues.toDataModel(required(body, "value"))));
            }
            case "iterate" -> {
                if (!(store instanceof EventsStore events)) {
                    throw wrongType(store, action);
                }
                EventsStore.Query query = new EventsStore.Query(optionalCid(body, "gt"), optionalCid(body, "gte"),
                        optionalCid(body, "lt"), optionalCid(body, "lte"), body.getInteger("limit", -1));
                yield entries(events.iterator(query).stream().map(StoreOperations::event).toList());
            }
            case "query" -> {
                if (!(store instanceof DocumentsStore documents)) {
                    throw wrongType(store, action);
                }
                yield entries(documents.query(conditions(body.getJsonObject("where", new JsonObject())))
                        .stream().map(doc -> keyed(doc.key(), doc.value(), doc.cid())).toList());
            }
            case "increment", "decrement" -> {
                if (!(store instanceof CounterStore counter)) {
                    throw wrongType(store, action);
                }
                long amount = body.getLong("amount", 1L);
                LogEntry entry = "increment".equals(action) ? counter.increment(amount) : counter.decrement(amount);
                yield new Result(new JsonObject().put("hash", hash(entry)).put("value", counter.value()), List.of(entry));
            }
            case "value" -> {
                if (!(store instanceof CounterStore counter)) {
                    throw wrongType(store, action);
                }
                yield read(new JsonObject().put("value", counter.value()));
            }
            default -> throw new OrbitRequestException(OrbitError.BAD_REQUEST, "unknown action '" + action + "'");
        };
    }

    /** What subscribers get for an entry new to this replica: the operation and the store's new value. */
    static JsonObject update(OrbitDatabase database, LogEntry entry) {
        JsonObject update = new JsonObject().put("address", database.address().toString()).put("hash", hash(entry))
                .put("writer", entry.signature().map(signature -> signature.identity()).orElse(null));
        Optional<Operation> operation = Operation.of(entry);
        operation.ifPresent(op -> update.put("op", op.op()).put("key", JsonValues.toJson(op.key()))
                .put("value", JsonValues.toJson(op.value())));
        OrbitStore store = database.store();
        Object key = operation.map(Operation::key).orElse(null);
        Object current = null;
        if (store instanceof KeyValueStore keyValue && key instanceof String text) {
            current = keyValue.get(text).orElse(null);
        } else if (store instanceof DocumentsStore documents && key != null) {
            current = documents.get(key).map(DocumentsStore.Document::value).orElse(null);
        } else if (store instanceof CounterStore counter) {
            current = counter.value();
        } else if (store instanceof EventsStore) {
            current = operation.map(Operation::value).orElse(null);
        }
        return update.put("current", JsonValues.toJson(current));
    }

    static OrbitError errorOf(OrbitException exception) {
        return switch (exception.code()) {
            case NOT_FOUND -> OrbitError.NOT_FOUND;
            default -> OrbitError.BAD_REQUEST;
        };
    }

    private static Result read(JsonObject reply) {
        return new Result(reply, List.of());
    }

    private static Result appended(LogEntry entry) {
        return new Result(new JsonObject().put("hash", hash(entry)), List.of(entry));
    }

    private static Result found(Optional<?> value) {
        return read(new JsonObject().put("found", value.isPresent()).put("value", JsonValues.toJson(value.orElse(null))));
    }

    private static Result entries(List<JsonObject> entries) {
        return read(new JsonObject().put("entries", new JsonArray(List.copyOf(entries))));
    }

    private static JsonObject keyed(Object key, Object value, Cid cid) {
        return new JsonObject().put("key", JsonValues.toJson(key)).put("value", JsonValues.toJson(value))
                .put("hash", cid.toString(Multibase.BASE58BTC));
    }

    /**
     * {@code where}: each field maps to a value it must equal, or to bounds {@code {gt|gte, lt|lte}}.
     *
     * @throws OrbitRequestException {@code BAD_REQUEST} for other bounds or values that are not scalars
     */
    static List<DocumentCondition> conditions(JsonObject where) {
        List<DocumentCondition> conditions = new ArrayList<>();
        for (String field : where.fieldNames()) {
            Object value = where.getValue(field);
            try {
                if (value instanceof JsonObject bounds) {
                    Set<String> unknown = new HashSet<>(bounds.fieldNames());
                    unknown.removeAll(Set.of("gt", "gte", "lt", "lte"));
                    if (!unknown.isEmpty()) {
                        throw new OrbitRequestException(OrbitError.BAD_REQUEST, "the bounds of '" + field
                                + "' are gt, gte, lt and lte, not " + unknown);
                    }
                    conditions.add(DocumentCondition.range(field, bound(bounds, "gt"), bound(bounds, "gte"),
                            bound(bounds, "lt"), bound(bounds, "lte")));
                } else {
                    conditions.add(DocumentCondition.equal(field, JsonValues.toDataModel(value)));
                }
            } catch (OrbitException | NullPointerException e) {
                throw new OrbitRequestException(OrbitError.BAD_REQUEST, "where." + field + ": " + e.getMessage());
            }
        }
        return conditions;
    }

    private static Object bound(JsonObject bounds, String name) {
        return bounds.containsKey(name) ? JsonValues.toDataModel(bounds.getValue(name)) : null;
    }

    private static JsonObject event(EventsStore.Event event) {
        return new JsonObject().put("hash", hash(event.entry())).put("value", JsonValues.toJson(event.value()));
    }

    static String hash(LogEntry entry) {
        return entry.cid().toString(Multibase.BASE58BTC);
    }

    private static OrbitRequestException wrongType(OrbitStore store, String action) {
        return new OrbitRequestException(OrbitError.BAD_REQUEST, "a " + store.type().manifestName()
                + " database has no '" + action + "'");
    }

    private static Object required(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            throw new OrbitRequestException(OrbitError.BAD_REQUEST, "'" + field + "' is required");
        }
        return value;
    }

    private static String requiredString(JsonObject body, String field) {
        if (required(body, field) instanceof String text) {
            return text;
        }
        throw new OrbitRequestException(OrbitError.BAD_REQUEST, "'" + field + "' must be a string");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> document(JsonObject body) {
        if (JsonValues.toDataModel(required(body, "document")) instanceof Map<?, ?> document) {
            return (Map<String, ?>) document;
        }
        throw new OrbitRequestException(OrbitError.BAD_REQUEST, "'document' must be an object");
    }

    private static Cid optionalCid(JsonObject body, String field) {
        String text = body.getString(field);
        return text == null ? null : cid(text);
    }

    private static Cid cid(String text) {
        try {
            return Cid.parse(text);
        } catch (MultiformatException e) {
            throw new OrbitRequestException(OrbitError.BAD_REQUEST, "'" + text + "' is not a CID");
        }
    }
}

package io.strata.orbit.verticle;

/**
 * The orbit verticle's event-bus contract. Bodies are {@link io.vertx.core.json.JsonObject}s.
 *
 * <p>Node-local: {@link #REQUEST} takes {@code {action, ...}} and replies with a JSON object, or fails with
 * an {@link OrbitError} code and message. Actions:
 * <table>
 * <caption>Actions</caption>
 * <tr><th>action</th><th>fields</th><th>reply</th></tr>
 * <tr><td>identity</td><td></td><td>{@code {id, publicKey, hash}} of this node's OrbitDB identity</td></tr>
 * <tr><td>open</td><td>{@code name, type, write[] (default: this node), indexBy?, indexedFields[]?} or
 *     {@code address, indexBy?, indexedFields[]?} (documents: the key field and the fields given a query index)</td>
 *     <td>{@code {address, name, type}}; the same name, type and write list give the same address everywhere</td></tr>
 * <tr><td>list</td><td></td><td>{@code {databases: [{address, name, type}]}}</td></tr>
 * <tr><td>status</td><td>address</td><td>{@code {address, type, entries, heads[], synced, replayedOnOpen}}</td></tr>
 * <tr><td>drop</td><td>address</td><td>{@code {}}; the database is closed and forgotten here</td></tr>
 * <tr><td>put</td><td>address, key, value (keyvalue) or document (documents)</td><td>{@code {hash}}</td></tr>
 * <tr><td>del</td><td>address, key</td><td>{@code {hash}}</td></tr>
 * <tr><td>get</td><td>address, key</td><td>{@code {found, value}}</td></tr>
 * <tr><td>all</td><td>address</td><td>{@code {entries: [{key, value, hash}]}} (events: {@code [{hash, value}]})</td></tr>
 * <tr><td>add</td><td>address, value (events)</td><td>{@code {hash}}</td></tr>
 * <tr><td>iterate</td><td>address, gt?, gte?, lt?, lte?, limit? (events)</td><td>{@code {entries: [{hash, value}]}}, newest first</td></tr>
 * <tr><td>query</td><td>address, where: {field: value or {gt|gte?, lt|lte?}} (documents)</td><td>{@code {entries: [{key, value, hash}]}}</td></tr>
 * <tr><td>increment, decrement</td><td>address, amount (counter)</td><td>{@code {hash, value}}</td></tr>
 * <tr><td>value</td><td>address (counter)</td><td>{@code {value}}</td></tr>
 * </table>
 *
 * <p>Node-local publishes: {@link #UPDATES}{@code <address>} carries {@code {address, hash, op, key, value,
 * current}} for every entry that is new here (appended or replicated), where {@code current} is the store's
 * new value for that key (the counter's new total); {@link #SYNCED}{@code <address>} carries
 * {@code {address, synced: true}} whenever this replica has caught up with every head its peers announced.
 *
 * <p>Cluster-wide: {@link #HEADS}{@code <address>} (publish) {@code {from, heads: [base64 entry], identities:
 * [base64 identity block]}}; {@link #HELLO}{@code <address>} (publish) {@code {from}} asks every replica to
 * announce its heads; {@link #BLOCKS}{@code <node>} and {@link #DATABASE_BLOCKS}{@code <address>} (request)
 * {@code {cid}} reply {@code {bytes: base64}} for a block this node holds or fail with 404.
 */
public final class OrbitContract {

    public static final String PREFIX = "strata.orbit.";
    public static final String REQUEST = PREFIX + "request";
    public static final String UPDATES = PREFIX + "updates.";
    public static final String SYNCED = PREFIX + "synced.";
    public static final String HEADS = PREFIX + "heads.";
    public static final String HELLO = PREFIX + "hello.";
    public static final String BLOCKS = PREFIX + "blocks.";
    public static final String DATABASE_BLOCKS = PREFIX + "db-blocks.";

    private OrbitContract() {
    }
}

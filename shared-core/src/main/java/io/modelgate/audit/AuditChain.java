package io.modelgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hash chain of audit records. Each sink keeps one chain per model and environment: a record
 * carries the hash of the chain's previous record, and its own hash covers that link, so editing,
 * deleting (but the newest), reordering or forking records breaks a link that {@link #verify} finds.
 * There is no secret key: whoever can rewrite a record and every later one, recomputing the hashes,
 * is not detected.
 *
 * <p>The canonical form hashed is a JSON object (UTF-8, no spaces) of every record field but
 * {@code hash}, keys in snake_case sorted by name, nulls included, version numbers as numbers, and
 * the time as {@link Instant#toString()} of the instant truncated to microseconds (what the Delta
 * table keeps). {@code audit verify} recomputes it from either sink's stored values.
 */
public final class AuditChain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditChain() {
    }

    /** The time as the chain hashes and the sinks store it: ISO-8601, truncated to microseconds. */
    static String time(String time) {
        if (time == null) throw new IllegalArgumentException("an audit record needs a time");
        return Instant.parse(time).truncatedTo(ChronoUnit.MICROS).toString();
    }

    /** Hex SHA-256 of the record's canonical form; throws IllegalArgumentException when its time is not an instant. */
    public static String hash(AuditRecord record) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("time", time(record.time()));
        fields.put("action", record.action());
        fields.put("outcome", record.outcome());
        fields.put("model", record.model());
        fields.put("version", record.version());
        fields.put("target", record.target());
        fields.put("previous_version", record.previousVersion());
        fields.put("environment", record.environment());
        fields.put("actor", record.actor());
        fields.put("branch", record.branch());
        fields.put("commit", record.commit());
        fields.put("run_url", record.runUrl());
        fields.put("registry", record.registry());
        fields.put("detail", record.detail());
        fields.put("approver", record.approver());
        fields.put("previous_hash", record.previousHash());
        try {
            return sha256(JSON.writeValueAsString(fields));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Which chain a record belongs to: its model and environment. */
    static String chainOf(AuditRecord record) {
        return record.model() + "\u0000" + record.environment();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One stored record as verify sees it.
     *
     * @param where  how a user finds it: time, action, version (and line, in a file)
     * @param intact whether its stored hash is the hash of its stored fields
     */
    public record Link(String model, String environment, String where, Instant time, String previousHash, String hash, boolean intact) {

        public static Link of(AuditRecord record, String where) {
            boolean intact;
            Instant time;
            try {
                intact = record.hash() != null && record.hash().equals(AuditChain.hash(record));
                time = Instant.parse(record.time());
            } catch (IllegalArgumentException | DateTimeParseException e) {
                intact = false;
                time = Instant.EPOCH;
            }
            return new Link(record.model(), record.environment(), where, time, record.previousHash(), record.hash(), intact);
        }

        /** A stored line that is not a record at all: broken wherever it is. */
        static Link unreadable(String where) {
            return new Link(null, null, where, Instant.EPOCH, null, "", false);
        }

        boolean chained() {
            return hash != null;
        }
    }

    /** The first broken link of one chain: which record, and what is wrong with it. */
    public record Broken(String model, String environment, String where, String problem) {
    }

    /**
     * @param chains    chains (model and environment) seen
     * @param chained   records with a hash
     * @param unchained records written before the chain existed (no hash): not verifiable, not broken
     * @param broken    the first broken link of each broken chain
     */
    public record Verdict(int chains, long chained, long unchained, List<Broken> broken) {
        public boolean intact() {
            return broken.isEmpty();
        }
    }

    /**
     * Recomputes every chain. With {@code storedOrder} (a JSON lines file) the records of a chain
     * must be stored in the order of their links; otherwise (a Delta table, which has no order)
     * a chain is walked by its links from its first record.
     */
    public static Verdict verify(List<Link> links, boolean storedOrder) {
        Map<String, List<Link>> chains = new LinkedHashMap<>();
        long unchained = 0;
        for (Link link : links) {
            List<Link> chain = chains.computeIfAbsent(link.model() + "\u0000" + link.environment(), k -> new ArrayList<>());
            if (link.chained()) {
                chain.add(link);
            } else {
                unchained++;
            }
        }
        List<Broken> broken = new ArrayList<>();
        for (List<Link> chain : chains.values()) {
            Broken first = firstBroken(storedOrder ? chain : linkOrder(chain), storedOrder);
            if (first != null) broken.add(first);
        }
        return new Verdict(chains.size(), links.size() - unchained, unchained, List.copyOf(broken));
    }

    private static Broken firstBroken(List<Link> chain, boolean storedOrder) {
        Set<String> hashes = new HashSet<>();
        chain.forEach(link -> hashes.add(link.hash()));
        Set<String> followed = new HashSet<>();
        String before = null;
        for (Link link : chain) {
            String previous = link.previousHash();
            String problem = null;
            if (!link.intact()) {
                problem = "its hash does not match its fields: the record was edited";
            } else if (previous != null && !hashes.contains(previous)) {
                problem = "its previous record (" + shortHash(previous) + ") is not in the chain: a record was deleted or rewritten";
            } else if (!followed.add(Objects.toString(previous, ""))) {
                problem = previous == null ? "a second first record: the chain forked"
                        : "another record already follows " + shortHash(previous) + ": the chain forked";
            } else if (storedOrder && !Objects.equals(previous, before)) {
                problem = "it follows " + (previous == null ? "no record" : shortHash(previous)) + " but is stored after "
                        + (before == null ? "no record" : shortHash(before)) + ": the records were reordered";
            }
            if (problem != null) return new Broken(link.model(), link.environment(), link.where(), problem);
            before = link.hash();
        }
        return null;
    }

    /**
     * One chain's records (one model and environment) in the order they were appended: by their
     * links, which the appenders serialise, not by the runners' clocks; older unhashed records by time.
     */
    public static List<AuditRecord> appendOrder(List<AuditRecord> chain) {
        List<Link> links = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) links.add(Link.of(chain.get(i), String.valueOf(i)));
        return linkOrder(links).stream().map(link -> chain.get(Integer.parseInt(link.where()))).toList();
    }

    /** The chain walked by its links: its first record, then each record's followers (by time), then records whose predecessor is missing. */
    private static List<Link> linkOrder(List<Link> chain) {
        Set<String> hashes = new HashSet<>();
        chain.forEach(link -> hashes.add(link.hash()));
        Map<String, List<Link>> followers = new HashMap<>();
        List<Link> roots = new ArrayList<>();
        Comparator<Link> byTime = Comparator.comparing(Link::time);
        for (Link link : chain) {
            if (link.previousHash() != null && hashes.contains(link.previousHash())) {
                followers.computeIfAbsent(link.previousHash(), k -> new ArrayList<>()).add(link);
            } else {
                roots.add(link);
            }
        }
        roots.sort(Comparator.comparing((Link link) -> link.previousHash() != null).thenComparing(byTime));
        List<Link> order = new ArrayList<>();
        Set<Link> seen = Collections.newSetFromMap(new IdentityHashMap<>()); // a replayed copy of a record is equal but another record
        Deque<Link> next = new ArrayDeque<>();
        for (Link root : roots) {
            next.push(root);
            while (!next.isEmpty()) {
                Link link = next.pop();
                if (!seen.add(link)) continue;
                order.add(link);
                List<Link> after = new ArrayList<>(followers.getOrDefault(link.hash(), List.of()));
                after.sort(byTime.reversed()); // pushed newest first, so the earliest follower is walked first
                after.forEach(next::push);
            }
        }
        // A cycle of forged links has no root: still verified, by time.
        chain.stream().filter(link -> !seen.contains(link)).sorted(byTime).forEach(order::add);
        return order;
    }

    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}

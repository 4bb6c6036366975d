package io.modelgate.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** The newest records that match a filter, of records streamed by in any order: only {@code limit} are held. */
final class NewestRecords implements Consumer<AuditRecord> {

    private static final Comparator<AuditRecord> BY_TIME = Comparator.comparing(record -> Instant.parse(record.time()));

    private final int limit;
    private final Predicate<AuditRecord> filter;
    private final PriorityQueue<AuditRecord> newest = new PriorityQueue<>(BY_TIME);

    NewestRecords(int limit, Predicate<AuditRecord> filter) {
        this.limit = limit;
        this.filter = filter;
    }

    @Override
    public void accept(AuditRecord record) {
        if (!filter.test(record)) return;
        newest.add(record);
        if (newest.size() > limit) newest.poll();
    }

    /** Newest first. */
    List<AuditRecord> list() {
        List<AuditRecord> records = new ArrayList<>(newest);
        records.sort(BY_TIME.reversed());
        return records;
    }
}

package io.modelgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.modelgate.fault.Fault;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Audit records as JSON lines (snake_case keys) appended to one file. Appends take an exclusive
 * file lock, so runs sharing an output directory never interleave their lines, and under it the
 * record is chained to the newest record of its model and environment in the file ({@link AuditChain}).
 */
public final class JsonLinesAuditSink implements AuditSink {

    public static final String FILE_NAME = "registry-audit.jsonl";

    static final ObjectMapper JSON = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Path file;

    public JsonLinesAuditSink(Path file) {
        this.file = file;
    }

    public static JsonLinesAuditSink inDirectory(Path outputDir) {
        return new JsonLinesAuditSink(outputDir.resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    @Override
    public void append(AuditRecord record) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                AuditRecord chained = record.chainedAfter(newestHash(channel, AuditChain.chainOf(record)));
                ByteBuffer buffer = ByteBuffer.wrap((JSON.writeValueAsString(chained) + "\n").getBytes(StandardCharsets.UTF_8));
                long at = channel.size();
                while (buffer.hasRemaining()) at += channel.write(buffer, at);
                channel.force(false);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw Fault.infrastructure("cannot append the audit record to " + file + ": " + e.getMessage(), e);
        }
    }

    /** The hash of the chain's newest record in the file, null when the chain has none yet; lines that are not records are skipped. */
    private static String newestHash(FileChannel channel, String chain) throws IOException {
        String newest = null;
        // Not closed: that would close the channel. Bytes that are not UTF-8 are replaced: a damaged line must not stop appends.
        BufferedReader lines = new BufferedReader(Channels.newReader(channel, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE), -1));
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            AuditRecord record = parse(line);
            if (record != null && record.hash() != null && AuditChain.chainOf(record).equals(chain)) newest = record.hash();
        }
        return newest;
    }

    /** One line of the file: its number from 1, and its record, or null when the line is not an audit record. */
    public record Line(long number, AuditRecord record) {
    }

    /** Streams the file's non-blank lines in order; a missing file is a usage error, an unreadable one an infrastructure error. */
    public void read(Consumer<Line> each) {
        try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long number = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                number++;
                if (!line.isBlank()) each.accept(new Line(number, parse(line)));
            }
        } catch (NoSuchFileException e) {
            throw Fault.usage("audit file " + file + " does not exist");
        } catch (IOException e) {
            throw Fault.infrastructure("audit file " + file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /** Records matching the filter, newest first; the file is streamed, only {@code limit} records are held. */
    public List<AuditRecord> recent(int limit, Predicate<AuditRecord> filter) {
        NewestRecords newest = new NewestRecords(limit, filter);
        read(line -> {
            if (line.record() == null || !hasTime(line.record())) {
                throw Fault.infrastructure("audit file " + file + " line " + line.number() + " is not an audit record");
            }
            newest.accept(line.record());
        });
        return newest.list();
    }

    /** Every line's link, in file order, for {@code audit verify}; a line that is not a record is a broken link of its own. */
    public List<AuditChain.Link> links() {
        List<AuditChain.Link> links = new ArrayList<>();
        read(line -> {
            AuditRecord record = line.record();
            links.add(record == null ? AuditChain.Link.unreadable("line " + line.number() + " (not an audit record)")
                    : AuditChain.Link.of(record, "line " + line.number() + ": " + record.time() + " " + record.action() + " version " + record.version()));
        });
        return links;
    }

    private static boolean hasTime(AuditRecord record) {
        try {
            AuditChain.time(record.time());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static AuditRecord parse(String line) {
        try {
            return JSON.readValue(line, AuditRecord.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

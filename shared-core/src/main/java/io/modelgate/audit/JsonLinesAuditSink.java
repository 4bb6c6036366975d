package io.modelgate.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.modelgate.fault.Fault;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Audit records as JSON lines (snake_case keys) appended to one file. Appends take an
 * exclusive file lock, so runs sharing an output directory never interleave their lines.
 */
public final class JsonLinesAuditSink implements AuditSink {

    public static final String FILE_NAME = "registry-audit.jsonl";

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

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
            byte[] line = (json.writeValueAsString(record) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
                 FileLock ignored = channel.lock()) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) channel.write(buffer);
                channel.force(false);
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw Fault.infrastructure("cannot append the audit record to " + file + ": " + e.getMessage(), e);
        }
    }
}

package org.spotlight.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cuts a JSON-lines file into FlowFile contents of a fixed number of records, one chunk at a time. */
final class FlowFileChunks implements AutoCloseable {

    private final InputStream in;
    private final int recordsPerChunk;
    private final byte[] buffer = new byte[1 << 20];
    private final ByteArrayOutputStream chunk = new ByteArrayOutputStream(4 << 20);
    private int position;
    private int limit;
    private int records;

    FlowFileChunks(final Path file, final int recordsPerChunk) throws IOException {
        this.in = Files.newInputStream(file);
        this.recordsPerChunk = recordsPerChunk;
    }

    /** @return the next chunk's bytes, or null at the end of the file */
    byte[] next() throws IOException {
        chunk.reset();
        records = 0;
        while (records < recordsPerChunk) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    break;
                }
            }
            int end = position;
            while (end < limit && records < recordsPerChunk) {
                if (buffer[end++] == '\n') {
                    records++;
                }
            }
            chunk.write(buffer, position, end - position);
            position = end;
        }
        return chunk.size() == 0 ? null : chunk.toByteArray();
    }

    int records() {
        return records;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

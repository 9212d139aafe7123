package org.spotlight.chdb;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * chDB's C API (programs/local/chdb.h of chdb-core) called through Java's FFM API: connections, materialized and
 * queries and streamed inserts. Nothing here interprets SQL; every statement
 * goes to the engine as it is.
 */
final class Chdb {

    private static final AddressLayout POINTER = ValueLayout.ADDRESS;
    private static final ValueLayout.OfLong SIZE = ValueLayout.JAVA_LONG;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT;
    /** Error texts are NUL-terminated C strings of unknown length: read them through a generous window. */
    private static final long C_STRING_WINDOW = 16L * 1024 * 1024;
    private static final int OUTPUT_SLICE = 64 * 1024;

    private final MethodHandle connect;
    private final MethodHandle closeConnection;
    private final MethodHandle query;
    private final MethodHandle queryWithParams;
    private final MethodHandle destroyResult;
    private final MethodHandle resultBuffer;
    private final MethodHandle resultLength;
    private final MethodHandle resultError;
    private final MethodHandle resultElapsed;
    private final MethodHandle resultRowsRead;
    private final MethodHandle resultBytesRead;
    private final MethodHandle resultRowsWritten;
    private final MethodHandle resultBytesWritten;
    private final MethodHandle insert;
    private final MethodHandle insertAppend;
    private final MethodHandle insertDone;
    private final MethodHandle insertError;
    private final MethodHandle insertDestroy;

    /** Loads the library for the life of the process and turns off chDB's signal handlers, which would take the JVM's. */
    Chdb(final Path library) {
        final SymbolLookup lookup = SymbolLookup.libraryLookup(library, Arena.global());
        final Linker linker = Linker.nativeLinker();
        final Binder bind = (name, descriptor) -> linker.downcallHandle(lookup.find(name)
                .orElseThrow(() -> new IllegalStateException(library + " has no symbol " + name + ": not a chDB library of the expected API")), descriptor);
        connect = bind.handle("chdb_connect", FunctionDescriptor.of(POINTER, INT, POINTER));
        closeConnection = bind.handle("chdb_close_conn", FunctionDescriptor.ofVoid(POINTER));
        query = bind.handle("chdb_query_n", FunctionDescriptor.of(POINTER, POINTER, POINTER, SIZE, POINTER, SIZE));
        queryWithParams = bind.handle("chdb_query_with_params_n", FunctionDescriptor.of(POINTER, POINTER, POINTER, SIZE, POINTER, SIZE,
                POINTER, POINTER, POINTER, POINTER, SIZE));
        destroyResult = bind.handle("chdb_destroy_query_result", FunctionDescriptor.ofVoid(POINTER));
        resultBuffer = bind.handle("chdb_result_buffer", FunctionDescriptor.of(POINTER, POINTER));
        resultLength = bind.handle("chdb_result_length", FunctionDescriptor.of(SIZE, POINTER));
        resultError = bind.handle("chdb_result_error", FunctionDescriptor.of(POINTER, POINTER));
        resultElapsed = bind.handle("chdb_result_elapsed", FunctionDescriptor.of(ValueLayout.JAVA_DOUBLE, POINTER));
        resultRowsRead = bind.handle("chdb_result_rows_read", FunctionDescriptor.of(SIZE, POINTER));
        resultBytesRead = bind.handle("chdb_result_bytes_read", FunctionDescriptor.of(SIZE, POINTER));
        resultRowsWritten = bind.handle("chdb_result_rows_written", FunctionDescriptor.of(SIZE, POINTER));
        resultBytesWritten = bind.handle("chdb_result_bytes_written", FunctionDescriptor.of(SIZE, POINTER));
        insert = bind.handle("chdb_stream_insert_n", FunctionDescriptor.of(POINTER, POINTER, POINTER, SIZE, POINTER, SIZE));
        insertAppend = bind.handle("chdb_stream_append", FunctionDescriptor.of(INT, POINTER, POINTER, SIZE));
        insertDone = bind.handle("chdb_stream_done", FunctionDescriptor.of(POINTER, POINTER));
        insertError = bind.handle("chdb_stream_insert_error", FunctionDescriptor.of(POINTER, POINTER));
        insertDestroy = bind.handle("chdb_destroy_insert_stream", FunctionDescriptor.ofVoid(POINTER));
        final MethodHandle signalHandlers = bind.handle("chdb_set_signal_handlers_enabled", FunctionDescriptor.ofVoid(INT));
        try {
            signalHandlers.invokeExact(0);
        } catch (final Throwable e) {
            throw new IllegalStateException("chdb_set_signal_handlers_enabled failed", e);
        }
    }

    @FunctionalInterface
    private interface Binder {
        MethodHandle handle(String name, FunctionDescriptor descriptor);
    }

    /** What a finished statement reports. */
    record Stats(long rowsRead, long bytesRead, long rowsWritten, long bytesWritten, long elapsedNanos) {
        static final Stats NONE = new Stats(0, 0, 0, 0, 0);
    }

    /** An error the engine reported, with ClickHouse's own text ("Code: 60. DB::Exception: ... (UNKNOWN_TABLE)"). */
    static final class EngineError extends Exception {
        EngineError(final String message) {
            super(message);
        }
    }

    /**
     * Opens a connection with clickhouse-local style arguments. The first connection of the process boots the engine
     * (--path, --config-file); later ones must name the same --path.
     */
    Connection connect(final List<String> arguments) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment argv = arena.allocate(POINTER, arguments.size() + 1L);
            for (int i = 0; i < arguments.size(); i++) {
                argv.setAtIndex(POINTER, i, arena.allocateFrom(arguments.get(i)));
            }
            final MemorySegment handle = (MemorySegment) connect.invokeExact(arguments.size(), argv);
            if (handle.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("chdb_connect failed for " + arguments.stream().filter(a -> !a.contains("password")).toList());
            }
            return new Connection(handle);
        } catch (final RuntimeException e) {
            throw e;
        } catch (final Throwable e) {
            throw new IllegalStateException("chdb_connect failed", e);
        }
    }

    /** One engine connection: one statement at a time, settings and current database of its own. */
    final class Connection implements AutoCloseable {

        private final MemorySegment handlePointer;
        private final MemorySegment handle;

        private Connection(final MemorySegment handlePointer) {
            this.handlePointer = handlePointer;
            this.handle = handlePointer.reinterpret(POINTER.byteSize()).get(POINTER, 0);
        }

        /** Runs a statement whose output is small or empty (DDL, SET, USE, a count); returns the output bytes. */
        byte[] run(final String sql, final String format, final Map<String, String> parameters) throws EngineError {
            final MemorySegment result = call(sql, format, parameters);
            try {
                throwIfFailed(result);
                return bytes(result);
            } finally {
                destroy(result);
            }
        }

        /**
         * Runs a statement and hands its output to {@code sink}, copied out of the engine's result in slices so that the
         * JVM never holds a large result whole (the engine materializes it: chDB's streamed results repeat a format's
         * header in every chunk, which would corrupt TabSeparatedWithNames and the like).
         */
        Stats run(final String sql, final String format, final Map<String, String> parameters, final Sink sink) throws EngineError, java.io.IOException {
            final MemorySegment result = call(sql, format, parameters);
            try {
                throwIfFailed(result);
                final Stats stats = stats(result);
                sink.start(stats);
                final long length = (long) resultLength.invokeExact(result);
                if (length > 0) {
                    final MemorySegment output = ((MemorySegment) resultBuffer.invokeExact(result)).reinterpret(length);
                    final byte[] slice = new byte[(int) Math.min(OUTPUT_SLICE, length)];
                    for (long offset = 0; offset < length; offset += slice.length) {
                        final int size = (int) Math.min(slice.length, length - offset);
                        MemorySegment.copy(output, ValueLayout.JAVA_BYTE, offset, slice, 0, size);
                        sink.write(slice, size);
                    }
                }
                return stats;
            } catch (final EngineError | java.io.IOException | RuntimeException e) {
                throw e;
            } catch (final Throwable e) {
                throw new IllegalStateException("reading a chDB result failed", e);
            } finally {
                destroy(result);
            }
        }

        /**
         * Streams an INSERT's data into the engine as it arrives: {@code statement} is the INSERT without its FORMAT
         * clause, {@code format} the data's format. The engine applies back-pressure; memory stays bounded.
         */
        Stats insert(final String statement, final String format, final java.io.InputStream data, final int chunkSize) throws EngineError, java.io.IOException {
            final MemorySegment stream;
            try (Arena arena = Arena.ofConfined()) {
                final Text query = Text.of(arena, statement);
                final Text dataFormat = Text.of(arena, format);
                stream = (MemorySegment) insert.invokeExact(handle, query.segment(), query.length(), dataFormat.segment(), dataFormat.length());
            } catch (final Throwable e) {
                throw new IllegalStateException("chdb_stream_insert_n failed", e);
            }
            try (Arena arena = Arena.ofConfined()) {
                throwIfInsertFailed(stream);
                final MemorySegment buffer = arena.allocate(chunkSize);
                final byte[] chunk = new byte[chunkSize];
                for (int read = data.readNBytes(chunk, 0, chunkSize); read > 0; read = data.readNBytes(chunk, 0, chunkSize)) {
                    MemorySegment.copy(chunk, 0, buffer, ValueLayout.JAVA_BYTE, 0, read);
                    final int state = (int) insertAppend.invokeExact(stream, buffer, (long) read);
                    if (state != 0) {
                        throwIfInsertFailed(stream);
                        throw new EngineError("Code: 1001. DB::Exception: chdb_stream_append failed without an error message. (STD_EXCEPTION)");
                    }
                }
                final MemorySegment result = (MemorySegment) insertDone.invokeExact(stream);
                try {
                    throwIfFailed(result);
                    return stats(result);
                } finally {
                    destroy(result);
                }
            } catch (final EngineError | java.io.IOException | RuntimeException e) {
                throw e;
            } catch (final Throwable e) {
                throw new IllegalStateException("streamed insert failed", e);
            } finally {
                try {
                    insertDestroy.invokeExact(stream);
                } catch (final Throwable ignored) {
                    // Destroying cancels an unfinished stream; nothing else to release.
                }
            }
        }

        private MemorySegment call(final String sql, final String format, final Map<String, String> parameters) {
            try (Arena arena = Arena.ofConfined()) {
                final Text query = Text.of(arena, sql);
                final Text outputFormat = Text.of(arena, format);
                if (parameters.isEmpty()) {
                    return (MemorySegment) Chdb.this.query.invokeExact(handle, query.segment(), query.length(), outputFormat.segment(), outputFormat.length());
                }
                final int count = parameters.size();
                final MemorySegment names = arena.allocate(POINTER, count);
                final MemorySegment nameLengths = arena.allocate(SIZE, count);
                final MemorySegment values = arena.allocate(POINTER, count);
                final MemorySegment valueLengths = arena.allocate(SIZE, count);
                int i = 0;
                for (Map.Entry<String, String> parameter : parameters.entrySet()) {
                    final Text name = Text.of(arena, parameter.getKey());
                    final Text value = Text.of(arena, parameter.getValue());
                    names.setAtIndex(POINTER, i, name.segment());
                    nameLengths.setAtIndex(SIZE, i, name.length());
                    values.setAtIndex(POINTER, i, value.segment());
                    valueLengths.setAtIndex(SIZE, i, value.length());
                    i++;
                }
                return (MemorySegment) queryWithParams.invokeExact(handle, query.segment(), query.length(), outputFormat.segment(), outputFormat.length(),
                        names, nameLengths, values, valueLengths, (long) count);
            } catch (final Throwable e) {
                throw new IllegalStateException("chdb_query_n failed", e);
            }
        }

        @Override
        public void close() {
            try {
                closeConnection.invokeExact(handlePointer);
            } catch (final Throwable e) {
                throw new IllegalStateException("chdb_close_conn failed", e);
            }
        }
    }

    /** Receives a statement's output: what the statement did, then its output in slices. */
    interface Sink {
        void start(Stats stats) throws java.io.IOException;

        void write(byte[] data, int length) throws java.io.IOException;
    }

    private record Text(MemorySegment segment, long length) {
        static Text of(final Arena arena, final String value) {
            final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            final MemorySegment segment = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
            return new Text(segment, bytes.length);
        }
    }

    private void throwIfFailed(final MemorySegment result) throws EngineError {
        if (result.equals(MemorySegment.NULL)) {
            throw new EngineError("Code: 1001. DB::Exception: the engine returned no result. (STD_EXCEPTION)");
        }
        final String error;
        try {
            error = cString((MemorySegment) resultError.invokeExact(result));
        } catch (final Throwable e) {
            throw new IllegalStateException("chdb_result_error failed", e);
        }
        if (error != null) {
            throw new EngineError(error);
        }
    }

    private void throwIfInsertFailed(final MemorySegment stream) throws EngineError {
        final String error;
        try {
            error = cString((MemorySegment) insertError.invokeExact(stream));
        } catch (final Throwable e) {
            throw new IllegalStateException("chdb_stream_insert_error failed", e);
        }
        if (error != null) {
            throw new EngineError(error);
        }
    }

    private byte[] bytes(final MemorySegment result) {
        try {
            final long length = (long) resultLength.invokeExact(result);
            if (length == 0) {
                return new byte[0];
            }
            final MemorySegment buffer = (MemorySegment) resultBuffer.invokeExact(result);
            return buffer.reinterpret(length).toArray(ValueLayout.JAVA_BYTE);
        } catch (final Throwable e) {
            throw new IllegalStateException("reading a chDB result failed", e);
        }
    }

    private Stats stats(final MemorySegment result) {
        try {
            return new Stats((long) resultRowsRead.invokeExact(result), (long) resultBytesRead.invokeExact(result),
                    (long) resultRowsWritten.invokeExact(result),
                    (long) resultBytesWritten.invokeExact(result), (long) ((double) resultElapsed.invokeExact(result) * 1e9));
        } catch (final Throwable e) {
            throw new IllegalStateException("reading chDB result statistics failed", e);
        }
    }

    private void destroy(final MemorySegment result) {
        if (result.equals(MemorySegment.NULL)) {
            return;
        }
        try {
            destroyResult.invokeExact(result);
        } catch (final Throwable e) {
            throw new IllegalStateException("chdb_destroy_query_result failed", e);
        }
    }

    private static String cString(final MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : pointer.reinterpret(C_STRING_WINDOW).getString(0);
    }
}

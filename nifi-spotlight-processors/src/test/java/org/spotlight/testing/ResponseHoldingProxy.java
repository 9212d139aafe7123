package org.spotlight.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real ClickHouse that can simulate the worst kind of timeout: the server receives and
 * commits an insert, but its answer never reaches the client, which gives up and has to assume the insert failed.
 * While {@link #holdInsertResponses(boolean) holding}, a connection that carries an INSERT gets no more bytes back;
 * every other request passes through untouched.
 */
public final class ResponseHoldingProxy implements AutoCloseable {

    private static final byte[] INSERT_MARKER = "query=INSERT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final AtomicBoolean holding = new AtomicBoolean();
    private final AtomicInteger heldResponses = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    /**
     * @param targetUrl the real server, e.g. http://127.0.0.1:8123
     */
    public ResponseHoldingProxy(final String targetUrl) throws IOException {
        final URI uri = URI.create(targetUrl);
        target = new InetSocketAddress(uri.getHost(), uri.getPort());
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = Thread.ofVirtual().name("proxy-accept").start(this::accept);
    }

    public String url() {
        return "http://127.0.0.1:" + listener.getLocalPort();
    }

    public void holdInsertResponses(final boolean hold) {
        holding.set(hold);
    }

    /** The request line of every HTTP request that passed (e.g. {@code POST /?query=INSERT...&async_insert=0 HTTP/1.1}), still URL-encoded. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** How many insert answers the proxy has swallowed so far. */
    public int heldResponses() {
        return heldResponses.get();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                final Socket client = listener.accept();
                final Socket server = new Socket(target.getAddress(), target.getPort());
                sockets.add(client);
                sockets.add(server);
                final AtomicBoolean carriesInsert = new AtomicBoolean();
                Thread.ofVirtual().start(() -> pipe(client, server, carriesInsert, true));
                Thread.ofVirtual().start(() -> pipe(server, client, carriesInsert, false));
            } catch (final IOException e) {
                if (!listener.isClosed()) {
                    throw new IllegalStateException("Proxy could not accept or connect", e);
                }
            }
        }
    }

    private void pipe(final Socket from, final Socket to, final AtomicBoolean carriesInsert, final boolean request) {
        final byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            boolean counted = false;
            while ((read = in.read(buffer)) >= 0) {
                if (request) {
                    recordRequestLines(buffer, read);
                }
                if (request && holding.get() && contains(buffer, read, INSERT_MARKER)) {
                    carriesInsert.set(true);
                }
                if (!request && carriesInsert.get()) {
                    // The server has answered the insert: the client never hears of it.
                    if (!counted) {
                        heldResponses.incrementAndGet();
                        counted = true;
                    }
                    continue;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (final IOException ignored) {
            // One side closed: the other is closed below.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Request lines start a read when the client writes headers first (as HTTP clients do); bodies never start with "POST /". */
    private void recordRequestLines(final byte[] buffer, final int length) {
        final String start = new String(buffer, 0, Math.min(length, 8192), StandardCharsets.ISO_8859_1);
        if (start.startsWith("POST /") || start.startsWith("GET /")) {
            final int end = start.indexOf("\r\n");
            requestLines.add(end < 0 ? start : start.substring(0, end));
        }
    }

    private static boolean contains(final byte[] buffer, final int length, final byte[] marker) {
        outer:
        for (int i = 0; i + marker.length <= length; i++) {
            for (int j = 0; j < marker.length; j++) {
                if (buffer[i + j] != marker[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(final Socket socket) {
        try {
            socket.close();
        } catch (final IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(ResponseHoldingProxy::closeQuietly);
        acceptor.interrupt();
    }
}

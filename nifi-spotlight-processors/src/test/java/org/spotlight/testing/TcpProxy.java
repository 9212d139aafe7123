package org.spotlight.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a real server, which a test can cut to make the server vanish mid-request
 * (connections reset, new ones refused) and bring back on the same port. Bytes are forwarded untouched.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesToServer = new AtomicLong();
    private volatile long cutAfterBytes = Long.MAX_VALUE;
    private volatile ServerSocket server;

    public TcpProxy(final String targetHost, final int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        startAccepting(server);
    }

    public int port() {
        return port;
    }

    /** Bytes the clients have sent towards the server so far. */
    public long bytesToServer() {
        return bytesToServer.get();
    }

    /** Cuts everything once the clients have sent this many more bytes towards the server. */
    public void cutAfter(final long bytes) {
        cutAfterBytes = bytesToServer.get() + bytes;
    }

    /** Resets every open connection and refuses new ones until {@link #resume()}. */
    public synchronized void cut() {
        cutAfterBytes = Long.MAX_VALUE;
        closeQuietly(server);
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void resume() throws IOException {
        if (!server.isClosed()) {
            return;
        }
        final ServerSocket reopened = new ServerSocket();
        reopened.setReuseAddress(true);
        reopened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        server = reopened;
        startAccepting(reopened);
    }

    @Override
    public void close() {
        cut();
    }

    private void startAccepting(final ServerSocket listening) {
        final Thread acceptor = new Thread(() -> {
            while (!listening.isClosed()) {
                try {
                    final Socket client = listening.accept();
                    final Socket upstream = new Socket(targetHost, targetPort);
                    sockets.add(client);
                    sockets.add(upstream);
                    pump(client, upstream, true);
                    pump(upstream, client, false);
                } catch (final IOException e) {
                    // Closed by cut(): stop accepting.
                }
            }
        }, "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void pump(final Socket from, final Socket to, final boolean towardsServer) {
        final Thread pump = new Thread(() -> {
            final byte[] buffer = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    out.write(buffer, 0, read);
                    if (towardsServer && bytesToServer.addAndGet(read) >= cutAfterBytes) {
                        cut();
                        return;
                    }
                }
            } catch (final IOException e) {
                // One side went away: the other is closed below.
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump-" + port);
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(final AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (final Exception ignored) {
            // Best effort: the point is to break the connection.
        }
    }
}

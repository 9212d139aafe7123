package org.spotlight.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 in front of a real server, which a test can cut to make the server vanish mid-request:
 * open connections are reset and new ones are reset as soon as they are accepted, until {@link #resume()}. The
 * listening socket stays open throughout, so that no other process can take the port in between. Bytes are
 * forwarded untouched.
 */
public final class TcpProxy implements AutoCloseable {

    private volatile String targetHost;
    private volatile int targetPort;
    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicLong bytesToServer = new AtomicLong();
    private volatile long cutAfterBytes = Long.MAX_VALUE;
    private volatile boolean cut;
    private volatile long answerLimit = Long.MAX_VALUE;

    public TcpProxy(final String targetHost, final int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread acceptor = new Thread(this::accept, "tcp-proxy-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Cuts everything once the clients have sent this many more bytes towards the server. */
    public void cutAfter(final long bytes) {
        cutAfterBytes = bytesToServer.get() + bytes;
    }

    /** Resets every open connection, and every new one, until {@link #resume()}. */
    public void cut() {
        cut = true;
        cutAfterBytes = Long.MAX_VALUE;
        sockets.forEach(TcpProxy::reset);
        sockets.clear();
    }

    public void resume() {
        cut = false;
    }

    /**
     * From now on relays to another server, as a load balancer does when a backend is replaced: open connections are
     * reset, new ones go to the new target.
     */
    public void retarget(final String host, final int port) {
        targetHost = host;
        targetPort = port;
        sockets.forEach(TcpProxy::reset);
        sockets.clear();
    }

    /**
     * Ends every connection with an orderly close (FIN, not a reset) once this many bytes of the server's answer have
     * passed, as a server that goes away in the middle of an answer does; {@code Long.MAX_VALUE} to stop.
     */
    public void closeAnswersAfter(final long bytes) {
        answerLimit = bytes;
    }

    @Override
    public void close() {
        cut();
        try {
            server.close();
        } catch (final IOException ignored) {
            // Nothing to release beyond the socket.
        }
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                if (cut) {
                    reset(client);
                    continue;
                }
                final Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, true);
                pump(upstream, client, false);
            } catch (final IOException e) {
                // Closed by close(), or the target refused: the client sees its connection end.
            }
        }
    }

    private void pump(final Socket from, final Socket to, final boolean towardsServer) {
        final Thread pump = new Thread(() -> {
            final byte[] buffer = new byte[16 * 1024];
            long answered = 0;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (!towardsServer && answered + read >= answerLimit) {
                        out.write(buffer, 0, (int) (answerLimit - answered));
                        out.flush();
                        to.shutdownOutput();
                        from.close();
                        return;
                    }
                    answered += read;
                    out.write(buffer, 0, read);
                    if (towardsServer && bytesToServer.addAndGet(read) >= cutAfterBytes) {
                        cut();
                        return;
                    }
                }
            } catch (final IOException e) {
                // One side went away: both are closed below.
            } finally {
                reset(from);
                reset(to);
            }
        }, "tcp-proxy-pump-" + server.getLocalPort());
        pump.setDaemon(true);
        pump.start();
    }

    /** Closes with a TCP reset, as a crashed server's host does, rather than an orderly FIN. */
    private static void reset(final Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (final IOException ignored) {
            // Already closed.
        }
    }
}

package org.spotlight.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Stands in for a gateway in front of ClickHouse (nginx, a cloud load balancer) that has no healthy backend or too
 * much traffic: it answers every request with one HTTP status and an HTML page, and none of ClickHouse's headers, as
 * such a gateway does. No real gateway can be installed on the build machines; what a client sees from one is exactly
 * this: a status line, a text/html body, and a closed or kept-alive connection.
 */
public final class GatewayStandIn implements AutoCloseable {

    private final HttpServer server;
    private volatile int status;

    public GatewayStandIn(final int status) throws IOException {
        this.status = status;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            final int answer = this.status;
            final byte[] page = ("<html>\r\n<head><title>" + answer + "</title></head>\r\n<body>\r\n<center><h1>" + answer
                    + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.US_ASCII);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.getResponseHeaders().set("Server", "nginx");
            exchange.sendResponseHeaders(answer, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The status to answer from now on. */
    public void answer(final int newStatus) {
        status = newStatus;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package org.spotlight.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The official sites as they behave on a bad day: a raw-socket HTTP/1.1 server on 127.0.0.1 in front of
 * {@link CongressSites} (which serves the real shared documents in the official layout), forwarding every request
 * there unless a rule says otherwise. Rules misbehave the ways the real House Clerk and Senate eFD (behind their
 * web firewalls and proxies) do: error statuses with any Retry-After, challenge and block pages (also as 200), answers
 * whose headers stall, bodies that stall half-way, connections reset before or during the answer, bodies cut short of
 * their Content-Length, truncated documents served as complete, duplicated, missing or odd headers, oversized and
 * hostile documents in place of the real ones. What would need a real network (TLS, DNS) is not imitated.
 *
 * <p>Every answer closes its connection ({@code Connection: close}); the count of each rule's injections is kept
 * under the rule's name, so a drill can report what it did.
 */
public final class MisbehavingSite implements AutoCloseable {

    /** A request as it arrived. */
    public record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {
    }

    /** An answer to write: headers in order, duplicates allowed. */
    public record Response(int status, String reason, List<String[]> headers, byte[] body) {

        public static Response of(final int status, final String contentType, final byte[] body) {
            final List<String[]> headers = new ArrayList<>();
            if (contentType != null) {
                headers.add(new String[]{"Content-Type", contentType});
            }
            headers.add(new String[]{"Content-Length", Integer.toString(body.length)});
            return new Response(status, MisbehavingSite.reason(status), headers, body);
        }

        public String header(final String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }

        public Response withHeader(final String name, final String value) {
            final List<String[]> copy = new ArrayList<>(headers);
            copy.add(new String[]{name, value});
            return new Response(status, reason, copy, body);
        }

        public Response without(final String name) {
            final List<String[]> copy = new ArrayList<>(headers);
            copy.removeIf(h -> h[0].equalsIgnoreCase(name));
            return new Response(status, reason, copy, body);
        }

        /** The same answer with another body and a Content-Length that matches it. */
        public Response withBody(final byte[] newBody) {
            final boolean hadLength = header("Content-Length") != null;
            final Response changed = new Response(status, reason, without("Content-Length").headers(), newBody);
            return hadLength ? changed.withHeader("Content-Length", Integer.toString(newBody.length)) : changed;
        }
    }

    /** What the site does with one request. */
    @FunctionalInterface
    public interface Act {
        void perform(Exchange exchange) throws IOException;
    }

    /** One request in progress: what arrived, the real answer on demand, the client's socket. */
    public final class Exchange {
        private final Request request;
        private final Socket client;
        private final byte[] rawRequest;

        Exchange(final Request request, final Socket client, final byte[] rawRequest) {
            this.request = request;
            this.client = client;
            this.rawRequest = rawRequest;
        }

        public Request request() {
            return request;
        }

        /** The answer the stand-in of the official site gives. */
        public Response forward() throws IOException {
            try (Socket backend = new Socket(InetAddress.getLoopbackAddress(), target.getPort())) {
                backend.getOutputStream().write(rawRequest);
                backend.getOutputStream().flush();
                return readResponse(new BufferedInputStream(backend.getInputStream()));
            }
        }

        public void write(final Response response) throws IOException {
            writeHead(response);
            out().write(response.body());
            out().flush();
        }

        /** The real answer's status line and headers, and the first part of its body. */
        public void writeHeadAndPart(final double fraction) throws IOException {
            final Response response = forward();
            writeHead(response);
            out().write(response.body(), 0, (int) (response.body().length * fraction));
            out().flush();
        }

        /** Status line and headers only, adding {@code Connection: close}. */
        public void writeHead(final Response response) throws IOException {
            final StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ').append(response.reason()).append("\r\n");
            for (String[] header : response.headers()) {
                if (!header[0].equalsIgnoreCase("Connection") && !header[0].equalsIgnoreCase("Transfer-Encoding")) {
                    head.append(header[0]).append(": ").append(header[1]).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            out().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out().flush();
        }

        public OutputStream out() throws IOException {
            return client.getOutputStream();
        }

        /** Closes the connection with a TCP reset instead of an orderly close. */
        public void reset() throws IOException {
            client.setSoLinger(true, 0);
            client.close();
        }
    }

    private record Rule(String name, Pattern path, AtomicInteger remaining, Act act) {
        /** True when the rule acts on this request: always (-1), or while it has requests left. */
        boolean take() {
            return remaining.get() < 0 || remaining.getAndUpdate(left -> Math.max(0, left - 1)) > 0;
        }
    }

    private final URI target;
    private final ServerSocket server;
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        final Thread thread = new Thread(runnable, "misbehaving-site");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> injected = Collections.synchronizedMap(new TreeMap<>());
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /** @param target the well-behaved site to forward to (a {@link CongressSites}) */
    public MisbehavingSite(final URI target) {
        this.target = target;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final Thread acceptor = new Thread(this::accept, "misbehaving-site-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
    }

    /**
     * Adds a rule, checked in the order added: the first {@code times} requests whose path matches {@code pathRegex}
     * get {@code act} (-1: every one); later requests go on to the next rule, or to the real site.
     */
    public MisbehavingSite on(final String name, final String pathRegex, final int times, final Act act) {
        rules.add(new Rule(name, Pattern.compile(pathRegex), new AtomicInteger(times), act));
        injected.putIfAbsent(name, new AtomicInteger());
        return this;
    }

    public void clearRules() {
        rules.clear();
    }

    /** How often each rule acted so far, by name. */
    public Map<String, Integer> injected() {
        final Map<String, Integer> counts = new TreeMap<>();
        synchronized (injected) {
            injected.forEach((name, count) -> counts.put(name, count.get()));
        }
        return counts;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (final IOException ignored) {
            // Closing anyway.
        }
        open.forEach(socket -> {
            try {
                socket.close();
            } catch (final IOException ignored) {
                // Closing anyway.
            }
        });
        workers.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                final Socket client = server.accept();
                open.add(client);
                workers.execute(() -> serve(client));
            } catch (final IOException e) {
                return;
            } catch (final RuntimeException e) {
                return;
            }
        }
    }

    private void serve(final Socket client) {
        try (client) {
            final InputStream in = new BufferedInputStream(client.getInputStream());
            final ByteArrayOutputStream raw = new ByteArrayOutputStream();
            final String requestLine = readLine(in, raw);
            if (requestLine == null || requestLine.isBlank()) {
                return;
            }
            final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            final ByteArrayOutputStream forwarded = new ByteArrayOutputStream();
            forwarded.write((requestLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (String line = readLine(in, raw); line != null && !line.isEmpty(); line = readLine(in, raw)) {
                final int colon = line.indexOf(':');
                if (colon > 0) {
                    final String name = line.substring(0, colon).trim();
                    headers.merge(name, line.substring(colon + 1).trim(), (a, b) -> a + "," + b);
                    if (!name.equalsIgnoreCase("Connection")) {
                        forwarded.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
            }
            forwarded.write("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            final int length = headers.containsKey("Content-Length") ? Integer.parseInt(headers.get("Content-Length").trim()) : 0;
            final byte[] body = in.readNBytes(length);
            forwarded.write(body);
            final String[] parts = requestLine.split(" ");
            final URI uri = URI.create(parts.length > 1 ? parts[1] : "/");
            final Request request = new Request(parts[0], uri.getPath(), uri.getQuery(), headers, body);
            requests.add(request);
            final Exchange exchange = new Exchange(request, client, forwarded.toByteArray());
            for (Rule rule : rules) {
                if (rule.path().matcher(request.path()).matches() && rule.take()) {
                    injected.get(rule.name()).incrementAndGet();
                    rule.act().perform(exchange);
                    return;
                }
            }
            exchange.write(exchange.forward());
        } catch (final SocketException e) {
            // The client gave up (a deadline cut the exchange), or a rule reset the connection.
        } catch (final IOException e) {
            // Same: nothing more to say to this client.
        } finally {
            open.remove(client);
        }
    }

    // ---------------------------------------------------------------- acts

    /** A plain answer. */
    public static Act status(final int status, final String contentType, final String body, final String... headerPairs) {
        return exchange -> {
            Response response = Response.of(status, contentType, body.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                response = response.withHeader(headerPairs[i], headerPairs[i + 1]);
            }
            exchange.write(response);
        };
    }

    /** Cloudflare's "Just a moment..." interstitial, as it serves it to scripts (403 or 503, sometimes 200). */
    public static Act cloudflareChallenge(final int status) {
        return status(status, "text/html; charset=UTF-8", """
                <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>
                <meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper" role="main">
                <noscript><div>Enable JavaScript and cookies to continue</div></noscript>
                <script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8f3c"></script></div></body></html>
                """, "Server", "cloudflare", "CF-RAY", "8f3c2e1a9b7d-IAD");
    }

    /** Akamai's block page, which the Senate's sites answer scripts with. */
    public static Act akamaiDenied() {
        return status(403, "text/html", """
                <HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>
                You don't have permission to access "http&#58;&#47;&#47;efdsearch&#46;senate&#46;gov&#47;search&#47;" on this server.<P>
                Reference&#32;&#35;18&#46;5c2b1002&#46;1733577600&#46;2f1e9a4
                <P>https&#58;&#47;&#47;errors&#46;edgesuite&#46;net&#47;18&#46;5c2b1002&#46;1733577600&#46;2f1e9a4</P></BODY></HTML>
                """, "Server", "AkamaiGHost");
    }

    /** Accepts the request, then says nothing for {@code delay} and closes. */
    public static Act stallHeaders(final Duration delay) {
        return exchange -> sleep(delay);
    }

    /** The real answer's headers and the first part of its body, then nothing for {@code delay}, then a close. */
    public static Act stallBody(final double fraction, final Duration delay) {
        return exchange -> {
            exchange.writeHeadAndPart(fraction);
            sleep(delay);
        };
    }

    /** The real answer's headers (with its full Content-Length) and part of its body, then an orderly close. */
    public static Act cutBody(final double fraction) {
        return exchange -> exchange.writeHeadAndPart(fraction);
    }

    /** The real answer's headers and part of its body, then a TCP reset. */
    public static Act resetMidBody(final double fraction) {
        return exchange -> {
            exchange.writeHeadAndPart(fraction);
            exchange.reset();
        };
    }

    /** A TCP reset before any answer. */
    public static Act reset() {
        return Exchange::reset;
    }

    /** The real answer, changed (headers, body) before it is written. */
    public static Act mutate(final UnaryOperator<Response> change) {
        return exchange -> exchange.write(change.apply(exchange.forward()));
    }

    /** The real answer with only the first part of its body, served as complete (its Content-Length matching). */
    public static Act truncated(final double fraction) {
        return mutate(response -> response.withBody(java.util.Arrays.copyOf(response.body(), (int) (response.body().length * fraction))));
    }

    /** A 200 with this body, sent chunked (no Content-Length, so its size shows only as it arrives). */
    public static Act chunked(final String contentType, final byte[] body) {
        return exchange -> {
            final OutputStream out = exchange.out();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (int offset = 0; offset < body.length; offset += 64 * 1024) {
                final int length = Math.min(64 * 1024, body.length - offset);
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body, offset, length);
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        };
    }

    /** Something else at the real answer's place: a 200 with this body. */
    public static Act serve(final String contentType, final byte[] body) {
        return exchange -> exchange.write(Response.of(200, contentType, body));
    }

    // ---------------------------------------------------------------- HTTP reading

    private static Response readResponse(final InputStream in) throws IOException {
        final ByteArrayOutputStream ignored = new ByteArrayOutputStream();
        final String statusLine = readLine(in, ignored);
        if (statusLine == null) {
            throw new IOException("The site closed without an answer");
        }
        final String[] parts = statusLine.split(" ", 3);
        final int status = Integer.parseInt(parts[1]);
        final List<String[]> headers = new ArrayList<>();
        for (String line = readLine(in, ignored); line != null && !line.isEmpty(); line = readLine(in, ignored)) {
            final int colon = line.indexOf(':');
            if (colon > 0) {
                headers.add(new String[]{line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
            }
        }
        final String length = headers.stream().filter(h -> h[0].equalsIgnoreCase("Content-Length")).map(h -> h[1]).findFirst().orElse(null);
        final boolean chunked = headers.stream().anyMatch(h -> h[0].equalsIgnoreCase("Transfer-Encoding")
                && h[1].toLowerCase(Locale.ROOT).contains("chunked"));
        final byte[] body;
        if (chunked) {
            final ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            for (String size = readLine(in, ignored); size != null; size = readLine(in, ignored)) {
                final int chunk = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (chunk == 0) {
                    break;
                }
                decoded.write(in.readNBytes(chunk));
                readLine(in, ignored);
            }
            body = decoded.toByteArray();
            headers.removeIf(h -> h[0].equalsIgnoreCase("Transfer-Encoding"));
            headers.add(new String[]{"Content-Length", Integer.toString(body.length)});
        } else if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, parts.length > 2 ? parts[2] : reason(status), headers, body);
    }

    private static String readLine(final InputStream in, final ByteArrayOutputStream raw) throws IOException {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); ; b = in.read()) {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
            }
            raw.write(b);
            if (b == '\n') {
                final String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
    }

    private static String reason(final int status) {
        return switch (status) {
            case 200 -> "OK";
            case 304 -> "Not Modified";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "Status";
        };
    }

    private static void sleep(final Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

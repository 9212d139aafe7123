package org.spotlight.congress.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reads an answer's body into memory, never more than a bound: a successful answer up to {@code maxBytes} (beyond
 * that, or when its Content-Length already says more, the exchange fails with {@link TooLarge} and the connection is
 * dropped), an error answer only up to {@code maxErrorBytes} (the rest is discarded). Counts what arrived, so that a
 * timeout can say whether the headers or the body stalled.
 */
final class BoundedBodyHandler implements HttpResponse.BodyHandler<byte[]> {

    /** The body is larger than allowed. */
    static final class TooLarge extends IOException {
        TooLarge(final String message) {
            super(message);
        }
    }

    private final long maxBytes;
    private final int maxErrorBytes;
    private final AtomicLong received = new AtomicLong();
    private volatile int status;
    private volatile long declaredLength = -1;

    BoundedBodyHandler(final long maxBytes, final int maxErrorBytes) {
        this.maxBytes = maxBytes;
        this.maxErrorBytes = maxErrorBytes;
    }

    long received() {
        return received.get();
    }

    /** The status of the answer once its headers came, 0 before. */
    int statusSeen() {
        return status;
    }

    long declaredLength() {
        return declaredLength;
    }

    @Override
    public HttpResponse.BodySubscriber<byte[]> apply(final HttpResponse.ResponseInfo info) {
        status = info.statusCode();
        declaredLength = declaredLength(info);
        final boolean success = status >= 200 && status < 300;
        if (success && declaredLength > maxBytes) {
            return new Subscriber(0, false, new TooLarge("declares a body of " + declaredLength + " bytes (Content-Length)"));
        }
        return success ? new Subscriber(maxBytes, false, null) : new Subscriber(maxErrorBytes, true, null);
    }

    private static long declaredLength(final HttpResponse.ResponseInfo info) {
        try {
            return info.headers().firstValueAsLong("Content-Length").orElse(-1);
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    /** The first throwable of the given type in a cause chain, or null. */
    static Throwable find(final Throwable thrown, final Class<? extends Throwable> type) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return cause;
            }
        }
        return null;
    }

    private final class Subscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final boolean keepPrefix;
        private final IOException refusal;
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        Subscriber(final long limit, final boolean keepPrefix, final IOException refusal) {
            this.limit = limit;
            this.keepPrefix = keepPrefix;
            this.refusal = refusal;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return body;
        }

        @Override
        public void onSubscribe(final Flow.Subscription newSubscription) {
            subscription = newSubscription;
            if (refusal != null) {
                subscription.cancel();
                body.completeExceptionally(refusal);
                return;
            }
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(final List<ByteBuffer> items) {
            if (body.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                final int length = item.remaining();
                final long total = received.addAndGet(length);
                if (total > limit) {
                    subscription.cancel();
                    if (keepPrefix) {
                        final byte[] part = new byte[(int) Math.max(0, limit - buffer.size())];
                        item.get(part, 0, Math.min(part.length, length));
                        buffer.write(part, 0, Math.min(part.length, length));
                        body.complete(buffer.toByteArray());
                    } else {
                        body.completeExceptionally(new TooLarge("sent more than " + limit + " bytes"));
                    }
                    return;
                }
                final byte[] bytes = new byte[length];
                item.get(bytes);
                buffer.write(bytes, 0, length);
            }
        }

        @Override
        public void onError(final Throwable throwable) {
            body.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
            body.complete(buffer.toByteArray());
        }
    }
}

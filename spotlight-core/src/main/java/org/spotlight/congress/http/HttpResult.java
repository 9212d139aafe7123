package org.spotlight.congress.http;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A completed HTTP exchange: a 2xx answer with its body, or a 304 answer to a conditional request.
 *
 * @param uri the final URI after redirects
 */
public record HttpResult(URI uri, int status, byte[] body, String contentType, Validators validators,
                         Map<String, List<String>> headers) {

    public boolean notModified() {
        return status == 304;
    }
}
